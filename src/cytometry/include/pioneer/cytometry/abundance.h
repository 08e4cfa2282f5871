// File: pioneer/cytometry/abundance.h
// Differential abundance (DA) and state (DS) of metaclusters between two
// groups of samples, in the spirit of diffcyt (Weber et al. 2019):
//  - DA: per metacluster, a quasi-binomial GLM (logit link) of the sample's
//    count out of its total events on the group, as R's
//    glm(cbind(count, total - count) ~ group, family = quasibinomial);
//    the dispersion is Pearson's X^2 / residual df and the test is the
//    t statistic of the group coefficient on the residual df;
//  - DS: per metacluster and marker, sample medians compared with a
//    two-sample t test (pooled variance, as a linear model on group);
// Benjamini-Hochberg FDR within DA and within DS. No I/O: tables in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/table.h"

namespace pioneer::cytometry {

struct AbundanceOptions {
  std::string group_column;
  std::string file_column = "file";
  std::optional<std::string> reference;  // default: first level in sorted order
};

struct DaRow {
  int metacluster = 0;
  double frequency_reference = 0, frequency_other = 0;  // pooled count / pooled total
  double log_odds_ratio = 0;  // other vs reference (NaN when a group has 0 or all events)
  double se = 0, t = 0, p = 0, fdr = 0;
  double dispersion = 0;
};

struct DsRow {
  int metacluster = 0;
  std::string marker;
  double mean_reference = 0, mean_other = 0;  // mean of sample medians
  double difference = 0, t = 0, p = 0, fdr = 0;
  std::size_t n_reference = 0, n_other = 0;  // samples with cells in the metacluster
};

struct AbundanceResult {
  std::vector<std::string> levels;  // [reference, other]
  std::size_t n_samples[2] = {0, 0};
  std::vector<DaRow> da;
  std::vector<DsRow> ds;
  std::size_t da_significant(double alpha) const;
  std::size_t ds_significant(double alpha) const;
};

// counts: frequencies.tsv (file, metacluster, count); medians: medians.tsv
// (file, metacluster, marker, median); samples: one row per file with the
// file and group columns. Throws InputError (file:line:column) for unknown
// files, missing groups, a group with other than two levels, bad numbers.
AbundanceResult TestAbundance(const core::Table& counts, const core::Table& medians,
                              const core::Table& samples, const AbundanceOptions& options);

// Quasi-binomial GLM of counts/totals on a 0/1 group (exposed for tests).
DaRow QuasiBinomialTwoGroups(const std::vector<double>& counts, const std::vector<double>& totals,
                             const std::vector<int>& group);

std::string AbundanceTsv(const AbundanceResult& r);
std::string StateTsv(const AbundanceResult& r);

}  // namespace pioneer::cytometry
