// Compensation, transforms, selection, subsampling and gates (preprocess.h).
#include "pioneer/cytometry/preprocess.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <numeric>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"

namespace pioneer::cytometry {
namespace {

constexpr int kTaylorLength = 16;  // Moore & Parks 2012, Logicle.java

// d solving 2 (ln d - ln b) + w (b + d) = 0 (Moore & Parks 2012, eq. for
// the logicle condition), by safeguarded Newton as in their reference code.
double SolveD(double b, double w) {
  if (w == 0) return b;
  const double tolerance = 2 * b * DBL_EPSILON;
  double d_lo = 0, d_hi = b;
  double d = (d_lo + d_hi) / 2;
  double last_delta = d_hi - d_lo;
  const double f_b = -2 * std::log(b) + w * b;
  double f = 2 * std::log(d) + w * d + f_b;
  double last_f = std::nan("");
  for (int i = 0; i < 200; ++i) {
    const double df = 2 / d + w;
    double delta;
    if (((d - d_hi) * df - f) * ((d - d_lo) * df - f) >= 0 ||
        std::abs(1.9 * f) > std::abs(last_delta * df)) {
      delta = (d_hi - d_lo) / 2;  // bisection
      d = d_lo + delta;
      if (d == d_lo) return d;
    } else {
      delta = f / df;  // Newton
      const double t = d;
      d -= delta;
      if (d == t) return d;
    }
    if (std::abs(delta) < tolerance) return d;
    last_delta = delta;
    f = 2 * std::log(d) + w * d + f_b;
    if (f == 0 || f == last_f) return d;
    last_f = f;
    if (f < 0)
      d_lo = d;
    else
      d_hi = d;
  }
  throw Error(ErrorCode::kInternal, "logicle: no convergence solving for d");
}

}  // namespace

void Compensate(FcsData& data, const Spillover& spillover) {
  const std::size_t n = spillover.channels.size();
  std::vector<std::size_t> cols;
  for (const std::string& c : spillover.channels) {
    const auto j = data.FindParameter(c);
    if (!j) {
      throw InputError(Diagnostic{
          .file = "",
          .line = 0,
          .column = 0,
          .message = fmt::format("spillover channel '{}' is not a parameter of the file", c),
          .raw = ""});
    }
    cols.push_back(*j);
  }
  Eigen::MatrixXd s(n, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (spillover.matrix.size() != n || spillover.matrix[i].size() != n) {
      throw Error(ErrorCode::kInvalidArgument,
                  "spillover matrix is not square with one row per channel");
    }
    for (std::size_t j = 0; j < n; ++j)
      s(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = spillover.matrix[i][j];
  }
  Eigen::FullPivLU<Eigen::MatrixXd> lu(s);
  if (!lu.isInvertible())
    throw Error(ErrorCode::kFailedPrecondition, "spillover matrix is singular");
  const Eigen::MatrixXd inv = lu.inverse();
  const std::size_t p = data.n_parameters();
  Eigen::RowVectorXd raw(n), out(n);
  for (std::size_t e = 0; e < data.events; ++e) {
    double* row = data.values.data() + e * p;
    for (std::size_t k = 0; k < n; ++k) raw(static_cast<Eigen::Index>(k)) = row[cols[k]];
    out.noalias() = raw * inv;
    for (std::size_t k = 0; k < n; ++k) row[cols[k]] = out(static_cast<Eigen::Index>(k));
  }
}

Logicle::Logicle(double t, double w, double m, double a) : t_(t), w_param_(w), m_(m), a_param_(a) {
  if (!(t > 0) || !(m > 0) || !(w >= 0) || 2 * w > m || -a > w || a + 2 * w > m) {
    throw UsageError(
        fmt::format("logicle: invalid parameters T={} W={} M={} A={} (need T > 0, M > 0, "
                    "0 <= W <= M/2, -W <= A <= M - 2W)",
                    t, w, m, a));
  }
  w_ = w / (m + a);
  x2_ = a / (m + a);
  x1_ = x2_ + w_;
  x0_ = x2_ + 2 * w_;
  b_ = (m + a) * std::log(10.0);
  d_ = SolveD(b_, w_);
  const double c_a = std::exp(x0_ * (b_ + d_));
  const double mf_a = std::exp(b_ * x1_) - c_a / std::exp(d_ * x1_);
  a_ = t / ((std::exp(b_) - mf_a) - c_a / std::exp(d_));
  c_ = c_a * a_;
  f_ = -mf_a * a_;
  x_taylor_ = x1_ + w_ / 4;
  double pos = a_ * std::exp(b_ * x1_), neg = -c_ / std::exp(d_ * x1_);
  taylor_.resize(kTaylorLength);
  for (int i = 0; i < kTaylorLength; ++i) {
    pos *= b_ / (i + 1);
    neg *= -d_ / (i + 1);
    taylor_[static_cast<std::size_t>(i)] = pos + neg;
  }
  taylor_[1] = 0;  // exactly zero by the logicle condition
}

double Logicle::Series(double x) const {
  x -= x1_;
  double sum = taylor_[kTaylorLength - 1] * x;
  for (int i = kTaylorLength - 2; i >= 2; --i)
    sum = (sum + taylor_[static_cast<std::size_t>(i)]) * x;
  return (sum * x + taylor_[0]) * x;
}

double Logicle::Biexponential(double x) const {
  return x < x_taylor_ ? Series(x) : (a_ * std::exp(b_ * x) + f_) - c_ / std::exp(d_ * x);
}

// Halley's method on the biexponential, from a linear or log first guess.
double Logicle::Scale(double value) const {
  if (std::isnan(value)) return value;
  if (value == 0) return x1_ * m_;
  const bool negative = value < 0;
  if (negative) value = -value;
  double x = value < f_ ? x1_ + value / taylor_[0] : std::log(value / a_) / b_;
  const double tolerance = 3 * DBL_EPSILON;
  for (int i = 0; i < 20; ++i) {
    const double ae2bx = a_ * std::exp(b_ * x);
    const double ce2mdx = c_ / std::exp(d_ * x);
    const double y = x < x_taylor_ ? Series(x) - value : (ae2bx + f_) - (ce2mdx + value);
    const double abe2bx = b_ * ae2bx, cde2mdx = d_ * ce2mdx;
    const double dy = abe2bx + cde2mdx;
    const double ddy = b_ * abe2bx - d_ * cde2mdx;
    const double delta = y / (dy * (1 - y * ddy / (2 * dy * dy)));
    x -= delta;
    if (std::abs(delta) < tolerance) break;
  }
  return (negative ? 2 * x1_ - x : x) * m_;
}

double Logicle::Inverse(double scaled) const {
  double x = scaled / m_;
  const bool negative = x < x1_;
  if (negative) x = 2 * x1_ - x;
  const double v = Biexponential(x);
  return negative ? -v : v;
}

std::string TransformSpec::ToString() const {
  switch (kind) {
    case TransformKind::kNone:
      return "none";
    case TransformKind::kArcsinh:
      return fmt::format("arcsinh:{}", cofactor);
    case TransformKind::kLogicle:
      return fmt::format("logicle:{},{},{},{}", t, w, m, a);
  }
  return "none";
}

TransformSpec ParseTransform(const std::string& text) {
  TransformSpec s;
  const auto colon = text.find(':');
  const std::string head = text.substr(0, colon);
  const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
  auto number = [&](const std::string& v) {
    try {
      std::size_t used = 0;
      const double x = std::stod(v, &used);
      if (used != v.size() || !std::isfinite(x)) throw std::invalid_argument(v);
      return x;
    } catch (const std::exception&) {
      throw UsageError(fmt::format("transform {}: '{}' is not a number", text, v));
    }
  };
  if (head == "none" && rest.empty()) return s;
  if (head == "arcsinh") {
    s.kind = TransformKind::kArcsinh;
    if (!rest.empty()) s.cofactor = number(rest);
    if (!(s.cofactor > 0))
      throw UsageError(fmt::format("transform {}: the cofactor must be positive", text));
    return s;
  }
  if (head == "logicle") {
    s.kind = TransformKind::kLogicle;
    if (!rest.empty()) {
      std::vector<double> v;
      std::size_t start = 0;
      while (true) {
        const auto comma = rest.find(',', start);
        v.push_back(number(rest.substr(start, comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (v.size() != 4)
        throw UsageError(fmt::format("transform {}: expected logicle:T,W,M,A", text));
      s.t = v[0], s.w = v[1], s.m = v[2], s.a = v[3];
    }
    Logicle check(s.t, s.w, s.m, s.a);  // validates
    return s;
  }
  throw UsageError(
      fmt::format("transform {}: expected none, arcsinh[:COFACTOR] or logicle[:T,W,M,A]", text));
}

void ApplyTransform(FcsData& data, const TransformSpec& spec,
                    const std::vector<std::size_t>& columns) {
  if (spec.kind == TransformKind::kNone) return;
  const std::size_t p = data.n_parameters();
  if (spec.kind == TransformKind::kArcsinh) {
    for (std::size_t e = 0; e < data.events; ++e) {
      for (std::size_t j : columns)
        data.values[e * p + j] = std::asinh(data.values[e * p + j] / spec.cofactor);
    }
    return;
  }
  const Logicle lg(spec.t, spec.w, spec.m, spec.a);
  for (std::size_t e = 0; e < data.events; ++e) {
    for (std::size_t j : columns) data.values[e * p + j] = lg.Scale(data.values[e * p + j]);
  }
}

std::vector<std::size_t> FluorescenceColumns(const FcsData& data) {
  std::vector<std::size_t> out;
  if (data.spillover) {
    for (const std::string& c : data.spillover->channels) {
      if (auto j = data.FindParameter(c)) out.push_back(*j);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  for (std::size_t j = 0; j < data.n_parameters(); ++j) {
    std::string name = data.parameters[j].name;
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (name.rfind("FSC", 0) != 0 && name.rfind("SSC", 0) != 0 && name.rfind("TIME", 0) != 0)
      out.push_back(j);
  }
  return out;
}

std::vector<std::size_t> SelectColumns(const FcsData& data, const std::vector<std::string>& markers,
                                       const std::string& source) {
  std::vector<std::size_t> out;
  for (const std::string& m : markers) {
    const auto j = data.FindParameter(m);
    if (!j) {
      std::string names;
      for (const FcsParameter& p : data.parameters) {
        names += (names.empty() ? "" : ", ") + p.name +
                 (p.description ? " (" + *p.description + ")" : "");
      }
      throw InputError(Diagnostic{
          .file = source,
          .line = 0,
          .column = 0,
          .message = fmt::format("marker '{}' matches no $PnN or $PnS; the file has: {}", m, names),
          .raw = ""});
    }
    out.push_back(*j);
  }
  return out;
}

std::vector<std::size_t> Subsample(std::size_t events, std::size_t count, std::uint64_t seed) {
  std::vector<std::size_t> idx(events);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  if (count >= events) return idx;
  core::Rng rng(seed);
  // Partial Fisher-Yates: the first `count` positions are the sample.
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(rng.Below(events - i));
    std::swap(idx[i], idx[j]);
  }
  idx.resize(count);
  std::sort(idx.begin(), idx.end());
  return idx;
}

std::vector<bool> ApplyGate(const FcsData& data, const RectangleGate& gate) {
  std::vector<bool> keep(data.events, true);
  for (std::size_t e = 0; e < data.events; ++e) {
    for (std::size_t k = 0; k < gate.columns.size(); ++k) {
      const double v = data.at(e, gate.columns[k]);
      if (!(v >= gate.min[k] && v <= gate.max[k])) keep[e] = false;
    }
  }
  return keep;
}

// Even-odd rule (ray casting to +x).
std::vector<bool> ApplyGate(const FcsData& data, const PolygonGate& gate) {
  std::vector<bool> keep(data.events, false);
  const auto& v = gate.vertices;
  for (std::size_t e = 0; e < data.events; ++e) {
    const double x = data.at(e, gate.x), y = data.at(e, gate.y);
    bool inside = false;
    for (std::size_t i = 0, j = v.size() - 1; i < v.size(); j = i++) {
      if ((v[i].second > y) != (v[j].second > y) &&
          x < (v[j].first - v[i].first) * (y - v[i].second) / (v[j].second - v[i].second) +
                  v[i].first) {
        inside = !inside;
      }
    }
    keep[e] = inside;
  }
  return keep;
}

std::vector<bool> ApplyGate(const FcsData& data, const ThresholdGate& gate) {
  std::vector<bool> keep(data.events);
  for (std::size_t e = 0; e < data.events; ++e) {
    const double v = data.at(e, gate.column);
    keep[e] = gate.above ? v >= gate.threshold : v < gate.threshold;
  }
  return keep;
}

std::vector<bool> MarginFilter(const FcsData& data, const std::vector<std::size_t>& columns) {
  std::vector<bool> keep(data.events, true);
  for (std::size_t j : columns) {
    const double top = data.parameters[j].range - 1;
    if (!(top > 0)) continue;
    std::string name = data.parameters[j].name;
    const bool scatter = name.rfind("FSC", 0) == 0 || name.rfind("SSC", 0) == 0;
    for (std::size_t e = 0; e < data.events; ++e) {
      const double v = data.at(e, j);
      if (v >= top || (scatter && v <= 0)) keep[e] = false;
    }
  }
  return keep;
}

void KeepEvents(FcsData& data, const std::vector<bool>& mask) {
  const std::size_t p = data.n_parameters();
  std::size_t out = 0;
  for (std::size_t e = 0; e < data.events; ++e) {
    if (!mask[e]) continue;
    if (out != e)
      std::copy_n(data.values.begin() + static_cast<std::ptrdiff_t>(e * p), p,
                  data.values.begin() + static_cast<std::ptrdiff_t>(out * p));
    ++out;
  }
  data.events = out;
  data.values.resize(out * p);
}

}  // namespace pioneer::cytometry
