// A five-subject, two-arm study small enough to check every Table 1 and
// swimmer number by hand (the worked values are in the tests).
#pragma once

#include "pioneer/study/model.h"

namespace pioneer::pipeline::testing {

inline study::Subject Person(std::string id, std::string arm, std::optional<double> age,
                             study::Sex sex, std::optional<int> ecog, std::string histology,
                             std::string stage, study::Smoking smoking, std::optional<double> tps) {
  study::Subject s;
  s.id = std::move(id);
  s.arm = std::move(arm);
  s.age_years = age;
  s.sex = sex;
  s.ecog = ecog;
  s.histology = std::move(histology);
  s.stage = std::move(stage);
  s.smoking = smoking;
  s.pdl1_tps_pct = tps;
  return s;
}

inline study::Study HandStudy() {
  using study::Sex;
  using study::Smoking;
  study::Study s;
  s.name = "HAND-01";
  s.arms = {{"A", "Drug A"}, {"B", "Drug B"}};
  s.subjects = {
      Person("PID-1", "A", 50, Sex::kFemale, 0, "adenocarcinoma", "IV", Smoking::kNever, 0.5),
      Person("PID-2", "A", 60, Sex::kMale, 1, "squamous", "IV", Smoking::kFormer, 30),
      Person("PID-3", "A", 71, Sex::kFemale, 0, "adenocarcinoma", "IIIB", Smoking::kCurrent, 80),
      Person("PID-4", "B", 65, Sex::kMale, 1, "adenocarcinoma", "IV", Smoking::kFormer, 50),
      Person("PID-5", "B", std::nullopt, Sex::kUnknown, std::nullopt, "", "IV", Smoking::kUnknown,
             std::nullopt),
  };
  // Follow-up: PID-1 PR day 42 then CR day 126, alive on treatment at 400;
  // PID-2 PD day 42, died day 180; PID-3 CR day 84, PD day 300, alive at 350
  // (treatment ended); PID-4 iPR day 40 then iUPD (not PD) day 90, died 200;
  // PID-5 no follow-up day at all.
  s.subjects[0].last_contact_day = 400;
  s.subjects[1].death_day = 180;
  s.subjects[1].last_contact_day = 170;
  s.subjects[2].last_contact_day = 350;
  s.subjects[3].death_day = 200;
  auto response = [](std::string id, int day, std::string criteria, std::string r) {
    return study::ResponseAssessment{std::move(id), "V", day, std::move(criteria), std::move(r)};
  };
  s.responses = {
      response("PID-1", 42, "RECIST 1.1", "PR"),  response("PID-1", 126, "RECIST 1.1", "CR"),
      response("PID-2", 42, "RECIST 1.1", "PD"),  response("PID-3", 84, "RECIST 1.1", "CR"),
      response("PID-3", 300, "RECIST 1.1", "PD"), response("PID-4", 40, "iRECIST", "iPR"),
      response("PID-4", 90, "iRECIST", "iUPD")};
  s.exposures = {{"PID-1", "anti-PD-L1", 1200, "mg", 0, std::nullopt},
                 {"PID-3", "anti-PD-L1", 1200, "mg", 0, 210},
                 {"PID-2", "anti-PD-L1", 1200, "mg", 0, std::nullopt}};
  return s;
}

}  // namespace pioneer::pipeline::testing
