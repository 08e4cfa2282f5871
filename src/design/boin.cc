// BOIN boundaries (BOIN 2.7.2 get.boundary) and MTD selection (select.mtd),
// Liu & Yuan (2015).
#include "pioneer/design/boin.h"

#include <fmt/format.h>

#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <limits>

#include "pioneer/design/option_error.h"

namespace pioneer::design {
namespace {

constexpr const char* kBoin = "BoinOptions";
constexpr const char* kSelect = "BoinSelectOptions";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// select.mtd's shrinkage of the observed rate: (y + 0.05) / (n + 0.1).
constexpr double kPseudo = 0.05;
// select.mtd's tie-breaking increment per dose rank.
constexpr double kTieStep = 1e-10;
// The package eliminates only doses with at least this many patients.
constexpr int kMinPatientsToEliminate = 3;

nlohmann::json NullableList(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values)
    out.push_back(std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v));
  return out;
}

// The smallest y with P(p > target | y, n) > cutoff, or 0 (get.boundary's NA).
int EliminationBoundary(double target, int n, double cutoff) {
  if (n < kMinPatientsToEliminate) return 0;
  for (int y = 1; y <= n; ++y) {
    if (PosteriorAbove(target, y, n) > cutoff) return y;
  }
  return 0;
}

}  // namespace

void BoinOptions::Validate() const {
  // get.boundary's own checks: target in [0.05, 0.6]; phi1 and phi2 at
  // least 10% of the target away from it.
  Require(target >= 0.05 && target <= 0.6, kBoin, "target", target, "must be in [0.05, 0.6]");
  Require(phi1 >= 0 && target - Phi1() >= 0.1 * target, kBoin, "phi1", phi1,
          "must be in (0, 0.9 target] (0: 0.6 target)");
  Require(phi2 >= 0 && Phi2() - target >= 0.1 * target && Phi2() < 1, kBoin, "phi2", phi2,
          "must be in [1.1 target, 1) (0: 1.4 target)");
  Require(ncohort >= 1 && ncohort <= 1000, kBoin, "ncohort", ncohort, "must be in [1, 1000]");
  Require(cohortsize >= 1 && cohortsize <= 100, kBoin, "cohortsize", cohortsize,
          "must be in [1, 100]");
  Require(nmax >= 0 && nmax <= 10000, kBoin, "nmax", nmax, "must be in [0, 10000]");
  Require(cutoff_eli > 0.5 && cutoff_eli < 1, kBoin, "cutoff_eli", cutoff_eli,
          "must be in (0.5, 1)");
}

double PosteriorAbove(double target, int y, int n) {
  return boost::math::ibetac(y + 1.0, n - y + 1.0, target);
}

BoinBoundaries BoinBoundary(const BoinOptions& options) {
  options.Validate();
  const double phi = options.target, phi1 = options.Phi1(), phi2 = options.Phi2();
  BoinBoundaries b{phi, phi1, phi2, options.cutoff_eli, 0, 0, {}};
  b.lambda_e = std::log((1 - phi1) / (1 - phi)) / std::log(phi * (1 - phi1) / (phi1 * (1 - phi)));
  b.lambda_d = std::log((1 - phi) / (1 - phi2)) / std::log(phi2 * (1 - phi) / (phi * (1 - phi2)));
  for (int n = 1; n <= options.Rows(); ++n) {
    BoinRow row{n, static_cast<int>(std::floor(b.lambda_e * n)),
                static_cast<int>(std::ceil(b.lambda_d * n)),
                EliminationBoundary(phi, n, options.cutoff_eli)};
    if (row.elim > 0 && row.b_d > row.elim) row.b_d = row.elim;  // as get.boundary
    b.table.push_back(row);
  }
  return b;
}

nlohmann::json BoinBoundaries::ToJson() const {
  nlohmann::json rows = nlohmann::json::array();
  for (const BoinRow& r : table) {
    rows.push_back({{"n", r.n},
                    {"b_e", r.b_e},
                    {"b_d", r.b_d},
                    {"elim", r.elim > 0 ? nlohmann::json(r.elim) : nlohmann::json(nullptr)}});
  }
  return {{"method", "BOIN (Liu & Yuan 2015), as BOIN::get.boundary"},
          {"target", target},
          {"phi1", phi1},
          {"phi2", phi2},
          {"cutoff_eli", cutoff_eli},
          {"lambda_e", lambda_e},
          {"lambda_d", lambda_d},
          {"table", rows}};
}

