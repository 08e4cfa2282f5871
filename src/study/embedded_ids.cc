#include "embedded_ids.h"

#include <algorithm>
#include <cctype>

#include "table_reader.h"

namespace pioneer::study::internal {
namespace {

// Shorter raw ids ("12") would match ordinary text; they are not scanned.
constexpr std::size_t kMinScannedLength = 4;
// Up to this length a raw id only counts as a whole token (not preceded or
// followed by a letter or digit), so that subject "1234" is not found in
// "X12345"; longer ids, specific enough, count anywhere.
constexpr std::size_t kMaxTokenOnlyLength = 7;

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

}  // namespace

EmbeddedIdGuard::EmbeddedIdGuard(const std::vector<core::Table>& tables,
                                 const Pseudonymiser& pseudonymiser, EmbeddedSubjectIds policy)
    : policy_(policy) {
  for (const core::Table& table : tables) {
    const auto subject = FindColumn(table, "USUBJID") ? FindColumn(table, "USUBJID")
                                                      : FindColumn(table, "subject_id");
    if (!subject) continue;
    const auto short_id = FindColumn(table, "SUBJID");
    for (std::size_t row = 0; row < table.rows(); ++row) {
      const std::string_view raw = table.cell(row, *subject);
      if (core::IsMissing(raw) || Pseudonymiser::IsPseudonym(raw)) continue;
      std::string pseudonym = pseudonymiser.Pseudonym(raw);
      if (short_id && !core::IsMissing(table.cell(row, *short_id))) {
        Add(table.cell(row, *short_id), pseudonym);
      }
      Add(raw, std::move(pseudonym));
    }
  }
  std::sort(lengths_.rbegin(), lengths_.rend());
}

void EmbeddedIdGuard::Add(std::string_view raw, std::string pseudonym) {
  if (raw.size() < kMinScannedLength) return;
  if (!pseudonyms_.emplace(std::string(raw), std::move(pseudonym)).second) return;
  if (std::find(lengths_.begin(), lengths_.end(), raw.size()) == lengths_.end()) {
    lengths_.push_back(raw.size());
  }
  first_chars_.set(static_cast<unsigned char>(raw.front()));
}

// The leftmost embedded id at or after `from`, the longest one at that place.
std::optional<EmbeddedIdGuard::Match> EmbeddedIdGuard::FindFrom(std::string_view text,
                                                                std::size_t from) const {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (!first_chars_.test(static_cast<unsigned char>(text[i]))) continue;
    for (const std::size_t length : lengths_) {
      if (i + length > text.size()) continue;
      const auto it = pseudonyms_.find(text.substr(i, length));
      if (it == pseudonyms_.end()) continue;
      const bool token = (i == 0 || !IsAlnum(text[i - 1])) &&
                         (i + length == text.size() || !IsAlnum(text[i + length]));
      if (length <= kMaxTokenOnlyLength && !token) continue;
      return Match{i, length, &it->second};
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> EmbeddedIdGuard::Find(std::string_view text) const {
  if (pseudonyms_.empty()) return std::nullopt;
  const auto match = FindFrom(text, 0);
  if (!match) return std::nullopt;
  return text.substr(match->position, match->length);
}

std::string EmbeddedIdGuard::Replace(std::string_view text) const {
  std::string out;
  std::size_t done = 0;
  while (const auto match = FindFrom(text, done)) {
    out.append(text.substr(done, match->position - done));
    out += *match->pseudonym;
    done = match->position + match->length;
  }
  out.append(text.substr(done));
  return out;
}

}  // namespace pioneer::study::internal
