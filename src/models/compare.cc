// Paired AUC comparison (see compare.h).
#include "pioneer/models/compare.h"

#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::models {

nlohmann::json AucSummary::ToJson() const {
  return {{"auc", auc}, {"auc_lower", lower}, {"auc_upper", upper}};
}

nlohmann::json PairedAuc::ToJson() const {
  return {{"first", first},
          {"second", second},
          {"n", n},
          {"n_positive", n_positive},
          {"n_excluded_missing_score", n_excluded},
          {first, first_auc.ToJson()},
          {second, second_auc.ToJson()},
          {"paired_delong", test.ToJson()},
          {"test", "DeLong paired (pROC roc.test, paired = TRUE); difference = first - second"}};
}

PairedAuc ComparePaired(const std::string& first_name, const std::vector<double>& first,
                        const std::string& second_name, const std::vector<double>& second,
                        const std::vector<double>& outcome) {
  if (first.size() != outcome.size() || second.size() != outcome.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                "paired comparison: scores and outcome differ in length");
  }
  PairedAuc r;
  r.first = first_name;
  r.second = second_name;
  std::vector<double> a, b;
  std::vector<int> y;
  for (std::size_t i = 0; i < outcome.size(); ++i) {
    if (!std::isfinite(first[i]) || !std::isfinite(second[i])) {
      ++r.n_excluded;
      continue;
    }
    a.push_back(first[i]);
    b.push_back(second[i]);
    y.push_back(static_cast<int>(outcome[i]));
  }
  const diagnostics::RocOptions o{diagnostics::Direction::kLess, 0.95, false};
  const diagnostics::RocResult ra = diagnostics::Roc(a, y, o), rb = diagnostics::Roc(b, y, o);
  r.n = y.size();
  r.n_positive = ra.n_cases;
  r.first_auc = {ra.auc, ra.auc_lower, ra.auc_upper};
  r.second_auc = {rb.auc, rb.auc_lower, rb.auc_upper};
  r.test = diagnostics::PairedDeLongTest(ra, rb);
  return r;
}

}  // namespace pioneer::models
