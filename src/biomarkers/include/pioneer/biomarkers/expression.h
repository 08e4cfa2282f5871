// File: pioneer/biomarkers/expression.h
// Expression matrices (genes x samples) with a declared scale. The reader is
// a dedicated fast TSV/CSV parser (20,000 x 1,000 files are common) that
// reports every malformed cell as file:line:column.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/enum_names.h"

namespace pioneer::biomarkers {

// The scale of the values in the file, declared by the user (never guessed):
//   kLog2Tpm: log2(TPM + offset) (offset declared, 1 by default);
//   kTpm:     TPM (or FPKM) on the linear scale;
//   kCounts:  raw read counts.
enum class Scale { kLog2Tpm, kTpm, kCounts };
inline constexpr core::EnumSpelling<Scale> kScaleNames[] = {
    {Scale::kLog2Tpm, "log2tpm"}, {Scale::kTpm, "tpm"}, {Scale::kCounts, "counts"}};
// "log2tpm" | "tpm" | "counts"; a UsageError naming the field `scale` otherwise.
Scale ParseScale(const std::string& name);
std::string ScaleName(Scale scale);

struct ExpressionMatrix {
  std::vector<std::string> genes;    // row names (symbols or Ensembl IDs)
  std::vector<std::string> samples;  // column names
  std::vector<double> values;        // row-major: values[g * samples.size() + s]

  std::size_t n_genes() const { return genes.size(); }
  std::size_t n_samples() const { return samples.size(); }
  double at(std::size_t g, std::size_t s) const { return values[g * samples.size() + s]; }
  double& at(std::size_t g, std::size_t s) { return values[g * samples.size() + s]; }
  const double* row(std::size_t g) const { return values.data() + g * samples.size(); }
};

// Parses text: first line = header (first field names the gene column, the
// rest are sample ids), then one line per gene. Tab- or comma-separated
// (chosen from the header). Every value must be a finite number; NA is not
// accepted (scores would silently change meaning). Duplicate gene or sample
// names, ragged lines, bad numbers and negative values on a linear scale are
// InputErrors with file:line:column, all collected before throwing.
ExpressionMatrix ParseExpression(std::string_view text, const std::string& source, Scale scale);
ExpressionMatrix ReadExpression(const std::filesystem::path& path, Scale scale);

// The matrix on a log2 scale, as the cohort methods (z-score, PC1, ssGSEA,
// GSVA, PLAGE) use it: log2 TPM is used as given; TPM -> log2(TPM + 1);
// counts -> log2(CPM + 1) (library sizes = column sums).
ExpressionMatrix ToLog2(const ExpressionMatrix& m, Scale scale);

// log2(TPM + 1), as the published single-sample signatures (IFN-gamma,
// GEP, IMPRES, ...) are defined: from log2(TPM + offset) the TPM are
// recovered as max(2^x - offset, 0). Counts are first converted to CPM.
ExpressionMatrix ToLog2TpmPlus1(const ExpressionMatrix& m, Scale scale, double log_offset);

// Linear TPM (for geometric means): the inverse of the above.
ExpressionMatrix ToTpm(const ExpressionMatrix& m, Scale scale, double log_offset);

// Index of a gene row, or -1.
class GeneIndex {
 public:
  explicit GeneIndex(const std::vector<std::string>& genes);
  long Find(std::string_view gene) const;

 private:
  std::vector<std::pair<std::string, std::size_t>> sorted_;
};

}  // namespace pioneer::biomarkers
