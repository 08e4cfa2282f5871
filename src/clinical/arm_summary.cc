// Arm-level summaries of derived endpoints (pioneer/clinical/arm_summary.h).
#include "pioneer/clinical/arm_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pioneer/core/error.h"
#include "pioneer/stats/proportion.h"
#include "pioneer/stats/survival_data.h"

namespace pioneer::clinical {
namespace {

// Orders of the count tables (response-io.md vocabularies).
const std::vector<std::string> kBorOrder = {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"};
const std::vector<std::string> kSitc2020Order = {"primary_resistance", "secondary_resistance",
                                                 "progression_after_discontinuation",
                                                 "indeterminate", "no_progression"};
const std::vector<std::string> kSitc2023Order = {"primary_resistance", "secondary_resistance",
                                                 "not_classified_after_discontinuation",
                                                 "indeterminate", "no_progression"};

RateEstimate Estimate(const std::string& arm, std::int64_t x, std::int64_t n, double confidence) {
  RateEstimate e{arm, n, x, std::nan(""), std::nan(""), std::nan("")};
  if (n == 0) return e;
  stats::ProportionOptions o;
  o.confidence = confidence;
  const stats::ProportionResult r = stats::BinomialTest(x, n, o);  // R binom.test
  e.estimate = r.estimate;
  e.lower = r.conf_int.lower;
  e.upper = r.conf_int.upper;
  return e;
}

RateSummary Rates(const std::string& name, bool SubjectOutcome::*flag,
                  const std::vector<SubjectOutcome>& subjects, const std::vector<std::string>& arms,
                  std::size_t reference, double confidence) {
  std::vector<std::int64_t> x(arms.size(), 0), n(arms.size(), 0);
  for (const SubjectOutcome& s : subjects) {
    const auto a =
        static_cast<std::size_t>(std::find(arms.begin(), arms.end(), s.arm) - arms.begin());
    ++n[a];
    x[a] += (s.*flag) ? 1 : 0;
  }
  RateSummary r{name, {}, {}, {}};
  std::int64_t xs = 0, ns = 0;
  for (std::size_t a = 0; a < arms.size(); ++a) {
    r.by_arm.push_back(Estimate(arms[a], x[a], n[a], confidence));
    xs += x[a];
    ns += n[a];
  }
  r.overall = Estimate("TOTAL", xs, ns, confidence);
  for (std::size_t a = 0; a < arms.size(); ++a) {
    if (a == reference || n[a] == 0 || n[reference] == 0) continue;
    RateDifference d = NewcombeDifference(x[a], n[a], x[reference], n[reference], confidence);
    d.arm = arms[a];
    d.reference = arms[reference];
    r.differences.push_back(d);
  }
  return r;
}

stats::KmResult Km(const std::vector<SubjectOutcome>& subjects,
                   const std::vector<std::string>& arms,
                   std::optional<EndpointTime> SubjectOutcome::*what) {
  stats::SurvivalData data;
  std::vector<std::string> group;
  for (const SubjectOutcome& s : subjects) {
    if (!(s.*what)) continue;
    data.time.push_back((s.*what)->days);
    data.event.push_back((s.*what)->event ? 1 : 0);
    group.push_back(s.arm);
  }
  if (data.size() == 0) return {};
  return stats::KaplanMeier(data, stats::Factor::WithLevels(group, arms));
}

CategoryCounts Counts(const std::string& name, std::vector<std::string> order,
                      std::string SubjectOutcome::*what,
                      const std::vector<SubjectOutcome>& subjects,
                      const std::vector<std::string>& arms) {
  CategoryCounts c{name, std::move(order), {}};
  for (const SubjectOutcome& s : subjects) {  // values outside the vocabulary go last
    const std::string& v = s.*what;
    if (!v.empty() &&
        std::find(c.categories.begin(), c.categories.end(), v) == c.categories.end()) {
      c.categories.push_back(v);
    }
  }
  c.counts.assign(c.categories.size(), std::vector<std::int64_t>(arms.size(), 0));
  for (const SubjectOutcome& s : subjects) {
    const std::string& v = s.*what;
    if (v.empty()) continue;
    const auto k = std::find(c.categories.begin(), c.categories.end(), v) - c.categories.begin();
    const auto a = std::find(arms.begin(), arms.end(), s.arm) - arms.begin();
    ++c.counts[static_cast<std::size_t>(k)][static_cast<std::size_t>(a)];
  }
  return c;
}

nlohmann::json Num(double v) { return stats::JsonNumber(v); }

nlohmann::json RatesJson(const RateSummary& r) {
  auto est = [](const RateEstimate& e) {
    return nlohmann::json{{"arm", e.arm},
                          {"n", e.n},
                          {"x", e.x},
                          {"estimate", Num(e.estimate)},
                          {"lower", Num(e.lower)},
                          {"upper", Num(e.upper)}};
  };
  nlohmann::json j{{"name", r.name},
                   {"by_arm", nlohmann::json::array()},
                   {"overall", est(r.overall)},
                   {"differences", nlohmann::json::array()}};
  for (const RateEstimate& e : r.by_arm) j["by_arm"].push_back(est(e));
  for (const RateDifference& d : r.differences) {
    j["differences"].push_back({{"arm", d.arm},
                                {"reference", d.reference},
                                {"estimate", Num(d.estimate)},
                                {"lower", Num(d.lower)},
                                {"upper", Num(d.upper)},
                                {"method", "newcombe_hybrid_score"}});
  }
  return j;
}

nlohmann::json CountsJson(const CategoryCounts& c, const std::vector<std::string>& arms) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t k = 0; k < c.categories.size(); ++k) {
    for (std::size_t a = 0; a < arms.size(); ++a) j[c.categories[k]][arms[a]] = c.counts[k][a];
  }
  return j;
}

std::string Fixed(double v, int digits) {
  return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : std::string("NA");
}

}  // namespace

