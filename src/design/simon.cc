// Simon's two-stage designs (Simon 1989) searched as clinfun 1.1.6 ph2simon
// (its Fortran f2bdry) searches them, and their admissible set as
// clinfun::twostage.admissible (Jung et al. 2004).
#include "pioneer/design/simon.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "binomial.h"
#include "pioneer/core/error.h"
#include "pioneer/design/option_error.h"

namespace pioneer::design {
namespace {

constexpr const char* kSimon = "SimonOptions";

// Binomial tables at p0 and p1 for every n <= nmax.
struct Tables {
  std::vector<std::vector<double>> pmf0, pmf1, upper0, upper1, lower0;
  Tables(int nmax, double p0, double p1)
      : pmf0(BinomialPmfTable(nmax, p0)), pmf1(BinomialPmfTable(nmax, p1)) {
    for (int n = 0; n <= nmax; ++n) {
      upper0.push_back(UpperTails(pmf0[n]));
      upper1.push_back(UpperTails(pmf1[n]));
      lower0.push_back(LowerTails(pmf0[n]));
    }
  }
};

// Adds the stage-1 outcome x1 to reject[r] = P(X1 > r1, X1 + X2 > r) for all r.
void AddStageOne(std::vector<double>& reject, double pmf_x1, int x1,
                 const std::vector<double>& upper2) {
  const int n2 = static_cast<int>(upper2.size()) - 2;
  for (int r = 0; r < static_cast<int>(reject.size()); ++r) {
    const int need = r - x1 + 1;  // stage-2 responses needed: X2 >= need
    if (need <= 0) {
      reject[r] += pmf_x1;
    } else if (need <= n2) {
      reject[r] += pmf_x1 * upper2[need];
    }
  }
}

// The design of least EN(p0) among those of total size n, or false. Search
// order and tie rule of f2bdry: n1 ascending, r1 descending, r descending,
// a design replacing the current one only when its EN(p0) is strictly
// smaller (starting from EN = n, so PET(p0) must be positive); for one
// (n1, r1) this keeps the largest feasible r.
bool BestForN(const Tables& t, const SimonOptions& o, int n, SimonDesign& best) {
  double best_en = n;
  bool found = false;
  std::vector<double> reject0(n + 1), reject1(n + 1);
  for (int n1 = 1; n1 < n; ++n1) {
    const int n2 = n - n1;
    std::fill(reject0.begin(), reject0.end(), 0.0);
    std::fill(reject1.begin(), reject1.end(), 0.0);
    for (int r1 = n1 - 1; r1 >= 0; --r1) {
      AddStageOne(reject0, t.pmf0[n1][r1 + 1], r1 + 1, t.upper0[n2]);
      AddStageOne(reject1, t.pmf1[n1][r1 + 1], r1 + 1, t.upper1[n2]);
      const double pet = t.lower0[n1][r1];
      const double en = n1 + (1.0 - pet) * n2;
      if (!(en < best_en)) continue;
      for (int r = std::min(n2 + r1, n); r >= r1; --r) {
        if (reject0[r] <= o.alpha && reject1[r] >= 1.0 - o.beta) {
          best = {r1, n1, r, n, en, pet, reject0[r], reject1[r]};
          best_en = en;
          found = true;
          break;
        }
      }
    }
  }
  return found;
}

// clinfun::twostage.admissible: the lower convex hull of (n, EN) from the
// minimax to the optimal design, walking from the minimax by least slope
// (first on ties), and the weights q where adjacent designs swap.
std::vector<AdmissibleDesign> Admissible(const std::vector<SimonDesign>& by_n, std::size_t nopt) {
  std::vector<std::size_t> hull = {0};
  while (hull.back() < nopt) {
    const SimonDesign& from = by_n[hull.back()];
    std::size_t next = hull.back() + 1;
    double least = std::numeric_limits<double>::infinity();
    for (std::size_t i = hull.back() + 1; i <= nopt; ++i) {
      const double slope = (by_n[i].en0 - from.en0) / (by_n[i].n - from.n);
      if (slope < least) least = slope, next = i;
    }
    hull.push_back(next);
  }
  std::vector<AdmissibleDesign> out;
  for (std::size_t k = 0; k < hull.size(); ++k) {
    AdmissibleDesign a{by_n[hull[k]], 0.0, 1.0, "admissible"};
    if (k + 1 < hull.size()) {
      const double de = by_n[hull[k + 1]].en0 - a.design.en0;
      const double dm = by_n[hull[k + 1]].n - a.design.n;
      a.q_low = de / (de - dm);
    }
    if (k > 0) a.q_high = out.back().q_low;
    out.push_back(a);
  }
  out.front().label = "minimax";
  out.back().label = "optimal";
  if (out.size() == 1) out.front().label = "minimax and optimal";
  return out;
}

}  // namespace

void SimonOptions::Validate() const {
  RequireBinaryHypotheses(kSimon, p0, p1, alpha, beta);
  Require(nmax >= 2 && nmax <= 1000, kSimon, "nmax", nmax,
          "must be in [2, 1000] (clinfun's limit)");
}

nlohmann::json SimonDesign::ToJson() const {
  return {{"r1", r1},   {"n1", n1},     {"r", r},         {"n", n},
          {"en0", en0}, {"pet0", pet0}, {"alpha", alpha}, {"power", power}};
}

SimonDesign EvaluateSimon(int r1, int n1, int r, int n, double p0, double p1) {
  if (!(r1 >= 0 && r1 < n1 && n1 < n && r >= r1 && r <= n)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("two-stage design {}/{}, {}/{}: need 0 <= r1 < n1 < n, r1 <= r <= n",
                            r1, n1, r, n));
  }
  const int n2 = n - n1;
  const auto reject = [&](double p) {
    const std::vector<double> pmf1 = BinomialPmf(n1, p), upper2 = UpperTails(BinomialPmf(n2, p));
    std::vector<double> rej(n + 1, 0.0);
    for (int x1 = n1; x1 > r1; --x1) AddStageOne(rej, pmf1[x1], x1, upper2);
    return rej[r];
  };
  const double pet = LowerTails(BinomialPmf(n1, p0))[r1];
  return {r1, n1, r, n, n1 + (1 - pet) * n2, pet, reject(p0), reject(p1)};
}

