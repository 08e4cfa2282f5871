// G-rho tests as R's survdiff (survival 3.5: survdiff.fit / survdiff2.c).
#include "pioneer/stats/logrank.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/core/table.h"
#include "sort_by_time.h"

namespace pioneer::stats {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// One row of a stratum: contiguous, so that sorting and the risk-set walk
// stay in cache (an index sort with indirect comparisons does not).
struct Record {
  double time;
  int event;
  int group;
};

// One stratum (records sorted by time), accumulating into o, e, v.
void AddStratum(const std::vector<Record>& rows, double rho, VectorXd& o, VectorXd& e,
                MatrixXd& v) {
  const std::size_t n = rows.size();
  const auto k = o.size();
  // Left-continuous pooled Kaplan-Meier for the weights.
  std::vector<double> kaplan(rho != 0 ? n : 0, 1.0);
  if (rho != 0) {
    double km = 1;
    for (std::size_t i = 0; i < n;) {
      const double nrisk = static_cast<double>(n - i);
      double deaths = 0;
      std::size_t j = i;
      for (; j < n && rows[j].time == rows[i].time; ++j) {
        kaplan[j] = km;
        deaths += rows[j].event;
      }
      km *= (nrisk - deaths) / nrisk;
      i = j;
    }
  }
  VectorXd risk = VectorXd::Zero(k);
  for (std::size_t i = n; i > 0;) {
    const std::size_t last = i - 1;
    const double wt = rho == 0 ? 1.0 : std::pow(kaplan[last], rho);
    double deaths = 0;
    std::size_t j = i;
    for (; j > 0 && rows[j - 1].time == rows[last].time; --j) {
      const Record& r = rows[j - 1];
      risk[r.group] += 1;
      deaths += r.event;
      o[r.group] += r.event * wt;
    }
    i = j;
    const double nrisk = static_cast<double>(n - i);
    if (deaths == 0) continue;
    e += (wt * deaths / nrisk) * risk;
    if (nrisk == 1) continue;
    const double w2 = wt * wt;
    for (Eigen::Index a = 0; a < k; ++a) {
      const double tmp = w2 * deaths * risk[a] * (nrisk - deaths) / (nrisk * (nrisk - 1));
      v(a, a) += tmp;
      for (Eigen::Index b = 0; b < k; ++b) v(a, b) -= tmp * risk[b] / nrisk;
    }
  }
}

std::vector<double> TrendScores(const Factor& group, const std::vector<std::size_t>& used,
                                const LogRankOptions& options) {
  std::vector<double> scores;
  for (std::size_t g : used) {
    if (!options.trend_scores.empty()) {
      scores.push_back(options.trend_scores[g]);
    } else if (auto v = core::ParseDouble(group.levels[g])) {
      scores.push_back(*v);
    } else {
      scores.clear();
      break;
    }
  }
  if (scores.size() != used.size()) {
    scores.resize(used.size());
    std::iota(scores.begin(), scores.end(), 1.0);
  }
  return scores;
}

}  // namespace

void LogRankOptions::Validate() const {
  if (!std::isfinite(rho)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("LogRankOptions.rho = {} must be finite", rho));
  }
}

LogRankResult LogRank(const SurvivalData& input, const Factor& group, const Factor& strata,
                      const LogRankOptions& options) {
  input.Validate();
  const SurvivalData data = options.timefix ? AeqSurv(input) : input;
  options.Validate();
  if (group.size() != data.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("group has {} values for {} rows", group.size(), data.size()));
  }
  if (!options.trend_scores.empty() && options.trend_scores.size() != group.levels.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("LogRankOptions.trend_scores has {} values for {} groups",
                            options.trend_scores.size(), group.levels.size()));
  }
  // Keep the levels that occur (R's strata() drops empty levels).
  const auto counts = group.Counts();
  std::vector<std::size_t> used;
  std::vector<int> code_of(group.levels.size(), -1);
  for (std::size_t g = 0; g < counts.size(); ++g) {
    if (counts[g] == 0) continue;
    code_of[g] = static_cast<int>(used.size());
    used.push_back(g);
  }
  const int nstrata = strata.codes.empty() || data.size() == 0
                          ? 1
                          : *std::max_element(strata.codes.begin(), strata.codes.end()) + 1;
  std::vector<std::vector<Record>> rows(static_cast<std::size_t>(nstrata));
  for (std::size_t i = 0; i < data.size(); ++i) {
    const int s = strata.codes.empty() ? 0 : strata.codes[i];
    rows[static_cast<std::size_t>(s)].push_back(
        {data.time[i], data.event[i], code_of[static_cast<std::size_t>(group.codes[i])]});
  }
  const auto k = static_cast<Eigen::Index>(used.size());
  VectorXd o = VectorXd::Zero(k), e = VectorXd::Zero(k);
  MatrixXd v = MatrixXd::Zero(k, k);
  for (auto& r : rows) {
    internal::SortByTime(r);
    AddStratum(r, options.rho, o, e, v);
  }
  LogRankResult res;
  res.rho = options.rho;
  for (std::size_t g : used) {
    res.groups.push_back(group.levels[g]);
    res.n.push_back(static_cast<double>(counts[g]));
  }
  res.observed.assign(o.data(), o.data() + k);
  res.expected.assign(e.data(), e.data() + k);
  res.variance.assign(static_cast<std::size_t>(k),
                      std::vector<double>(static_cast<std::size_t>(k)));
  for (Eigen::Index a = 0; a < k; ++a)
    for (Eigen::Index b = 0; b < k; ++b)
      res.variance[static_cast<std::size_t>(a)][static_cast<std::size_t>(b)] = v(a, b);
  // survdiff: drop groups with no expected events and the first remaining one.
  std::vector<Eigen::Index> keep;
  for (Eigen::Index a = 0; a < k; ++a)
    if (e[a] > 0) keep.push_back(a);
  res.df = static_cast<double>(keep.size()) - 1;
  if (keep.size() >= 2) {
    const auto m = static_cast<Eigen::Index>(keep.size()) - 1;
    VectorXd d(m);
    MatrixXd vv(m, m);
    for (Eigen::Index a = 0; a < m; ++a) {
      d[a] = o[keep[static_cast<std::size_t>(a + 1)]] - e[keep[static_cast<std::size_t>(a + 1)]];
      for (Eigen::Index b = 0; b < m; ++b)
        vv(a, b) = v(keep[static_cast<std::size_t>(a + 1)], keep[static_cast<std::size_t>(b + 1)]);
    }
    res.chisq = d.dot(vv.partialPivLu().solve(d));
  }
  res.p = ChiSquareUpperTail(res.chisq, res.df);
  const std::vector<double> scores = TrendScores(group, used, options);
  const VectorXd w = Eigen::Map<const VectorXd>(scores.data(), k);
  const double ut = w.dot(o - e), vt = w.dot(v * w);
  res.trend_chisq = ut * ut / vt;
  res.trend_p = ChiSquareUpperTail(res.trend_chisq, 1);
  return res;
}

nlohmann::json LogRankResult::ToJson() const {
  return {{"rho", rho},
          {"groups", groups},
          {"n", n},
          {"observed", JsonNumbers(observed)},
          {"expected", JsonNumbers(expected)},
          {"chisq", JsonNumber(chisq)},
          {"df", df},
          {"p", JsonNumber(p)},
          {"trend",
           {{"chisq", JsonNumber(trend_chisq)}, {"df", trend_df}, {"p", JsonNumber(trend_p)}}}};
}

}  // namespace pioneer::stats
