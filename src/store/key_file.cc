#include "pioneer/store/key_file.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <fmt/format.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "pioneer/core/crash_point.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"

namespace fs = std::filesystem;

namespace pioneer::store {
namespace {

using Key = study::Pseudonymiser::Key;

// Written to a temporary sibling (0600) and linked into place only when
// complete: a killed first import leaves no key or the whole key, never a
// short one. RENAME_NOREPLACE: two first imports racing must not overwrite
// each other's key; the loser uses the winner's.
void CreateKey(const fs::path& path) {
  if (sodium_init() < 0) throw Error(ErrorCode::kInternal, "libsodium cannot be initialised");
  fs::create_directories(path.parent_path());
  fs::permissions(path.parent_path(), fs::perms::owner_all, fs::perm_options::replace);
  Key key;
  randombytes_buf(key.data(), key.size());
  const fs::path temporary = core::CreateTemporarySibling(path, core::kSecretFilePerms);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  const auto written = fd < 0 ? -1 : ::write(fd, key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (written != static_cast<ssize_t>(key.size()) || !synced) {
    fs::remove(temporary);
    throw Error(ErrorCode::kInternal, fmt::format("{}: cannot write key file", path.string()));
  }
  core::CrashPoint("key-written");
  try {
    core::RenameNoReplace(temporary, path);
  } catch (const Error& e) {
    fs::remove(temporary);
    if (e.code() != ErrorCode::kFailedPrecondition) throw;
  }
}

// The key is as secret as the identities behind the pseudonyms: a key that
// others may read (or write) is refused, or with --fix-key-permissions made
// 0600 with a warning.
void CheckKeyPermissions(const KeySource& source) {
  struct stat st {};
  if (::stat(source.path.c_str(), &st) != 0) return;  // reading will name the problem
  const unsigned mode = st.st_mode & 0777;
  if ((mode & 0077) == 0) return;
  if (!source.fix_permissions) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: the pseudonymisation key file has mode {:04o}, so others may read "
                            "it; it must be 0600 (chmod 600 {}, or pass --fix-key-permissions)",
                            source.path.string(), mode, source.path.string()));
  }
  if (::chmod(source.path.c_str(), S_IRUSR | S_IWUSR) != 0) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("{}: cannot change the key file's mode to 0600", source.path.string()));
  }
  fmt::print(stderr, "pioneer: warning: {}: key file mode {:04o} changed to 0600\n",
             source.path.string(), mode);
}

Key ParseKey(const fs::path& path, std::string text) {
  Key key;
  if (text.size() == key.size()) {
    std::copy(text.begin(), text.end(), key.begin());
    return key;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  std::size_t used = 0;
  if (text.size() == 2 * key.size() &&
      sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &used, nullptr) ==
          0 &&
      used == key.size()) {
    return key;
  }
  throw Error(ErrorCode::kInvalidArgument,
              fmt::format("{}: a pseudonymisation key is {} raw bytes or {} hex digits, this "
                          "file has {} bytes",
                          path.string(), key.size(), 2 * key.size(), text.size()));
}

}  // namespace

KeySource ChooseKeyFile(const std::optional<std::string>& explicit_path) {
  if (explicit_path && !explicit_path->empty()) return {*explicit_path, false};
  if (const char* env = std::getenv("PIONEER_KEY_FILE"); env != nullptr && *env != '\0') {
    return {env, false};
  }
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') {
    throw Error(ErrorCode::kInvalidArgument,
                "no pseudonymisation key: give --key FILE or set PIONEER_KEY_FILE (HOME is unset)");
  }
  return {fs::path(home) / ".config" / "pioneer" / "pseudonym.key", true};
}

Key LoadOrCreateKey(const KeySource& source) {
  if (!fs::exists(source.path)) {
    if (!source.create_if_missing) {
      throw Error(ErrorCode::kNotFound,
                  fmt::format("{}: no such pseudonymisation key file", source.path.string()));
    }
    CreateKey(source.path);
  }
  CheckKeyPermissions(source);
  std::string text = core::ReadFile(source.path);
  Key key = ParseKey(source.path, text);
  sodium_memzero(text.data(), text.size());
  return key;
}

}  // namespace pioneer::store
