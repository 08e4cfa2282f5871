// File: pioneer/store/key_file.h
// Where the pseudonymisation key lives: always outside the study store, in a
// file readable by its owner only. Chosen in this order: an explicit path
// (--key FILE), the PIONEER_KEY_FILE environment variable, then
// ~/.config/pioneer/pseudonym.key, which alone is created on first use (an
// explicitly named key that is missing is more likely a typo than a wish for
// a new key: a new key would silently split every patient in two).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "pioneer/study/layout.h"

namespace pioneer::store {

struct KeySource {
  std::filesystem::path path;
  bool create_if_missing = false;
  // A key file that others may read or write (any group or other mode bit)
  // is refused; with this set it is made 0600, with a warning on stderr.
  bool fix_permissions = false;
};

KeySource ChooseKeyFile(const std::optional<std::string>& explicit_path);

// Reads the key (32 raw bytes, or 64 hex digits with an optional newline).
// A missing default key is created with 32 random bytes (libsodium
// randombytes_buf), mode 0600, its folder 0700. Errors name the path:
// kNotFound (missing), kInvalidArgument (wrong size or content, or a mode
// other than owner-only without `fix_permissions`).
study::Pseudonymiser::Key LoadOrCreateKey(const KeySource& source);

}  // namespace pioneer::store
