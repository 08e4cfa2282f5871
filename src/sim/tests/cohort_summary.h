// Per-subject summaries of a simulated trial, computed in the tests
// independently of the simulator's internals: confirmed best overall
// response (RECIST 1.1 E-03/E-04: CR/PR confirmed by CR/PR >= 28 days later),
// PFS (first RECIST 1.1 PD or death; censored at the last assessment, no
// missed-visit rule) and OS (death; censored at last contact), and a
// Kaplan-Meier median (R survfit convention: smallest time with S(t) <= 0.5).
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/study/model.h"

namespace pioneer::sim::testing {

constexpr double kDaysPerMonth = 30.4375;

struct TimeToEvent {
  double time = 0;
  bool event = false;
};

struct SubjectSummary {
  const study::Subject* subject = nullptr;
  bool confirmed_response = false;
  bool pseudo_progression = false;  // iUPD later reset to iSD/iPR/iCR
  TimeToEvent pfs;
  TimeToEvent os;
  int worst_grade = 0;
};

inline std::map<std::string, SubjectSummary> Summarise(const study::Study& s) {
  std::map<std::string, SubjectSummary> out;
  for (const auto& x : s.subjects) {
    SubjectSummary& sum = out[x.id];
    sum.subject = &x;
    sum.os = {static_cast<double>(x.death_day.value_or(x.last_contact_day.value_or(0))),
              x.death_day.has_value()};
  }
  std::map<std::string, std::vector<const study::ResponseAssessment*>> recist;
  std::map<std::string, std::vector<const study::ResponseAssessment*>> irecist;
  for (const auto& r : s.responses) {
    (r.criteria == "RECIST 1.1" ? recist : irecist)[r.subject_id].push_back(&r);
  }
  for (auto& [id, sum] : out) {
    const auto& rs = recist[id];
    std::optional<std::int32_t> pd;
    std::int32_t last = 0;
    for (std::size_t i = 0; i < rs.size(); ++i) {
      const std::string& r = rs[i]->response;
      last = rs[i]->day;
      if (r == "PD" && !pd) pd = rs[i]->day;
      if (r != "CR" && r != "PR") continue;
      for (std::size_t j = i + 1; j < rs.size(); ++j) {
        const std::string& later = rs[j]->response;
        if (later != "CR" && later != "PR") break;
        if (rs[j]->day - rs[i]->day >= 28) sum.confirmed_response = true;
      }
    }
    const auto death = sum.subject->death_day;
    if (pd || death) {
      const std::int32_t event = std::min(pd.value_or(*death), death.value_or(*pd));
      sum.pfs = {static_cast<double>(event), true};
    } else {
      sum.pfs = {static_cast<double>(last), false};
    }
    bool open = false;
    for (const auto* r : irecist[id]) {
      if (r->response == "iUPD") open = true;
      if (open && (r->response == "iSD" || r->response == "iPR" || r->response == "iCR")) {
        sum.pseudo_progression = true;
      }
    }
  }
  for (const auto& a : s.adverse_events) {
    out[a.subject_id].worst_grade = std::max(out[a.subject_id].worst_grade, a.grade.value_or(0));
  }
  return out;
}

// Kaplan-Meier median in months; nullopt when S(t) never reaches 0.5.
inline std::optional<double> KaplanMeierMedian(std::vector<TimeToEvent> data) {
  std::sort(data.begin(), data.end(), [](const auto& a, const auto& b) {
    return a.time < b.time || (a.time == b.time && a.event && !b.event);
  });
  double survival = 1.0;
  std::size_t at_risk = data.size();
  for (std::size_t i = 0; i < data.size();) {
    std::size_t j = i;
    std::size_t events = 0;
    while (j < data.size() && data[j].time == data[i].time) events += data[j++].event ? 1 : 0;
    survival *= 1.0 - static_cast<double>(events) / static_cast<double>(at_risk);
    if (survival <= 0.5) return data[i].time / kDaysPerMonth;
    at_risk -= j - i;
    i = j;
  }
  return std::nullopt;
}

}  // namespace pioneer::sim::testing
