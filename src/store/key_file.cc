#include "pioneer/store/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"

namespace fs = std::filesystem;

namespace pioneer::store {
namespace {

using Key = study::Pseudonymiser::Key;

// O_EXCL: two first imports racing must not overwrite each other's key.
void CreateKey(const fs::path& path) {
  if (sodium_init() < 0) throw Error(ErrorCode::kInternal, "libsodium cannot be initialised");
  fs::create_directories(path.parent_path());
  fs::permissions(path.parent_path(), fs::perms::owner_all, fs::perm_options::replace);
  Key key;
  randombytes_buf(key.data(), key.size());
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) return;
    throw Error(ErrorCode::kInternal, fmt::format("{}: cannot create key file", path.string()));
  }
  const auto written = ::write(fd, key.data(), key.size());
  sodium_memzero(key.data(), key.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(key.size())) {
    fs::remove(path);
    throw Error(ErrorCode::kInternal, fmt::format("{}: cannot write key file", path.string()));
  }
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
      sodium_hex2bin(key.data(), key.size(), text.data(), text.size(), nullptr, &used,
                     nullptr) == 0 &&
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
  std::string text = core::ReadFile(source.path);
  Key key = ParseKey(source.path, text);
  sodium_memzero(text.data(), text.size());
  return key;
}

}  // namespace pioneer::store