void ArmSummaryOptions::Validate() const { stats::CheckConfidenceLevel(confidence, "confidence"); }

RateDifference NewcombeDifference(std::int64_t x1, std::int64_t n1, std::int64_t x2,
                                  std::int64_t n2, double confidence) {
  stats::ProportionOptions o;
  o.confidence = confidence;
  const stats::ProportionResult w1 = stats::ScoreTest(x1, n1, o);  // Wilson interval
  const stats::ProportionResult w2 = stats::ScoreTest(x2, n2, o);
  const double p1 = w1.estimate, p2 = w2.estimate;
  RateDifference d;
  d.estimate = p1 - p2;
  d.lower = d.estimate - std::hypot(p1 - w1.conf_int.lower, w2.conf_int.upper - p2);
  d.upper = d.estimate + std::hypot(w1.conf_int.upper - p1, p2 - w2.conf_int.lower);
  return d;
}

ArmSummary SummariseArms(const std::vector<SubjectOutcome>& subjects,
                         const std::vector<std::string>& arms, const ArmSummaryOptions& options) {
  options.Validate();
  ArmSummary s;
  s.arms = arms;
  for (const SubjectOutcome& o : subjects) {
    if (std::find(s.arms.begin(), s.arms.end(), o.arm) == s.arms.end()) s.arms.push_back(o.arm);
  }
  std::size_t reference = 0;
  if (!options.reference_arm.empty()) {
    const auto it = std::find(s.arms.begin(), s.arms.end(), options.reference_arm);
    if (it == s.arms.end()) {
      throw UsageError(fmt::format("reference_arm = {}: no such arm", options.reference_arm));
    }
    reference = static_cast<std::size_t>(it - s.arms.begin());
  }
  if (s.arms.empty()) return s;
  s.orr = Rates("ORR", &SubjectOutcome::responder, subjects, s.arms, reference, options.confidence);
  s.dcr = Rates("DCR", &SubjectOutcome::disease_control, subjects, s.arms, reference,
                options.confidence);
  s.pfs_km = Km(subjects, s.arms, &SubjectOutcome::pfs);
  s.os_km = Km(subjects, s.arms, &SubjectOutcome::os);
  s.dor_km = Km(subjects, s.arms, &SubjectOutcome::dor);
  s.bor = Counts("bor_confirmed", kBorOrder, &SubjectOutcome::bor_confirmed, subjects, s.arms);
  s.sitc_2020 = Counts("sitc_2020", kSitc2020Order, &SubjectOutcome::sitc_2020, subjects, s.arms);
  s.sitc_2023 = Counts("sitc_2023_ici_chemo", kSitc2023Order, &SubjectOutcome::sitc_2023_ici_chemo,
                       subjects, s.arms);
  return s;
}

nlohmann::json ArmSummary::ToJson() const {
  return {{"arms", arms},
          {"orr", RatesJson(orr)},
          {"dcr", RatesJson(dcr)},
          {"pfs_km", pfs_km.ToJson()},
          {"os_km", os_km.ToJson()},
          {"dor_km", dor_km.ToJson()},
          {"bor_confirmed", CountsJson(bor, arms)},
          {"sitc_2020", CountsJson(sitc_2020, arms)},
          {"sitc_2023_ici_chemo", CountsJson(sitc_2023, arms)}};
}

core::Table RateTable(const ArmSummary& s) {
  core::Table t("response_rates", {"PARAM", "ARM", "N", "X", "PCT", "LCL95", "UCL95", "DIFF_VS",
                                   "DIFF_PCT", "DIFF_LCL95", "DIFF_UCL95"});
  for (const RateSummary* r : {&s.orr, &s.dcr}) {
    std::vector<RateEstimate> rows = r->by_arm;
    rows.push_back(r->overall);
    for (const RateEstimate& e : rows) {
      std::vector<std::string> cells = {r->name,
                                        e.arm,
                                        std::to_string(e.n),
                                        std::to_string(e.x),
                                        Fixed(100 * e.estimate, 1),
                                        Fixed(100 * e.lower, 1),
                                        Fixed(100 * e.upper, 1),
                                        "",
                                        "",
                                        "",
                                        ""};
      for (const RateDifference& d : r->differences) {
        if (d.arm != e.arm) continue;
        cells[7] = d.reference;
        cells[8] = Fixed(100 * d.estimate, 1);
        cells[9] = Fixed(100 * d.lower, 1);
        cells[10] = Fixed(100 * d.upper, 1);
      }
      t.AddRow(std::move(cells), static_cast<std::int64_t>(t.rows()) + 2);
    }
  }
  return t;
}

core::Table CountsTable(const ArmSummary& s) {
  core::Table t("response_counts", {"PARAM", "CATEGORY", "ARM", "N"});
  for (const CategoryCounts* c : {&s.bor, &s.sitc_2020, &s.sitc_2023}) {
    for (std::size_t k = 0; k < c->categories.size(); ++k) {
      for (std::size_t a = 0; a < s.arms.size(); ++a) {
        t.AddRow({c->name, c->categories[k], s.arms[a], std::to_string(c->counts[k][a])},
                 static_cast<std::int64_t>(t.rows()) + 2);
      }
    }
  }
  return t;
}

}  // namespace pioneer::clinical
