// File: pioneer/invivo/growth_data.h
// Tumour growth curves of an in-vivo study, read from a long table (one row
// per animal and measurement day) and validated: every problem names its
// file, line and column, and all problems of a file are reported at once.
//
// One curve is one animal: the values of the --animal columns together
// (several columns when e.g. model and drug identify a PDX curve). The
// baseline of a curve is its first measurement. Volumes below the declared
// detection limit ("floor") are raised to it and flagged, so that every
// analysis (log scale, relative change, regressions) sees the same value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/table.h"

namespace pioneer::invivo {

struct GrowthColumns {
  std::vector<std::string> animal{};  // one or more columns identifying a curve
  std::string arm{};                  // empty: no arm (mRECIST needs none)
  std::string day{};
  std::string volume{};         // mm3
  std::string study{};          // optional: curves of several studies
  std::string body_weight{};    // optional, g
  std::string censor_reason{};  // optional: non-tumour death / euthanasia
};

struct GrowthOptions {
  // Detection limit (mm3): smaller volumes (including 0) are raised to it.
  // 0 = none declared; then a log-scale analysis of a 0 volume is an error.
  double floor = 0;
  // When set, every curve must start on this day (its baseline).
  std::optional<double> baseline_day{};
  void Validate() const;
};

struct Curve {
  std::string study;
  std::string arm;
  std::vector<std::string> key;     // values of the animal columns
  std::string id;                   // key joined by " / "
  std::vector<double> day;          // increasing
  std::vector<double> volume;       // after the floor
  std::vector<double> body_weight;  // NaN when not given
  std::vector<bool> at_floor;       // the raw volume was below the floor
  std::vector<std::int64_t> line;   // source line of each measurement
  std::string censor_reason;        // first non-empty reason, if any
  double censor_day = 0;            // day of that row
  bool censored() const { return !censor_reason.empty(); }
  double baseline() const { return volume.front(); }
  std::size_t size() const { return day.size(); }
};

struct GrowthData {
  std::string source;
  std::vector<std::string> animal_columns;
  std::vector<std::string> arms;  // in order of first appearance
  std::vector<Curve> curves;      // in order of first appearance
  double floor = 0;
  std::size_t rows_missing_volume = 0;  // rows skipped: no volume
  std::size_t values_at_floor = 0;      // volumes raised to the floor
  bool has_body_weight = false;

  // Curves of one arm, in order.
  std::vector<const Curve*> Arm(const std::string& arm) const;
};

// Validates and groups the rows. Throws InputError listing every problem
// (bad numbers, negative volume, duplicate animal-day, an animal in two arms
// or two studies, a curve without a usable baseline), UsageError for a bad
// option, Error kNotFound for a missing column.
GrowthData ReadGrowth(const core::Table& table, const GrowthColumns& columns,
                      const GrowthOptions& options = {});

// The rows whose `column` equals `value` (line numbers kept), e.g. one
// experiment of a file holding several. Throws Error kNotFound for a
// missing column, kFailedPrecondition when no row matches.
core::Table SelectRows(const core::Table& table, const std::string& column,
                       const std::string& value);

// Log-scale analyses need positive volumes: throws InputError naming the
// first zero volume (file:line) when no floor was declared.
void RequirePositiveVolumes(const GrowthData& data);

}  // namespace pioneer::invivo
