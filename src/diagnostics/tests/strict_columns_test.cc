// Strict numeric columns (issue 14): follow-up times of concordance,
// cut-points and Cox paths must be >= 0, and a file with no usable row is an
// InputError instead of an analysis of n = 0.
#include <gtest/gtest.h>

#include "pioneer/core/error.h"
#include "pioneer/diagnostics/columns.h"
#include "pioneer/io/delimited.h"

namespace pioneer::diagnostics {
namespace {

std::string Problem(const std::string& csv, bool drop_incomplete = true) {
  try {
    ReadNumeric(io::ParseDelimited(csv, "c.csv"), {"time", "status", "score"}, {"status"},
                drop_incomplete, {"time"});
  } catch (const InputError& e) {
    EXPECT_EQ(ExitCodeFor(e), 2);
    return e.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(StrictColumns, NegativeTimeIsRefused) {
  EXPECT_EQ(Problem("time,status,score\n4,1,0.5\n-1,0,0.2\n"),
            "c.csv:3:1: time: a follow-up time cannot be negative: \"-1\"");
}

TEST(StrictColumns, NoUsableRowIsAnError) {
  EXPECT_EQ(Problem("time,status,score\n"), "c.csv: no data rows (after any where filter)");
  EXPECT_EQ(Problem("time,status,score\nNA,1,0.5\n3,NA,0.1\n"),
            "c.csv: no usable rows: all 2 rows have a missing value in a column used");
}

TEST(StrictColumns, NonFiniteValuesNameTheColumn) {
  EXPECT_EQ(Problem("time,status,score\n4,1,nan\n"),
            "c.csv:2:3: score: expected a finite number (Inf and NaN are not allowed): \"nan\"");
}

TEST(StrictColumns, OtherColumnsMayBeNegative) {
  const NumericColumns d = ReadNumeric(io::ParseDelimited("time,status,score\n4,1,-2.5\n", "c.csv"),
                                       {"time", "status", "score"}, {"status"}, true, {"time"});
  EXPECT_EQ(d["score"], (std::vector<double>{-2.5}));
}

}  // namespace
}  // namespace pioneer::diagnostics
