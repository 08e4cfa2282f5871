// t tests, following R's t.test.default (stats 4.2) step by step.
#include "pioneer/stats/ttest.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "pioneer/core/error.h"
#include "pioneer/stats/distributions.h"

namespace pioneer::stats {
namespace {

struct Moments {
  double mean = 0;
  double variance = 0;
  double n = 0;
};

Moments MeanVariance(const std::vector<double>& v) {
  Moments m;
  m.n = static_cast<double>(v.size());
  for (double x : v) m.mean += x;
  m.mean /= m.n;
  // Two-pass with the correction term, as R's var(): stable for large means.
  double ss = 0;
  double sum = 0;
  for (double x : v) {
    ss += (x - m.mean) * (x - m.mean);
    sum += x - m.mean;
  }
  m.variance = m.n > 1 ? (ss - sum * sum / m.n) / (m.n - 1) : std::nan("");
  return m;
}

void Require(bool ok, const std::string& message) {
  if (!ok) throw Error(ErrorCode::kFailedPrecondition, message);
}

void Validate(const TTestOptions& options) {
  CheckConfidenceLevel(options.confidence, "TTestOptions.confidence");
  if (!std::isfinite(options.mu)) {
    throw Error(ErrorCode::kInvalidArgument, "TTestOptions.mu must be finite");
  }
}

// Fills t, p and the interval from the estimate, its standard error and df.
void Finish(double estimate, const TTestOptions& options, TTestResult& r) {
  const double scale = std::max(std::abs(r.mean_x), std::isnan(r.mean_y) ? 0 : std::abs(r.mean_y));
  Require(r.std_error >= 10 * std::numeric_limits<double>::epsilon() * scale,
          "data are essentially constant");
  r.t = (estimate - options.mu) / r.std_error;
  const double level = options.confidence;
  r.conf_int.level = level;
  const double inf = std::numeric_limits<double>::infinity();
  switch (options.alternative) {
    case Alternative::kLess:
      r.p_value = Pt(r.t, r.df);
      r.conf_int.lower = -inf;
      r.conf_int.upper = r.t + Qt(level, r.df);
      break;
    case Alternative::kGreater:
      r.p_value = Pt(r.t, r.df, false);
      r.conf_int.lower = r.t - Qt(level, r.df);
      r.conf_int.upper = inf;
      break;
    case Alternative::kTwoSided: {
      r.p_value = 2 * Pt(-std::abs(r.t), r.df);
      const double c = Qt(1 - (1 - level) / 2, r.df);
      r.conf_int.lower = r.t - c;
      r.conf_int.upper = r.t + c;
      break;
    }
  }
  r.conf_int.lower = r.conf_int.lower * r.std_error + options.mu;
  r.conf_int.upper = r.conf_int.upper * r.std_error + options.mu;
  r.alternative = options.alternative;
}

}  // namespace

TTestResult TTest(const std::vector<double>& x_in, const std::vector<double>& y_in,
                  const TTestOptions& options) {
  Validate(options);
  TTestResult r;
  const std::vector<double> x = DropNaN(x_in, &r.missing);
  const std::vector<double> y = DropNaN(y_in, &r.missing);
  r.welch = !options.var_equal;
  Require(!x.empty() && (options.var_equal || x.size() >= 2), "not enough 'x' observations");
  Require(!y.empty() && (options.var_equal || y.size() >= 2), "not enough 'y' observations");
  Require(!options.var_equal || x.size() + y.size() >= 3, "not enough observations");
  const Moments mx = MeanVariance(x);
  const Moments my = MeanVariance(y);
  r.n_x = x.size();
  r.n_y = y.size();
  r.mean_x = mx.mean;
  r.mean_y = my.mean;
  if (options.var_equal) {
    r.df = mx.n + my.n - 2;
    double v = 0;
    if (mx.n > 1) v += (mx.n - 1) * mx.variance;
    if (my.n > 1) v += (my.n - 1) * my.variance;
    v /= r.df;
    r.std_error = std::sqrt(v * (1 / mx.n + 1 / my.n));
  } else {
    const double se_x2 = mx.variance / mx.n;
    const double se_y2 = my.variance / my.n;
    r.std_error = std::sqrt(se_x2 + se_y2);
    // Welch-Satterthwaite degrees of freedom.
    r.df = std::pow(r.std_error, 4) / (se_x2 * se_x2 / (mx.n - 1) + se_y2 * se_y2 / (my.n - 1));
  }
  Finish(mx.mean - my.mean, options, r);
  return r;
}

TTestResult OneSampleTTest(const std::vector<double>& x_in, const TTestOptions& options) {
  Validate(options);
  TTestResult r;
  const std::vector<double> x = DropNaN(x_in, &r.missing);
  Require(x.size() >= 2, "not enough 'x' observations");
  const Moments mx = MeanVariance(x);
  r.n_x = x.size();
  r.mean_x = mx.mean;
  r.mean_y = std::nan("");
  r.welch = false;
  r.df = mx.n - 1;
  r.std_error = std::sqrt(mx.variance / mx.n);
  Finish(mx.mean, options, r);
  return r;
}

nlohmann::json TTestResult::ToJson() const {
  nlohmann::json j = {
      {"test", std::isnan(mean_y) ? "one-sample t" : (welch ? "Welch t" : "Student t")},
      {"t", t},
      {"df", df},
      {"p_value", p_value},
      {"conf_int", conf_int.ToJson()},
      {"mean_x", mean_x},
      {"std_error", std_error},
      {"n_x", n_x},
      {"missing", missing},
      {"alternative", ToString(alternative)}};
  if (!std::isnan(mean_y)) {
    j["mean_y"] = mean_y;
    j["n_y"] = n_y;
  }
  return j;
}

}  // namespace pioneer::stats
