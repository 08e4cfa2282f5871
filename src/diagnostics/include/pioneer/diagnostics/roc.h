// File: pioneer/diagnostics/roc.h
// Empirical ROC curve, AUC with DeLong's variance and confidence interval,
// the paired DeLong test of two markers measured on the same subjects and
// the Youden-optimal threshold, with the conventions of R's pROC 1.18
// (roc, ci.auc(method = "delong"), roc.test(paired = TRUE), coords("best")).
//
// DeLong, DeLong & Clarke-Pearson (1988), Biometrics 44:837; the placement
// values are computed in O(n log n) by sorting (Sun & Xu 2014, IEEE SPL
// 21:1389) instead of the O(n^2) pairwise definition.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "pioneer/core/enum_names.h"

namespace pioneer::diagnostics {

// pROC's `direction`: kLess ("<") means controls have lower values than
// cases (higher marker = more likely a case); kGreater (">") the opposite;
// kAuto picks "<" when median(controls) <= median(cases), else ">".
enum class Direction { kAuto, kLess, kGreater };
inline constexpr core::EnumSpelling<Direction> kDirectionNames[] = {
    {Direction::kAuto, "auto"}, {Direction::kLess, "<"}, {Direction::kGreater, ">"}};
// "auto" | "<" | ">"; a UsageError naming the field `direction` otherwise.
Direction ParseDirection(const std::string& text);
std::string DirectionName(Direction direction);

// DeLong's structural components. For direction "<": case i's placement is
// the fraction of controls below it (ties count 1/2), control j's the
// fraction of cases above it; auc is the mean of either set. Indices follow
// the order of the inputs.
struct Placements {
  double auc = 0;
  std::vector<double> cases;     // V10, one per case
  std::vector<double> controls;  // V01, one per control
};
// Sorting version, O(n log n). Values must be finite.
Placements DeLongPlacements(std::span<const double> controls, std::span<const double> cases,
                            Direction direction);
// The pairwise definition, O(n_cases * n_controls): for tests.
Placements DeLongPlacementsNaive(std::span<const double> controls, std::span<const double> cases,
                                 Direction direction);
// pROC's ci.auc.delong variance: var(V10)/m + var(V01)/n (denominators m-1, n-1).
double DeLongVariance(const Placements& p);

struct Youden {
  double threshold = 0;
  double sensitivity = 0;
  double specificity = 0;
};

struct RocOptions {
  Direction direction = Direction::kAuto;
  double confidence = 0.95;
  bool keep_curve = true;  // fill thresholds / sensitivities / specificities
};

struct RocResult {
  std::size_t n_cases = 0;
  std::size_t n_controls = 0;
  Direction direction = Direction::kLess;  // resolved (never kAuto)
  double auc = 0;
  double auc_se = 0;
  double auc_lower = 0;  // DeLong, clamped to [0, 1] as pROC
  double auc_upper = 0;
  double confidence = 0.95;
  Youden youden;
  // pROC's thresholds (midpoints of consecutive distinct values, -Inf and
  // +Inf at the ends), ascending, with the sensitivity and specificity of
  // "positive when marker >= threshold" ("<") or "<= threshold" (">").
  std::vector<double> thresholds, sensitivities, specificities;
  Placements placements;
  nlohmann::json ToJson() const;  // without the curve and placements
};

// outcome: 1 = case, 0 = control, one per marker value. Throws Error
// kInvalidArgument for sizes that differ, outcomes other than 0/1, or
// non-finite markers; kFailedPrecondition without at least one case and one
// control.
RocResult Roc(std::span<const double> marker, std::span<const int> outcome,
              const RocOptions& options = {});

struct PairedTest {
  double difference = 0;  // auc1 - auc2
  double se = 0;
  double z = 0;
  double p = 1;  // two-sided
  nlohmann::json ToJson() const;
};
// DeLong's test for two correlated ROC curves (roc.test, paired): both
// results from Roc on the same subjects in the same order.
PairedTest PairedDeLongTest(const RocResult& first, const RocResult& second);

}  // namespace pioneer::diagnostics
