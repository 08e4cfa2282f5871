#include "pioneer/pipeline/analyses/swimmer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace pioneer::pipeline {
namespace {

// iRECIST responses map onto their RECIST 1.1 counterparts; iUPD is
// unconfirmed progression and is not drawn as PD (Seymour et al., Lancet
// Oncol 2017).
std::string Normalised(const std::string& response) {
  if (response == "iCR") return "CR";
  if (response == "iPR") return "PR";
  if (response == "iCPD") return "PD";
  return response;
}

void Earliest(std::optional<std::int32_t>& slot, std::int32_t day) {
  if (!slot || day < *slot) slot = day;
}

struct Events {
  std::optional<std::int32_t> cr, pr, pd, last_day;
};

std::map<std::string, Events> EventsBySubject(const study::Study& study) {
  std::map<std::string, Events> events;
  for (const study::ResponseAssessment& r : study.responses) {
    Events& e = events[r.subject_id];
    const std::string response = Normalised(r.response);
    if (response == "CR") Earliest(e.cr, r.day);
    if (response == "PR") Earliest(e.pr, r.day);
    if (response == "PD") Earliest(e.pd, r.day);
    e.last_day = std::max(e.last_day.value_or(r.day), r.day);
  }
  return events;
}

// Subjects with an exposure record that has not ended.
std::map<std::string, bool> OnTreatment(const study::Study& study) {
  std::map<std::string, bool> on;
  for (const study::Exposure& x : study.exposures) {
    if (!x.end_day) on[x.subject_id] = true;
  }
  return on;
}

std::optional<SwimmerLane> Lane(const study::Subject& s, const Events& e, bool on_treatment) {
  SwimmerLane lane;
  lane.subject_id = s.id;
  lane.arm = s.arm;
  if (s.death_day) {
    lane.end = LaneEnd::kDied;
    lane.end_day = *s.death_day;
  } else if (s.last_contact_day) {
    lane.end_day = *s.last_contact_day;
  } else if (e.last_day) {
    lane.end_day = *e.last_day;
  } else {
    return std::nullopt;
  }
  lane.on_treatment = on_treatment && lane.end == LaneEnd::kAlive;
  if (e.cr && (!e.pr || *e.cr <= *e.pr)) {
    lane.response = "CR";
    lane.response_day = e.cr;
  } else if (e.pr) {
    lane.response = "PR";
    lane.response_day = e.pr;
    lane.cr_day = e.cr;
  }
  lane.progression_day = e.pd;
  return lane;
}

}  // namespace

SwimmerData BuildSwimmer(const study::Study& study) {
  const std::map<std::string, Events> events = EventsBySubject(study);
  const std::map<std::string, bool> on_treatment = OnTreatment(study);
  std::map<std::string, std::size_t> arm_rank;
  for (const study::Arm& arm : study.arms) arm_rank.emplace(arm.code, arm_rank.size());
  SwimmerData data;
  for (const study::Subject& s : study.subjects) {
    const auto e = events.find(s.id);
    const auto lane =
        Lane(s, e == events.end() ? Events{} : e->second, on_treatment.contains(s.id));
    if (lane) {
      data.lanes.push_back(*lane);
    } else {
      ++data.subjects_without_follow_up;
    }
  }
  auto rank = [&](const std::string& arm) {
    const auto it = arm_rank.find(arm);
    return it == arm_rank.end() ? arm_rank.size() : it->second;
  };
  std::sort(data.lanes.begin(), data.lanes.end(), [&](const SwimmerLane& a, const SwimmerLane& b) {
    if (rank(a.arm) != rank(b.arm)) return rank(a.arm) < rank(b.arm);
    if (a.arm != b.arm) return a.arm < b.arm;
    if (a.end_day != b.end_day) return a.end_day > b.end_day;
    return a.subject_id < b.subject_id;
  });
  return data;
}

SwimmerData SampleLanes(const SwimmerData& data, std::size_t max_subjects) {
  if (max_subjects == 0 || data.lanes.size() <= max_subjects) return data;
  // Runs of one arm (lanes are sorted by arm).
  std::vector<std::pair<std::size_t, std::size_t>> runs;  // begin, size
  for (std::size_t i = 0; i < data.lanes.size(); ++i) {
    if (i == 0 || data.lanes[i].arm != data.lanes[i - 1].arm) runs.push_back({i, 0});
    ++runs.back().second;
  }
  // Every arm keeps one lane (when there is room); the rest is shared in
  // proportion to the arms' sizes by largest remainder (Hamilton's method).
  const std::size_t base = max_subjects >= runs.size() ? 1 : 0;
  const std::size_t rest = max_subjects - base * runs.size();
  const double pool = static_cast<double>(data.lanes.size() - base * runs.size());
  std::vector<std::size_t> keep(runs.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t kept = 0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const double share =
        static_cast<double>(rest) * static_cast<double>(runs[r].second - base) / pool;
    keep[r] = base + static_cast<std::size_t>(share);
    kept += keep[r];
    remainders.push_back({-(share - std::floor(share)), r});
  }
  std::sort(remainders.begin(), remainders.end());
  for (std::size_t i = 0; kept < max_subjects; ++i, ++kept) ++keep[remainders[i].second];
  SwimmerData out{.lanes = {}, .subjects_without_follow_up = data.subjects_without_follow_up};
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (std::size_t i = 0; i < std::min(keep[r], runs[r].second); ++i) {
      const std::size_t offset =
          (2 * i + 1) * runs[r].second / (2 * keep[r]);  // centre of stratum i
      out.lanes.push_back(data.lanes[runs[r].first + offset]);
    }
  }
  return out;
}

core::Table ToTable(const SwimmerData& data) {
  core::Table table("swimmer", {"subject_id", "arm", "end_day", "end", "on_treatment", "response",
                                "response_day", "cr_day", "progression_day"});
  auto day = [](const std::optional<std::int32_t>& d) { return d ? std::to_string(*d) : ""; };
  for (const SwimmerLane& l : data.lanes) {
    table.AddRow({l.subject_id, l.arm, std::to_string(l.end_day),
                  l.end == LaneEnd::kDied ? "died" : "alive", l.on_treatment ? "yes" : "no",
                  l.response, day(l.response_day), day(l.cr_day), day(l.progression_day)},
                 static_cast<std::int64_t>(table.rows()) + 2);
  }
  return table;
}

nlohmann::json ToJson(const SwimmerData& data) {
  nlohmann::json lanes = nlohmann::json::array();
  auto day = [](const std::optional<std::int32_t>& d) {
    return d ? nlohmann::json(*d) : nlohmann::json();
  };
  for (const SwimmerLane& l : data.lanes) {
    lanes.push_back(
        {{"subject_id", l.subject_id},
         {"arm", l.arm},
         {"end_day", l.end_day},
         {"end", l.end == LaneEnd::kDied ? "died" : "alive"},
         {"on_treatment", l.on_treatment},
         {"response", l.response.empty() ? nlohmann::json() : nlohmann::json(l.response)},
         {"response_day", day(l.response_day)},
         {"cr_day", day(l.cr_day)},
         {"progression_day", day(l.progression_day)}});
  }
  return {{"analysis", "swimmer"},
          {"lanes", lanes},
          {"subjects_without_follow_up", data.subjects_without_follow_up}};
}

}  // namespace pioneer::pipeline
