// Differential abundance and state tests (abundance.h).
#include "pioneer/cytometry/abundance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"
#include "pioneer/stats/multiple_testing.h"

namespace pioneer::cytometry {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Two-sided p-value of a t statistic.
double TwoSidedT(double t, double df) { return 2 * stats::Pt(-std::abs(t), df); }

// Benjamini-Hochberg adjusted p-values (R p.adjust "BH"); NaN stays NaN.
std::vector<double> AdjustBH(const std::vector<double>& p) {
  return stats::AdjustPValues(p, stats::PAdjustMethod::kBH);
}

std::string Num(double v) { return std::isnan(v) ? "NA" : fmt::format("{:.6g}", v); }

// Two-sample t test with pooled variance (R t.test(var.equal = TRUE)).
void PooledT(const std::vector<double>& a, const std::vector<double>& b, DsRow& row) {
  row.n_reference = a.size();
  row.n_other = b.size();
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? kNaN : s / static_cast<double>(v.size());
  };
  row.mean_reference = mean(a);
  row.mean_other = mean(b);
  row.difference = row.mean_other - row.mean_reference;
  const double df = static_cast<double>(a.size() + b.size()) - 2;
  row.t = row.p = kNaN;
  if (a.empty() || b.empty() || df < 1) return;
  double ss = 0;
  for (double x : a) ss += (x - row.mean_reference) * (x - row.mean_reference);
  for (double x : b) ss += (x - row.mean_other) * (x - row.mean_other);
  const double se = std::sqrt(
      ss / df * (1.0 / static_cast<double>(a.size()) + 1.0 / static_cast<double>(b.size())));
  if (!(se > 0)) return;
  row.t = row.difference / se;
  row.p = TwoSidedT(row.t, df);
}

}  // namespace

DaRow QuasiBinomialTwoGroups(const std::vector<double>& counts, const std::vector<double>& totals,
                             const std::vector<int>& group) {
  // With one binary covariate the binomial MLE is the pooled proportion of
  // each group; the group coefficient is the difference of their logits.
  DaRow row;
  double c[2] = {0, 0}, n[2] = {0, 0};
  std::size_t m[2] = {0, 0};
  for (std::size_t i = 0; i < counts.size(); ++i) {
    c[group[i]] += counts[i];
    n[group[i]] += totals[i];
    m[group[i]] += 1;
  }
  const double p0 = c[0] / n[0], p1 = c[1] / n[1];
  row.frequency_reference = p0;
  row.frequency_other = p1;
  row.log_odds_ratio = row.se = row.t = row.p = row.dispersion = kNaN;
  const double df = static_cast<double>(counts.size()) - 2;
  if (!(p0 > 0 && p0 < 1 && p1 > 0 && p1 < 1) || df < 1) return row;
  double pearson = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double p = group[i] ? p1 : p0;
    const double mu = totals[i] * p;
    pearson += (counts[i] - mu) * (counts[i] - mu) / (totals[i] * p * (1 - p));
  }
  row.dispersion = pearson / df;
  row.log_odds_ratio = std::log(p1 / (1 - p1)) - std::log(p0 / (1 - p0));
  row.se = std::sqrt(row.dispersion * (1 / (n[0] * p0 * (1 - p0)) + 1 / (n[1] * p1 * (1 - p1))));
  row.t = row.log_odds_ratio / row.se;
  row.p = TwoSidedT(row.t, df);
  (void)m;
  return row;
}

std::size_t AbundanceResult::da_significant(double alpha) const {
  return static_cast<std::size_t>(
      std::count_if(da.begin(), da.end(), [&](const DaRow& r) { return r.fdr < alpha; }));
}
std::size_t AbundanceResult::ds_significant(double alpha) const {
  return static_cast<std::size_t>(
      std::count_if(ds.begin(), ds.end(), [&](const DsRow& r) { return r.fdr < alpha; }));
}

