#include "pioneer/core/output.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "pioneer/core/error.h"

namespace fs = std::filesystem;

namespace pioneer::core {
namespace {

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("pioneer_test_" + name);
  fs::remove_all(dir);
  return dir;
}

TEST(WriteFileAtomically, WritesAndReplaces) {
  const fs::path dir = FreshDir("atomic");
  WriteFileAtomically(dir / "a.txt", "one");
  WriteFileAtomically(dir / "a.txt", "two");
  EXPECT_EQ(ReadFile(dir / "a.txt"), "two");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
}

TEST(StagedDirectory, NothingAppearsWithoutCommit) {
  const fs::path dir = FreshDir("staged");
  {
    StagedDirectory staged(dir);
    staged.Write("x/y.tsv", "data");
  }
  EXPECT_FALSE(fs::exists(dir / "x/y.tsv"));
  {
    StagedDirectory staged(dir);
    staged.Write("x/y.tsv", "data");
    staged.Commit();
  }
  EXPECT_EQ(ReadFile(dir / "x/y.tsv"), "data");
  for (const auto& entry : fs::directory_iterator(dir.parent_path())) {
    EXPECT_EQ(entry.path().filename().string().find(".pioneer_test_staged.tmp"), std::string::npos);
  }
}

TEST(ReadFile, MissingFileIsNotFound) {
  try {
    ReadFile("/nonexistent/file.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_EQ(ExitCodeFor(e), 2);
  }
}

}  // namespace
}  // namespace pioneer::core
