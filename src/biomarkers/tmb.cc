// File: src/biomarkers/tmb.cc
#include "pioneer/biomarkers/tmb.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <map>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/core/text.h"
#include "pioneer/io/delimited.h"

namespace pioneer::biomarkers {

bool IsNonsynonymous(std::string_view vc) {
  // maftools read.maf(vc_nonSyn = NULL) default classes.
  static constexpr std::array<std::string_view, 9> kNonSyn = {
      "Frame_Shift_Del",        "Frame_Shift_Ins",   "Splice_Site",
      "Translation_Start_Site", "Nonsense_Mutation", "Nonstop_Mutation",
      "In_Frame_Del",           "In_Frame_Ins",      "Missense_Mutation"};
  for (std::string_view c : kNonSyn) {
    if (vc == c) return true;
  }
  return false;
}

std::vector<TmbRow> TmbFromMaf(std::string_view text, const std::string& source,
                               const TmbOptions& options) {
  if (!(options.capture_mb > 0)) throw UsageError("capture_mb: must be > 0");
  core::CheckText(text, source, '\t');  // before the comment lines go, so lines stay right
  // Skip the leading comment lines, remembering how many for line numbers.
  std::int64_t skipped = 0;
  while (!text.empty() && text.front() == '#') {
    const std::size_t end = text.find('\n');
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++skipped;
  }
  io::DelimitedOptions delimited;
  delimited.delimiter = '\t';
  const core::Table table = io::ParseDelimited(text, source, delimited);
  const std::size_t sample_col = table.Require("Tumor_Sample_Barcode");
  const std::size_t class_col = table.Require("Variant_Classification");
  const auto alt_col = table.Find("t_alt_count");
  const auto ref_col = table.Find("t_ref_count");
  const auto depth_col = table.Find("t_depth");
  const bool filtering = options.min_vaf > 0 || options.min_depth > 0;
  if (filtering && (!alt_col || (!ref_col && !depth_col))) {
    throw InputError(
        Diagnostic{source, skipped + 1, 0,
                   "VAF/depth filters need t_alt_count and t_depth (or t_ref_count) columns", ""});
  }
  DiagnosticCollector problems;
  std::vector<TmbRow> rows;
  std::map<std::string, std::size_t> index;
  auto count = [&](std::size_t r, std::size_t c, double& out) {
    const std::optional<double> v = core::ParseDouble(table.cell(r, c));
    if (!v || *v < 0) {
      problems.Add(source, table.line(r) + skipped, static_cast<std::int64_t>(c + 1),
                   "expected a count >= 0", table.cell(r, c));
      return false;
    }
    out = *v;
    return true;
  };
  for (std::size_t r = 0; r < table.rows(); ++r) {
    const std::string& sample = table.cell(r, sample_col);
    if (sample.empty()) {
      problems.Add(source, table.line(r) + skipped, static_cast<std::int64_t>(sample_col + 1),
                   "empty Tumor_Sample_Barcode");
      continue;
    }
    auto [it, added] = index.try_emplace(sample, rows.size());
    if (added) rows.push_back(TmbRow{sample});
    TmbRow& row = rows[it->second];
    ++row.all_variants;
    if (!IsNonsynonymous(table.cell(r, class_col))) continue;
    if (filtering) {
      double alt = 0, depth = 0;
      if (!count(r, *alt_col, alt)) continue;
      if (depth_col && !core::IsMissing(table.cell(r, *depth_col))) {
        if (!count(r, *depth_col, depth)) continue;
      } else {
        double ref = 0;
        if (!ref_col || !count(r, *ref_col, ref)) continue;
        depth = ref + alt;
      }
      const double vaf = depth > 0 ? alt / depth : 0;
      if (depth < options.min_depth || vaf < options.min_vaf) {
        ++row.filtered;
        continue;
      }
    }
    ++row.total;
  }
  if (!problems.empty()) throw InputError(problems.diagnostics(), problems.total());
  for (TmbRow& row : rows) {
    row.per_mb = static_cast<double>(row.total) / options.capture_mb;
    row.per_mb_log10 = std::log10(row.per_mb);
  }
  return rows;
}

std::vector<TmbRow> TmbFromMafFile(const std::filesystem::path& path, const TmbOptions& options) {
  return TmbFromMaf(core::ReadFile(path), path.string(), options);
}

}  // namespace pioneer::biomarkers
