// Baseline covariates, the two latent factors and the biomarker assays of a
// virtual patient. Distributions and their sources: docs/SIMULATION.md §2-3.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "internal.h"

namespace pioneer::sim::internal {
namespace {

// Standard-normal quantiles that cut a N(0,1) latent into the PD-L1 TPS
// groups 30 % / 35 % / 35 % (<1 %, 1-49 %, >=50 %): qnorm(0.30), qnorm(0.65).
constexpr double kPdl1LowCut = -0.5244005;
constexpr double kPdl1HighCut = 0.3853205;
// qnorm(0.45): 45 % ECOG 0.
constexpr double kEcogCut = -0.1256613;

struct GeneSpec {
  std::string_view symbol;
  double mean;     // log2(TPM+1) at inflammation 0
  double loading;  // per SD of the latent inflammation
  double noise_sd;
};

// GEP genes (Ayers 2017) then the 11 housekeeping genes (loading 0).
constexpr std::array<GeneSpec, kExpressionGenes> kGenes = {{
    {"CCL5", 5.5, 1.2, 0.6},     {"CD27", 3.5, 1.0, 0.6},  {"CD274", 3.0, 0.9, 0.8},
    {"CD276", 6.0, -0.1, 0.5},   {"CD8A", 3.8, 1.1, 0.6},  {"CMKLR1", 3.0, 0.6, 0.6},
    {"CXCL9", 5.0, 1.5, 0.8},    {"CXCR6", 2.8, 1.0, 0.6}, {"HLA-DQA1", 5.5, 0.9, 0.9},
    {"HLA-DRB1", 8.5, 0.8, 0.6}, {"HLA-E", 8.0, 0.4, 0.4}, {"IDO1", 3.5, 1.2, 0.9},
    {"LAG3", 2.5, 1.0, 0.6},     {"NKG7", 4.0, 1.1, 0.6},  {"PDCD1LG2", 2.5, 0.8, 0.6},
    {"PSMB10", 6.0, 0.5, 0.4},   {"STAT1", 6.5, 0.6, 0.4}, {"TIGIT", 2.5, 1.0, 0.6},
    {"STK11IP", 4.5, 0, 0.25},   {"ZBTB34", 3.5, 0, 0.25}, {"TBC1D10B", 5.5, 0, 0.25},
    {"OAZ1", 9.0, 0, 0.25},      {"POLR2A", 7.0, 0, 0.25}, {"G6PD", 6.0, 0, 0.25},
    {"ABCF1", 5.5, 0, 0.25},     {"NRDE2", 4.0, 0, 0.25},  {"UBB", 9.5, 0, 0.25},
    {"TBP", 4.0, 0, 0.25},       {"SDHA", 6.5, 0, 0.25},
}};
constexpr std::size_t kCd274Index = 2;

// Further genes of the biopsy (docs/SIMULATION.md §2): the rest of the
// IFN-gamma 6 (IFNG, CXCL10, HLA-DRA) and CYT (GZMA, PRF1) signatures, a few
// T-cell / TLS markers, and the candidate targets of the programme's drug
// partners not in the GEP. Loadings on the inflammation factor are design
// values: effector and checkpoint genes of infiltrating T/NK cells rise with
// inflammation (KLRC1/NKG2A is expressed by tumour-infiltrating CD8 T and NK
// cells, Andre 2018, Cell 175:1731; ENTPD1/CD39 marks exhausted tumour-reactive
// CD8 T cells, Duhen 2018, Nat Commun 9:2724); NT5E/CD73 and PVR are mostly on
// tumour and stromal cells and are given a slightly negative loading
// (CD73-high tumours are immune-poor, Le 2021, J Thorac Oncol 16:583).
// DESIGN CHOICE: none of these genes changes a patient's benefit, so the
// anti-NKG2A and anti-CD73 arms have no simulated predictive biomarker (the
// benefit score of §3 is unchanged); they let the biomarker analyses run on
// the targets without inventing an effect.
constexpr std::array<GeneSpec, 22> kExtraGenes = {{
    {"IFNG", 2.5, 1.3, 0.8},   {"CXCL10", 5.0, 1.4, 0.9}, {"HLA-DRA", 9.0, 0.8, 0.6},
    {"GZMA", 4.5, 1.2, 0.6},   {"PRF1", 4.0, 1.1, 0.6},   {"GZMB", 4.5, 1.2, 0.7},
    {"CD8B", 3.0, 1.1, 0.6},   {"CD3E", 4.0, 1.0, 0.6},   {"CXCL13", 3.0, 1.0, 1.0},
    {"FOXP3", 2.5, 0.7, 0.6},  {"KLRC1", 2.0, 0.9, 0.7},  {"NT5E", 5.0, -0.2, 0.9},
    {"ENTPD1", 4.0, 0.8, 0.6}, {"BTN3A1", 5.5, 0.5, 0.4}, {"PVR", 5.0, -0.1, 0.5},
    {"HAVCR2", 4.0, 0.9, 0.6}, {"LGALS9", 5.5, 0.5, 0.5}, {"PDCD1", 2.5, 1.0, 0.7},
    {"CTLA4", 2.5, 0.9, 0.7},  {"VSIR", 5.0, 0.4, 0.5},   {"SIGLEC15", 1.5, 0.0, 0.6},
    {"TGFB1", 6.0, 0.0, 0.5},
}};

// Rounds to `decimals` places; dividing by a power of ten (not multiplying by
// 0.1) gives the double nearest the decimal, which prints short (2.8, not
// 2.8000000000000003).
double Round(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

// A standard normal correlated `rho` with `factor`.
double Correlated(double factor, double rho, core::Rng& rng) {
  return rho * factor + std::sqrt(1.0 - rho * rho) * rng.Normal();
}

double TruncatedNormal(double mean, double sd, double low, double high, core::Rng& rng) {
  for (;;) {
    const double x = rng.Normal(mean, sd);
    if (x >= low && x <= high) return x;
  }
}

void DrawDemographics(Baseline& b, core::Rng& rng) {
  b.age_years = std::floor(TruncatedNormal(65, 9, 35, 90, rng));
  b.sex = rng.Bernoulli(0.60) ? study::Sex::kMale : study::Sex::kFemale;
  static const std::vector<double> kHistology = {0.65, 0.30, 0.05};
  static const std::array<const char*, 3> kHistologyNames = {"adenocarcinoma", "squamous",
                                                             "NSCLC NOS"};
  b.histology = kHistologyNames[rng.Categorical(kHistology)];
  static const std::vector<double> kSmoking = {0.15, 0.60, 0.25};
  static const std::array<study::Smoking, 3> kSmokingValues = {
      study::Smoking::kNever, study::Smoking::kFormer, study::Smoking::kCurrent};
  b.smoking = kSmokingValues[rng.Categorical(kSmoking)];
  static const std::vector<double> kStage = {0.85, 0.10, 0.05};
  static const std::array<const char*, 3> kStageNames = {"IV", "IIIB", "IIIC"};
  b.stage = kStageNames[rng.Categorical(kStage)];
}

void DrawTumourMarkers(Baseline& b, core::Rng& rng) {
  b.inflammation = rng.Normal();
  const double pdl1_latent = Correlated(b.inflammation, 0.6, rng);
  if (pdl1_latent < kPdl1LowCut) {
    b.pdl1_group = 0;
    b.pdl1_tps_pct = 0;
  } else if (pdl1_latent < kPdl1HighCut) {
    b.pdl1_group = 1;
    b.pdl1_tps_pct = 1.0 + static_cast<double>(rng.Below(49));
  } else {
    b.pdl1_group = 2;
    b.pdl1_tps_pct = 50.0 + static_cast<double>(rng.Below(51));
  }
  // Never smokers carry fewer mutations (Rizvi 2015); lognormal median ~7.
  const double smoking_shift = b.smoking == study::Smoking::kNever     ? -0.8
                               : b.smoking == study::Smoking::kCurrent ? 0.1
                                                                       : 0.0;
  b.tmb = Round(std::exp(std::log(7.5) + smoking_shift + 0.85 * rng.Normal()), 1);
  b.cd8_density = Round(300.0 * std::exp(0.8 * Correlated(b.inflammation, 0.75, rng)), 0);
  const double library_offset = rng.Normal(0, 0.3);  // removed by housekeeping normalisation
  b.library_offset = library_offset;
  for (std::size_t g = 0; g < kGenes.size(); ++g) {
    double x = kGenes[g].mean + kGenes[g].loading * b.inflammation +
               kGenes[g].noise_sd * rng.Normal() + library_offset;
    if (g == kCd274Index) x += 0.5 * pdl1_latent;  // CD274 mRNA tracks PD-L1 IHC
    b.expression[g] = Round(std::max(0.0, x), 3);
  }
}

void DrawHost(Baseline& b, core::Rng& rng) {
  b.host = rng.Normal();
  b.nlr = Round(4.5 * std::exp(0.65 * Correlated(b.host, 0.6, rng)), 2);
  b.albumin = Round(std::clamp(3.9 - 0.42 * Correlated(b.host, 0.55, rng), 2.0, 5.2), 1);
  b.ldh = Round(230.0 * std::exp(0.35 * Correlated(b.host, 0.5, rng)), 0);
  b.ecog = Correlated(b.host, 0.6, rng) > kEcogCut ? 1 : 0;
}

}  // namespace

const std::vector<ArmSpec>& Arms() {
  // Regimens as in COAST (Herbst 2022, J Clin Oncol 40:3383): durvalumab
  // 1500 mg q4w; monalizumab 750 mg q2w; oleclumab 3000 mg q2w x4 then q4w.
  static const std::vector<ArmSpec> kArms = {
      {ArmKind::kMono, "PDL1", "anti-PD-L1", 0.0, 1.0, {{"anti-PD-L1", 1500, 28}}},
      {ArmKind::kNkg2a,
       "PDL1_NKG2A",
       "anti-PD-L1 + anti-NKG2A",
       0.50,
       1.5,
       {{"anti-PD-L1", 1500, 28}, {"anti-NKG2A", 750, 14}}},
      {ArmKind::kCd73,
       "PDL1_CD73",
       "anti-PD-L1 + anti-CD73",
       0.40,
       1.6,
       {{"anti-PD-L1", 1500, 28}, {"anti-CD73", 3000, 28, 4, 14}}},
  };
  return kArms;
}

Baseline DrawBaseline(core::Rng& rng) {
  Baseline b;
  DrawDemographics(b, rng);
  DrawTumourMarkers(b, rng);
  DrawHost(b, rng);
  return b;
}

double BenefitScore(const Baseline& b, const ArmSpec& arm) {
  constexpr double kIntercept = -2.7;
  constexpr std::array<double, 3> kPdl1 = {0.0, 0.7, 1.55};
  const double tmb = 0.30 * (std::log2(b.tmb + 1.0) - 3.0);
  const double nlr = -0.30 * std::log(b.nlr / 4.5);
  const double albumin = 0.50 * (b.albumin - 3.9);
  return kIntercept + kPdl1[static_cast<std::size_t>(b.pdl1_group)] + tmb + 0.5 * b.inflammation +
         nlr + albumin - 0.2 * b.ecog + arm.response_log_odds;
}

std::optional<double> AddBiomarkers(const std::string& subject_id, const Baseline& b,
                                    core::Rng& rng, study::Study& study) {
  // Biobank-style sample ids, numbered across the cohort: an id that embeds
  // the subject id would re-identify every pseudonymised sample (and import
  // refuses it).
  const std::size_t number = study.samples.size() / 2 + 1;
  const std::string biopsy = fmt::format("BX{:06d}", number);
  const std::string blood = fmt::format("BL{:06d}", number);
  const auto biopsy_day = static_cast<std::int32_t>(-1 - rng.Below(28));
  const auto blood_day = static_cast<std::int32_t>(-1 - rng.Below(7));
  // Assays not done: PD-L1 5 %, TMB (panel failed) 15 %, RNA-seq 15 %.
  const bool has_pdl1 = !rng.Bernoulli(0.05);
  const bool has_tmb = !rng.Bernoulli(0.15);
  const bool has_rna = !rng.Bernoulli(0.15);
  study.samples.push_back({biopsy, subject_id, study::SampleKind::kBiopsy, "BASELINE", biopsy_day});
  study.samples.push_back({blood, subject_id, study::SampleKind::kBlood, "BASELINE", blood_day});
  auto& out = study.assay_results;
  if (has_pdl1) out.push_back({biopsy, "PDL1_TPS", b.pdl1_tps_pct, "%"});
  if (has_tmb) out.push_back({biopsy, "TMB", b.tmb, "mut/Mb"});
  out.push_back({biopsy, "CD8_DENSITY", b.cd8_density, "cells/mm2"});
  if (has_rna) {
    for (std::size_t g = 0; g < kGenes.size(); ++g) {
      out.push_back(
          {biopsy, "GENE:" + std::string(kGenes[g].symbol), b.expression[g], "log2(TPM+1)"});
    }
    // The further genes come from a stream split off a copy of the
    // patient's biomarker stream: `rng` itself is not advanced, so every
    // value drawn before these genes existed is unchanged.
    core::Rng copy = rng;
    core::Rng extra = copy.Split();
    for (const GeneSpec& gene : kExtraGenes) {
      const double x = gene.mean + gene.loading * b.inflammation + gene.noise_sd * extra.Normal() +
                       b.library_offset;
      out.push_back(
          {biopsy, "GENE:" + std::string(gene.symbol), Round(std::max(0.0, x), 3), "log2(TPM+1)"});
    }
  }
  out.push_back({blood, "NLR", b.nlr, "ratio"});
  out.push_back({blood, "ALB", b.albumin, "g/dL"});
  out.push_back({blood, "LDH", b.ldh, "U/L"});
  if (!has_pdl1) return std::nullopt;
  return b.pdl1_tps_pct;
}

}  // namespace pioneer::sim::internal
