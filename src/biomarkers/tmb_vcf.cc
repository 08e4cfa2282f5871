// File: src/biomarkers/tmb_vcf.cc
// TMB from an annotated VCF/BCF (htslib): the MAF rules of tmb.cc applied
// to VEP CSQ or SnpEff ANN consequences (mapped to MAF classes as vcf2maf
// does), FORMAT GT/AD/DP per sample.
#include <fmt/format.h>
#include <htslib/hts.h>
#include <htslib/kstring.h>
#include <htslib/vcf.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>

#include "pioneer/biomarkers/tmb.h"
#include "pioneer/core/error.h"

namespace pioneer::biomarkers {

std::string_view MafClassOfConsequence(std::string_view term) {
  // vcf2maf's GetVariantClassification, nonsynonymous classes only (the
  // Frame_Shift / In_Frame Del-Ins split does not change the count).
  struct Entry {
    std::string_view so_term, maf_class;
  };
  static constexpr std::array<Entry, 19> kMap = {{
      {"frameshift_variant", "Frame_Shift"},
      {"splice_acceptor_variant", "Splice_Site"},
      {"splice_donor_variant", "Splice_Site"},
      {"transcript_ablation", "Splice_Site"},
      {"exon_loss_variant", "Splice_Site"},
      {"start_lost", "Translation_Start_Site"},
      {"initiator_codon_variant", "Translation_Start_Site"},
      {"stop_gained", "Nonsense_Mutation"},
      {"stop_lost", "Nonstop_Mutation"},
      {"inframe_insertion", "In_Frame_Ins"},
      {"disruptive_inframe_insertion", "In_Frame_Ins"},
      {"conservative_inframe_insertion", "In_Frame_Ins"},
      {"inframe_deletion", "In_Frame_Del"},
      {"disruptive_inframe_deletion", "In_Frame_Del"},
      {"conservative_inframe_deletion", "In_Frame_Del"},
      {"protein_altering_variant", "In_Frame_or_Frame_Shift"},
      {"missense_variant", "Missense_Mutation"},
      {"coding_sequence_variant", "Missense_Mutation"},
      {"rare_amino_acid_variant", "Missense_Mutation"},
  }};
  for (const Entry& e : kMap) {
    if (term == e.so_term) return e.maf_class;
  }
  return {};
}

namespace {

struct HtsCloser {
  void operator()(htsFile* f) const { hts_close(f); }
};
struct HeaderFree {
  void operator()(bcf_hdr_t* h) const { bcf_hdr_destroy(h); }
};
struct RecordFree {
  void operator()(bcf1_t* r) const { bcf_destroy(r); }
};
// A buffer htslib (re)allocates with realloc.
template <typename T>
struct HtsBuffer {
  T* data = nullptr;
  int size = 0;
  ~HtsBuffer() { std::free(data); }
};

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = s.find(sep, start);
    out.emplace_back(
        s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\'' || s.front() == '"'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\'' || s.back() == '"')) s.remove_suffix(1);
  return std::string(s);
}

// Where the consequence of each annotation entry is: VEP's CSQ describes its
// fields after "Format: ", SnpEff's ANN between quotes after "annotations: ".
struct Annotation {
  std::string tag;
  int allele = 0;
  int consequence = 1;
  int pick = -1;  // VEP --flag_pick / --pick_allele: only PICK=1 entries count
};

std::optional<Annotation> FindAnnotation(const bcf_hdr_t* hdr) {
  for (const char* tag : {"CSQ", "ANN"}) {
    bcf_hrec_t* h = bcf_hdr_get_hrec(hdr, BCF_HL_INFO, "ID", tag, nullptr);
    if (h == nullptr) continue;
    Annotation a{tag};
    const int k = bcf_hrec_find_key(h, "Description");
    if (k < 0) return a;
    const std::string_view desc = h->vals[k];
    const std::size_t colon =
        desc.find(std::string_view(tag) == "CSQ" ? "Format:" : "annotations:");
    if (colon == std::string_view::npos) return a;
    const std::vector<std::string> fields = Split(desc.substr(desc.find(':', colon) + 1), '|');
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string f = Trim(fields[i]);
      if (f == "Allele") a.allele = static_cast<int>(i);
      if (f == "Consequence" || f == "Annotation") a.consequence = static_cast<int>(i);
      if (f == "PICK") a.pick = static_cast<int>(i);
    }
    return a;
  }
  return std::nullopt;
}

bool AnyNonsynonymous(std::string_view consequences) {
  for (const std::string& term : Split(consequences, '&')) {
    if (!MafClassOfConsequence(term).empty()) return true;
  }
  return false;
}

