// File: src/biomarkers/scoring.cc
#include "pioneer/biomarkers/scoring.h"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>
#include <limits>

#include "pioneer/biomarkers/gsva.h"
#include "pioneer/biomarkers/parallel.h"
#include "pioneer/core/error.h"

namespace pioneer::biomarkers {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

MatrixView View(const ExpressionMatrix& m) {
  return MatrixView{m.values.data(), m.n_genes(), m.n_samples()};
}

// Per-gene z-scores across samples (sd with n - 1).
std::vector<double> RowZ(const ExpressionMatrix& m, const std::vector<std::size_t>& rows) {
  const std::size_t n = m.n_samples();
  std::vector<double> z(rows.size() * n);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double* v = m.row(rows[r]);
    double mean = 0;
    for (std::size_t j = 0; j < n; ++j) mean += v[j];
    mean /= static_cast<double>(n);
    double ss = 0;
    for (std::size_t j = 0; j < n; ++j) ss += (v[j] - mean) * (v[j] - mean);
    const double sd = std::sqrt(ss / static_cast<double>(n - 1));
    for (std::size_t j = 0; j < n; ++j) z[r * n + j] = sd > 0 ? (v[j] - mean) / sd : 0.0;
  }
  return z;
}

void SingleSample(const ExpressionMatrix& x, const ResolvedSignature& r, ScoreMethod method,
                  double* out) {
  const std::size_t n = x.n_samples();
  for (std::size_t j = 0; j < n; ++j) {
    double score = 0;
    if (method == ScoreMethod::kPairs) {
      for (const auto& [high, low] : r.pair_rows) score += x.at(high, j) > x.at(low, j) ? 1 : 0;
    } else if (method == ScoreMethod::kWeighted) {
      double hk = 0;
      for (std::size_t row : r.housekeeping_rows) hk += x.at(row, j);
      if (!r.housekeeping_rows.empty()) hk /= static_cast<double>(r.housekeeping_rows.size());
      for (std::size_t g = 0; g < r.rows.size(); ++g)
        score += r.weights[g] * (x.at(r.rows[g], j) - hk);
    } else {  // mean, or geomean on log(TPM + c) given in x
      for (std::size_t row : r.rows) score += x.at(row, j);
      score /= static_cast<double>(r.rows.size());
      if (method == ScoreMethod::kGeomean) score = std::exp(score);
    }
    out[j] = score;
  }
}

void ZscoreMean(const ExpressionMatrix& x, const ResolvedSignature& r, double* out) {
  const std::size_t n = x.n_samples();
  const std::vector<double> z = RowZ(x, r.rows);
  for (std::size_t j = 0; j < n; ++j) {
    double s = 0;
    for (std::size_t g = 0; g < r.rows.size(); ++g) s += r.weights[g] * z[g * n + j];
    out[j] = s / static_cast<double>(r.rows.size());
  }
}

// prcomp(t(Z), center = TRUE, scale. = TRUE)$x[, 1] * sign(cor(PC1, colMeans(Z))).
void Pc1(const ExpressionMatrix& x, const ResolvedSignature& r, double* out) {
  const std::size_t n = x.n_samples();
  const std::size_t k = r.rows.size();
  const std::vector<double> z = RowZ(x, r.rows);
  Eigen::MatrixXd a(n, k);  // samples x genes
  for (std::size_t g = 0; g < k; ++g) {
    for (std::size_t j = 0; j < n; ++j) a(j, g) = z[g * n + j];
  }
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(a, Eigen::ComputeThinU);
  Eigen::VectorXd pc = svd.matrixU().col(0) * svd.singularValues()(0);
  const Eigen::VectorXd mean = a.rowwise().mean();
  const double c = (pc.array() - pc.mean()).matrix().dot((mean.array() - mean.mean()).matrix());
  if (c < 0) pc = -pc;
  for (std::size_t j = 0; j < n; ++j) out[j] = pc(static_cast<Eigen::Index>(j));
}

bool IsCohortGsva(ScoreMethod m) {
  return m == ScoreMethod::kSsgsea || m == ScoreMethod::kGsva || m == ScoreMethod::kCombinedZ ||
         m == ScoreMethod::kPlage;
}

}  // namespace

ScoreMethod ParseScoreMethod(const std::string& name) {
  return core::ParseEnum(kScoreMethodNames, name, "method");
}

std::string ScoreMethodName(ScoreMethod method) {
  return std::string(core::EnumName(kScoreMethodNames, method));
}

