// File: src/biomarkers/screen.cc
#include "pioneer/biomarkers/screen.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pioneer/biomarkers/parallel.h"
#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"
#include "pioneer/stats/cox.h"
#include "pioneer/stats/logistic.h"
#include "pioneer/stats/logrank.h"
#include "pioneer/stats/multiple_testing.h"
#include "pioneer/stats/rank_tests.h"

namespace pioneer::biomarkers {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> Standardize(std::vector<double> x) {
  const double n = static_cast<double>(x.size());
  const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
  double ss = 0;
  for (double v : x) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / (n - 1));
  for (double& v : x) v = sd > 0 ? (v - mean) / sd : 0.0;
  return x;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Wilcoxon p (and AUC) of x among positives vs negatives.
double WilcoxonP(const std::vector<double>& x, const std::vector<double>& y, double* auc) {
  std::vector<double> pos, neg;
  for (std::size_t i = 0; i < x.size(); ++i) (y[i] == 1 ? pos : neg).push_back(x[i]);
  if (pos.empty() || neg.empty()) return kNaN;
  const stats::WilcoxonResult w = stats::WilcoxonRankSum(pos, neg);
  if (auc) *auc = w.w / (static_cast<double>(pos.size()) * static_cast<double>(neg.size()));
  return w.p_value;
}

void ResponseRow(const Feature& f, const std::vector<double>& outcome, ScreenRow& row) {
  std::vector<double> x, y;
  for (std::size_t i = 0; i < outcome.size(); ++i) {
    if (std::isnan(outcome[i]) || std::isnan(f.values[i])) continue;
    x.push_back(f.values[i]);
    y.push_back(outcome[i]);
  }
  row.n = x.size();
  row.n_positive = static_cast<std::size_t>(std::count(y.begin(), y.end(), 1.0));
  row.auc = row.wilcoxon_p = row.or_per_sd = row.or_lower = row.or_upper = row.logistic_p = kNaN;
  if (row.n_positive == 0 || row.n_positive == row.n) return;
  row.wilcoxon_p = WilcoxonP(x, y, &row.auc);
  const std::vector<double> z = Standardize(x);
  Eigen::MatrixXd design(static_cast<Eigen::Index>(z.size()), 1);
  Eigen::VectorXd yy(static_cast<Eigen::Index>(z.size()));
  for (std::size_t i = 0; i < z.size(); ++i) {
    design(static_cast<Eigen::Index>(i), 0) = z[i];
    yy(static_cast<Eigen::Index>(i)) = y[i];
  }
  try {
    const stats::LogisticResult fit = stats::FitLogistic(design, yy, {f.name});
    row.or_per_sd = std::exp(fit.coefficients[1]);
    row.or_lower = std::exp(fit.ci_lower[1]);
    row.or_upper = std::exp(fit.ci_upper[1]);
    row.logistic_p = fit.p_values[1];
  } catch (const Error&) {
    // constant feature: no odds ratio (NaN)
  }
}

stats::SurvivalData Survival(const std::vector<double>& time, const std::vector<double>& event,
                             const std::vector<std::size_t>& rows) {
  stats::SurvivalData d;
  for (std::size_t i : rows) {
    d.time.push_back(time[i]);
    d.event.push_back(event[i] != 0 ? 1 : 0);
  }
  return d;
}

// Cox p of the standardized feature (Wald), filling the row when given.
double CoxRow(const std::vector<double>& x, const stats::SurvivalData& d, ScreenRow* row) {
  try {
    const stats::CoxResult fit =
        stats::FitCox(d, {stats::CoxCovariate::Numeric("x", Standardize(x))});
    const stats::CoxCoefficient& c = fit.coefficients[0];
    if (row) {
      row->hr_per_sd = c.hr;
      row->hr_lower = c.hr_lower;
      row->hr_upper = c.hr_upper;
      row->cox_p = c.p;
    }
    return c.p;
  } catch (const Error&) {
    return kNaN;
  }
}

void SurvivalRow(const Feature& f, const std::vector<double>& time,
                 const std::vector<double>& event, ScreenRow& row) {
  std::vector<std::size_t> rows;
  std::vector<double> x;
  for (std::size_t i = 0; i < time.size(); ++i) {
    if (std::isnan(time[i]) || std::isnan(event[i]) || std::isnan(f.values[i])) continue;
    rows.push_back(i);
    x.push_back(f.values[i]);
  }
  row.n = rows.size();
  row.hr_per_sd = row.hr_lower = row.hr_upper = row.cox_p = row.logrank_median_p = kNaN;
  const stats::SurvivalData d = Survival(time, event, rows);
  row.events = static_cast<std::size_t>(std::count(d.event.begin(), d.event.end(), 1));
  if (row.n < 3 || row.events == 0) return;
  CoxRow(x, d, &row);
  const double median = Median(x);
  std::vector<std::string> groups;
  for (double v : x) groups.push_back(v > median ? "high" : "low");
  if (std::count(groups.begin(), groups.end(), "high") == 0) return;
  try {
    const stats::LogRankResult lr =
        stats::LogRank(d, stats::Factor::FromValues(groups), stats::Factor{});
    row.logrank_median_p = lr.p;
  } catch (const Error&) {
  }
}

std::vector<double> Adjust(const std::vector<ScreenRow>& rows, double ScreenRow::*p) {
  std::vector<double> values;
  for (const ScreenRow& r : rows) values.push_back(r.*p);
  return stats::AdjustPValues(values, stats::PAdjustMethod::kBH);
}

template <typename T>
void Shuffle(std::vector<T>& v, core::Rng& rng) {
  for (std::size_t i = v.size(); i > 1; --i)
    std::swap(v[i - 1], v[static_cast<std::size_t>(rng.Uniform() * static_cast<double>(i))]);
}

}  // namespace

