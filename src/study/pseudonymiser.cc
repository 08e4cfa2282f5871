// Keyed pseudonyms (BLAKE2b, libsodium crypto_generichash). The hash output is
// crypto_generichash_BYTES_MIN (16) bytes, of which the first 8 are kept: 64
// bits make an accidental collision among even a million subjects negligible
// (birthday bound ~ 2.7e-8) while keeping the pseudonym short.
#include <sodium.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

#include "pioneer/core/error.h"
#include "pioneer/study/layout.h"

namespace pioneer::study {
namespace {

constexpr std::string_view kPrefix = "PID-";
constexpr std::size_t kPseudonymHexDigits = 16;
constexpr std::size_t kFingerprintHexDigits = 8;
// Domain separation: the fingerprint is never the pseudonym of any identifier.
constexpr std::string_view kFingerprintContext = "pioneer key fingerprint v1";

void InitialiseSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw Error(ErrorCode::kInternal, "libsodium failed to initialise");
  });
}

std::string KeyedHashHex(std::string_view message, const Pseudonymiser::Key& key,
                         std::size_t hex_digits) {
  InitialiseSodium();
  unsigned char out[crypto_generichash_BYTES_MIN];
  if (crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.data(), key.size()) != 0) {
    throw Error(ErrorCode::kInternal, "crypto_generichash failed");
  }
  char hex[2 * sizeof out + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return std::string(hex, hex_digits);
}

}  // namespace

Pseudonymiser::Pseudonymiser(const Key& key) : key_(key) { InitialiseSodium(); }

std::string Pseudonymiser::Pseudonym(std::string_view raw_identifier) const {
  return std::string(kPrefix) + KeyedHashHex(raw_identifier, key_, kPseudonymHexDigits);
}

std::string Pseudonymiser::Resolve(std::string_view identifier) const {
  if (IsPseudonym(identifier)) return std::string(identifier);
  return Pseudonym(identifier);
}

bool Pseudonymiser::IsPseudonym(std::string_view identifier) {
  if (identifier.size() != kPrefix.size() + kPseudonymHexDigits) return false;
  if (identifier.substr(0, kPrefix.size()) != kPrefix) return false;
  return std::all_of(identifier.begin() + kPrefix.size(), identifier.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string Pseudonymiser::KeyFingerprint() const {
  return KeyedHashHex(kFingerprintContext, key_, kFingerprintHexDigits);
}

Pseudonymiser::Key Pseudonymiser::RandomKey() {
  InitialiseSodium();
  Key key;
  randombytes_buf(key.data(), key.size());
  return key;
}

}  // namespace pioneer::study
