#include "pioneer/invivo/mrecist.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "pioneer/core/error.h"

namespace pioneer::invivo {

std::string ToString(MRecistClass c) {
  switch (c) {
    case MRecistClass::kCR:
      return "mCR";
    case MRecistClass::kPR:
      return "mPR";
    case MRecistClass::kSD:
      return "mSD";
    case MRecistClass::kPD:
      return "mPD";
  }
  return "mPD";
}

void MRecistOptions::Validate() const {
  if (!(cr_best_response <= pr_best_response && pr_best_response <= sd_best_response) ||
      !(cr_best_average <= pr_best_average && pr_best_average <= sd_best_average)) {
    throw UsageError(
        fmt::format("mRECIST thresholds must be ordered CR <= PR <= SD: best response {}, {}, {}; "
                    "best average response {}, {}, {}",
                    cr_best_response, pr_best_response, sd_best_response, cr_best_average,
                    pr_best_average, sd_best_average));
  }
}

MRecistClass ClassifyMRecist(double br, double bar, const MRecistOptions& o) {
  if (br < o.cr_best_response && bar < o.cr_best_average) return MRecistClass::kCR;
  if (br < o.pr_best_response && bar < o.pr_best_average) return MRecistClass::kPR;
  if (br < o.sd_best_response && bar < o.sd_best_average) return MRecistClass::kSD;
  return MRecistClass::kPD;
}

MRecistResult MRecist(const std::vector<double>& day, const std::vector<double>& volume,
                      const MRecistOptions& o) {
  if (day.empty() || day.size() != volume.size() || !(volume.front() > 0)) {
    throw Error(ErrorCode::kFailedPrecondition,
                "mRECIST needs a curve with a positive baseline volume");
  }
  MRecistResult r;
  r.window_empty =
      std::none_of(day.begin(), day.end(), [&](double d) { return d >= o.window_start_day; });
  r.best_response_pct = std::numeric_limits<double>::infinity();
  r.best_avg_response_pct = std::numeric_limits<double>::infinity();
  double running_sum = 0;
  for (std::size_t i = 0; i < day.size(); ++i) {
    const double change = 100.0 * (volume[i] - volume.front()) / volume.front();
    running_sum += change;
    if (!r.window_empty && day[i] < o.window_start_day) continue;
    r.best_response_pct = std::min(r.best_response_pct, change);
    r.best_avg_response_pct =
        std::min(r.best_avg_response_pct, running_sum / static_cast<double>(i + 1));
  }
  r.response = ClassifyMRecist(r.best_response_pct, r.best_avg_response_pct, o);
  return r;
}

std::vector<CurveResponse> MRecistAll(const GrowthData& data, const MRecistOptions& options) {
  options.Validate();
  std::vector<CurveResponse> out;
  out.reserve(data.curves.size());
  for (const Curve& c : data.curves) out.push_back({&c, MRecist(c.day, c.volume, options)});
  return out;
}

}  // namespace pioneer::invivo
