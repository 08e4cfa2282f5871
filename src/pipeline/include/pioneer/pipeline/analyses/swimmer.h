// File: pioneer/pipeline/analyses/swimmer.h
// Swimmer-plot data: one lane per subject from day 0 to death or last
// contact, with the first objective response (CR/PR), the first progression
// (PD) and whether the subject died or was alive at the end of follow-up.
// A pure function of the Study (no I/O); lives in pipeline until the
// clinical/ module exists (DESIGN.md). Responses are the investigator's
// overall responses as recorded (RECIST 1.1 or iRECIST); this is a
// description of follow-up, not a confirmed-response analysis.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/study/model.h"

namespace pioneer::pipeline {

enum class LaneEnd {
  kDied,   // death_day
  kAlive,  // alive at last contact (censored)
};

struct SwimmerLane {
  std::string subject_id;    // pseudonym
  std::string arm;           // Arm::code
  std::int32_t end_day = 0;  // death, else last contact (else last record)
  LaneEnd end = LaneEnd::kAlive;
  // Alive with study treatment not stopped (an exposure without end day):
  // drawn as an arrow, "still on treatment".
  bool on_treatment = false;
  std::optional<std::int32_t> response_day;     // first CR or PR (iCR/iPR)
  std::string response;                         // "CR" or "PR" at that day
  std::optional<std::int32_t> cr_day;           // first CR when the first response was a PR
  std::optional<std::int32_t> progression_day;  // first PD (iCPD)
};

struct SwimmerData {
  // Sorted by arm (study order) then by follow-up, longest first, then id.
  std::vector<SwimmerLane> lanes;
  std::int64_t subjects_without_follow_up = 0;  // no day known at all: not drawn
};

SwimmerData BuildSwimmer(const study::Study& study);

// At most `max_subjects` lanes (0 = all): within each arm, lanes evenly
// spaced in the follow-up ordering are kept, so the picture keeps the arm's
// spread of follow-up; each arm keeps its share of the total. Deterministic.
SwimmerData SampleLanes(const SwimmerData& data, std::size_t max_subjects);

// Columns: subject_id, arm, end_day, end (died/alive), on_treatment,
// response, response_day, cr_day, progression_day.
core::Table ToTable(const SwimmerData& data);
nlohmann::json ToJson(const SwimmerData& data);

}  // namespace pioneer::pipeline
