// Simulated operating characteristics of BOIN (as BOIN 2.7.2 get.oc) and
// Simon two-stage designs; see simulate.h.
#include "pioneer/design/simulate.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pioneer/core/rng.h"
#include "pioneer/design/option_error.h"
#include "pioneer/design/simon.h"
#include "trials.h"

namespace pioneer::design {
namespace {

constexpr const char* kBoinSim = "BoinSimulationOptions";
constexpr const char* kSimonSim = "SimonSimulationOptions";
constexpr std::int64_t kMaxTrials = 100'000'000;

// One BOIN trial as get.oc runs it, with tables indexed by patients at a dose.
class BoinTrial {
 public:
  BoinTrial(const BoinSimulationOptions& o, const BoinBoundaries& b)
      : o_(o), b_(b), k_(static_cast<int>(o.truth.size())), n_(k_), y_(k_), elim_(k_) {}

  // q: selected[k], patients[k], dlts[k], no_mtd, early_stop, total n, total y.
  void operator()(std::int64_t trial, std::vector<std::int64_t>& q) {
    core::Rng rng(TrialSeed(o_.control.seed, static_cast<std::uint64_t>(trial)));
    const bool early_stop = Run(rng);
    const int mtd = early_stop ? -1 : Select();
    std::fill(q.begin(), q.end(), 0);
    std::int64_t total_n = 0, total_y = 0;
    for (int d = 0; d < k_; ++d) {
      q[d] = d == mtd;
      q[k_ + d] = n_[d];
      q[2 * k_ + d] = y_[d];
      total_n += n_[d], total_y += y_[d];
    }
    q[3 * k_] = mtd < 0;
    q[3 * k_ + 1] = early_stop;
    q[3 * k_ + 2] = total_n;
    q[3 * k_ + 3] = total_y;
  }

 private:
  const BoinRow& Row(int n) const { return b_.table[n - 1]; }

  // get.oc's loop; true when the trial stopped because dose 1 was eliminated.
  bool Run(core::Rng& rng) {
    std::fill(n_.begin(), n_.end(), 0);
    std::fill(y_.begin(), y_.end(), 0);
    std::fill(elim_.begin(), elim_.end(), false);
    const int cohort = o_.design.cohortsize, npts = o_.design.ncohort * cohort;
    int d = o_.start_dose - 1, treated = 0;
    for (int i = 0; i < o_.design.ncohort; ++i) {
      // The last cohort is cut to the patients left, and the trial ends
      // without the elimination check (get.oc breaks before it).
      const int size = std::min(cohort, npts - treated);
      int tox = 0;
      for (int j = 0; j < size; ++j) tox += rng.Uniform() < o_.truth[d];
      y_[d] += tox, n_[d] += size, treated += size;
      if (treated >= npts) break;
      const BoinRow& row = Row(n_[d]);
      if (row.elim > 0 && y_[d] >= row.elim) {
        std::fill(elim_.begin() + d, elim_.end(), true);
        if (d == 0) return true;
      }
      const bool top = d == k_ - 1 || elim_[d + 1];
      if (n_[d] >= o_.n_earlystop && ((y_[d] > row.b_e && y_[d] < row.b_d) ||
                                      (d == 0 && y_[d] >= row.b_d) || (top && y_[d] <= row.b_e))) {
        break;
      }
      if (y_[d] <= row.b_e && d != k_ - 1) {
        if (!elim_[d + 1]) ++d;
      } else if (y_[d] >= row.b_d && d != 0) {
        --d;
      }
    }
    return false;
  }

  // select.mtd on the final counts; elimination by the table (the posterior
  // tail increases with y, so y >= elim(n) is the same test).
  int Select() {
    admissible_.clear();
    for (int d = 0; d < k_; ++d) {
      const int elim = n_[d] >= 3 ? Row(n_[d]).elim : 0;
      if (elim > 0 && y_[d] >= elim) {
        if (d == 0) return -1;
        break;
      }
      if (n_[d] > 0) admissible_.push_back(d);
    }
    if (admissible_.empty()) return -1;
    return ClosestIsotonic(o_.design.target, admissible_, n_.data(), y_.data(), estimates_);
  }

