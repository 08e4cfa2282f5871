// r x c Fisher test by enumeration (see contingency_enumeration.h). R uses
// the network algorithm of Mehta & Patel (1983, FEXACT); the p-value is the
// same quantity, computed here by visiting every table, which is fast for
// the small tables where an exact test matters.
#include "contingency_enumeration.h"

#include <fmt/format.h>

#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::stats::internal {
namespace {

class Enumerator {
 public:
  Enumerator(std::vector<std::int64_t> rows, std::vector<std::int64_t> cols, double observed_log,
             std::int64_t max_tables)
      : rows_(std::move(rows)), cols_(std::move(cols)), observed_(observed_log), max_(max_tables) {
    std::int64_t total = 0;
    for (auto r : rows_) total += r;
    log_factorial_.assign(static_cast<std::size_t>(total) + 1, 0.0);
    for (std::size_t i = 1; i < log_factorial_.size(); ++i) {
      log_factorial_[i] = log_factorial_[i - 1] + std::log(static_cast<double>(i));
    }
  }
  double LogFactorial(std::int64_t k) const { return log_factorial_[static_cast<std::size_t>(k)]; }

  // Sum over tables of exp(observed - sum log n_ij!) for tables at most as
  // likely as the observed one: the p-value divided by P(observed).
  void Run() { Column(0, 0, 0.0); }
  double ratio_sum() const { return sum_; }
  std::int64_t visited() const { return visited_; }

 private:
  // Fills column j from row i, with `left` still to place in the column and
  // `acc` the sum of log n! of the cells placed so far.
  void Column(std::size_t j, std::size_t i, double acc) {
    if (j + 1 == cols_.size()) {  // last column is forced by the row margins
      double s = acc;
      for (auto r : rows_) s += LogFactorial(r);
      Visit(s);
      return;
    }
    Cell(j, i, cols_[j], acc);
  }
  void Cell(std::size_t j, std::size_t i, std::int64_t left, double acc) {
    if (i + 1 == rows_.size()) {
      if (left > rows_[i]) return;
      rows_[i] -= left;
      Column(j + 1, 0, acc + LogFactorial(left));
      rows_[i] += left;
      return;
    }
    std::int64_t capacity_below = 0;
    for (std::size_t k = i + 1; k < rows_.size(); ++k) capacity_below += rows_[k];
    const std::int64_t low = std::max<std::int64_t>(0, left - capacity_below);
    const std::int64_t high = std::min(left, rows_[i]);
    for (std::int64_t v = low; v <= high; ++v) {
      rows_[i] -= v;
      Cell(j, i + 1, left - v, acc + LogFactorial(v));
      rows_[i] += v;
    }
  }
  void Visit(double sum_log_factorials) {
    if (++visited_ > max_) {
      throw Error(ErrorCode::kFailedPrecondition,
                  fmt::format("Fisher's exact test: more than {} tables to enumerate; the table is "
                              "too large for an exact test (FisherOptions.max_tables)",
                              max_));
    }
    // log P(table) - log P(observed) = observed_ - sum_log_factorials.
    const double log_ratio = observed_ - sum_log_factorials;
    if (log_ratio <= std::log(1 + 1e-7)) sum_ += std::exp(log_ratio);
  }

  std::vector<std::int64_t> rows_;
  std::vector<std::int64_t> cols_;
  double observed_;
  std::int64_t max_;
  std::vector<double> log_factorial_;
  double sum_ = 0;
  std::int64_t visited_ = 0;
};

}  // namespace

FisherResult FisherRxC(const CountTable& table, const std::vector<std::int64_t>& rows,
                       const std::vector<std::int64_t>& cols, std::int64_t max_tables) {
  Enumerator probe(rows, cols, 0, max_tables);
  double observed = 0;
  double log_const = -probe.LogFactorial(0);
  std::int64_t total = 0;
  for (auto r : rows) {
    log_const += probe.LogFactorial(r);
    total += r;
  }
  for (auto c : cols) log_const += probe.LogFactorial(c);
  log_const -= probe.LogFactorial(total);
  for (const auto& row : table) {
    for (auto v : row) observed += probe.LogFactorial(v);
  }
  Enumerator enumerator(rows, cols, observed, max_tables);
  enumerator.Run();
  const double log_p_observed = log_const - observed;
  FisherResult r;
  r.p_value = std::min(1.0, enumerator.ratio_sum() * std::exp(log_p_observed));
  r.tables_enumerated = enumerator.visited();
  return r;
}

}  // namespace pioneer::stats::internal