// The lines of the header of a text VCF (so records get file:line); 0 for BCF.
std::int64_t HeaderLines(const std::string& path) {
  std::unique_ptr<htsFile, HtsCloser> fp(hts_open(path.c_str(), "r"));
  if (!fp || hts_get_format(fp.get())->format != vcf) return 0;
  kstring_t line = {0, 0, nullptr};
  std::int64_t n = 0;
  while (hts_getline(fp.get(), 2 /* KS_SEP_LINE of kseq.h */, &line) >= 0 && line.l > 0 &&
         line.s[0] == '#')
    ++n;
  std::free(line.s);
  return n;
}

class VcfTmb {
 public:
  VcfTmb(const std::string& path, const TmbOptions& options) : path_(path), options_(options) {}

  std::vector<TmbRow> Run() {
    if (!(options_.capture_mb > 0)) throw UsageError("capture_mb: must be > 0");
    header_lines_ = HeaderLines(path_);
    hts_set_log_level(HTS_LOG_OFF);
    fp_.reset(hts_open(path_.c_str(), "r"));
    if (!fp_) throw InputError(Diagnostic{path_, 0, 0, "cannot open as VCF/BCF (htslib)", ""});
    const htsFormat* format = hts_get_format(fp_.get());
    if (format->category != variant_data) {
      // hts_format_description returns a malloc'd string the caller frees.
      const std::unique_ptr<char, decltype(&std::free)> description(hts_format_description(format),
                                                                    std::free);
      throw InputError(
          Diagnostic{path_, 0, 0, fmt::format("not a VCF/BCF file ({})", description.get()), ""});
    }
    is_bcf_ = format->format == bcf;
    hdr_.reset(bcf_hdr_read(fp_.get()));
    if (!hdr_) throw InputError(Diagnostic{path_, 1, 0, "unreadable VCF/BCF header (htslib)", ""});
    const std::optional<Annotation> annotation = FindAnnotation(hdr_.get());
    if (!annotation) {
      throw InputError(Diagnostic{
          path_, header_lines_, 0,
          "no VEP CSQ or SnpEff ANN INFO annotation in the header: annotate the VCF first", ""});
    }
    annotation_ = *annotation;
    const int n = bcf_hdr_nsamples(hdr_.get());
    if (n == 0)
      throw InputError(Diagnostic{path_, header_lines_, 0, "the VCF has no sample columns", ""});
    for (int s = 0; s < n; ++s) rows_.push_back(TmbRow{hdr_->samples[s]});
    std::unique_ptr<bcf1_t, RecordFree> rec(bcf_init());
    while (true) {
      const int status = bcf_read(fp_.get(), hdr_.get(), rec.get());
      ++record_;
      if (status == -1) break;
      if (status < -1 || rec->errcode != 0) Fail(rec.get(), "htslib could not parse this record");
      if (rec->pos < 0) Fail(rec.get(), "POS is not a positive integer");
      Record(rec.get());
    }
    for (TmbRow& row : rows_) {
      row.per_mb = static_cast<double>(row.total) / options_.capture_mb;
      row.per_mb_log10 = std::log10(row.per_mb);
    }
    return rows_;
  }

 private:
  [[noreturn]] void Fail(const bcf1_t* rec, const std::string& message) const {
    std::string where;
    if (rec != nullptr && rec->rid >= 0 && rec->rid < hdr_->n[BCF_DT_CTG]) {
      // 1-based, computed unsigned: htslib lets a damaged POS reach INT64_MAX.
      where = fmt::format(" ({}:{})", bcf_seqname(hdr_.get(), rec),
                          rec->pos < 0 ? 0 : static_cast<std::uint64_t>(rec->pos) + 1);
    }
    if (is_bcf_)
      throw InputError(
          Diagnostic{path_, 0, 0, fmt::format("record {}{}: {}", record_, where, message), ""});
    throw InputError(Diagnostic{path_, header_lines_ + record_, 0, message + where, ""});
  }

  // Which ALT alleles (1-based) carry a nonsynonymous consequence.
  std::vector<bool> Nonsynonymous(bcf1_t* rec) {
    const int n_alt = rec->n_allele - 1;
    std::vector<bool> out(static_cast<std::size_t>(std::max(n_alt, 0)) + 1, false);
    if (bcf_get_info_string(hdr_.get(), rec, annotation_.tag.c_str(), &info_.data, &info_.size) <=
        0)
      return out;
    // VEP drops the first base when every allele shares it ("-" if empty).
    bool shared = true;
    for (int a = 1; a < rec->n_allele; ++a)
      shared = shared && rec->d.allele[a][0] == rec->d.allele[0][0];
    for (const std::string& entry : Split(info_.data, ',')) {
      const std::vector<std::string> f = Split(entry, '|');
      auto field = [&](int i) {
        return i >= 0 && static_cast<std::size_t>(i) < f.size() ? f[i] : std::string();
      };
      if (annotation_.pick >= 0 && field(annotation_.pick) != "1") continue;
      if (!AnyNonsynonymous(field(annotation_.consequence))) continue;
      const std::string allele = field(annotation_.allele);
      int match = n_alt == 1 ? 1 : 0;
      for (int a = 1; a <= n_alt && match == 0; ++a) {
        const std::string alt = rec->d.allele[a];
        const std::string trimmed = alt.size() > 1 ? alt.substr(1) : "-";
        if (allele == alt || (shared && annotation_.tag == "CSQ" && allele == trimmed)) match = a;
      }
      if (match == 0)
        Fail(rec,
             fmt::format("{} allele '{}' is none of the ALT alleles", annotation_.tag, allele));
      out[static_cast<std::size_t>(match)] = true;
    }
    return out;
  }