  const BoinSimulationOptions& o_;
  const BoinBoundaries& b_;
  int k_;
  std::vector<int> n_, y_;
  std::vector<bool> elim_;
  std::vector<int> admissible_;
  std::vector<double> estimates_;
};

// Ratio estimator sum(y) / sum(n) with its delta-method standard error.
McEstimate Ratio(const TrialSums& s, std::size_t yi, std::size_t ni, std::int64_t trials) {
  const double t = static_cast<double>(trials);
  const double my = s.sum[yi] / t, mn = s.sum[ni] / t, r = my / mn;
  const double vy = (s.sum_sq[yi] - t * my * my) / (t - 1);
  const double vn = (s.sum_sq[ni] - t * mn * mn) / (t - 1);
  const double cov = (s.cross - t * my * mn) / (t - 1);
  const double var = (vy - 2 * r * cov + r * r * vn) / (mn * mn * t);
  return {r, std::sqrt(std::max(var, 0.0))};
}

}  // namespace

nlohmann::json McEstimate::ToJson() const { return {{"mean", mean}, {"se", se}}; }

std::uint64_t TrialSeed(std::uint64_t seed, std::uint64_t trial) {
  std::uint64_t z = seed * 0x9e3779b97f4a7c15ULL + (trial + 1) * 0xd1b54a32d192ed03ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void SimulationControl::Validate(const char* options) const {
  Require(trials >= 2 && trials <= kMaxTrials, options, "trials", static_cast<double>(trials),
          "must be in [2, 100000000]");
  Require(threads >= 0 && threads <= 256, options, "threads", threads, "must be in [0, 256]");
}

void BoinSimulationOptions::Validate() const {
  design.Validate();
  Require(!truth.empty() && truth.size() <= 50, kBoinSim, "truth",
          static_cast<double>(truth.size()), "must list 1 to 50 dose toxicity rates");
  for (double p : truth) Require(p >= 0 && p <= 1, kBoinSim, "truth", p, "rates must be in [0, 1]");
  Require(start_dose >= 1 && start_dose <= static_cast<int>(truth.size()), kBoinSim, "start_dose",
          start_dose, "must be a dose of truth (1-based)");
  Require(n_earlystop >= 1, kBoinSim, "n_earlystop", n_earlystop, "must be >= 1");
  control.Validate(kBoinSim);
}

BoinOc SimulateBoin(const BoinSimulationOptions& o) {
  o.Validate();
  BoinOptions table_options = o.design;
  table_options.nmax = o.design.ncohort * o.design.cohortsize;
  const BoinBoundaries b = BoinBoundary(table_options);
  const std::size_t k = o.truth.size();
  const TrialSums s =
      RunTrials(o.control, 3 * k + 4, 3 * k + 2, 3 * k + 3, [&] { return BoinTrial(o, b); });
  BoinOc oc;
  oc.trials = o.control.trials;
  for (std::size_t d = 0; d < k; ++d) {
    oc.select.push_back(s.Estimate(d, oc.trials));
    oc.patients.push_back(s.Estimate(k + d, oc.trials));
    oc.dlts.push_back(s.Estimate(2 * k + d, oc.trials));
  }
  oc.no_mtd = s.Estimate(3 * k, oc.trials);
  oc.early_stop = s.Estimate(3 * k + 1, oc.trials);
  oc.total_patients = s.Estimate(3 * k + 2, oc.trials);
  oc.total_dlts = s.Estimate(3 * k + 3, oc.trials);
  oc.dlt_rate = Ratio(s, 3 * k + 3, 3 * k + 2, oc.trials);
  return oc;
}

nlohmann::json BoinOc::ToJson() const {
  const auto list = [](const std::vector<McEstimate>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const McEstimate& e : v) out.push_back(e.ToJson());
    return out;
  };
  return {{"method", "BOIN trials as BOIN::get.oc (Monte Carlo; se = standard error)"},
          {"trials", trials},
          {"select", list(select)},
          {"patients", list(patients)},
          {"dlts", list(dlts)},
          {"no_mtd", no_mtd.ToJson()},
          {"early_stop", early_stop.ToJson()},
          {"total_patients", total_patients.ToJson()},
          {"total_dlts", total_dlts.ToJson()},
          {"dlt_rate", dlt_rate.ToJson()}};
}

void SimonSimulationOptions::Validate() const {
  Require(n1 >= 1 && n1 < n && n <= 10000, kSimonSim, "n1", n1, "must be in [1, n)");
  Require(r1 >= 0 && r1 < n1, kSimonSim, "r1", r1, "must be in [0, n1)");
  Require(r >= r1 && r <= n, kSimonSim, "r", r, "must be in [r1, n]");
  Require(truth >= 0 && truth <= 1, kSimonSim, "truth", truth, "must be in [0, 1]");
  control.Validate(kSimonSim);
}

SimonOc SimulateSimon(const SimonSimulationOptions& o) {
  o.Validate();
  // q: early stop, declare activity, patients, responses.
  const auto make = [&o] {
    return [&o](std::int64_t trial, std::vector<std::int64_t>& q) {
      core::Rng rng(TrialSeed(o.control.seed, static_cast<std::uint64_t>(trial)));
      int x = 0;
      for (int i = 0; i < o.n1; ++i) x += rng.Uniform() < o.truth;
      const bool stop = x <= o.r1;
      if (!stop) {
        for (int i = o.n1; i < o.n; ++i) x += rng.Uniform() < o.truth;
      }
      q = {stop, !stop && x > o.r, stop ? o.n1 : o.n, x};
    };
  };
  const TrialSums s = RunTrials(o.control, 4, 0, 1, make);
  SimonOc oc;
  oc.trials = o.control.trials;
  oc.early_stop = s.Estimate(0, oc.trials);
  oc.declare_activity = s.Estimate(1, oc.trials);
  oc.patients = s.Estimate(2, oc.trials);
  oc.responses = s.Estimate(3, oc.trials);
  // Exact values at the true rate (p0 = p1 = truth gives both tails at it).
  const SimonDesign exact = EvaluateSimon(o.r1, o.n1, o.r, o.n, o.truth, o.truth);
  oc.exact_early_stop = exact.pet0;
  oc.exact_declare_activity = exact.alpha;
  oc.exact_patients = exact.en0;
  return oc;
}

nlohmann::json SimonOc::ToJson() const {
  return {{"method", "Simon two-stage trials (Monte Carlo; se = standard error)"},
          {"trials", trials},
          {"early_stop", early_stop.ToJson()},
          {"declare_activity", declare_activity.ToJson()},
          {"patients", patients.ToJson()},
          {"responses", responses.ToJson()},
          {"exact",
           {{"early_stop", exact_early_stop},
            {"declare_activity", exact_declare_activity},
            {"patients", exact_patients}}}};
}

}  // namespace pioneer::design
