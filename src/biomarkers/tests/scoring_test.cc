// Single-sample and cohort scores on a small hand-checked matrix.
#include "pioneer/biomarkers/scoring.h"

#include <gtest/gtest.h>

#include <cmath>

#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

// log2(TPM + 1) values: 4 genes x 3 samples.
const char* kExpr =
    "gene\ts1\ts2\ts3\n"
    "A\t1\t2\t3\n"
    "B\t3\t1\t2\n"
    "H\t1\t1\t2\n"
    "C\t0\t4\t1\n";

Signature Make(std::vector<std::string> genes, std::vector<double> weights) {
  Signature s;
  s.name = "test";
  s.genes = std::move(genes);
  s.weights = std::move(weights);
  return s;
}

ScoreResult ScoreOne(const Signature& s, ScoreMethod method, Scale scale = Scale::kLog2Tpm) {
  const ExpressionMatrix m = ParseExpression(kExpr, "e.tsv", scale);
  ScoreOptions options;
  options.method = method;
  options.scale = scale;
  return ScoreSignatures(m, {&s}, options);
}

TEST(Scoring, MeanReportsMissingGenes) {
  const ScoreResult r = ScoreOne(Make({"A", "B", "ZZZ"}, {1, 1, 1}), ScoreMethod::kMean);
  EXPECT_DOUBLE_EQ(r.at(0, 0), 2.0);
  EXPECT_DOUBLE_EQ(r.at(0, 1), 1.5);
  ASSERT_EQ(r.resolved[0].missing, std::vector<std::string>{"ZZZ"});
  EXPECT_EQ(r.ToJson()["genes_missing"]["test"][0], "ZZZ");
}

TEST(Scoring, WeightedWithHousekeepingNormalisation) {
  Signature s = Make({"A", "B"}, {0.5, -2});
  s.housekeeping = {"H"};
  const ScoreResult r = ScoreOne(s, ScoreMethod::kWeighted);
  EXPECT_DOUBLE_EQ(r.at(0, 0), 0.5 * (1 - 1) - 2 * (3 - 1));
  EXPECT_DOUBLE_EQ(r.at(0, 2), 0.5 * (3 - 2) - 2 * (2 - 2));
}

TEST(Scoring, GeometricMeanOfTpmWithOffset) {
  const ScoreResult r = ScoreOne(Make({"A", "C"}, {1, 1}), ScoreMethod::kGeomean);
  // TPM = 2^x - 1: sample 1 -> A 1, C 0.
  EXPECT_NEAR(r.at(0, 0), std::exp((std::log(1.01) + std::log(0.01)) / 2), 1e-14);
}

TEST(Scoring, PairsCountHigherThan) {
  Signature s = Make({"A", "B", "C"}, {1, 1, 1});
  s.pairs = {{"A", "B"}, {"C", "A"}};
  const ScoreResult r = ScoreOne(s, ScoreMethod::kPairs);
  EXPECT_EQ(r.at(0, 0), 0);  // 1 > 3 no, 0 > 1 no
  EXPECT_EQ(r.at(0, 1), 2);  // 2 > 1, 4 > 2
  EXPECT_EQ(r.at(0, 2), 1);
  EXPECT_THROW(ScoreOne(Make({"A"}, {1}), ScoreMethod::kPairs), Error);
}

TEST(Scoring, ZscoreMeanAndPc1SignAlignment) {
  const ScoreResult z = ScoreOne(Make({"A", "B"}, {1, 1}), ScoreMethod::kZscore);
  // z(A) = (-1, 0, 1), z(B) = (1, -1, 0)
  EXPECT_NEAR(z.at(0, 0), 0.0, 1e-15);
  EXPECT_NEAR(z.at(0, 1), -0.5, 1e-15);
  EXPECT_NEAR(z.at(0, 2), 0.5, 1e-15);
  const ScoreResult pc = ScoreOne(Make({"A", "C"}, {1, 1}), ScoreMethod::kPc1);
  // PC1 correlates positively with the genes' mean z-score.
  const double mean_z[3] = {-1.0, 1.0, 0.0};
  double dot = 0;
  for (int j = 0; j < 3; ++j) dot += pc.at(0, static_cast<std::size_t>(j)) * mean_z[j];
  EXPECT_GT(dot, 0);
  double sum = 0;
  for (int j = 0; j < 3; ++j) sum += pc.at(0, static_cast<std::size_t>(j));
  EXPECT_NEAR(sum, 0.0, 1e-12);  // scores of centred data
}

TEST(Scoring, CohortMethodsNeedTwoSamples) {
  const ExpressionMatrix m = ParseExpression("gene\ts1\nA\t1\nB\t2\n", "e.tsv", Scale::kLog2Tpm);
  const Signature s = Make({"A"}, {1});
  ScoreOptions options;
  options.method = ScoreMethod::kGsva;
  EXPECT_THROW(ScoreSignatures(m, {&s}, options), Error);
}

TEST(Scoring, ThreadsGiveIdenticalScores) {
  std::string text = "gene";
  for (int j = 0; j < 7; ++j) text += "\ts" + std::to_string(j);
  text += "\n";
  for (int g = 0; g < 60; ++g) {
    text += "G" + std::to_string(g);
    for (int j = 0; j < 7; ++j)
      text += "\t" + std::to_string(std::sin(g * 7.0 + j * 1.3) * 3 + (g % 5));
    text += "\n";
  }
  const ExpressionMatrix m = ParseExpression(text, "e.tsv", Scale::kLog2Tpm);
  const Signature s = Make({"G1", "G5", "G9", "G20", "G33"}, {1, 1, 1, 1, 1});
  for (ScoreMethod method : {ScoreMethod::kSsgsea, ScoreMethod::kGsva, ScoreMethod::kPlage}) {
    ScoreOptions options;
    options.method = method;
    const ScoreResult one = ScoreSignatures(m, {&s}, options);
    options.threads = 3;
    const ScoreResult three = ScoreSignatures(m, {&s}, options);
    EXPECT_EQ(one.scores, three.scores) << ScoreMethodName(method);
  }
}

}  // namespace
}  // namespace pioneer::biomarkers