void BoinSelectOptions::Validate() const {
  Require(target > 0 && target < 1, kSelect, "target", target, "must be in (0, 1)");
  Require(!n.empty(), kSelect, "n", 0, "must list at least one dose");
  Require(y.size() == n.size(), kSelect, "y", static_cast<double>(y.size()),
          fmt::format("must have one count per dose ({} doses in n)", n.size()).c_str());
  for (std::size_t i = 0; i < n.size(); ++i) {
    Require(n[i] >= 0, kSelect, "n", n[i], "patients per dose must be >= 0");
    Require(y[i] >= 0 && y[i] <= n[i], kSelect, "y", y[i], "DLTs per dose must be in [0, n]");
  }
  Require(cutoff_eli > 0.5 && cutoff_eli < 1, kSelect, "cutoff_eli", cutoff_eli,
          "must be in (0.5, 1)");
}

void Pava(std::vector<double>& x, const std::vector<double>& w) {
  const std::size_t k = x.size();
  std::vector<std::size_t> level(k);
  for (std::size_t i = 0; i < k; ++i) level[i] = i;
  for (;;) {
    std::size_t i = 0;
    while (i + 1 < k && !(x[i + 1] < x[i])) ++i;
    if (i + 1 >= k) return;
    const std::size_t a = level[i], b = level[i + 1];
    double sxw = 0, sw = 0;
    for (std::size_t j = 0; j < k; ++j) {
      if (level[j] == a || level[j] == b) sxw += x[j] * w[j], sw += w[j];
    }
    for (std::size_t j = 0; j < k; ++j) {
      if (level[j] == a || level[j] == b) x[j] = sxw / sw, level[j] = a;
    }
  }
}

int ClosestIsotonic(double target, const std::vector<int>& admissible, const int* n, const int* y,
                    std::vector<double>& estimates) {
  estimates.clear();
  std::vector<double> weights;
  for (int d : admissible) {
    const double a = y[d] + kPseudo, b = n[d] - y[d] + kPseudo, m = n[d] + 2 * kPseudo;
    estimates.push_back(a / m);
    weights.push_back(m * m * (m + 1) / (a * b));  // 1 / variance of beta(a, b)
  }
  Pava(estimates, weights);
  std::size_t best = 0;
  double best_distance = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < estimates.size(); ++i) {
    const double distance = std::fabs(estimates[i] + (i + 1) * kTieStep - target);
    if (distance < best_distance) best_distance = distance, best = i;
  }
  return admissible[best];
}

BoinSelection BoinSelect(const BoinSelectOptions& o) {
  o.Validate();
  const std::size_t k = o.n.size();
  BoinSelection s{0, std::vector<double>(k, kNaN), std::vector<double>(k, kNaN),
                  std::vector<bool>(k, false)};
  // select.mtd: the first dose with n >= 3 and P(p > target) > cutoff and
  // every higher dose are eliminated.
  for (std::size_t i = 0; i < k; ++i) {
    if (o.n[i] >= kMinPatientsToEliminate &&
        PosteriorAbove(o.target, o.y[i], o.n[i]) > o.cutoff_eli) {
      for (std::size_t j = i; j < k; ++j) s.eliminated[j] = true;
      break;
    }
  }
  std::vector<int> admissible, treated;
  for (std::size_t i = 0; i < k; ++i) {
    if (o.n[i] > 0) treated.push_back(static_cast<int>(i));
    if (o.n[i] > 0 && !s.eliminated[i]) admissible.push_back(static_cast<int>(i));
  }
  std::vector<double> estimates;
  if (!treated.empty()) {
    ClosestIsotonic(o.target, treated, o.n.data(), o.y.data(), estimates);
    for (std::size_t i = 0; i < treated.size(); ++i) s.estimates_treated[treated[i]] = estimates[i];
  }
  if (s.eliminated[0] || admissible.empty()) return s;  // no MTD
  s.mtd = ClosestIsotonic(o.target, admissible, o.n.data(), o.y.data(), estimates) + 1;
  for (std::size_t i = 0; i < admissible.size(); ++i) s.estimates[admissible[i]] = estimates[i];
  return s;
}

nlohmann::json BoinSelection::ToJson() const {
  return {{"method", "BOIN MTD selection by isotonic regression, as BOIN::select.mtd"},
          {"mtd", mtd > 0 ? nlohmann::json(mtd) : nlohmann::json(nullptr)},
          {"estimates", NullableList(estimates)},
          {"estimates_treated", NullableList(estimates_treated)},
          {"eliminated", eliminated}};
}

}  // namespace pioneer::design
