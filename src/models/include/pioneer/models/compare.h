// File: pioneer/models/compare.h
// Two risk scores of the same patients compared by their ROC AUCs with
// DeLong's paired test (pROC::roc.test(paired = TRUE, method = "delong");
// DeLong, DeLong & Clarke-Pearson 1988), on the patients where both scores
// exist (a comparator such as LORIS has no score without all its features).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/diagnostics/roc.h"

namespace pioneer::models {

struct AucSummary {
  double auc = 0, lower = 0, upper = 0;  // DeLong 95% CI
  nlohmann::json ToJson() const;
};

struct PairedAuc {
  std::string first, second;                          // names
  std::size_t n = 0, n_positive = 0, n_excluded = 0;  // excluded: a score missing
  AucSummary first_auc, second_auc;
  diagnostics::PairedTest test;  // difference = first - second
  nlohmann::json ToJson() const;
};

// Scores: higher = more likely a case (direction "<"); NaN = no score.
PairedAuc ComparePaired(const std::string& first_name, const std::vector<double>& first,
                        const std::string& second_name, const std::vector<double>& second,
                        const std::vector<double>& outcome);

}  // namespace pioneer::models
