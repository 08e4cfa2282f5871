// Safety tables by arm (pioneer/clinical/safety.h): subject-level incidence
// of adverse events overall, by CTCAE grade and by term, and exposure.
#include "pioneer/clinical/safety.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "pioneer/core/error.h"

namespace pioneer::clinical {
namespace {

constexpr int kSevereGrade = 3;  // CTCAE v5.0: grade >= 3 = severe or worse
constexpr int kFatalGrade = 5;
constexpr std::int32_t kSixMonthsDays = 182;
constexpr std::int32_t kTwelveMonthsDays = 365;

// What one subject experienced in the treatment-emergent window.
struct SubjectSafety {
  std::size_t arm = 0;
  std::int32_t first_dose = 0, last_dose = 0;
  std::int64_t administrations = 0;
  bool any = false, related = false, severe = false, related_severe = false;
  bool serious = false, related_serious = false, fatal = false;
  int worst_grade = 0;               // 0 = no graded AE
  std::map<std::string, int> terms;  // term -> worst grade (0 = ungraded)
};

Incidence MakeIncidence(std::int64_t n, std::int64_t population) {
  return {n, population,
          population > 0 ? 100.0 * static_cast<double>(n) / static_cast<double>(population) : 0.0};
}

double Median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 == 1 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

// The arms in study order (then any arm only subjects name), each subject's
// arm index, first/last dose and administrations; untreated subjects absent.
std::map<std::string, SubjectSafety> TreatedSubjects(const study::Study& study,
                                                     std::vector<std::string>& arms) {
  std::map<std::string, std::string> arm_of;
  for (const study::Subject& s : study.subjects) arm_of[s.id] = s.arm;
  std::map<std::string, SubjectSafety> out;
  for (const study::Exposure& e : study.exposures) {
    const auto arm = arm_of.find(e.subject_id);
    if (arm == arm_of.end()) continue;  // exposure of an unknown subject: not analysable
    const std::int32_t end = std::max(e.start_day, e.end_day.value_or(e.start_day));
    auto [it, fresh] = out.try_emplace(e.subject_id);
    SubjectSafety& s = it->second;
    s.first_dose = fresh ? e.start_day : std::min(s.first_dose, e.start_day);
    s.last_dose = fresh ? end : std::max(s.last_dose, end);
    ++s.administrations;
  }
  std::vector<std::string> used;
  for (const auto& [id, s] : out) used.push_back(arm_of[id]);
  for (const study::Arm& a : study.arms) {
    if (std::find(used.begin(), used.end(), a.code) != used.end()) arms.push_back(a.code);
  }
  for (const std::string& a : std::set<std::string>(used.begin(), used.end())) {
    if (std::find(arms.begin(), arms.end(), a) == arms.end()) arms.push_back(a);
  }
  for (auto& [id, s] : out) {
    s.arm =
        static_cast<std::size_t>(std::find(arms.begin(), arms.end(), arm_of[id]) - arms.begin());
  }
  return out;
}

void AddEvent(const study::AdverseEvent& ae, SubjectSafety& s) {
  const int grade = ae.grade.value_or(0);
  const bool severe = grade >= kSevereGrade;
  s.any = true;
  s.related |= ae.related;
  s.severe |= severe;
  s.related_severe |= ae.related && severe;
  s.serious |= ae.serious;
  s.related_serious |= ae.related && ae.serious;
  s.fatal |= grade == kFatalGrade;
  s.worst_grade = std::max(s.worst_grade, grade);
  auto [it, fresh] = s.terms.try_emplace(ae.term, grade);
  if (!fresh) it->second = std::max(it->second, grade);
}

using Flag = bool SubjectSafety::*;

IncidenceRow CountRow(const std::string& category, Flag flag,
                      const std::map<std::string, SubjectSafety>& subjects, const SafetyResult& r) {
  std::vector<std::int64_t> n(r.arms.size(), 0);
  for (const auto& [id, s] : subjects) n[s.arm] += (s.*flag) ? 1 : 0;
  IncidenceRow row{category, {}, {}};
  for (std::size_t a = 0; a < r.arms.size(); ++a)
    row.by_arm.push_back(MakeIncidence(n[a], r.population[a]));
  row.total =
      MakeIncidence(std::accumulate(n.begin(), n.end(), std::int64_t{0}), r.population_total);
  return row;
}

std::vector<TermRow> TermRows(const std::map<std::string, SubjectSafety>& subjects,
                              const SafetyResult& r, double min_pct) {
  std::map<std::string, std::pair<std::vector<std::int64_t>, std::vector<std::int64_t>>> counts;
  for (const auto& [id, s] : subjects) {
    for (const auto& [term, grade] : s.terms) {
      auto& c = counts[term];
      if (c.first.empty())
        c = {std::vector<std::int64_t>(r.arms.size()), std::vector<std::int64_t>(r.arms.size())};
      ++c.first[s.arm];
      c.second[s.arm] += grade >= kSevereGrade ? 1 : 0;
    }
  }
  std::vector<TermRow> rows;
  for (const auto& [term, c] : counts) {
    TermRow row{term, {}, {}, {}, {}};
    bool shown = min_pct <= 0.0;
    for (std::size_t a = 0; a < r.arms.size(); ++a) {
      row.any_grade.push_back(MakeIncidence(c.first[a], r.population[a]));
      row.grade3plus.push_back(MakeIncidence(c.second[a], r.population[a]));
      shown |= row.any_grade.back().pct >= min_pct;
    }
    const auto sum = [](const std::vector<std::int64_t>& v) {
      return std::accumulate(v.begin(), v.end(), std::int64_t{0});
    };
    row.total_any_grade = MakeIncidence(sum(c.first), r.population_total);
    row.total_grade3plus = MakeIncidence(sum(c.second), r.population_total);
    if (shown) rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const TermRow& a, const TermRow& b) {
    return a.total_any_grade.n > b.total_any_grade.n;
  });
  return rows;
}

ExposureRow Exposure(const std::string& arm, std::size_t index,
                     const std::map<std::string, SubjectSafety>& subjects) {
  ExposureRow row{arm};
  std::vector<double> duration, administrations;
  for (const auto& [id, s] : subjects) {
    if (s.arm != index) continue;
    const std::int32_t days = s.last_dose - s.first_dose + 1;
    duration.push_back(days);
    administrations.push_back(static_cast<double>(s.administrations));
    row.administrations_total += s.administrations;
    row.treated_6_months += days >= kSixMonthsDays ? 1 : 0;
    row.treated_12_months += days >= kTwelveMonthsDays ? 1 : 0;
  }
  row.treated = static_cast<std::int64_t>(duration.size());
  if (duration.empty()) return row;
  row.duration_median_days = Median(duration);
  row.duration_min_days = *std::min_element(duration.begin(), duration.end());
  row.duration_max_days = *std::max_element(duration.begin(), duration.end());
  row.duration_mean_days =
      std::accumulate(duration.begin(), duration.end(), 0.0) / static_cast<double>(duration.size());
  row.administrations_median = Median(administrations);
  return row;
}

nlohmann::json IncidenceJson(const Incidence& i) {
  return {{"n", i.n}, {"population", i.population}, {"pct", i.pct}};
}

nlohmann::json ByArmJson(const std::vector<std::string>& arms, const std::vector<Incidence>& v) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t a = 0; a < arms.size(); ++a) out[arms[a]] = IncidenceJson(v[a]);
  return out;
}

