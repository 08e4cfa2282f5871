// Fisher's exact and Pearson's chi-squared tests, as R's fisher.test and
// chisq.test (stats 4.2).
#include "pioneer/stats/contingency.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "contingency_enumeration.h"
#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "root_finding.h"

namespace pioneer::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDoubleEps = std::numeric_limits<double>::epsilon();
// Outcomes within this relative distance of the observed probability count
// as "as extreme" (fisher.test's relErr = 1 + 10^-7).
constexpr double kRelErr = 1 + 1e-7;

struct Margins {
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> cols;
  std::int64_t total = 0;
};

Margins CheckTable(const CountTable& table) {
  if (table.size() < 2 || table[0].size() < 2) {
    throw Error(ErrorCode::kInvalidArgument,
                "a contingency table needs at least 2 rows and 2 columns");
  }
  Margins m;
  m.cols.assign(table[0].size(), 0);
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].size() != table[0].size()) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("contingency table row {} has {} columns, row 1 has {}", i + 1,
                              table[i].size(), table[0].size()));
    }
    std::int64_t row = 0;
    for (std::size_t j = 0; j < table[i].size(); ++j) {
      if (table[i][j] < 0) {
        throw Error(
            ErrorCode::kInvalidArgument,
            fmt::format("negative count {} in row {}, column {}", table[i][j], i + 1, j + 1));
      }
      row += table[i][j];
      m.cols[j] += table[i][j];
    }
    m.rows.push_back(row);
    m.total += row;
  }
  if (m.total == 0) throw Error(ErrorCode::kFailedPrecondition, "contingency table has no counts");
  return m;
}

// The noncentral hypergeometric distribution of the [1,1] cell given the
// margins, as fisher.test's dnhyper / mnhyper / pnhyper closures.
class NoncentralHypergeometric {
 public:
  NoncentralHypergeometric(double m, double n, double k) : m_(m), n_(n), k_(k) {
    lo_ = std::max(0.0, k - n);
    hi_ = std::min(k, m);
    for (double x = lo_; x <= hi_; ++x) log_dc_.push_back(LogDhyper(x, m, n, k));
  }
  double lo() const { return lo_; }
  double hi() const { return hi_; }

  std::vector<double> Density(double ncp) const {
    std::vector<double> d(log_dc_.size());
    double max = -kInf;
    for (std::size_t i = 0; i < d.size(); ++i) {
      d[i] = log_dc_[i] + std::log(ncp) * (lo_ + static_cast<double>(i));
      max = std::max(max, d[i]);
    }
    double sum = 0;
    for (double& v : d) sum += v = std::exp(v - max);
    for (double& v : d) v /= sum;
    return d;
  }
  double Mean(double ncp) const {
    if (ncp == 0) return lo_;
    if (std::isinf(ncp)) return hi_;
    const std::vector<double> d = Density(ncp);
    double mean = 0;
    for (std::size_t i = 0; i < d.size(); ++i) mean += (lo_ + static_cast<double>(i)) * d[i];
    return mean;
  }
  // P[X <= q] or, upper, P[X >= q].
  double Tail(double q, double ncp, bool upper) const {
    if (ncp == 1) {
      return upper ? Phyper(q - 1, m_, n_, k_, false) : Phyper(q, m_, n_, k_);
    }
    if (ncp == 0) return upper ? (q <= lo_ ? 1 : 0) : (q >= lo_ ? 1 : 0);
    if (std::isinf(ncp)) return upper ? (q <= hi_ ? 1 : 0) : (q >= hi_ ? 1 : 0);
    const std::vector<double> d = Density(ncp);
    double sum = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
      const double s = lo_ + static_cast<double>(i);
      if (upper ? s >= q : s <= q) sum += d[i];
    }
    return sum;
  }

 private:
  double m_, n_, k_, lo_ = 0, hi_ = 0;
  std::vector<double> log_dc_;
};

using internal::Uniroot;

// Conditional MLE of the odds ratio (fisher.test's mle()).
double ConditionalMle(const NoncentralHypergeometric& h, double x) {
  if (x == h.lo()) return 0;
  if (x == h.hi()) return kInf;
  const double mu = h.Mean(1);
  if (mu > x) return Uniroot([&](double t) { return h.Mean(t) - x; }, 0, 1).root;
  if (mu < x) return 1 / Uniroot([&](double t) { return h.Mean(1 / t) - x; }, kDoubleEps, 1).root;
  return 1;
}

// Upper and lower confidence limits (fisher.test's ncp.U and ncp.L).
double UpperLimit(const NoncentralHypergeometric& h, double x, double alpha) {
  if (x == h.hi()) return kInf;
  const double p = h.Tail(x, 1, false);
  if (p < alpha) return Uniroot([&](double t) { return h.Tail(x, t, false) - alpha; }, 0, 1).root;
  if (p > alpha) {
    return 1 /
           Uniroot([&](double t) { return h.Tail(x, 1 / t, false) - alpha; }, kDoubleEps, 1).root;
  }
  return 1;
}
double LowerLimit(const NoncentralHypergeometric& h, double x, double alpha) {
  if (x == h.lo()) return 0;
  const double p = h.Tail(x, 1, true);
  if (p > alpha) return Uniroot([&](double t) { return h.Tail(x, t, true) - alpha; }, 0, 1).root;
  if (p < alpha) {
    return 1 /
           Uniroot([&](double t) { return h.Tail(x, 1 / t, true) - alpha; }, kDoubleEps, 1).root;
  }
  return 1;
}

