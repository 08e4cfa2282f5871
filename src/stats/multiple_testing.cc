// p-value adjustment, formula for formula as R's p.adjust (stats 4.2).
#include "pioneer/stats/multiple_testing.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

// Step-down (Holm) or step-up (Hochberg, BH, BY) adjustment of the sorted
// p-values: factor(i) multiplies the i-th p-value in the processing order.
template <class Factor>
std::vector<double> Monotone(const std::vector<double>& p, bool step_up, Factor factor) {
  const std::size_t n = p.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  // Ascending for step-down, descending for step-up (stable, as R's order()).
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return step_up ? p[a] > p[b] : p[a] < p[b];
  });
  std::vector<double> adjusted(n);
  double running = step_up ? std::numeric_limits<double>::infinity() : 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double value = factor(i) * p[order[i]];
    running = step_up ? std::min(running, value) : std::max(running, value);
    adjusted[order[i]] = std::min(1.0, running);
  }
  return adjusted;
}

std::vector<double> AdjustComplete(const std::vector<double>& p, PAdjustMethod method) {
  const double n = static_cast<double>(p.size());
  switch (method) {
    case PAdjustMethod::kBonferroni: {
      std::vector<double> out(p.size());
      for (std::size_t i = 0; i < p.size(); ++i) out[i] = std::min(1.0, n * p[i]);
      return out;
    }
    case PAdjustMethod::kHolm:  // (n - i + 1) p_(i), i = 1..n ascending
      return Monotone(p, false, [n](std::size_t i) { return n - static_cast<double>(i); });
    case PAdjustMethod::kHochberg:  // i = n..1 over descending p: (n - i + 1)
      return Monotone(p, true, [](std::size_t i) { return static_cast<double>(i) + 1; });
    case PAdjustMethod::kBH:  // n / i over descending p, i = n..1
      return Monotone(p, true, [n](std::size_t i) { return n / (n - static_cast<double>(i)); });
    case PAdjustMethod::kBY: {
      double q = 0;
      for (double k = 1; k <= n; ++k) q += 1 / k;
      return Monotone(p, true,
                      [n, q](std::size_t i) { return q * n / (n - static_cast<double>(i)); });
    }
  }
  return p;
}

}  // namespace

PAdjustMethod ParsePAdjustMethod(const std::string& name) {
  return core::ParseEnum(kPAdjustMethodNames, name, "p_adjust");
}

std::string ToString(PAdjustMethod method) {
  return std::string(core::EnumName(kPAdjustMethodNames, method));
}

std::vector<double> AdjustPValues(const std::vector<double>& p, PAdjustMethod method) {
  std::vector<double> present;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) continue;
    if (p[i] < 0 || p[i] > 1) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("p-value {} at position {} is outside [0, 1]", p[i], i + 1));
    }
    present.push_back(p[i]);
  }
  const std::vector<double> adjusted = AdjustComplete(present, method);
  std::vector<double> out(p.size(), std::nan(""));
  std::size_t next = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!std::isnan(p[i])) out[i] = adjusted[next++];
  }
  return out;
}

}  // namespace pioneer::stats
