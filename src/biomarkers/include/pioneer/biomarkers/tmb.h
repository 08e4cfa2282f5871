// File: pioneer/biomarkers/tmb.h
// Tumour mutational burden from a MAF as maftools::tmb(): the number of
// nonsynonymous coding variants per sample (maftools' default vc.nonSyn:
// Frame_Shift_Del/Ins, Splice_Site, Translation_Start_Site,
// Nonsense_Mutation, Nonstop_Mutation, In_Frame_Del/Ins,
// Missense_Mutation) divided by the capture size in Mb, and its log10.
// Optional filters on tumour depth (t_depth, or t_ref_count + t_alt_count)
// and variant allele fraction (t_alt_count / depth) drop variants first.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace pioneer::biomarkers {

struct TmbOptions {
  double capture_mb = 0;  // required, > 0 (e.g. ~30-38 for exomes, ~1.1 for MSK-IMPACT)
  double min_vaf = 0;     // keep variants with VAF >= min_vaf (0: no filter)
  double min_depth = 0;   // keep variants with depth >= min_depth (0: no filter)
};

struct TmbRow {
  std::string sample;
  std::size_t total = 0;         // nonsynonymous variants kept
  double per_mb = 0;             // total / capture_mb
  double per_mb_log10 = 0;       // log10(per_mb) (-Inf when 0, as R)
  std::size_t all_variants = 0;  // every variant of the sample in the file
  std::size_t filtered = 0;      // nonsynonymous variants removed by the VAF/depth filters
};

bool IsNonsynonymous(std::string_view variant_classification);

// Leading '#' lines (MAF version headers) are skipped; a missing column, a
// bad count or a filter needing absent columns is an InputError with
// file:line:column. Samples appear in the order first seen.
std::vector<TmbRow> TmbFromMaf(std::string_view text, const std::string& source, const TmbOptions& options);
std::vector<TmbRow> TmbFromMafFile(const std::filesystem::path& path, const TmbOptions& options);

}  // namespace pioneer::biomarkers
