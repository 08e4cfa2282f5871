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
  double capture_mb = 0;   // required, > 0 (e.g. ~30-38 for exomes, ~1.1 for MSK-IMPACT)
  double min_vaf = 0;      // keep variants with VAF >= min_vaf (0: no filter)
  double min_depth = 0;    // keep variants with depth >= min_depth (0: no filter)
  bool pass_only = false;  // VCF: keep records whose FILTER is PASS or '.'
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
std::vector<TmbRow> TmbFromMaf(std::string_view text, const std::string& source,
                               const TmbOptions& options);
std::vector<TmbRow> TmbFromMafFile(const std::filesystem::path& path, const TmbOptions& options);

// The MAF class vcf2maf gives a Sequence Ontology consequence (VEP CSQ,
// SnpEff ANN), or "" when the class is not nonsynonymous. Classes:
// Frame_Shift (frameshift_variant), Splice_Site (splice_acceptor/donor_variant,
// transcript_ablation, exon_loss_variant), Translation_Start_Site
// (start_lost, initiator_codon_variant), Nonsense_Mutation (stop_gained),
// Nonstop_Mutation (stop_lost), In_Frame_Ins/Del ([disruptive_|conservative_]
// inframe_insertion/deletion), protein_altering_variant, Missense_Mutation
// (missense_variant, coding_sequence_variant, rare_amino_acid_variant).
std::string_view MafClassOfConsequence(std::string_view so_term);

// TMB from a VEP- or SnpEff-annotated VCF / BCF (plain or bgzipped; htslib):
// every (sample, ALT allele) the sample carries (FORMAT GT, else AD > 0) is
// a variant; it is nonsynonymous when any of its annotation entries (only
// PICK=1 entries when VEP flagged picks) has a consequence above ('&'-joined
// terms: any). VAF = AD[alt] / depth, depth = FORMAT DP, else the sum of AD.
// Rows: every VCF sample in header order. Errors name file:line (text VCF)
// or the record number (BCF) and CHROM:POS.
std::vector<TmbRow> TmbFromVcfFile(const std::filesystem::path& path, const TmbOptions& options);

}  // namespace pioneer::biomarkers