std::string Pct(double pct) { return fmt::format("{:.1f}", pct); }
std::string Cell(const Incidence& i) { return fmt::format("{} ({:.1f}%)", i.n, i.pct); }

}  // namespace

void SafetyOptions::Validate() const {
  if (post_treatment_window_days && *post_treatment_window_days < 0) {
    throw UsageError(
        fmt::format("post_treatment_window_days = {}: must be >= 0", *post_treatment_window_days));
  }
  if (!(min_term_pct >= 0.0 && min_term_pct <= 100.0)) {
    throw UsageError(fmt::format("min_term_pct = {}: must be between 0 and 100", min_term_pct));
  }
}

SafetyResult SummariseSafety(const study::Study& study, const SafetyOptions& options) {
  options.Validate();
  SafetyResult r;
  std::map<std::string, SubjectSafety> subjects = TreatedSubjects(study, r.arms);
  r.population.assign(r.arms.size(), 0);
  for (const auto& [id, s] : subjects) ++r.population[s.arm];
  r.population_total = static_cast<std::int64_t>(subjects.size());
  for (const study::AdverseEvent& ae : study.adverse_events) {
    const auto it = subjects.find(ae.subject_id);
    if (it == subjects.end()) {
      ++r.events_untreated_subject;
      continue;
    }
    SubjectSafety& s = it->second;
    const bool after_window = options.post_treatment_window_days &&
                              ae.onset_day > s.last_dose + *options.post_treatment_window_days;
    if (ae.onset_day < s.first_dose || after_window) {
      ++r.events_outside_window;
      continue;
    }
    ++r.events_counted;
    AddEvent(ae, s);
  }
  const std::vector<std::pair<std::string, Flag>> categories = {
      {"Any AE", &SubjectSafety::any},
      {"Treatment-related AE", &SubjectSafety::related},
      {"Grade >= 3 AE", &SubjectSafety::severe},
      {"Treatment-related grade >= 3 AE", &SubjectSafety::related_severe},
      {"Serious AE", &SubjectSafety::serious},
      {"Treatment-related serious AE", &SubjectSafety::related_serious},
      {"Grade 5 AE (fatal)", &SubjectSafety::fatal}};
  for (const auto& [name, flag] : categories)
    r.summary.push_back(CountRow(name, flag, subjects, r));
  r.terms = TermRows(subjects, r, options.min_term_pct);
  for (std::size_t a = 0; a < r.arms.size(); ++a) {
    WorstGradeRow row{r.arms[a], r.population[a]};
    for (const auto& [id, s] : subjects) {
      if (s.arm != a) continue;
      if (s.any && s.worst_grade == 0)
        ++row.missing;
      else
        ++row.by_grade[static_cast<std::size_t>(s.worst_grade)];
    }
    r.worst_grade.push_back(row);
    r.exposure.push_back(Exposure(r.arms[a], a, subjects));
  }
  return r;
}