FisherResult Fisher2x2(const CountTable& t, const FisherOptions& o) {
  const double m = static_cast<double>(t[0][0] + t[1][0]);
  const double n = static_cast<double>(t[0][1] + t[1][1]);
  const double k = static_cast<double>(t[0][0] + t[0][1]);
  const double x = static_cast<double>(t[0][0]);
  const NoncentralHypergeometric h(m, n, k);
  FisherResult r;
  r.is_2x2 = true;
  r.alternative = o.alternative;
  const double level = o.confidence;
  switch (o.alternative) {
    case Alternative::kLess:
      r.p_value = h.Tail(x, o.odds_ratio, false);
      r.conf_int = {0, UpperLimit(h, x, 1 - level), level};
      break;
    case Alternative::kGreater:
      r.p_value = h.Tail(x, o.odds_ratio, true);
      r.conf_int = {LowerLimit(h, x, 1 - level), kInf, level};
      break;
    case Alternative::kTwoSided: {
      if (o.odds_ratio == 0) {
        r.p_value = x == h.lo() ? 1 : 0;
      } else if (std::isinf(o.odds_ratio)) {
        r.p_value = x == h.hi() ? 1 : 0;
      } else {
        const std::vector<double> d = h.Density(o.odds_ratio);
        const double observed = d[static_cast<std::size_t>(x - h.lo())] * kRelErr;
        double p = 0;
        for (double v : d) p += v <= observed ? v : 0;
        r.p_value = p;
      }
      const double alpha = (1 - level) / 2;
      r.conf_int = {LowerLimit(h, x, alpha), UpperLimit(h, x, alpha), level};
      break;
    }
  }
  r.p_value = std::clamp(r.p_value, 0.0, 1.0);
  r.odds_ratio = ConditionalMle(h, x);
  return r;
}

}  // namespace

FisherResult FisherExactTest(const CountTable& table, const FisherOptions& options) {
  const Margins margins = CheckTable(table);
  CheckConfidenceLevel(options.confidence, "FisherOptions.confidence");
  if (!(options.odds_ratio >= 0)) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("FisherOptions.odds_ratio = {} must be >= 0", options.odds_ratio));
  }
  if (table.size() == 2 && table[0].size() == 2) return Fisher2x2(table, options);
  if (options.alternative != Alternative::kTwoSided) {
    throw Error(ErrorCode::kInvalidArgument,
                "a one-sided Fisher test needs a 2 x 2 table (FisherOptions.alternative)");
  }
  return internal::FisherRxC(table, margins.rows, margins.cols, options.max_tables);
}

ChiSquaredResult ChiSquaredTest(const CountTable& table, const ChiSquaredOptions& options) {
  const Margins mg = CheckTable(table);
  const std::size_t nr = table.size();
  const std::size_t nc = table[0].size();
  ChiSquaredResult r;
  const double total = static_cast<double>(mg.total);
  r.expected.assign(nr, std::vector<double>(nc));
  double min_abs_diff = kInf;
  for (std::size_t i = 0; i < nr; ++i) {
    for (std::size_t j = 0; j < nc; ++j) {
      const double e = static_cast<double>(mg.rows[i]) * static_cast<double>(mg.cols[j]) / total;
      if (e == 0) {
        throw Error(
            ErrorCode::kFailedPrecondition,
            fmt::format("row {} or column {} of the table has no counts: expected count is 0",
                        i + 1, j + 1));
      }
      r.expected[i][j] = e;
      r.expected_below_5 = r.expected_below_5 || e < 5;
      min_abs_diff = std::min(min_abs_diff, std::abs(static_cast<double>(table[i][j]) - e));
    }
  }
  r.yates = options.continuity_correction && nr == 2 && nc == 2;
  const double yates = r.yates ? std::min(0.5, min_abs_diff) : 0.0;
  for (std::size_t i = 0; i < nr; ++i) {
    for (std::size_t j = 0; j < nc; ++j) {
      const double e = r.expected[i][j];
      const double d = std::abs(static_cast<double>(table[i][j]) - e) - yates;
      r.statistic += d * d / e;
    }
  }
  r.df = static_cast<double>((nr - 1) * (nc - 1));
  r.p_value = Pchisq(r.statistic, r.df, false);
  return r;
}

nlohmann::json FisherResult::ToJson() const {
  nlohmann::json j = {
      {"test", "Fisher's exact"}, {"p_value", p_value}, {"alternative", ToString(alternative)}};
  if (is_2x2) {
    j["odds_ratio"] = JsonNumber(odds_ratio);
    j["conf_int"] = conf_int.ToJson();
  } else {
    j["tables_enumerated"] = tables_enumerated;
  }
  return j;
}

nlohmann::json ChiSquaredResult::ToJson() const {
  return {{"test", yates ? "Pearson chi-squared with Yates correction" : "Pearson chi-squared"},
          {"statistic", statistic},
          {"df", df},
          {"p_value", p_value},
          {"expected", expected},
          {"expected_below_5", expected_below_5}};
}

}  // namespace pioneer::stats
