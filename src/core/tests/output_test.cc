#include "pioneer/core/output.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>

#include "pioneer/core/error.h"

namespace fs = std::filesystem;

namespace pioneer::core {
namespace {

fs::path FreshDir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("pioneer_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::size_t Entries(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// The id of a process that has ended (for stale leftovers).
pid_t DeadPid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

unsigned ModeOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777;
}

TEST(WriteFileAtomically, WritesAndReplaces) {
  const fs::path dir = FreshDir("atomic");
  WriteFileAtomically(dir / "a.txt", "one");
  WriteFileAtomically(dir / "a.txt", "two");
  EXPECT_EQ(ReadFile(dir / "a.txt"), "two");
  EXPECT_EQ(Entries(dir), 1u);
}

// Issue 14: outputs were created 0644; now 0640 (0600 for secrets), less the umask.
TEST(WriteFileAtomically, CreatesOwnerAndGroupOnlyFilesRespectingTheUmask) {
  const fs::path dir = FreshDir("modes");
  const mode_t old = ::umask(022);
  WriteFileAtomically(dir / "out.tsv", "x");
  WriteFileAtomically(dir / "secret.key", "k", kSecretFilePerms);
  ::umask(077);
  WriteFileAtomically(dir / "private.tsv", "x");
  ::umask(old);
  EXPECT_EQ(ModeOf(dir / "out.tsv"), 0640u);
  EXPECT_EQ(ModeOf(dir / "secret.key"), 0600u);
  EXPECT_EQ(ModeOf(dir / "private.tsv"), 0600u);
}

// Issue 14: a planted symlink made --json overwrite another file; --out
// /dev/stdout replaced the device link with a regular file.
TEST(WriteFileAtomically, NeverReplacesASymlinkOrADevice) {
  const fs::path dir = FreshDir("symlink");
  WriteFileAtomically(dir / "victim.txt", "precious");
  fs::create_symlink(dir / "victim.txt", dir / "out.json");
  try {
    WriteFileAtomically(dir / "out.json", "{}");
    FAIL() << "a symlink was replaced";
  } catch (const Error& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ReadFile(dir / "victim.txt"), "precious");
  EXPECT_TRUE(fs::is_symlink(dir / "out.json"));
  EXPECT_THROW(WriteFileAtomically("/dev/null", "x"), Error);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
  EXPECT_EQ(Entries(dir), 2u);  // no temporary left behind
}

TEST(WriteFileAtomically, DashMeansStandardOutput) {
  testing::internal::CaptureStdout();
  WriteFileAtomically("-", "to stdout\n");
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "to stdout\n");
  EXPECT_FALSE(fs::exists("-"));
}

TEST(WriteFileAtomically, RemovesTemporariesOfDeadProcessesOnly) {
  const fs::path dir = FreshDir("stale");
  const fs::path dead = dir / fmt::format(".a.txt.pioneer-tmp-{}-0123", DeadPid());
  const fs::path mine = dir / fmt::format(".a.txt.pioneer-tmp-{}-4567", ::getpid());
  WriteFileAtomically(dead, "left by a killed writer");
  WriteFileAtomically(mine, "being written");
  WriteFileAtomically(dir / "a.txt", "new");
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(mine));
}

TEST(CreateTemporarySibling, NamesAreFreshAndNeverFollowLinks) {
  const fs::path dir = FreshDir("sibling");
  const fs::path a = CreateTemporarySibling(dir / "s.sqlite", kOutputFilePerms);
  const fs::path b = CreateTemporarySibling(dir / "s.sqlite", kOutputFilePerms);
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.filename().string().starts_with(".s.sqlite.pioneer-tmp-"));
  EXPECT_EQ(fs::file_size(a), 0u);
}

TEST(StagedDirectory, NothingAppearsWithoutCommit) {
  const fs::path dir = FreshDir("staged") / "out";
  {
    StagedDirectory staged(dir);
    staged.Write("x/y.tsv", "data");
  }
  EXPECT_FALSE(fs::exists(dir));
  {
    StagedDirectory staged(dir);
    staged.Write("x/y.tsv", "data");
    staged.Commit();
  }
  EXPECT_EQ(ReadFile(dir / "x/y.tsv"), "data");
  EXPECT_EQ(Entries(dir.parent_path()), 1u);  // no staging folder left
}

// Replacing a folder keeps what the new output does not hold (unless
// discarded) and leaves no sibling behind.
TEST(StagedDirectory, ReplacesAFolderKeepingForeignFiles) {
  const fs::path dir = FreshDir("replace") / "out";
  {
    StagedDirectory staged(dir);
    staged.Write("report.html", "old report");
    staged.Write("tables/old.tsv", "old table");
    staged.Commit();
  }
  WriteFileAtomically(dir / "notes.txt", "the user's");
  fs::create_symlink("notes.txt", dir / "link");
  {
    StagedDirectory staged(dir);
    staged.Write("report.html", "new report");
    staged.Commit([](const fs::path& p) { return p == "tables/old.tsv"; });
  }
  EXPECT_EQ(ReadFile(dir / "report.html"), "new report");
  EXPECT_EQ(ReadFile(dir / "notes.txt"), "the user's");
  EXPECT_TRUE(fs::is_symlink(dir / "link"));
  EXPECT_FALSE(fs::exists(dir / "tables/old.tsv"));
  EXPECT_TRUE(fs::is_directory(dir / "tables"));
  EXPECT_EQ(Entries(dir.parent_path()), 1u);
}

TEST(StagedDirectory, RefusesASymlinkedFolderAndCleansStaleStaging) {
  const fs::path root = FreshDir("staged_link");
  fs::create_directories(root / "real");
  fs::create_directory_symlink(root / "real", root / "out");
  EXPECT_THROW(StagedDirectory{root / "out"}, Error);
  EXPECT_THROW(StagedDirectory{"-"}, Error);
  const fs::path stale = root / fmt::format(".out2.pioneer-staging-{}-00", DeadPid());
  fs::create_directories(stale / "tables");
  StagedDirectory staged(root / "out2");
  EXPECT_FALSE(fs::exists(stale));
}

// A reader that opens the folder once sees files of one version only: the
// folder is published by one rename, never file by file.
TEST(StagedDirectory, AReaderNeverSeesAMix) {
  const fs::path dir = FreshDir("mix") / "out";
  std::atomic<bool> done{false};
  std::atomic<int> mixed{0}, reads{0};
  {
    StagedDirectory first(dir);
    first.Write("a", "0");
    first.Write("b", "0");
    first.Commit();
  }
  std::thread reader([&] {
    while (!done) {
      const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
      if (fd < 0) continue;
      char a[8] = {}, b[8] = {};
      const int fa = ::openat(fd, "a", O_RDONLY), fb = ::openat(fd, "b", O_RDONLY);
      if (fa >= 0 && fb >= 0 && ::read(fa, a, 7) > 0 && ::read(fb, b, 7) > 0) {
        ++reads;
        if (std::string(a) != std::string(b)) ++mixed;
      }
      for (int f : {fa, fb, fd}) {
        if (f >= 0) ::close(f);
      }
    }
  });
  for (int version = 1; version <= 200; ++version) {
    StagedDirectory staged(dir);
    staged.Write("a", std::to_string(version));
    staged.Write("b", std::to_string(version));
    staged.Commit();
  }
  done = true;
  reader.join();
  EXPECT_EQ(mixed, 0) << "of " << reads << " reads";
  EXPECT_EQ(ReadFile(dir / "a"), "200");
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