SimonResult Simon(const SimonOptions& options) {
  options.Validate();
  const Tables tables(options.nmax, options.p0, options.p1);
  SimonResult result{options, {}, {}, {}, {}};
  for (int n = 2; n <= options.nmax; ++n) {
    SimonDesign d;
    if (BestForN(tables, options, n, d)) result.best_by_n.push_back(d);
  }
  if (result.best_by_n.empty()) {
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("no two-stage design with n <= {} meets alpha = {} and power = {}; "
                            "increase nmax",
                            options.nmax, options.alpha, 1 - options.beta));
  }
  std::size_t nopt = 0;
  for (std::size_t i = 1; i < result.best_by_n.size(); ++i) {
    if (result.best_by_n[i].en0 < result.best_by_n[nopt].en0) nopt = i;
  }
  result.optimal = result.best_by_n[nopt];
  result.minimax = result.best_by_n.front();
  result.admissible = Admissible(result.best_by_n, nopt);
  return result;
}

nlohmann::json SimonResult::ToJson() const {
  nlohmann::json admissible_json = nlohmann::json::array();
  for (const AdmissibleDesign& a : admissible) {
    nlohmann::json j = a.design.ToJson();
    j["q_low"] = a.q_low;
    j["q_high"] = a.q_high;
    j["label"] = a.label;
    admissible_json.push_back(j);
  }
  return {{"method", "Simon two-stage (Simon 1989), as clinfun::ph2simon"},
          {"p0", options.p0},
          {"p1", options.p1},
          {"alpha_bound", options.alpha},
          {"beta_bound", options.beta},
          {"nmax", options.nmax},
          {"optimal", optimal.ToJson()},
          {"minimax", minimax.ToJson()},
          {"admissible", admissible_json},
          {"convention", "stop if <= r1 responses of n1; declare activity if > r of n"}};
}

}  // namespace pioneer::design
