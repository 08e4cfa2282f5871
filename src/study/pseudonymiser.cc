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
constexpr std::string_view kSamplePrefix = "SMP-";
// Domain separation: a sample id hashes under its own context, so that a
// sample pseudonym is never the pseudonym of a subject with the same raw id.
constexpr std::string_view kSampleContext = "pioneer sample id v1\x1f";
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

bool HasPseudonymForm(std::string_view identifier, std::string_view prefix) {
  if (identifier.size() != prefix.size() + kPseudonymHexDigits) return false;
  if (identifier.substr(0, prefix.size()) != prefix) return false;
  return std::all_of(identifier.begin() + prefix.size(), identifier.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

Pseudonymiser::Pseudonymiser(const Key& key) : key_(key) { InitialiseSodium(); }

std::string Pseudonymiser::Pseudonym(std::string_view raw_identifier) const {
  return std::string(kPrefix) + KeyedHashHex(raw_identifier, key_, kPseudonymHexDigits);
}

std::string Pseudonymiser::SamplePseudonym(std::string_view raw_sample_id) const {
  std::string message(kSampleContext);
  message += raw_sample_id;
  return std::string(kSamplePrefix) + KeyedHashHex(message, key_, kPseudonymHexDigits);
}

std::string Pseudonymiser::Resolve(std::string_view identifier) const {
  if (IsPseudonym(identifier)) return std::string(identifier);
  return Pseudonym(identifier);
}

std::string Pseudonymiser::ResolveSample(std::string_view sample_id) const {
  if (IsSamplePseudonym(sample_id)) return std::string(sample_id);
  return SamplePseudonym(sample_id);
}

bool Pseudonymiser::IsPseudonym(std::string_view identifier) {
  return HasPseudonymForm(identifier, kPrefix);
}

bool Pseudonymiser::IsSamplePseudonym(std::string_view sample_id) {
  return HasPseudonymForm(sample_id, kSamplePrefix);
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
