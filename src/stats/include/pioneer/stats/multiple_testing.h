// File: pioneer/stats/multiple_testing.h
// Adjustment of p-values for multiple comparisons, as R's p.adjust.
#pragma once

#include <string>
#include <vector>

#include "pioneer/core/enum_names.h"

namespace pioneer::stats {

enum class PAdjustMethod {
  kBonferroni,  // family-wise error, n * p
  kHolm,        // Holm 1979, step-down
  kHochberg,    // Hochberg 1988, step-up (independent or PRDS tests)
  kBH,          // Benjamini & Hochberg 1995 false discovery rate
  kBY,          // Benjamini & Yekutieli 2001, FDR under any dependence
};
// R's method names: "bonferroni", "holm", "hochberg", "BH" (or "fdr"), "BY";
// kBH is written "BH".
inline constexpr core::EnumSpelling<PAdjustMethod> kPAdjustMethodNames[] = {
    {PAdjustMethod::kBonferroni, "bonferroni"},
    {PAdjustMethod::kHolm, "holm"},
    {PAdjustMethod::kHochberg, "hochberg"},
    {PAdjustMethod::kBH, "BH"},
    {PAdjustMethod::kBH, "fdr"},
    {PAdjustMethod::kBY, "BY"}};

// A UsageError naming the field `p_adjust` for an unknown name.
PAdjustMethod ParsePAdjustMethod(const std::string& name);
std::string ToString(PAdjustMethod method);

// Adjusted p-values in the input order. NaN entries (R's NA) stay NaN and
// are not counted in the number of tests, as p.adjust does. A p-value
// outside [0, 1] is an Error kInvalidArgument.
std::vector<double> AdjustPValues(const std::vector<double>& p, PAdjustMethod method);

}  // namespace pioneer::stats