nlohmann::json SafetyResult::ToJson() const {
  nlohmann::json j;
  j["arms"] = arms;
  j["population"] = ByArmJson(arms, [&] {
    std::vector<Incidence> v;
    for (std::int64_t p : population) v.push_back(MakeIncidence(p, p));
    return v;
  }());
  j["population_total"] = population_total;
  j["events_counted"] = events_counted;
  j["events_outside_window"] = events_outside_window;
  j["events_untreated_subject"] = events_untreated_subject;
  for (const IncidenceRow& row : summary) {
    j["summary"].push_back({{"category", row.category},
                            {"by_arm", ByArmJson(arms, row.by_arm)},
                            {"total", IncidenceJson(row.total)}});
  }
  j["terms"] = nlohmann::json::array();
  for (const TermRow& row : terms) {
    j["terms"].push_back({{"term", row.term},
                          {"any_grade", ByArmJson(arms, row.any_grade)},
                          {"grade3plus", ByArmJson(arms, row.grade3plus)},
                          {"total_any_grade", IncidenceJson(row.total_any_grade)},
                          {"total_grade3plus", IncidenceJson(row.total_grade3plus)}});
  }
  for (const WorstGradeRow& row : worst_grade) {
    j["worst_grade"].push_back({{"arm", row.arm},
                                {"population", row.population},
                                {"by_grade", row.by_grade},
                                {"ungraded", row.missing}});
  }
  for (const ExposureRow& e : exposure) {
    j["exposure"].push_back({{"arm", e.arm},
                             {"treated", e.treated},
                             {"duration_median_days", e.duration_median_days},
                             {"duration_mean_days", e.duration_mean_days},
                             {"duration_min_days", e.duration_min_days},
                             {"duration_max_days", e.duration_max_days},
                             {"administrations_median", e.administrations_median},
                             {"administrations_total", e.administrations_total},
                             {"treated_6_months", e.treated_6_months},
                             {"treated_12_months", e.treated_12_months}});
  }
  return j;
}

