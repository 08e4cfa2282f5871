// Harrell's concordance of a Cox risk score with the infinitesimal-jackknife
// standard error, as survival::concordancefit (survival 3.5, C routine
// concordance3) computes it for coxph (timewt = "n", reverse = TRUE,
// unit case weights). Pairs are compared within strata; a death is
// comparable with everyone whose time is larger, and with those censored at
// its own time. Counting uses Fenwick trees over the ranks of the score:
// O(n log n).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "cox_internal.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

class RankTree {
 public:
  explicit RankTree(std::size_t size) : node_(size, 0.0), fenwick_(size + 1, 0.0) {}
  void Add(std::size_t rank, double weight) {
    node_[rank] += weight;
    total_ += weight;
    for (std::size_t i = rank + 1; i < fenwick_.size(); i += i & (~i + 1)) fenwick_[i] += weight;
  }
  // Weights with rank below, above and equal to `rank`.
  void Sums(std::size_t rank, double& less, double& greater, double& equal) const {
    double prefix = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) prefix += fenwick_[i];
    less = prefix;
    equal = node_[rank];
    greater = total_ - prefix - equal;
  }

 private:
  std::vector<double> node_, fenwick_;
  double total_ = 0;
};

// Counts and per-subject influence (pairs each subject belongs to) of one
// stratum; columns of `influence`: concordant, discordant, tied on x.
void CountStratum(const SurvivalData& data, const std::vector<double>& risk,
                  std::vector<std::size_t> rows, double count[5],
                  std::vector<std::array<double, 3>>& influence) {
  // order(-time, status, risk)
  std::sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    if (data.time[a] != data.time[b]) return data.time[a] > data.time[b];
    if (data.event[a] != data.event[b]) return data.event[a] < data.event[b];
    return risk[a] < risk[b];
  });
  std::vector<double> unique_risk;
  for (std::size_t r : rows) unique_risk.push_back(risk[r]);
  std::sort(unique_risk.begin(), unique_risk.end());
  unique_risk.erase(std::unique(unique_risk.begin(), unique_risk.end()), unique_risk.end());
  auto rank_of = [&](std::size_t r) {
    return static_cast<std::size_t>(
        std::lower_bound(unique_risk.begin(), unique_risk.end(), risk[r]) - unique_risk.begin());
  };
  RankTree all(unique_risk.size()), deaths(unique_risk.size());
  double less = 0, greater = 0, equal = 0;
  auto subtract_deaths = [&](std::size_t r) {
    deaths.Sums(rank_of(r), less, greater, equal);
    influence[r][0] -= less;
    influence[r][1] -= greater;
    influence[r][2] -= equal;
  };
  for (std::size_t i = 0; i < rows.size();) {
    const std::size_t ii = rows[i];
    if (data.event[ii] == 0) {
      subtract_deaths(ii);
      all.Add(rank_of(ii), 1);
      ++i;
      continue;
    }
    std::size_t j = i;
    double dwt = 0, dwt2 = 0;
    double xsave = risk[ii];
    for (; j < rows.size() && data.time[rows[j]] == data.time[ii]; ++j) {
      const std::size_t jj = rows[j];
      count[3] += dwt;  // tied on y
      dwt += 1;
      if (risk[jj] != xsave) {
        dwt2 = 0;
        xsave = risk[jj];
      }
      count[4] += dwt2;  // tied on x and y
      dwt2 += 1;
      all.Sums(rank_of(jj), less, greater, equal);
      count[0] += greater;
      count[1] += less;
      count[2] += equal;
      influence[jj][0] += greater;
      influence[jj][1] += less;
      influence[jj][2] += equal;
      deaths.Add(rank_of(jj), 1);
    }
    for (std::size_t k = i; k < j; ++k) {
      subtract_deaths(rows[k]);
      all.Add(rank_of(rows[k]), 1);
    }
    i = j;
  }
  for (std::size_t r : rows) {
    deaths.Sums(rank_of(r), less, greater, equal);
    influence[r][0] += less;
    influence[r][1] += greater;
    influence[r][2] += equal;
  }
}

}  // namespace

Concordance ConcordanceIndex(const SurvivalData& data, const std::vector<double>& risk,
                             const Factor& strata) {
  data.Validate();
  if (risk.size() != data.size()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("risk has {} values for {} rows", risk.size(), data.size()));
  }
  const std::vector<int> codes = internal::StrataCodes(strata, data.size());
  const int nstrata = codes.empty() ? 0 : *std::max_element(codes.begin(), codes.end()) + 1;
  std::vector<std::vector<std::size_t>> rows(static_cast<std::size_t>(nstrata));
  for (std::size_t i = 0; i < codes.size(); ++i)
    rows[static_cast<std::size_t>(codes[i])].push_back(i);
  double count[5] = {0, 0, 0, 0, 0};
  std::vector<std::array<double, 3>> influence(data.size(), {0.0, 0.0, 0.0});
  for (auto& r : rows) {
    if (!r.empty()) CountStratum(data, risk, std::move(r), count, influence);
  }
  count[3] -= count[4];
  const double npair = count[0] + count[1] + count[2];
  const double somer = (count[0] - count[1]) / npair;
  double var = 0;
  for (const auto& f : influence) {
    const double dfbeta = (f[0] - f[1]) / npair - (somer / npair) * (f[0] + f[1] + f[2]);
    var += dfbeta * dfbeta;
  }
  // reverse = TRUE: a larger Cox risk score predicts a shorter time.
  Concordance c;
  c.value = 1 - (somer + 1) / 2;
  c.se = std::sqrt(var / 4);
  c.concordant = count[1];
  c.discordant = count[0];
  c.tied_x = count[2];
  c.tied_y = count[3];
  c.tied_xy = count[4];
  return c;
}

nlohmann::json Concordance::ToJson() const {
  return {{"value", JsonNumber(value)}, {"se", JsonNumber(se)}, {"concordant", concordant},
          {"discordant", discordant},   {"tied_x", tied_x},     {"tied_y", tied_y},
          {"tied_xy", tied_xy}};
}

}  // namespace pioneer::stats