  void Record(bcf1_t* rec) {
    bcf_unpack(rec, BCF_UN_ALL);
    if (options_.pass_only && rec->d.n_flt > 0 &&
        bcf_has_filter(hdr_.get(), rec, const_cast<char*>("PASS")) != 1)
      return;
    const std::vector<bool> nonsyn = Nonsynonymous(rec);
    const int n = bcf_hdr_nsamples(hdr_.get());
    const int n_gt = bcf_get_genotypes(hdr_.get(), rec, &gt_.data, &gt_.size);
    const int n_ad = bcf_get_format_int32(hdr_.get(), rec, "AD", &ad_.data, &ad_.size);
    const int n_dp = bcf_get_format_int32(hdr_.get(), rec, "DP", &dp_.data, &dp_.size);
    if (n_gt <= 0 && n_ad <= 0)
      Fail(rec, "FORMAT GT or AD is needed to know which samples carry the variant");
    const bool filtering = options_.min_vaf > 0 || options_.min_depth > 0;
    if (filtering && n_ad <= 0) Fail(rec, "min_vaf/min_depth need FORMAT AD");
    const int gt_per = n_gt > 0 ? n_gt / n : 0;
    const int ad_per = n_ad > 0 ? n_ad / n : 0;
    for (int s = 0; s < n; ++s) {
      for (int a = 1; a < rec->n_allele; ++a) {
        if (!Carries(s, a, gt_per, ad_per)) continue;
        TmbRow& row = rows_[static_cast<std::size_t>(s)];
        ++row.all_variants;
        if (!nonsyn[static_cast<std::size_t>(a)]) continue;
        if (filtering && !PassesFilters(rec, s, a, ad_per, n_dp > 0 ? n_dp / n : 0)) {
          ++row.filtered;
          continue;
        }
        ++row.total;
      }
    }
  }

  bool Carries(int s, int a, int gt_per, int ad_per) const {
    if (gt_per > 0) {
      const int32_t* g = gt_.data + s * gt_per;
      for (int k = 0; k < gt_per && g[k] != bcf_int32_vector_end; ++k) {
        if (!bcf_gt_is_missing(g[k]) && bcf_gt_allele(g[k]) == a) return true;
      }
      return false;
    }
    if (a >= ad_per) return false;
    const int32_t v = ad_.data[s * ad_per + a];
    return v != bcf_int32_missing && v != bcf_int32_vector_end && v > 0;
  }

  // VAF = AD[alt] / depth, depth = FORMAT DP when given, else the sum of AD
  // (vcf2maf's t_depth / t_alt_count).
  bool PassesFilters(const bcf1_t* rec, int s, int a, int ad_per, int dp_per) const {
    const int32_t* ad = ad_.data + s * ad_per;
    if (a >= ad_per || ad[a] == bcf_int32_missing || ad[a] == bcf_int32_vector_end) {
      Fail(rec, fmt::format("sample {}: AD has no count for ALT allele {}", hdr_->samples[s], a));
    }
    double depth = 0;
    if (dp_per > 0 && dp_.data[s * dp_per] != bcf_int32_missing &&
        dp_.data[s * dp_per] != bcf_int32_vector_end) {
      depth = dp_.data[s * dp_per];
    } else {
      for (int k = 0; k < ad_per && ad[k] != bcf_int32_vector_end; ++k) {
        if (ad[k] != bcf_int32_missing) depth += ad[k];
      }
    }
    const double vaf = depth > 0 ? ad[a] / depth : 0;
    return depth >= options_.min_depth && vaf >= options_.min_vaf;
  }

  std::string path_;
  TmbOptions options_;
  std::unique_ptr<htsFile, HtsCloser> fp_;
  std::unique_ptr<bcf_hdr_t, HeaderFree> hdr_;
  Annotation annotation_;
  bool is_bcf_ = false;
  std::int64_t header_lines_ = 0;
  std::int64_t record_ = 0;
  std::vector<TmbRow> rows_;
  HtsBuffer<char> info_;
  HtsBuffer<int32_t> gt_, ad_, dp_;
};

}  // namespace

std::vector<TmbRow> TmbFromVcfFile(const std::filesystem::path& path, const TmbOptions& options) {
  return VcfTmb(path.string(), options).Run();
}

}  // namespace pioneer::biomarkers
