// File: src/store/records.h (private)
// Row mapping between the model's record vectors and the store tables, and
// the text form of the model's enums (what the CHECK constraints allow).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "pioneer/study/model.h"
#include "sqlite.h"

namespace pioneer::store::internal {

// Appends the records of each group (in model order) to their tables.
void WriteSubjectRecords(const Database& db, const study::Study& records);
void WriteTumourRecords(const Database& db, const study::Study& records);
void WriteSampleRecords(const Database& db, const study::Study& records);

// Reads each group back, ordered by ordinal, into `study`.
void ReadSubjectRecords(const Database& db, study::Study& study);
void ReadTumourRecords(const Database& db, study::Study& study);
void ReadSampleRecords(const Database& db, study::Study& study);

template <class E, std::size_t N>
std::string_view EnumText(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [e, text] : names) {
    if (e == value) return text;
  }
  return names[0].second;
}

// A value the CHECK constraints should have kept out means the file was
// edited by hand or damaged.
[[noreturn]] void ThrowCorrupt(const Database& db, std::string_view column, std::string_view text);

template <class E, std::size_t N>
E EnumValue(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view text,
            const Database& db, std::string_view column) {
  for (const auto& [e, name] : names) {
    if (name == text) return e;
  }
  ThrowCorrupt(db, column, text);
}

inline constexpr std::array<std::pair<study::Sex, std::string_view>, 3> kSexNames = {
    {{study::Sex::kUnknown, "unknown"},
     {study::Sex::kMale, "male"},
     {study::Sex::kFemale, "female"}}};
inline constexpr std::array<std::pair<study::Smoking, std::string_view>, 4> kSmokingNames = {
    {{study::Smoking::kUnknown, "unknown"},
     {study::Smoking::kNever, "never"},
     {study::Smoking::kFormer, "former"},
     {study::Smoking::kCurrent, "current"}}};
inline constexpr std::array<std::pair<study::LesionRole, std::string_view>, 3> kRoleNames = {
    {{study::LesionRole::kTarget, "target"},
     {study::LesionRole::kNonTarget, "non_target"},
     {study::LesionRole::kNew, "new"}}};
inline constexpr std::array<std::pair<study::LesionStatus, std::string_view>, 6> kStatusNames = {
    {{study::LesionStatus::kMeasured, "measured"},
     {study::LesionStatus::kPresent, "present"},
     {study::LesionStatus::kAbsent, "absent"},
     {study::LesionStatus::kTooSmall, "too_small"},
     {study::LesionStatus::kNotEvaluated, "not_evaluated"},
     {study::LesionStatus::kUnequivocalProgression, "unequivocal_progression"}}};
inline constexpr std::array<std::pair<study::SampleKind, std::string_view>, 2> kKindNames = {
    {{study::SampleKind::kBlood, "blood"}, {study::SampleKind::kBiopsy, "biopsy"}}};

inline std::int32_t Day(const Statement& row, int col) {
  return static_cast<std::int32_t>(row.Int(col));
}
inline std::optional<std::int32_t> OptionalDay(const Statement& row, int col) {
  const auto value = row.OptionalInt(col);
  if (!value) return std::nullopt;
  return static_cast<std::int32_t>(*value);
}

}  // namespace pioneer::store::internal
