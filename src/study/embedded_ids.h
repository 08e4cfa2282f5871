// File: study/embedded_ids.h (private)
// Finds the raw subject ids of an import inside other identifiers and text
// (a sample "PIO-05-0001-BX0", a lesion "PIO-05-0001-T01", a visit label),
// where pseudonymising the subject column alone would leave a table that
// pairs each pseudonym with its raw id. Import refuses such a cell, or
// replaces the embedded id by the subject's pseudonym when asked to
// (EmbeddedSubjectIds, layout.h).
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/study/layout.h"

namespace pioneer::study::internal {

class EmbeddedIdGuard {
 public:
  // Raw subject ids are the values of the subject columns (USUBJID,
  // subject_id) and DM's SUBJID, except values already in pseudonym form.
  EmbeddedIdGuard(const std::vector<core::Table>& tables, const Pseudonymiser& pseudonymiser,
                  EmbeddedSubjectIds policy);

  EmbeddedSubjectIds policy() const { return policy_; }
  // The first raw subject id embedded in `text`, if any.
  std::optional<std::string_view> Find(std::string_view text) const;
  // `text` with every embedded raw subject id replaced by its pseudonym.
  std::string Replace(std::string_view text) const;

 private:
  struct Match {
    std::size_t position = 0;
    std::size_t length = 0;
    const std::string* pseudonym = nullptr;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void Add(std::string_view raw, std::string pseudonym);
  std::optional<Match> FindFrom(std::string_view text, std::size_t from) const;

  EmbeddedSubjectIds policy_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> pseudonyms_;  // raw -> PID
  std::vector<std::size_t> lengths_;  // distinct raw id lengths, longest first
  std::bitset<256> first_chars_;
};

}  // namespace pioneer::study::internal
