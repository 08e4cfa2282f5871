#include "pioneer/stats/logistic.h"

#include <gtest/gtest.h>

#include <cmath>

#include "basic_fixture.h"
#include "pioneer/core/error.h"

namespace pioneer::stats {
namespace {

using namespace testing;  // NOLINT: fixture helpers

struct Data {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};

Data Build(const std::vector<std::vector<double>>& columns, const std::vector<double>& y) {
  Data d{Eigen::MatrixXd(static_cast<Eigen::Index>(y.size()),
                         static_cast<Eigen::Index>(columns.size())),
         Eigen::VectorXd(static_cast<Eigen::Index>(y.size()))};
  for (std::size_t i = 0; i < y.size(); ++i) {
    d.y[static_cast<Eigen::Index>(i)] = y[i];
    for (std::size_t j = 0; j < columns.size(); ++j) {
      d.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = columns[j][i];
    }
  }
  return d;
}

// Stable quantities first (deviances, AIC), then coefficients and their
// Wald statistics (STYLE.md).
void ExpectMatches(const LogisticResult& r, const std::string& name) {
  const auto& c = Case(name);
  EXPECT_EQ(r.n, c.at("n").get<std::size_t>()) << name;
  ExpectClose(r.null_deviance, Num(c.at("null_deviance")), name + " null deviance");
  ExpectClose(r.deviance, Num(c.at("deviance")), name + " deviance");
  ExpectClose(r.aic, Num(c.at("aic")), name + " AIC");
  EXPECT_EQ(r.iterations, c.at("iterations").get<int>()) << name;
  EXPECT_EQ(r.converged, c.at("converged").get<bool>()) << name;
  EXPECT_EQ(r.separation, c.at("separation").get<bool>()) << name;
  for (std::size_t j = 0; j < r.terms.size(); ++j) {
    const std::string what = name + " " + r.terms[j];
    ExpectClose(r.coefficients[j], Num(c.at("coefficients")[j]), what + " estimate");
    ExpectClose(r.std_errors[j], Num(c.at("std_errors")[j]), what + " SE");
    ExpectClose(r.z[j], Num(c.at("z")[j]), what + " z");
    ExpectClose(r.p_values[j], Num(c.at("p_values")[j]), what + " p");
    ExpectClose(r.ci_lower[j], Num(c.at("ci_lower")[j]), what + " CI lower");
    ExpectClose(r.ci_upper[j], Num(c.at("ci_upper")[j]), what + " CI upper");
  }
}

TEST(FitLogistic, NsclcResponseMatchesGlm) {
  const auto keep = NsclcRows();
  auto col = [&](const char* name) { return Select(Icb().Column(name), keep); };
  const Data d = Build({col("TMB"), col("NLR"), col("Albumin"), col("Age")}, col("Response"));
  const LogisticResult r = FitLogistic(d.x, d.y, {"TMB", "NLR", "Albumin", "Age"});
  EXPECT_EQ(r.terms.front(), "(Intercept)");
  EXPECT_EQ(r.missing, 0u);
  EXPECT_TRUE(r.warnings.empty());
  ExpectMatches(r, "glm_nsclc");
}

TEST(FitLogistic, RowsWithNaNAreDroppedAsNaOmit) {
  const auto keep = NsclcRows();
  auto col = [&](const char* name) { return Select(Icb().Column(name), keep); };
  const Data d = Build({col("TMB"), col("PDL1_TPS(%)"), col("Age")}, col("Response"));
  const LogisticResult r = FitLogistic(d.x, d.y, {"TMB", "PDL1_TPS(%)", "Age"});
  EXPECT_EQ(r.missing, 331u - 169u);
  ExpectMatches(r, "glm_nsclc_pdl1_na");
}

TEST(FitLogistic, AllCancersWithTransformedCovariate) {
  std::vector<double> log_tmb = Icb().Column("TMB");
  for (double& v : log_tmb) v = std::log(v + 1);
  const Data d =
      Build({Icb().Column("Sex"), log_tmb, Icb().Column("Albumin")}, Icb().Column("Response"));
  ExpectMatches(FitLogistic(d.x, d.y, {"Sex", "log(TMB + 1)", "Albumin"}), "glm_all_sex");
}

// Perfect separation is a result with R's warning, not an error. R reaches
// the same flags and (nearly zero) deviance; the diverging coefficients
// themselves are only compared loosely, being artefacts of the stopping point.
TEST(FitLogistic, PerfectSeparationIsReported) {
  const Data d = Build({{1, 2, 3, 4, 5, 6}}, {0, 0, 0, 1, 1, 1});
  const LogisticResult r = FitLogistic(d.x, d.y, {"x"});
  const auto& c = Case("glm_separation");
  EXPECT_TRUE(r.separation);
  EXPECT_EQ(r.iterations, c.at("iterations").get<int>());
  EXPECT_EQ(r.converged, c.at("converged").get<bool>());
  ExpectClose(r.null_deviance, Num(c.at("null_deviance")), "null deviance");
  EXPECT_LT(r.deviance, 1e-8);
  EXPECT_NEAR(r.coefficients[1], Num(c.at("coefficients")[1]),
              1e-6 * std::abs(Num(c.at("coefficients")[1])));
  EXPECT_GT(r.std_errors[1], 1e4);
  EXPECT_EQ(r.warnings.back(), "glm.fit: fitted probabilities numerically 0 or 1 occurred");
  EXPECT_EQ(r.ToJson().at("separation"), true);
}

TEST(FitLogistic, NonConvergenceIsAResult) {
  const Data d = Build({{1, 2, 3, 4, 5, 6}}, {0, 0, 0, 1, 1, 1});
  const LogisticResult r = FitLogistic(d.x, d.y, {"x"}, {.max_iterations = 3});
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.iterations, 3);
  EXPECT_EQ(r.warnings.front(), "glm.fit: algorithm did not converge");
}

TEST(FitLogistic, BadInputs) {
  auto code = [](auto f) {
    try {
      f();
    } catch (const Error& e) {
      return e.code();
    }
    return ErrorCode::kInternal;
  };
  const Data d = Build({{1, 2, 3, 4}}, {0, 1, 0, 1});
  EXPECT_EQ(code([&] { FitLogistic(d.x, d.y, {"x", "extra"}); }), ErrorCode::kInvalidArgument);
  const Data bad_y = Build({{1, 2, 3}}, {0, 2, 1});
  EXPECT_EQ(code([&] { FitLogistic(bad_y.x, bad_y.y, {"x"}); }), ErrorCode::kInvalidArgument);
  const Data collinear = Build({{1, 2, 3, 4}, {2, 4, 6, 8}}, {0, 1, 0, 1});
  EXPECT_EQ(code([&] {
              FitLogistic(collinear.x, collinear.y, {"a", "b"});
            }),
            ErrorCode::kFailedPrecondition);
  const Data all_nan = Build({{std::nan(""), std::nan("")}}, {0, 1});
  EXPECT_EQ(code([&] { FitLogistic(all_nan.x, all_nan.y, {"x"}); }),
            ErrorCode::kFailedPrecondition);
}

// n = 1, intercept only: the MLE is at infinity; R stops when the deviance
// stalls, before the fitted value is within 10 eps of 1 (no warning).
TEST(FitLogistic, SingleObservationMatchesGlm) {
  const LogisticResult one = FitLogistic(Eigen::MatrixXd(1, 0), Eigen::VectorXd::Ones(1), {});
  const auto& c = Case("glm_single");
  EXPECT_EQ(one.separation, c.at("separation").get<bool>());
  EXPECT_EQ(one.iterations, c.at("iterations").get<int>());
  EXPECT_EQ(one.converged, c.at("converged").get<bool>());
  ExpectClose(one.coefficients[0], Num(c.at("coefficients")[0]), "intercept");
  ExpectClose(one.deviance, Num(c.at("deviance")), "deviance");
  EXPECT_EQ(one.null_deviance, 0.0);
}

}  // namespace
}  // namespace pioneer::stats
