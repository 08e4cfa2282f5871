// The virtual 2x2 mouse study: design (arms, animals, schedule, humane
// endpoint), determinism, and the intended ordering of the arms.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "describe.h"
#include "pioneer/core/error.h"
#include "pioneer/sim/simulate.h"

namespace pioneer::sim {
namespace {

TEST(MouseStudy, HasTenAnimalsInEachOfFourArms) {
  const study::Study s = SimulateMouseStudy({});
  std::map<std::string, std::set<std::string>> animals;
  for (const auto& m : s.animals) animals[m.arm].insert(m.animal);
  ASSERT_EQ(animals.size(), 4u);
  std::set<std::string> all;
  for (const auto& [arm, ids] : animals) {
    EXPECT_EQ(ids.size(), 10u) << arm;
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), 40u);
  EXPECT_TRUE(animals.contains("isotype") && animals.contains("A") && animals.contains("B") &&
              animals.contains("A+B"));
}

TEST(MouseStudy, ScheduleVolumesAndHumaneEndpoint) {
  const MouseOptions options;
  const study::Study s = SimulateMouseStudy(options);
  std::map<std::string, std::vector<const study::AnimalMeasurement*>> series;
  for (const auto& m : s.animals) series[m.animal].push_back(&m);
  for (const auto& [id, ms] : series) {
    ASSERT_FALSE(ms.empty());
    EXPECT_EQ(ms.front()->day, 0) << id;
    EXPECT_GT(*ms.front()->volume_mm3, 50.0) << id;  // randomised at ~100 mm3
    EXPECT_LT(*ms.front()->volume_mm3, 200.0) << id;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      ASSERT_TRUE(ms[i]->volume_mm3.has_value());
      EXPECT_GE(*ms[i]->volume_mm3, 0.0) << id;
      EXPECT_LE(ms[i]->day, options.last_day);
      if (i == 0) continue;
      const int gap = ms[i]->day - ms[i - 1]->day;
      EXPECT_TRUE(gap == 2 || gap == 3) << id << " gap " << gap;
      // Nobody is measured after passing the humane endpoint.
      EXPECT_LE(*ms[i - 1]->volume_mm3, options.humane_endpoint_mm3) << id;
    }
  }
}

TEST(MouseStudy, CombinationShrinksTumoursMost) {
  const study::Study s = SimulateMouseStudy({});
  std::map<std::string, double> final_volume;  // last measurement of each animal
  std::map<std::string, std::string> arm_of;
  for (const auto& m : s.animals) {
    final_volume[m.animal] = *m.volume_mm3;
    arm_of[m.animal] = m.arm;
  }
  std::map<std::string, double> mean;
  for (const auto& [animal, v] : final_volume) mean[arm_of[animal]] += v / 10.0;
  std::printf("mean final volume: isotype %.0f A %.0f B %.0f A+B %.0f\n", mean["isotype"],
              mean["A"], mean["B"], mean["A+B"]);
  EXPECT_LT(mean["A+B"], mean["A"]);
  EXPECT_LT(mean["A+B"], mean["B"]);
  EXPECT_LT(mean["A"], mean["isotype"]);
  EXPECT_LT(mean["B"], mean["isotype"]);
  int regressions = 0;
  for (const auto& [animal, v] : final_volume) regressions += arm_of[animal] == "A+B" && v == 0;
  std::printf("complete regressions on A+B: %d\n", regressions);
  EXPECT_GE(regressions, 1);
}

TEST(MouseStudy, SameSeedSameAnimalsOtherSeedOthers) {
  EXPECT_EQ(testing::Describe(SimulateMouseStudy({.seed = 3})),
            testing::Describe(SimulateMouseStudy({.seed = 3})));
  EXPECT_NE(testing::Describe(SimulateMouseStudy({.seed = 3})),
            testing::Describe(SimulateMouseStudy({.seed = 4})));
}

TEST(MouseStudy, BadOptionsNameTheField) {
  try {
    SimulateMouseStudy({.mice_per_arm = 0});
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "mice_per_arm = 0 is invalid: must be in 1..999");
  }
}

}  // namespace
}  // namespace pioneer::sim