core::Table SafetySummaryTable(const SafetyResult& r) {
  core::Table t("safety_summary", {"CATEGORY", "ARM", "N", "POPULATION", "PCT", "DISPLAY"});
  for (const IncidenceRow& row : r.summary) {
    for (std::size_t a = 0; a <= r.arms.size(); ++a) {
      const Incidence& i = a < r.arms.size() ? row.by_arm[a] : row.total;
      t.AddRow({row.category, a < r.arms.size() ? r.arms[a] : "TOTAL", std::to_string(i.n),
                std::to_string(i.population), Pct(i.pct), Cell(i)},
               static_cast<std::int64_t>(t.rows()) + 2);
    }
  }
  return t;
}

core::Table SafetyTermTable(const SafetyResult& r) {
  core::Table t("safety_terms",
                {"AEDECOD", "ARM", "POPULATION", "N_ANY", "PCT_ANY", "N_GE3", "PCT_GE3"});
  for (const TermRow& row : r.terms) {
    for (std::size_t a = 0; a <= r.arms.size(); ++a) {
      const bool total = a == r.arms.size();
      const Incidence& any = total ? row.total_any_grade : row.any_grade[a];
      const Incidence& ge3 = total ? row.total_grade3plus : row.grade3plus[a];
      t.AddRow({row.term, total ? "TOTAL" : r.arms[a], std::to_string(any.population),
                std::to_string(any.n), Pct(any.pct), std::to_string(ge3.n), Pct(ge3.pct)},
               static_cast<std::int64_t>(t.rows()) + 2);
    }
  }
  return t;
}

core::Table WorstGradeTable(const SafetyResult& r) {
  core::Table t("safety_worst_grade", {"ARM", "POPULATION", "WORST_GRADE", "N", "PCT"});
  for (const WorstGradeRow& row : r.worst_grade) {
    auto add = [&](const std::string& grade, std::int64_t n) {
      const Incidence i = MakeIncidence(n, row.population);
      t.AddRow({row.arm, std::to_string(row.population), grade, std::to_string(n), Pct(i.pct)},
               static_cast<std::int64_t>(t.rows()) + 2);
    };
    add("NONE", row.by_grade[0]);
    for (int g = 1; g <= kFatalGrade; ++g)
      add(std::to_string(g), row.by_grade[static_cast<std::size_t>(g)]);
    add("UNGRADED", row.missing);
  }
  return t;
}

core::Table ExposureTable(const SafetyResult& r) {
  core::Table t("exposure",
                {"ARM", "TREATED", "TRTDURD_MEDIAN", "TRTDURD_MEAN", "TRTDURD_MIN", "TRTDURD_MAX",
                 "ADMIN_MEDIAN", "ADMIN_TOTAL", "TREATED_GE_6M", "TREATED_GE_12M"});
  auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:g}", v) : std::string("NA"); };
  for (const ExposureRow& e : r.exposure) {
    t.AddRow({e.arm, std::to_string(e.treated), num(e.duration_median_days),
              fmt::format("{:.1f}", e.duration_mean_days), num(e.duration_min_days),
              num(e.duration_max_days), num(e.administrations_median),
              std::to_string(e.administrations_total), std::to_string(e.treated_6_months),
              std::to_string(e.treated_12_months)},
             static_cast<std::int64_t>(t.rows()) + 2);
  }
  return t;
}

}  // namespace pioneer::clinical
