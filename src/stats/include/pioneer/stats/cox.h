// File: pioneer/stats/cox.h
// Cox proportional hazards regression as R's survival::coxph (survival 3.5,
// coxfit6): Newton-Raphson from beta = 0 with step halving, Efron or Breslow
// ties, strata, numeric and categorical covariates (treatment coding),
// likelihood-ratio, Wald and score tests, concordance as
// survival::concordance, and the proportional-hazards test of cox.zph.
// A fit that does not converge, or whose likelihood is monotone (an
// infinite coefficient), is a result: `converged`, `iterations` and each
// coefficient's `possibly_infinite` say so (coxph's warnings).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/core/enum_names.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::stats {

enum class Ties { kEfron, kBreslow };
inline constexpr core::EnumSpelling<Ties> kTiesNames[] = {{Ties::kEfron, "efron"},
                                                          {Ties::kBreslow, "breslow"}};
std::string TiesName(Ties ties);
// "efron" | "breslow"; a UsageError naming the field `ties` otherwise.
Ties ParseTies(const std::string& name);

// cox.zph's transform of time.
enum class ZphTransform { kKm, kRank, kIdentity };
inline constexpr core::EnumSpelling<ZphTransform> kZphTransformNames[] = {
    {ZphTransform::kKm, "km"},
    {ZphTransform::kRank, "rank"},
    {ZphTransform::kIdentity, "identity"}};
std::string ZphTransformName(ZphTransform transform);
// "km" | "rank" | "identity"; a UsageError naming the field `zph` otherwise.
ZphTransform ParseZphTransform(const std::string& name);

// One model term: a numeric covariate (one column), or a categorical one
// (`levels` non-empty after construction) expanded into treatment-coded
// columns named name + level for every level but the reference, as R's
// contr.treatment does.
struct CoxCovariate {
  std::string name;
  std::vector<double> values;           // numeric covariate
  std::vector<std::string> categories;  // categorical covariate (per row)
  std::string reference;                // reference level; empty = first level (R order)

  static CoxCovariate Numeric(std::string name, std::vector<double> values);
  static CoxCovariate Categorical(std::string name, std::vector<std::string> values,
                                  std::string reference = {});
  bool categorical() const { return !categories.empty(); }
};

struct CoxOptions {
  Ties ties = Ties::kEfron;
  int max_iterations = 20;                     // coxph.control iter.max
  double eps = 1e-9;                           // coxph.control eps (relative loglik change)
  double toler_chol = 1.8189894035458565e-12;  // .Machine$double.eps^0.75
  double toler_inf = 3.1622776601683795e-05;   // sqrt(eps)
  double conf_level = 0.95;
  bool concordance = true;
  bool timefix = true;  // merge times equal up to rounding (AeqSurv), as coxph
  void Validate() const;
};

struct CoxCoefficient {
  std::string name;
  double coef = 0, se = 0, z = 0, p = 0, hr = 0, hr_lower = 0, hr_upper = 0;
  bool possibly_infinite = false;  // "Loglik converged before variable ..."
  bool singular = false;           // aliased column: coef NA in R
};

struct TestStatistic {
  double stat = 0, df = 0, p = 0;
  nlohmann::json ToJson() const;
};

struct Concordance {
  double value = 0, se = 0;
  double concordant = 0, discordant = 0, tied_x = 0, tied_y = 0, tied_xy = 0;
  nlohmann::json ToJson() const;
};

struct ZphTerm {
  std::string name;
  double chisq = 0, df = 0, p = 0;
};

struct ZphResult {
  ZphTransform transform = ZphTransform::kKm;
  std::vector<ZphTerm> terms;
  ZphTerm global;
  nlohmann::json ToJson() const;
};

// Model columns of one term (for per-term tests such as cox.zph).
struct CoxTerm {
  std::string name;
  std::vector<std::size_t> columns;
};

struct CoxResult {
  std::size_t n = 0, n_event = 0;
  Ties ties = Ties::kEfron;
  double conf_level = 0.95;
  std::vector<CoxTerm> terms;
  std::vector<CoxCoefficient> coefficients;
  double loglik_null = 0, loglik = 0;
  TestStatistic lr_test, wald_test, score_test;
  Concordance concordance;
  int iterations = 0;
  bool converged = false;
  bool timefix = true;                        // the fit's times went through AeqSurv
  std::vector<double> linear_predictor;       // per input row, centred as R's
  std::vector<std::vector<double>> variance;  // inverse information
  std::vector<ZphResult> zph;                 // filled by the caller if wanted
  nlohmann::json ToJson() const;
};

// `strata` may be empty (one stratum) or have one code per row.
CoxResult FitCox(const SurvivalData& data, const std::vector<CoxCovariate>& covariates,
                 const Factor& strata, const CoxOptions& options = {});
CoxResult FitCox(const SurvivalData& data, const std::vector<CoxCovariate>& covariates,
                 const CoxOptions& options = {});

// survival::cox.zph(fit, transform) on the fit's own data: a score test of
// beta(t) = beta + theta g(t) per term and globally.
ZphResult CoxZph(const SurvivalData& data, const std::vector<CoxCovariate>& covariates,
                 const Factor& strata, const CoxResult& fit, ZphTransform transform);

// survival::concordancefit(y, x, strata, reverse = TRUE, timefix = FALSE):
// Harrell's C of a risk score with its infinitesimal-jackknife SE.
Concordance ConcordanceIndex(const SurvivalData& data, const std::vector<double>& risk,
                             const Factor& strata);

}  // namespace pioneer::stats
