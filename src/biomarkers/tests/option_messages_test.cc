// Issue 15: library errors name the option's field (the plan key), never a
// command-line flag, and every enum spelling goes through core::ParseEnum,
// so an unknown one reads the same everywhere.
#include <gtest/gtest.h>

#include <string>

#include "pioneer/biomarkers/design.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/tmb.h"
#include "pioneer/core/error.h"
#include "pioneer/io/delimited.h"
#include "pioneer/stats/cox.h"

namespace pioneer::biomarkers {
namespace {

template <class F>
std::string UsageMessage(F&& call) {
  try {
    call();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

TEST(EnumParsers, UnknownSpellingNamesTheFieldAndTheAllowedValues) {
  EXPECT_EQ(UsageMessage([] { ParseScale("bad"); }),
            "unknown value 'bad' for scale; allowed: log2tpm, tpm, counts");
  EXPECT_EQ(UsageMessage([] { ParseScoreMethod("bad"); }),
            "unknown value 'bad' for method; allowed: weighted, mean, zscore, geomean, pairs, pc1, "
            "ssgsea, gsva, "
            "combined-z, plage");
  EXPECT_EQ(UsageMessage([] { stats::ParseTies("bad"); }),
            "unknown value 'bad' for ties; allowed: efron, breslow");
}

TEST(EnumParsers, EverySpellingRoundTrips) {
  for (const auto& s : kScaleNames) {
    EXPECT_EQ(ScaleName(ParseScale(std::string(s.name))), s.name);
  }
  for (const auto& s : kScoreMethodNames) {
    EXPECT_EQ(ScoreMethodName(ParseScoreMethod(std::string(s.name))), s.name);
  }
  EXPECT_EQ(ParseScoreMethod("combined-z"), ScoreMethod::kCombinedZ);
  EXPECT_EQ(ParseScale("log2tpm"), Scale::kLog2Tpm);
}

TEST(OptionMessages, NameTheFieldNotAFlag) {
  TmbOptions tmb;
  tmb.capture_mb = 0;
  EXPECT_EQ(UsageMessage([&] {
              TmbFromMaf("Variant_Classification\tTumor_Sample_Barcode\n", "x.maf", tmb);
            }),
            "capture_mb: must be > 0");

  const core::Table samples = io::ParseDelimited("id\tresponse\ns1\tR\ns2\tNR\ns3\tSD\n", "s.tsv");
  const std::vector<std::string> expression = {"s1", "s2", "s3"};
  EXPECT_EQ(UsageMessage([&] {
              BuildDesign(samples, expression, {"response", "", {}});
            }),
            "group response has 3 levels: give contrast A-B");
  EXPECT_EQ(UsageMessage([&] {
              BuildDesign(samples, expression, {"response", "RNR", {}});
            }),
            "contrast RNR: expected A-B");
}

}  // namespace
}  // namespace pioneer::biomarkers