std::vector<double> PermutationFdr(const std::vector<double>& observed,
                                   const std::vector<std::vector<double>>& null) {
  const std::size_t m = observed.size();
  std::vector<double> fdr(m, kNaN);
  if (null.empty()) return fdr;
  std::vector<double> pooled;
  for (const auto& perm : null) {
    for (double p : perm) {
      if (!std::isnan(p)) pooled.push_back(p);
    }
  }
  std::sort(pooled.begin(), pooled.end());
  std::vector<double> sorted_obs;
  for (double p : observed) {
    if (!std::isnan(p)) sorted_obs.push_back(p);
  }
  std::sort(sorted_obs.begin(), sorted_obs.end());
  for (std::size_t i = 0; i < m; ++i) {
    if (std::isnan(observed[i])) continue;
    const double p = observed[i];
    const double false_calls =
        static_cast<double>(std::upper_bound(pooled.begin(), pooled.end(), p) - pooled.begin()) /
        static_cast<double>(null.size());
    const double calls = static_cast<double>(
        std::upper_bound(sorted_obs.begin(), sorted_obs.end(), p) - sorted_obs.begin());
    fdr[i] = std::min(1.0, false_calls / calls);
  }
  // Monotone: the FDR at p is the smallest FDR at any p' >= p.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < m; ++i) {
    if (!std::isnan(fdr[i])) order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return observed[a] > observed[b]; });
  double running = 1;
  for (std::size_t i : order) fdr[i] = running = std::min(running, fdr[i]);
  return fdr;
}

std::vector<ScreenRow> ScreenResponse(const std::vector<Feature>& features,
                                      const std::vector<double>& outcome,
                                      const ScreenOptions& options) {
  std::vector<ScreenRow> rows(features.size());
  for (std::size_t f = 0; f < features.size(); ++f) {
    rows[f].feature = features[f].name;
    ResponseRow(features[f], outcome, rows[f]);
  }
  const std::vector<double> qw = Adjust(rows, &ScreenRow::wilcoxon_p);
  const std::vector<double> ql = Adjust(rows, &ScreenRow::logistic_p);
  std::vector<std::vector<double>> null(
      static_cast<std::size_t>(std::max(options.permutations, 0)));
  core::Rng rng(options.seed);
  for (auto& perm : null) {
    std::vector<double> shuffled = outcome;
    Shuffle(shuffled, rng);
    for (const Feature& f : features) {
      std::vector<double> x, y;
      for (std::size_t i = 0; i < shuffled.size(); ++i) {
        if (std::isnan(shuffled[i]) || std::isnan(f.values[i])) continue;
        x.push_back(f.values[i]);
        y.push_back(shuffled[i]);
      }
      perm.push_back(WilcoxonP(x, y, nullptr));
    }
  }
  std::vector<double> observed;
  for (const ScreenRow& r : rows) observed.push_back(r.wilcoxon_p);
  const std::vector<double> fdr = PermutationFdr(observed, null);
  for (std::size_t f = 0; f < rows.size(); ++f) {
    rows[f].q_wilcoxon = qw[f];
    rows[f].q_logistic = ql[f];
    rows[f].permutation_fdr = fdr[f];
  }
  return rows;
}

std::vector<ScreenRow> ScreenSurvival(const std::vector<Feature>& features,
                                      const std::vector<double>& time,
                                      const std::vector<double>& event,
                                      const ScreenOptions& options) {
  std::vector<ScreenRow> rows(features.size());
  for (std::size_t f = 0; f < features.size(); ++f) {
    rows[f].feature = features[f].name;
    SurvivalRow(features[f], time, event, rows[f]);
  }
  const std::vector<double> qc = Adjust(rows, &ScreenRow::cox_p);
  const std::vector<double> ql = Adjust(rows, &ScreenRow::logrank_median_p);
  std::vector<std::vector<double>> null(
      static_cast<std::size_t>(std::max(options.permutations, 0)));
  core::Rng rng(options.seed);
  for (auto& perm : null) {
    std::vector<std::size_t> index(time.size());
    std::iota(index.begin(), index.end(), std::size_t{0});
    Shuffle(index, rng);
    std::vector<double> pt, pe;
    for (std::size_t i : index) {
      pt.push_back(time[i]);
      pe.push_back(event[i]);
    }
    for (const Feature& f : features) {
      std::vector<std::size_t> used;
      std::vector<double> x;
      for (std::size_t i = 0; i < pt.size(); ++i) {
        if (std::isnan(pt[i]) || std::isnan(pe[i]) || std::isnan(f.values[i])) continue;
        used.push_back(i);
        x.push_back(f.values[i]);
      }
      perm.push_back(used.size() < 3 ? kNaN : CoxRow(x, Survival(pt, pe, used), nullptr));
    }
  }
  std::vector<double> observed;
  for (const ScreenRow& r : rows) observed.push_back(r.cox_p);
  const std::vector<double> fdr = PermutationFdr(observed, null);
  for (std::size_t f = 0; f < rows.size(); ++f) {
    rows[f].q_cox = qc[f];
    rows[f].q_logrank = ql[f];
    rows[f].permutation_fdr = fdr[f];
  }
  return rows;
}

}  // namespace pioneer::biomarkers
