#include "pioneer/pipeline/analyses/swimmer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hand_study.h"

namespace pioneer::pipeline {
namespace {

TEST(Swimmer, LanesFromHandStudy) {
  const SwimmerData d = BuildSwimmer(testing::HandStudy());
  EXPECT_EQ(d.subjects_without_follow_up, 1);  // PID-5
  ASSERT_EQ(d.lanes.size(), 4u);
  // Arm A by follow-up, longest first; then arm B.
  EXPECT_EQ(d.lanes[0].subject_id, "PID-1");
  EXPECT_EQ(d.lanes[1].subject_id, "PID-3");
  EXPECT_EQ(d.lanes[2].subject_id, "PID-2");
  EXPECT_EQ(d.lanes[3].subject_id, "PID-4");

  const SwimmerLane& p1 = d.lanes[0];  // PR day 42, CR day 126, alive on treatment at 400
  EXPECT_EQ(p1.end_day, 400);
  EXPECT_EQ(p1.end, LaneEnd::kAlive);
  EXPECT_TRUE(p1.on_treatment);
  EXPECT_EQ(p1.response, "PR");
  EXPECT_EQ(p1.response_day, 42);
  EXPECT_EQ(p1.cr_day, 126);
  EXPECT_FALSE(p1.progression_day);

  const SwimmerLane& p3 = d.lanes[1];  // CR day 84, PD 300, treatment ended
  EXPECT_EQ(p3.response, "CR");
  EXPECT_FALSE(p3.cr_day);
  EXPECT_EQ(p3.progression_day, 300);
  EXPECT_FALSE(p3.on_treatment);

  const SwimmerLane& p2 = d.lanes[2];  // died day 180 (death wins over last contact)
  EXPECT_EQ(p2.end, LaneEnd::kDied);
  EXPECT_EQ(p2.end_day, 180);
  EXPECT_FALSE(p2.on_treatment);  // the dead are not "ongoing"
  EXPECT_EQ(p2.progression_day, 42);

  const SwimmerLane& p4 = d.lanes[3];  // iPR counts as PR, iUPD is not PD
  EXPECT_EQ(p4.response, "PR");
  EXPECT_EQ(p4.response_day, 40);
  EXPECT_FALSE(p4.progression_day);
}

TEST(Swimmer, LastAssessmentIsTheFallbackEnd) {
  study::Study s = testing::HandStudy();
  s.subjects[2].last_contact_day.reset();
  const SwimmerData d = BuildSwimmer(s);
  // PID-3 now ends at its last assessment (PD, day 300), still before PID-2 (180).
  EXPECT_EQ(d.lanes[1].subject_id, "PID-3");
  for (const SwimmerLane& l : d.lanes) {
    if (l.subject_id == "PID-3") {
      EXPECT_EQ(l.end_day, 300);
    }
  }
}

TEST(Swimmer, SamplingKeepsEveryArmAndIsDeterministic) {
  const SwimmerData d = BuildSwimmer(testing::HandStudy());
  EXPECT_EQ(SampleLanes(d, 0).lanes.size(), 4u);
  EXPECT_EQ(SampleLanes(d, 10).lanes.size(), 4u);
  // max 2 over arms of 3 and 1: one lane each; arm A keeps its middle lane.
  const SwimmerData two = SampleLanes(d, 2);
  ASSERT_EQ(two.lanes.size(), 2u);
  EXPECT_EQ(two.lanes[0].subject_id, "PID-3");
  EXPECT_EQ(two.lanes[1].subject_id, "PID-4");
  // max 3: arm A gets the extra lane; strata centres are ranks 0 and 2.
  const SwimmerData three = SampleLanes(d, 3);
  ASSERT_EQ(three.lanes.size(), 3u);
  EXPECT_EQ(three.lanes[0].subject_id, "PID-1");
  EXPECT_EQ(three.lanes[1].subject_id, "PID-2");
  EXPECT_EQ(three.lanes[2].subject_id, "PID-4");
  EXPECT_EQ(three.subjects_without_follow_up, 1);
}

TEST(Swimmer, TableAndJson) {
  const SwimmerData d = BuildSwimmer(testing::HandStudy());
  const core::Table t = ToTable(d);
  ASSERT_EQ(t.rows(), 4u);
  EXPECT_EQ(t.names()[0], "subject_id");
  EXPECT_EQ(t.cell(0, 3), "alive");
  EXPECT_EQ(t.cell(0, 4), "yes");
  EXPECT_EQ(t.cell(0, 7), "126");
  EXPECT_EQ(t.cell(2, 3), "died");
  EXPECT_EQ(t.cell(3, 8), "");
  const nlohmann::json j = ToJson(d);
  EXPECT_EQ(j["lanes"].size(), 4u);
  EXPECT_EQ(j["lanes"][3]["progression_day"], nullptr);
  EXPECT_EQ(j["subjects_without_follow_up"], 1);
}

TEST(Swimmer, EmptyStudy) {
  const SwimmerData d = BuildSwimmer(study::Study{});
  EXPECT_TRUE(d.lanes.empty());
  EXPECT_TRUE(SampleLanes(d, 5).lanes.empty());
}

}  // namespace
}  // namespace pioneer::pipeline
