#include "pioneer/invivo/endpoint.h"

#include <fmt/format.h>

#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::invivo {

void EndpointOptions::Validate() const {
  if (!(volume > 0) || !std::isfinite(volume)) {
    throw UsageError(fmt::format("endpoint volume {}: must be a positive volume (mm3)", volume));
  }
  if (!(fold_change >= 0) || !std::isfinite(fold_change)) {
    throw UsageError(
        fmt::format("endpoint fold change {}: must be >= 0 (0 = use the volume)", fold_change));
  }
}

std::vector<AnimalEndpoint> TimeToEndpoint(const GrowthData& data, const EndpointOptions& o) {
  o.Validate();
  std::vector<AnimalEndpoint> out;
  out.reserve(data.curves.size());
  for (const Curve& c : data.curves) {
    const double threshold = o.fold_change > 0 ? o.fold_change * c.baseline() : o.volume;
    AnimalEndpoint e{&c, c.day.back(), 0};
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (c.censored() && c.day[i] > c.censor_day) break;
      if (c.volume[i] >= threshold) {
        e.time = c.day[i];
        e.event = 1;
        break;
      }
    }
    // A non-tumour death before the endpoint censors at that day.
    if (e.event == 0 && c.censored()) e.time = c.censor_day;
    out.push_back(e);
  }
  return out;
}

EndpointResult AnalyseEndpoint(const GrowthData& data, const std::vector<std::string>& arms,
                               const EndpointOptions& options) {
  EndpointResult r;
  r.options = options;
  r.animals = TimeToEndpoint(data, options);
  stats::SurvivalData sd;
  std::vector<std::string> group;
  for (const AnimalEndpoint& a : r.animals) {
    sd.time.push_back(a.time);
    sd.event.push_back(a.event);
    group.push_back(a.curve->arm);
  }
  const stats::Factor factor = stats::Factor::WithLevels(group, arms);
  r.km = stats::KaplanMeier(sd, factor);
  std::size_t non_empty = 0;
  for (std::size_t n : factor.Counts()) non_empty += n > 0 ? 1 : 0;
  if (non_empty >= 2) {
    r.logrank = stats::LogRank(sd, factor, stats::Factor{});
    r.has_logrank = true;
  }
  return r;
}

}  // namespace pioneer::invivo