AbundanceResult TestAbundance(const core::Table& counts, const core::Table& medians,
                              const core::Table& samples, const AbundanceOptions& options) {
  DiagnosticCollector problems;
  core::CellReader sample_reader(samples, problems);
  const std::size_t file_col = samples.Require(options.file_column);
  const std::size_t group_col = samples.Require(options.group_column);
  std::map<std::string, std::string> group_of;
  for (std::size_t r = 0; r < samples.rows(); ++r) {
    const auto file = sample_reader.RequiredText(r, file_col);
    const auto group = sample_reader.RequiredText(r, group_col);
    if (file && group && !group_of.emplace(*file, *group).second) {
      problems.Add(samples.At(r, file_col, "file listed twice"));
    }
  }
  problems.ThrowIfAny();
  std::set<std::string> level_set;
  for (const auto& [f, g] : group_of) level_set.insert(g);
  AbundanceResult result;
  result.levels.assign(level_set.begin(), level_set.end());
  if (result.levels.size() != 2) {
    throw InputError(Diagnostic{.file = samples.source(),
                                .line = 0,
                                .column = 0,
                                .message = fmt::format("column {} has {} levels; two are needed",
                                                       options.group_column, result.levels.size()),
                                .raw = ""});
  }
  if (options.reference) {
    if (!level_set.contains(*options.reference)) {
      throw UsageError(
          fmt::format("reference {}: not a level of {}", *options.reference, options.group_column));
    }
    if (result.levels[0] != *options.reference) std::swap(result.levels[0], result.levels[1]);
  }
  // Counts per (metacluster, file) and totals per file.
  core::CellReader count_reader(counts, problems);
  const std::size_t cf = counts.Require("file"), cm = counts.Require("metacluster"),
                    cc = counts.Require("count");
  std::map<int, std::map<std::string, double>> by_meta;
  std::map<std::string, double> totals;
  for (std::size_t r = 0; r < counts.rows(); ++r) {
    const auto file = count_reader.RequiredText(r, cf);
    const auto meta = count_reader.Integer(r, cm);
    const auto count = count_reader.Number(r, cc);
    if (!file || !meta || !count) continue;
    if (!group_of.contains(*file)) {
      problems.Add(
          counts.At(r, cf, fmt::format("file is not in the samples table {}", samples.source())));
      continue;
    }
    by_meta[static_cast<int>(*meta)][*file] += *count;
    totals[*file] += *count;
  }
  problems.ThrowIfAny();
  for (const auto& [file, group] : group_of) {
    if (!totals.contains(file)) {
      throw InputError(
          Diagnostic{.file = samples.source(),
                     .line = 0,
                     .column = 0,
                     .message = fmt::format("file {} has no counts in {}", file, counts.source()),
                     .raw = ""});
    }
    result.n_samples[group == result.levels[0] ? 0 : 1] += 1;
  }
  std::vector<double> p_da;
  for (const auto& [meta, files] : by_meta) {
    std::vector<double> y, n;
    std::vector<int> g;
    for (const auto& [file, total] : totals) {
      const auto it = files.find(file);
      y.push_back(it == files.end() ? 0 : it->second);
      n.push_back(total);
      g.push_back(group_of[file] == result.levels[0] ? 0 : 1);
    }
    DaRow row = QuasiBinomialTwoGroups(y, n, g);
    row.metacluster = meta;
    result.da.push_back(row);
    p_da.push_back(row.p);
  }
  const auto fdr_da = AdjustBH(p_da);
  for (std::size_t i = 0; i < result.da.size(); ++i) result.da[i].fdr = fdr_da[i];
  // DS on the sample medians.
  core::CellReader median_reader(medians, problems);
  const std::size_t mf = medians.Require("file"), mm = medians.Require("metacluster"),
                    mk = medians.Require("marker"), mv = medians.Require("median");
  std::map<std::pair<int, std::string>, std::vector<double>> values[2];
  std::vector<std::pair<int, std::string>> keys;
  for (std::size_t r = 0; r < medians.rows(); ++r) {
    const auto file = median_reader.RequiredText(r, mf);
    const auto meta = median_reader.Integer(r, mm);
    const auto marker = median_reader.RequiredText(r, mk);
    if (!file || !meta || !marker) continue;
    if (!group_of.contains(*file)) {
      problems.Add(
          medians.At(r, mf, fmt::format("file is not in the samples table {}", samples.source())));
      continue;
    }
    const std::pair<int, std::string> key{static_cast<int>(*meta), *marker};
    if (!values[0].contains(key) && !values[1].contains(key)) keys.push_back(key);
    values[0][key];
    values[1][key];
    if (core::IsMissing(medians.cell(r, mv))) continue;  // no cells of the sample there
    const auto v = median_reader.Number(r, mv);
    if (v) values[group_of[*file] == result.levels[0] ? 0 : 1][key].push_back(*v);
  }
  problems.ThrowIfAny();
  std::vector<double> p_ds;
  for (const auto& key : keys) {
    DsRow row;
    row.metacluster = key.first;
    row.marker = key.second;
    PooledT(values[0][key], values[1][key], row);
    result.ds.push_back(row);
    p_ds.push_back(row.p);
  }
  const auto fdr_ds = AdjustBH(p_ds);
  for (std::size_t i = 0; i < result.ds.size(); ++i) result.ds[i].fdr = fdr_ds[i];
  return result;
}

std::string AbundanceTsv(const AbundanceResult& r) {
  std::string out = fmt::format(
      "metacluster\tfrequency_{}\tfrequency_{}\tlog_odds_ratio\tse\tt\tdispersion\tp\tfdr\n",
      r.levels[0], r.levels[1]);
  for (const DaRow& d : r.da) {
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", d.metacluster,
                       Num(d.frequency_reference), Num(d.frequency_other), Num(d.log_odds_ratio),
                       Num(d.se), Num(d.t), Num(d.dispersion), Num(d.p), Num(d.fdr));
  }
  return out;
}

std::string StateTsv(const AbundanceResult& r) {
  std::string out =
      fmt::format("metacluster\tmarker\tmedian_{}\tmedian_{}\tdifference\tt\tn_{}\tn_{}\tp\tfdr\n",
                  r.levels[0], r.levels[1], r.levels[0], r.levels[1]);
  for (const DsRow& d : r.ds) {
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", d.metacluster, d.marker,
                       Num(d.mean_reference), Num(d.mean_other), Num(d.difference), Num(d.t),
                       d.n_reference, d.n_other, Num(d.p), Num(d.fdr));
  }
  return out;
}

}  // namespace pioneer::cytometry
