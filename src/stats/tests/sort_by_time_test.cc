// The radix sort behind every survival routine: same order as a stable
// comparison sort, for negative times, signed zeros, ties and wide ranges.
#include "../sort_by_time.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "pioneer/core/rng.h"

namespace pioneer::stats::internal {
namespace {

struct Row {
  double time;
  int id;
};

std::vector<int> Ids(const std::vector<Row>& rows) {
  std::vector<int> ids;
  for (const Row& r : rows) ids.push_back(r.id);
  return ids;
}

void ExpectSameAsStableSort(std::vector<Row> rows) {
  std::vector<Row> expected = rows;
  std::stable_sort(expected.begin(), expected.end(),
                   [](const Row& a, const Row& b) { return a.time < b.time; });
  SortByTime(rows);
  EXPECT_EQ(Ids(rows), Ids(expected));
}

TEST(SortByTime, MatchesStableSortOnMixedSignsAndTies) {
  const double big = std::numeric_limits<double>::max();
  const double tiny = std::numeric_limits<double>::denorm_min();
  ExpectSameAsStableSort({{3, 0},
                          {-1, 1},
                          {0.5, 2},
                          {3, 3},
                          {-big, 4},
                          {big, 5},
                          {tiny, 6},
                          {-tiny, 7},
                          {-1, 8},
                          {1e-300, 9},
                          {1e300, 10},
                          {0.5, 11}});
}

TEST(SortByTime, SignedZerosStayTogether) {
  std::vector<Row> rows{{1, 0}, {0.0, 1}, {-0.0, 2}, {-1, 3}};
  SortByTime(rows);
  EXPECT_EQ(rows[0].id, 3);
  EXPECT_EQ(rows[1].time, 0.0);
  EXPECT_EQ(rows[2].time, 0.0);
  EXPECT_EQ(rows[3].id, 0);
}

TEST(SortByTime, RandomTimesOfOneMagnitudeAndRoundedTimes) {
  core::Rng rng(7);
  std::vector<Row> continuous, rounded;
  for (int i = 0; i < 20000; ++i) {
    const double t = rng.Uniform() * 100;
    continuous.push_back({t, i});
    rounded.push_back({std::round(t), i});  // heavy ties: stability matters
  }
  ExpectSameAsStableSort(continuous);
  ExpectSameAsStableSort(rounded);
}

TEST(SortByTime, EmptyAndSingle) {
  std::vector<Row> none;
  SortByTime(none);
  EXPECT_TRUE(none.empty());
  std::vector<Row> one{{2.5, 0}};
  SortByTime(one);
  EXPECT_EQ(one[0].time, 2.5);
}

}  // namespace
}  // namespace pioneer::stats::internal
