// File: pioneer/biomarkers/scoring.h
// Signature scores per sample. Single-sample methods follow the signature
// sources (easier, Ayers 2017, Rooney 2015, Auslander 2018); cohort methods
// follow GSVA 1.46 (gsva.h) or IOBR/Mariathasan (PC1).
//
//   weighted  sum_g w_g (x_g - mean of the housekeeping genes' x), x =
//             log2(TPM + 1); without housekeeping genes sum_g w_g x_g
//             (T-cell-inflamed GEP, Ayers 2017 / easier compute_Tcell_inflamed)
//   mean      mean_g x_g, x = log2(TPM + 1) (IFN-gamma 6, expanded immune 18)
//   zscore    sum_g w_g z_g / n, z per gene across samples of the log2 matrix
//             (PredictioR geneSigMean, IOBR "zscore"; w = +-1 or 1)
//   geomean   exp(mean_g log(TPM_g + 0.01)) (CYT, Rooney 2015 / easier)
//   pairs     number of pairs with x(high) > x(low) (IMPRES, MSI pairs)
//   pc1       PC1 of the per-gene z-scored log2 matrix, sign-aligned with the
//             genes' mean z (Mariathasan 2018 gsScore, IOBR "pca")
//   ssgsea    GSVA method "ssgsea" (alpha 0.25; normalised unless --no-norm)
//   gsva      GSVA method "gsva", kcdf "Gaussian"
//   combined-z  GSVA method "zscore" (Lee 2008: sum z / sqrt(n))
//   plage     GSVA method "plage"
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/signatures.h"
#include "pioneer/core/enum_names.h"

namespace pioneer::biomarkers {

enum class ScoreMethod {
  kWeighted,
  kMean,
  kZscore,
  kGeomean,
  kPairs,
  kPc1,
  kSsgsea,
  kGsva,
  kCombinedZ,
  kPlage
};
inline constexpr core::EnumSpelling<ScoreMethod> kScoreMethodNames[] = {
    {ScoreMethod::kWeighted, "weighted"},    {ScoreMethod::kMean, "mean"},
    {ScoreMethod::kZscore, "zscore"},        {ScoreMethod::kGeomean, "geomean"},
    {ScoreMethod::kPairs, "pairs"},          {ScoreMethod::kPc1, "pc1"},
    {ScoreMethod::kSsgsea, "ssgsea"},        {ScoreMethod::kGsva, "gsva"},
    {ScoreMethod::kCombinedZ, "combined-z"}, {ScoreMethod::kPlage, "plage"}};
// A UsageError naming the field `method` for an unknown spelling.
ScoreMethod ParseScoreMethod(const std::string& name);
std::string ScoreMethodName(ScoreMethod method);

struct ScoreOptions {
  ScoreMethod method = ScoreMethod::kSsgsea;
  Scale scale = Scale::kLog2Tpm;
  double log_offset = 1.0;       // x = log2(TPM + log_offset) when scale is log2tpm
  bool ssgsea_normalize = true;  // --no-norm turns it off
  double ssgsea_alpha = 0.25;    // GSVA's tau for ssgsea
  double geomean_offset = 0.01;  // easier compute_CYT
  bool resolve_aliases = true;   // documented aliases (signatures/README.md)
  int threads = 1;
};

struct ScoreResult {
  ScoreMethod method = ScoreMethod::kSsgsea;
  Scale scale = Scale::kLog2Tpm;          // of the input values
  std::optional<bool> ssgsea_normalized;  // ssgsea only: divided by the score range
  std::vector<std::string> signatures;
  std::vector<std::string> samples;
  std::vector<double> scores;  // signatures x samples, row-major; NaN when no gene was found
  std::vector<ResolvedSignature> resolved;  // one per signature
  double at(std::size_t sig, std::size_t sample) const {
    return scores[sig * samples.size() + sample];
  }
  // {"method", "scores": {signature: {sample: score}},
  //  "genes_missing": {signature: [genes]}, "genes_used": {signature: n},
  //  "aliases_used": {signature: {alias: symbol in data}}, "scale",
  //  "normalized" (ssgsea: true/false, other methods: null)}
  nlohmann::ordered_json ToJson() const;
};

// Throws Error kFailedPrecondition when a method cannot apply (pairs on a
// signature without pairs, cohort methods on fewer than 2 samples).
ScoreResult ScoreSignatures(const ExpressionMatrix& m,
                            const std::vector<const Signature*>& signatures,
                            const ScoreOptions& options);

}  // namespace pioneer::biomarkers
