#include "pioneer/invivo/growth_data.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::invivo {
namespace {

core::Table MakeTable(const std::vector<std::vector<std::string>>& rows,
                      std::vector<std::string> names = {"model", "mouse", "arm", "day", "vol", "bw",
                                                        "reason"}) {
  core::Table t("study.tsv", std::move(names));
  std::int64_t line = 2;
  for (const auto& r : rows) t.AddRow(r, line++);
  return t;
}

GrowthColumns Columns() {
  GrowthColumns c;
  c.animal = {"mouse"};
  c.arm = "arm";
  c.day = "day";
  c.volume = "vol";
  c.body_weight = "bw";
  c.censor_reason = "reason";
  return c;
}

// The messages of an InputError, one per line.
std::string Messages(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    std::string out;
    for (const Diagnostic& d : e.diagnostics()) out += d.ToString() + "\n";
    return out;
  }
  return "no error";
}

TEST(ReadGrowth, GroupsSortsAndAppliesTheFloor) {
  const core::Table t = MakeTable({{"EMT6", "m1", "C", "7", "300", "20", ""},
                                   {"EMT6", "m1", "C", "0", "100", "21", ""},
                                   {"EMT6", "m2", "T", "0", "120", "", ""},
                                   {"EMT6", "m2", "T", "7", "0", "", "ulcer"},
                                   {"EMT6", "m2", "T", "9", "NA", "", ""}});
  GrowthOptions o;
  o.floor = 8;
  const GrowthData d = ReadGrowth(t, Columns(), o);
  ASSERT_EQ(d.curves.size(), 2u);
  EXPECT_EQ(d.arms, (std::vector<std::string>{"C", "T"}));
  EXPECT_EQ(d.curves[0].day, (std::vector<double>{0, 7}));
  EXPECT_EQ(d.curves[0].line, (std::vector<std::int64_t>{3, 2}));
  EXPECT_DOUBLE_EQ(d.curves[0].body_weight[0], 21);
  EXPECT_DOUBLE_EQ(d.curves[1].volume[1], 8);
  EXPECT_TRUE(d.curves[1].at_floor[1]);
  EXPECT_EQ(d.values_at_floor, 1u);
  EXPECT_EQ(d.rows_missing_volume, 1u);
  EXPECT_EQ(d.curves[1].censor_reason, "ulcer");
  EXPECT_DOUBLE_EQ(d.curves[1].censor_day, 7);
  EXPECT_TRUE(std::isnan(d.curves[1].body_weight[0]));
  EXPECT_TRUE(d.has_body_weight);
}

TEST(ReadGrowth, SeveralAnimalColumnsIdentifyOneCurve) {
  const core::Table t = MakeTable({{"PDX1", "drugA", "T", "0", "100", "", ""},
                                   {"PDX2", "drugA", "T", "0", "150", "", ""},
                                   {"PDX1", "drugA", "T", "3", "110", "", ""}});
  GrowthColumns c = Columns();
  c.animal = {"model", "mouse"};
  const GrowthData d = ReadGrowth(t, c);
  ASSERT_EQ(d.curves.size(), 2u);
  EXPECT_EQ(d.curves[0].id, "PDX1 / drugA");
  EXPECT_EQ(d.curves[0].size(), 2u);
}

TEST(ReadGrowth, ReportsEveryProblemWithItsLine) {
  const core::Table t = MakeTable({{"x", "m1", "C", "0", "100", "", ""},
                                   {"x", "m1", "C", "0", "101", "", ""},
                                   {"x", "m1", "T", "3", "120", "", ""},
                                   {"x", "m2", "C", "0", "-5", "", ""},
                                   {"x", "m3", "C", "zero", "5", "", ""},
                                   {"x", "m4", "C", "0", "NA", "", ""}});
  const std::string m = Messages([&] { ReadGrowth(t, Columns()); });
  EXPECT_NE(
      m.find("study.tsv:3:4: day: duplicate measurement of animal m1 on day 0 (first at line 2)"),
      std::string::npos)
      << m;
  EXPECT_NE(m.find("study.tsv:4:3: arm: animal m1 is in arm 'T' here but in arm 'C' at line 2"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("study.tsv:5:5: vol: negative tumour volume"), std::string::npos) << m;
  EXPECT_NE(m.find("study.tsv:6:4: day: expected a number"), std::string::npos) << m;
  EXPECT_NE(m.find("study.tsv:7: animal m4 has no baseline"), std::string::npos) << m;
}

TEST(ReadGrowth, BaselineDayAndZeroBaseline) {
  const core::Table t =
      MakeTable({{"x", "m1", "C", "3", "100", "", ""}, {"x", "m2", "C", "0", "0", "", ""}});
  GrowthOptions o;
  o.baseline_day = 0;
  const std::string m = Messages([&] { ReadGrowth(t, Columns(), o); });
  EXPECT_NE(m.find("study.tsv:2:4: day: animal m1 has no baseline: first measurement on day 3, "
                   "expected day 0"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("study.tsv:3:5: vol: animal m2 has no usable baseline"), std::string::npos) << m;
}

TEST(ReadGrowth, ZeroVolumeNeedsAFloorOnTheLogScale) {
  const core::Table t =
      MakeTable({{"x", "m1", "C", "0", "100", "", ""}, {"x", "m1", "C", "5", "0", "", ""}});
  const GrowthData d = ReadGrowth(t, Columns());
  const std::string m = Messages([&] { RequirePositiveVolumes(d); });
  EXPECT_NE(m.find("study.tsv:3: animal m1 has volume 0 on day 5"), std::string::npos) << m;
  GrowthOptions o;
  o.floor = 4;
  EXPECT_NO_THROW(RequirePositiveVolumes(ReadGrowth(t, Columns(), o)));
}

TEST(ReadGrowth, MissingColumnAndBadFloor) {
  const core::Table t = MakeTable({{"x", "m1", "C", "0", "100", "", ""}});
  GrowthColumns c = Columns();
  c.volume = "tumor_volume";
  EXPECT_THROW(ReadGrowth(t, c), Error);
  GrowthOptions o;
  o.floor = -1;
  EXPECT_THROW(ReadGrowth(t, Columns(), o), UsageError);
}

}  // namespace
}  // namespace pioneer::invivo
