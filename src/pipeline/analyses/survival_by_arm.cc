#include "pioneer/pipeline/analyses/survival_by_arm.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "pioneer/core/error.h"

namespace pioneer::pipeline {
namespace {

// Days to months as clinical papers count them (365.25 / 12 days).
constexpr double kDaysPerMonth = 30.4375;

double Months(std::int32_t day) { return static_cast<double>(day) / kDaysPerMonth; }

struct Assessments {
  std::optional<std::int32_t> progression, last;
};

// iUPD is unconfirmed progression (Seymour et al., Lancet Oncol 2017): only
// iCPD counts, like PD under RECIST 1.1.
std::map<std::string, Assessments> AssessmentsBySubject(const study::Study& study) {
  std::map<std::string, Assessments> out;
  for (const study::ResponseAssessment& r : study.responses) {
    Assessments& a = out[r.subject_id];
    if ((r.response == "PD" || r.response == "iCPD") &&
        (!a.progression || r.day < *a.progression)) {
      a.progression = r.day;
    }
    a.last = std::max(a.last.value_or(r.day), r.day);
  }
  return out;
}

std::vector<std::string> ArmOrder(const study::Study& study,
                                  const std::vector<SubjectSurvival>& rows) {
  std::vector<std::string> arms;
  auto used = [&](const std::string& code) {
    return std::any_of(rows.begin(), rows.end(),
                       [&](const SubjectSurvival& s) { return s.arm == code; });
  };
  for (const study::Arm& arm : study.arms) {
    if (used(arm.code)) arms.push_back(arm.code);
  }
  for (const SubjectSurvival& s : rows) {
    if (std::find(arms.begin(), arms.end(), s.arm) == arms.end()) arms.push_back(s.arm);
  }
  return arms;
}

stats::SurvivalData Data(const std::vector<SubjectSurvival>& rows, bool pfs) {
  stats::SurvivalData data;
  for (const SubjectSurvival& s : rows) {
    data.time.push_back(pfs ? s.pfs_months : s.os_months);
    data.event.push_back(pfs ? s.pfs_event : s.os_event);
  }
  return data;
}

// OS Cox model on complete cases; sets cox_problem instead of throwing when
// the data cannot support the model (too few subjects or events).
void FitOsCox(const study::Study& study, SurvivalByArm& result) {
  std::map<std::string, const study::Subject*> by_id;
  for (const study::Subject& s : study.subjects) by_id[s.id] = &s;
  stats::SurvivalData data;
  std::vector<std::string> arm, sex;
  std::vector<double> age, ecog, tps50;
  for (const SubjectSurvival& row : result.subjects) {
    const study::Subject& s = *by_id.at(row.subject_id);
    if (!s.age_years || !s.ecog || !s.pdl1_tps_pct || s.sex == study::Sex::kUnknown) {
      ++result.cox_dropped;
      continue;
    }
    data.time.push_back(row.os_months);
    data.event.push_back(row.os_event);
    arm.push_back(row.arm);
    sex.push_back(s.sex == study::Sex::kFemale ? "Female" : "Male");
    age.push_back(*s.age_years);
    ecog.push_back(*s.ecog);
    tps50.push_back(*s.pdl1_tps_pct >= 50.0 ? 1.0 : 0.0);
  }
  std::vector<stats::CoxCovariate> covariates = {
      stats::CoxCovariate::Categorical("arm", arm, result.arms.front()),
      stats::CoxCovariate::Numeric("age", age),
      stats::CoxCovariate::Categorical("sex", sex, "Female"),
      stats::CoxCovariate::Numeric("ecog", ecog),
      stats::CoxCovariate::Numeric("pdl1_tps_ge50", tps50)};
  try {
    result.os_cox = stats::FitCox(data, covariates);
    result.cox_fitted = true;
  } catch (const Error& e) {
    result.cox_problem = e.what();
  }
  if (result.cox_fitted && !result.os_cox.converged)
    result.cox_problem = "the Cox fit did not converge";
}

}  // namespace

std::vector<SubjectSurvival> DeriveSurvival(const study::Study& study,
                                            std::int64_t* without_follow_up) {
  const std::map<std::string, Assessments> assessments = AssessmentsBySubject(study);
  std::vector<SubjectSurvival> rows;
  std::int64_t missing = 0;
  for (const study::Subject& s : study.subjects) {
    if (!s.death_day && !s.last_contact_day) {
      ++missing;
      continue;
    }
    SubjectSurvival row{.subject_id = s.id,
                        .arm = s.arm,
                        .os_months = 0,
                        .os_event = 0,
                        .pfs_months = 0,
                        .pfs_event = 0};
    row.os_event = s.death_day ? 1 : 0;
    row.os_months = Months(s.death_day ? *s.death_day : *s.last_contact_day);
    const auto a = assessments.find(s.id);
    const Assessments seen = a == assessments.end() ? Assessments{} : a->second;
    std::optional<std::int32_t> event_day = seen.progression;
    if (s.death_day && (!event_day || *s.death_day < *event_day)) event_day = s.death_day;
    row.pfs_event = event_day ? 1 : 0;
    row.pfs_months = Months(event_day ? *event_day : seen.last.value_or(0));
    rows.push_back(row);
  }
  if (without_follow_up != nullptr) *without_follow_up = missing;
  return rows;
}

SurvivalByArm AnalyseSurvivalByArm(const study::Study& study) {
  SurvivalByArm result;
  result.subjects = DeriveSurvival(study, &result.subjects_without_follow_up);
  if (result.subjects.empty()) return result;
  result.arms = ArmOrder(study, result.subjects);
  std::vector<std::string> arm_values;
  for (const SubjectSurvival& s : result.subjects) arm_values.push_back(s.arm);
  const stats::Factor arm = stats::Factor::WithLevels(arm_values, result.arms);
  const stats::SurvivalData pfs = Data(result.subjects, true), os = Data(result.subjects, false);
  result.pfs_km = stats::KaplanMeier(pfs, arm);
  result.os_km = stats::KaplanMeier(os, arm);
  if (result.arms.size() > 1) {
    result.pfs_logrank = stats::LogRank(pfs, arm, stats::Factor{});
    result.os_logrank = stats::LogRank(os, arm, stats::Factor{});
    FitOsCox(study, result);
  } else {
    result.cox_problem = "only one arm";
  }
  return result;
}

core::Table MediansTable(const SurvivalByArm& result) {
  core::Table table("survival_medians", {"endpoint", "arm", "n", "events", "median_months",
                                         "lower_95", "upper_95", "logrank_p"});
  auto number = [](double x) {
    return std::isfinite(x) ? fmt::format("{:.4g}", x) : std::string("NA");
  };
  auto add = [&](const char* endpoint, const stats::KmResult& km, const stats::LogRankResult& lr) {
    for (const stats::KmCurve& c : km.strata) {
      double events = 0;
      for (double e : c.n_event) events += e;
      table.AddRow({endpoint, c.group, std::to_string(c.n), fmt::format("{:.0f}", events),
                    number(c.median), number(c.median_lower), number(c.median_upper),
                    result.arms.size() > 1 ? number(lr.p) : "NA"},
                   0);
    }
  };
  add("PFS", result.pfs_km, result.pfs_logrank);
  add("OS", result.os_km, result.os_logrank);
  return table;
}

core::Table CoxTable(const SurvivalByArm& result) {
  core::Table table("cox_os", {"term", "hr", "lower_95", "upper_95", "p"});
  if (!result.cox_fitted) return table;
  for (const stats::CoxCoefficient& c : result.os_cox.coefficients) {
    table.AddRow({c.name, fmt::format("{:.4g}", c.hr), fmt::format("{:.4g}", c.hr_lower),
                  fmt::format("{:.4g}", c.hr_upper), fmt::format("{:.4g}", c.p)},
                 0);
  }
  return table;
}

nlohmann::json ToJson(const SurvivalByArm& result) {
  nlohmann::json subjects = nlohmann::json::array();
  for (const SubjectSurvival& s : result.subjects) {
    subjects.push_back({{"subject_id", s.subject_id},
                        {"arm", s.arm},
                        {"os_months", s.os_months},
                        {"os_event", s.os_event},
                        {"pfs_months", s.pfs_months},
                        {"pfs_event", s.pfs_event}});
  }
  nlohmann::json out = {{"arms", result.arms},
                        {"subjects", subjects},
                        {"subjects_without_follow_up", result.subjects_without_follow_up},
                        {"pfs_km", result.pfs_km.ToJson()},
                        {"os_km", result.os_km.ToJson()},
                        {"cox_dropped", result.cox_dropped},
                        {"cox_problem", result.cox_problem}};
  if (result.arms.size() > 1) {
    out["pfs_logrank"] = result.pfs_logrank.ToJson();
    out["os_logrank"] = result.os_logrank.ToJson();
  }
  if (result.cox_fitted) out["os_cox"] = result.os_cox.ToJson();
  return out;
}

}  // namespace pioneer::pipeline