ScoreResult ScoreSignatures(const ExpressionMatrix& m,
                            const std::vector<const Signature*>& signatures,
                            const ScoreOptions& options) {
  const ScoreMethod method = options.method;
  const bool cohort =
      IsCohortGsva(method) || method == ScoreMethod::kZscore || method == ScoreMethod::kPc1;
  if (cohort && m.n_samples() < 2) {
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("method {} needs at least 2 samples (it scores relative to the cohort)",
                            ScoreMethodName(method)));
  }
  ScoreResult result;
  result.method = method;
  result.scale = options.scale;
  if (method == ScoreMethod::kSsgsea) result.ssgsea_normalized = options.ssgsea_normalize;
  result.samples = m.samples;
  const GeneIndex index(m.genes);
  for (const Signature* s : signatures) {
    result.signatures.push_back(s->name);
    result.resolved.push_back(Resolve(*s, m, index, options.resolve_aliases));
    if (method == ScoreMethod::kPairs && s->pairs.empty()) {
      throw Error(
          ErrorCode::kFailedPrecondition,
          fmt::format("signature {} has no gene pairs: method pairs does not apply", s->name));
    }
  }
  const std::size_t n = m.n_samples();
  result.scores.assign(signatures.size() * n, kNaN);
  if (IsCohortGsva(method)) {
    const ExpressionMatrix x = ToLog2(m, options.scale);
    GeneSetRows sets;
    for (const ResolvedSignature& r : result.resolved) sets.push_back(r.rows);
    switch (method) {
      case ScoreMethod::kSsgsea:
        result.scores =
            Ssgsea(View(x), sets, options.ssgsea_alpha, options.ssgsea_normalize, options.threads);
        break;
      case ScoreMethod::kGsva:
        result.scores = GsvaGaussian(View(x), sets, options.threads);
        break;
      case ScoreMethod::kCombinedZ:
        result.scores = CombinedZ(View(x), sets, options.threads);
        break;
      default:
        result.scores = Plage(View(x), sets, options.threads);
        break;
    }
    return result;
  }
  ExpressionMatrix x;
  if (method == ScoreMethod::kZscore || method == ScoreMethod::kPc1) {
    x = ToLog2(m, options.scale);
  } else if (method == ScoreMethod::kGeomean) {
    x = ToTpm(m, options.scale, options.log_offset);
    for (double& v : x.values) v = std::log(v + options.geomean_offset);
  } else {
    x = ToLog2TpmPlus1(m, options.scale, options.log_offset);
  }
  ParallelFor(signatures.size(), options.threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t s = begin; s < end; ++s) {
      const ResolvedSignature& r = result.resolved[s];
      double* out = &result.scores[s * n];
      if (method == ScoreMethod::kPairs ? r.pair_rows.empty() : r.rows.empty()) continue;
      if (method == ScoreMethod::kZscore)
        ZscoreMean(x, r, out);
      else if (method == ScoreMethod::kPc1)
        Pc1(x, r, out);
      else
        SingleSample(x, r, method, out);
    }
  });
  return result;
}

nlohmann::ordered_json ScoreResult::ToJson() const {
  nlohmann::ordered_json j;
  j["method"] = ScoreMethodName(method);
  nlohmann::ordered_json scores = nlohmann::ordered_json::object();
  nlohmann::ordered_json missing = nlohmann::ordered_json::object();
  nlohmann::ordered_json used = nlohmann::ordered_json::object();
  nlohmann::ordered_json aliases = nlohmann::ordered_json::object();
  for (std::size_t s = 0; s < signatures.size(); ++s) {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < samples.size(); ++i) {
      const double v = at(s, i);
      row[samples[i]] =
          std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
    }
    scores[signatures[s]] = row;
    missing[signatures[s]] = resolved[s].missing;
    used[signatures[s]] = resolved[s].used.size();
    nlohmann::ordered_json a = nlohmann::ordered_json::object();
    for (const auto& [from, to] : resolved[s].aliases_used) a[from] = to;
    aliases[signatures[s]] = a;
  }
  j["scores"] = scores;
  j["genes_missing"] = missing;
  j["genes_used"] = used;
  j["aliases_used"] = aliases;
  j["scale"] = ScaleName(scale);
  j["normalized"] = ssgsea_normalized ? nlohmann::ordered_json(*ssgsea_normalized)
                                      : nlohmann::ordered_json(nullptr);
  return j;
}

}  // namespace pioneer::biomarkers
