#include "pioneer/store/key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "study_fixture.h"

namespace pioneer::store {
namespace {

using testing::TempDir;

// Sets an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(KeyFile, ExplicitPathWinsThenEnvironmentThenDefault) {
  TempDir dir;
  ScopedEnv home("HOME", (dir / "home").string());
  {
    ScopedEnv env("PIONEER_KEY_FILE", (dir / "env.key").string());
    EXPECT_EQ(ChooseKeyFile(std::string((dir / "k").string())).path, dir / "k");
    EXPECT_FALSE(ChooseKeyFile(std::string((dir / "k").string())).create_if_missing);
    EXPECT_EQ(ChooseKeyFile(std::nullopt).path, dir / "env.key");
  }
  unsetenv("PIONEER_KEY_FILE");
  const KeySource fallback = ChooseKeyFile(std::nullopt);
  EXPECT_EQ(fallback.path, dir / "home" / ".config" / "pioneer" / "pseudonym.key");
  EXPECT_TRUE(fallback.create_if_missing);
}

TEST(KeyFile, DefaultKeyIsCreatedOnceWithOwnerOnlyMode) {
  TempDir dir;
  const KeySource source{dir / "cfg" / "pseudonym.key", true};
  const auto first = LoadOrCreateKey(source);
  struct stat info {};
  ASSERT_EQ(::stat(source.path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(std::filesystem::file_size(source.path), 32u);
  EXPECT_EQ(LoadOrCreateKey(source), first);  // read back, not re-created
  EXPECT_NE(first, study::Pseudonymiser::Key{});
}

TEST(KeyFile, HexKeyIsAccepted) {
  TempDir dir;
  core::WriteFileAtomically(dir / "k.hex", std::string(64, 'a') + "\n", core::kSecretFilePerms);
  const auto key = LoadOrCreateKey({dir / "k.hex", false});
  for (unsigned char byte : key) EXPECT_EQ(byte, 0xaa);
}

TEST(KeyFile, MissingExplicitKeyAndBadSizeAreErrorsNamingThePath) {
  TempDir dir;
  try {
    LoadOrCreateKey({dir / "typo.key", false});
    FAIL() << "a missing explicit key was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kNotFound);
    EXPECT_NE(std::string(e.what()).find("typo.key"), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "typo.key"));
  core::WriteFileAtomically(dir / "short.key", "0123456789", core::kSecretFilePerms);
  try {
    LoadOrCreateKey({dir / "short.key", false});
    FAIL() << "a 10-byte key was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(std::string(e.what()).find("short.key: a pseudonymisation key is 32 raw bytes"),
              std::string::npos)
        << e.what();
  }
}

// Issue 14: a world-readable key (0666) was accepted without a word.
TEST(KeyFile, KeyReadableByOthersIsRefusedOrFixedOnRequest) {
  TempDir dir;
  const std::filesystem::path path = dir / "open.key";
  core::WriteFileAtomically(path, std::string(64, 'b') + "\n", core::kSecretFilePerms);
  ASSERT_EQ(::chmod(path.c_str(), 0666), 0);
  try {
    LoadOrCreateKey({path, false});
    FAIL() << "a 0666 key was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    EXPECT_NE(std::string(e.what()).find("mode 0666"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--fix-key-permissions"), std::string::npos);
  }
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  EXPECT_THROW(LoadOrCreateKey({path, false}), Error);  // group-readable too
  const auto key = LoadOrCreateKey({path, false, /*fix_permissions=*/true});
  EXPECT_EQ(key[0], 0xbb);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(LoadOrCreateKey({path, false}), key);
}

}  // namespace
}  // namespace pioneer::store
