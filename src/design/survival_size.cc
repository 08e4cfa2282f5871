// Log-rank sample size (Schoenfeld 1981; Freedman 1982) with rpact 3.3.4
// getSampleSizeSurvival's accrual, exponential survival and dropout model.
#include "pioneer/design/survival_size.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "pioneer/design/option_error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::design {
namespace {

constexpr const char* kLogrank = "LogrankOptions";

}  // namespace

EventsFormula ParseEventsFormula(const std::string& text, const char* field) {
  return core::ParseEnum(kEventsFormulaNames, text, field);
}

std::string ToString(EventsFormula f) {
  return std::string(core::EnumName(kEventsFormulaNames, f));
}

double ParseAllocation(const std::string& text) {
  const std::size_t colon = text.find(':');
  char* end = nullptr;
  const std::string a = text.substr(0, colon);
  const double experimental = std::strtod(a.c_str(), &end);
  bool ok = !a.empty() && end == a.c_str() + a.size() && experimental > 0;
  double control = 1;
  if (ok && colon != std::string::npos) {
    const std::string b = text.substr(colon + 1);
    control = std::strtod(b.c_str(), &end);
    ok = !b.empty() && end == b.c_str() + b.size() && control > 0;
  }
  if (!ok || !std::isfinite(experimental / control)) {
    throw InvalidOption(kLogrank, "allocation", text,
                        "must be E:C with positive numbers (experimental per control), e.g. 2:1");
  }
  return experimental / control;
}

void LogrankOptions::Validate() const {
  Require(hazard_ratio > 0 && hazard_ratio != 1 && std::isfinite(hazard_ratio), kLogrank,
          "hazard_ratio", hazard_ratio, "must be positive and != 1");
  Require(alpha > 0 && alpha < 1, kLogrank, "alpha", alpha, "must be in (0, 1) (two-sided)");
  Require(power > alpha / 2 && power < 1, kLogrank, "power", power, "must be in (alpha/2, 1)");
  Require(allocation > 0 && allocation <= 100, kLogrank, "allocation", allocation,
          "must be in (0, 100]");
  Require(accrual >= 0, kLogrank, "accrual", accrual, "must be >= 0 months (0: events only)");
  if (accrual > 0) {
    Require(follow_up >= 0, kLogrank, "follow_up", follow_up, "must be >= 0 months");
    Require(median_control > 0, kLogrank, "median_control", median_control,
            "must be > 0 months when accrual is given");
  }
  Require(dropout >= 0 && dropout < 1, kLogrank, "dropout", dropout, "must be in [0, 1)");
  Require(dropout_time > 0, kLogrank, "dropout_time", dropout_time, "must be > 0 months");
}

double FixedEvents(EventsFormula method, double hr, double alpha, double power, double a) {
  const double z = stats::Qnorm(1 - alpha / 2) + stats::Qnorm(power);
  if (method == EventsFormula::kSchoenfeld) {
    return z * z * (1 + a) * (1 + a) / (a * std::log(hr) * std::log(hr));
  }
  return z * z * (1 + a * hr) * (1 + a * hr) / (a * (1 - hr) * (1 - hr));
}

// Competing exponential risks: the event is seen with probability
// lambda / (lambda + phi) x P(failure of either kind by the analysis).
double EventProbability(double lambda, double phi, double accrual, double follow_up) {
  const double h = lambda + phi;
  const double unseen =
      (std::exp(-h * follow_up) - std::exp(-h * (accrual + follow_up))) / (h * accrual);
  return lambda / h * (1 - unseen);
}

LogrankSize LogrankSampleSize(const LogrankOptions& o) {
  o.Validate();
  LogrankSize s;
  s.events = FixedEvents(o.method, o.hazard_ratio, o.alpha, o.power, o.allocation);
  s.events_ceiling = static_cast<int>(std::ceil(s.events - 1e-9));
  if (o.accrual <= 0) return s;
  s.has_subjects = true;
  s.hazard_control = std::log(2.0) / o.median_control;
  s.hazard_experimental = o.hazard_ratio * s.hazard_control;
  const double phi = -std::log1p(-o.dropout) / o.dropout_time;
  s.p_event_control = EventProbability(s.hazard_control, phi, o.accrual, o.follow_up);
  s.p_event_experimental = EventProbability(s.hazard_experimental, phi, o.accrual, o.follow_up);
  const double share = o.allocation / (1 + o.allocation);
  s.p_event = share * s.p_event_experimental + (1 - share) * s.p_event_control;
  s.n_total = s.events / s.p_event;
  s.n_experimental = share * s.n_total;
  s.n_control = s.n_total - s.n_experimental;
  return s;
}

nlohmann::json LogrankSize::ToJson() const {
  nlohmann::json j = {{"method", "log-rank sample size, as rpact::getSampleSizeSurvival"},
                      {"events", events},
                      {"events_ceiling", events_ceiling}};
  const auto maybe = [this](double v) {
    return has_subjects ? nlohmann::json(v) : nlohmann::json(nullptr);
  };
  j["n_total"] = maybe(n_total);
  j["n_experimental"] = maybe(n_experimental);
  j["n_control"] = maybe(n_control);
  j["p_event"] = maybe(p_event);
  j["p_event_experimental"] = maybe(p_event_experimental);
  j["p_event_control"] = maybe(p_event_control);
  j["hazard_experimental"] = maybe(hazard_experimental);
  j["hazard_control"] = maybe(hazard_control);
  return j;
}

}  // namespace pioneer::design
