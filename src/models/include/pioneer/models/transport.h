// File: pioneer/models/transport.h
// Transportability of a locked model to an external cohort (Debray et al.,
// J Clin Epidemiol 2015, 68:279, "A new framework to enhance the
// interpretation of external validation studies"; Riley et al., BMJ 2016,
// 353:i3140): how far the external case mix is from the training data, and
// whether the model's risks are right on average there.
// - Standardised mean difference per feature (Austin, Stat Med 2009,
//   28:3083): (mean_ext - mean_train) / sqrt((sd_train^2 + sd_ext^2) / 2),
//   over the non-missing values, sd with denominator n - 1 (R's sd).
// - Membership model (Debray 2015 step 1): glm(member ~ features, binomial)
//   on the training and external rows stacked, member = 1 for external; its
//   apparent AUC (pROC, DeLong CI) says how well the cohorts can be told
//   apart (0.5: same case mix). Missing values are imputed with the pooled
//   median plus a 0/1 indicator; constant columns are left out. Needs the
//   training rows themselves (not stored in the artifact).
// - Calibration-in-the-large: the intercept of glm(y ~ offset(lp),
//   binomial), lp = logit of the model's probability (0: right on average).
// - Share of external patients outside the training range [min, max] of
//   each feature (missing values not counted).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pioneer::models {

// Training distribution of one feature (non-missing values), stored in the
// locked artifact.
struct FeatureSummary {
  std::string name;
  std::size_t n = 0, n_missing = 0;
  double mean = 0, sd = 0, min = 0, max = 0;
  nlohmann::json ToJson() const;
  static FeatureSummary FromJson(const nlohmann::json& json);
};
std::vector<FeatureSummary> SummariseFeatures(const std::vector<std::vector<double>>& columns,
                                              const std::vector<std::string>& names);

struct FeatureShift {
  std::string feature;
  double train_mean = 0, train_sd = 0, external_mean = 0, external_sd = 0, smd = 0;
  std::size_t n_external = 0, n_outside = 0;
  double train_min = 0, train_max = 0, share_outside = 0;
};

struct MembershipModel {
  bool fitted = false;
  std::string note;  // why not fitted, or the glm warning
  std::size_t n_train = 0, n_external = 0;
  std::vector<std::string> terms;
  double auc = 0, auc_lower = 0, auc_upper = 0;
};

struct Transport {
  std::vector<FeatureShift> features;
  MembershipModel membership;
  double calibration_in_the_large = 0;
  double observed_rate = 0, mean_predicted = 0;
  nlohmann::json ToJson()
      const;  // smd[], membership_auc, calibration_in_the_large, out_of_range_share[]
};

// training: the artifact's summaries (one per feature, in the order of
// `external`'s columns); external[j][i] feature j of external patient i
// (NaN missing), probability and 0/1 outcome of the same patients;
// training_rows: the training data's feature columns, when available, for
// the membership model.
Transport AssessTransport(const std::vector<FeatureSummary>& training,
                          const std::vector<std::vector<double>>& external,
                          const std::vector<double>& probability,
                          const std::vector<double>& outcome,
                          const std::optional<std::vector<std::vector<double>>>& training_rows);

MembershipModel FitMembership(const std::vector<std::string>& names,
                              const std::vector<std::vector<double>>& training,
                              const std::vector<std::vector<double>>& external);

}  // namespace pioneer::models
