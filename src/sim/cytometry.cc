// Simulated blood flow cytometry (pioneer/sim/cytometry.h). The panel,
// populations, fractions and the response effect are design values
// described in docs/SIMULATION.md section 11.
#include "pioneer/sim/cytometry.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <set>

#include "pioneer/core/error.h"
#include "pioneer/core/rng.h"

namespace pioneer::sim {
namespace {

constexpr std::size_t kMarkers = 14;
// Channel order of the markers below (fluorescence channels, after FSC-A and SSC-A).
constexpr std::array<std::pair<const char*, const char*>, kMarkers> kFluorescence = {{
    {"BV421-A", "CCR7"},
    {"BV510-A", "CD3"},
    {"BV605-A", "CD16"},
    {"BV711-A", "CD56"},
    {"FITC-A", "CD45RA"},
    {"PE-A", "CD25"},
    {"PE-CF594-A", "HLA-DR"},
    {"PE-Cy5-A", "CD38"},
    {"PE-Cy7-A", "CD127"},
    {"APC-A", "PD-1"},
    {"AF700-A", "CD8"},
    {"APC-H7-A", "CD4"},
    {"BV786-A", "CD14"},
    {"PerCP-Cy5.5-A", "CD19"},
}};
enum Marker {
  kCcr7,
  kCd3,
  kCd16,
  kCd56,
  kCd45ra,
  kCd25,
  kHlaDr,
  kCd38,
  kCd127,
  kPd1,
  kCd8,
  kCd4,
  kCd14,
  kCd19
};

// Spill of fluorochrome `from` into detector `to` (design: the size of a
// typical 4-laser panel's largest off-diagonal terms, neighbours in emission).
struct Spill {
  Marker from, to;
  double fraction;
};
constexpr Spill kSpills[] = {
    {kCcr7, kCd3, 0.10},    {kCd3, kCd16, 0.05},     {kCd16, kCd56, 0.12},  {kCd56, kCd14, 0.15},
    {kCd45ra, kCd25, 0.20}, {kCd45ra, kHlaDr, 0.03}, {kCd25, kHlaDr, 0.25}, {kCd25, kCd38, 0.03},
    {kHlaDr, kCd38, 0.12},  {kCd38, kCd127, 0.05},   {kCd19, kCd38, 0.30},  {kPd1, kCd8, 0.15},
    {kPd1, kCd4, 0.02},     {kCd8, kCd4, 0.10},
};

// Arcsinh-scale (cofactor 150) levels: negative, dim, positive, bright.
constexpr double N = 0.2, D = 1.8, P = 3.3, B = 4.5;
constexpr double kMarkerSd = 0.45;      // within-population spread
constexpr double kSampleShiftSd = 0.1;  // per sample and marker (staining)
constexpr double kFractionSd = 0.3;     // per sample and population, log scale

struct Population {
  const char* name;
  double percent;  // of PBMC, non-responder
  double responder_factor;
  std::array<double, kMarkers>
      level;        // CCR7 CD3 CD16 CD56 CD45RA CD25 HLA-DR CD38 CD127 PD-1 CD8 CD4 CD14 CD19
  double fsc, ssc;  // scatter means (linear)
};
// clang-format off
constexpr Population kPopulations[] = {
    {"CD8 T naive",            6.0, 1.0, {P, P, N, N, B, N, N, D, P, N, B, N, N, N}, 55000, 14000},
    {"CD8 T effector memory",  8.0, 1.0, {N, P, D, D, D, N, N, N, D, D, B, N, N, N}, 58000, 16000},
    {"CD8 T activated",        1.5, 2.2, {N, P, N, N, N, D, P, B, N, P, B, N, N, N}, 62000, 17000},
    {"CD4 T naive",           15.0, 1.0, {P, P, N, N, B, N, N, D, P, N, N, P, N, N}, 55000, 14000},
    {"CD4 T memory",          17.0, 1.0, {D, P, N, N, N, N, N, N, P, D, N, P, N, N}, 57000, 15000},
    {"Treg",                   3.0, 1.0, {D, P, N, N, N, B, D, N, N, D, N, P, N, N}, 57000, 15000},
    {"NK CD56bright",          0.8, 1.0, {N, N, D, B, D, D, N, P, D, N, N, N, N, N}, 62000, 18000},
    {"NK CD56dim",             8.0, 1.0, {N, N, B, P, P, N, N, P, N, N, D, N, N, N}, 60000, 20000},
    {"Monocyte classical HLA-DRhi", 17.0, 1.0, {N, N, N, N, N, N, B, P, N, N, N, D, B, N}, 100000, 45000},
    {"Monocyte HLA-DRlo",      5.0, 0.5, {N, N, N, N, N, N, N, D, N, N, N, D, P, N}, 95000, 42000},
    {"Monocyte non-classical", 2.5, 1.0, {N, N, B, N, D, N, P, D, N, N, N, D, D, N}, 90000, 38000},
    {"B cells",                9.0, 1.0, {P, N, N, N, P, N, B, D, N, N, N, N, N, P}, 56000, 14000},
};
// clang-format on
constexpr double kScatterCv = 0.12;

std::vector<double> Fractions(bool responder) {
  std::vector<double> f;
  double total = 0;
  for (const Population& p : kPopulations) {
    f.push_back(p.percent * (responder ? p.responder_factor : 1.0));
    total += f.back();
  }
  for (double& v : f) v /= total;
  return f;
}

CytometryPanel MakePanel() {
  CytometryPanel panel;
  panel.channels = {{"FSC-A", "", 262144}, {"SSC-A", "", 262144}};
  for (const auto& [name, marker] : kFluorescence) {
    panel.channels.push_back({name, marker, 262144});
    panel.spillover_channels.push_back(name);
  }
  panel.spillover.assign(kMarkers, std::vector<double>(kMarkers, 0.0));
  for (std::size_t i = 0; i < kMarkers; ++i) panel.spillover[i][i] = 1.0;
  for (const Spill& s : kSpills) panel.spillover[s.from][s.to] = s.fraction;
  for (const Population& p : kPopulations) panel.populations.push_back(p.name);
  panel.fractions_non_responder = Fractions(false);
  panel.fractions_responder = Fractions(true);
  return panel;
}

// Subjects with a RECIST 1.1 CR or PR on record (unconfirmed best response).
std::set<std::string> Responders(const study::Study& study) {
  std::set<std::string> out;
  for (const study::ResponseAssessment& r : study.responses) {
    if (r.criteria == "RECIST 1.1" && (r.response == "CR" || r.response == "PR"))
      out.insert(r.subject_id);
  }
  return out;
}

// Per-sample fractions: the group's fractions times log-normal noise.
std::vector<double> SampleFractions(const std::vector<double>& base, core::Rng& rng) {
  std::vector<double> f(base.size());
  double total = 0;
  for (std::size_t k = 0; k < base.size(); ++k) {
    f[k] = base[k] * std::exp(rng.Normal(0, kFractionSd));
    total += f[k];
  }
  for (double& v : f) v /= total;
  return f;
}

CytometrySample SimulateSample(const study::Sample& s, bool responder, int events, core::Rng& rng) {
  const CytometryPanel& panel = BloodPanel();
  const std::size_t channels = panel.channels.size();
  CytometrySample out{s.sample_id, s.subject_id, responder, static_cast<std::size_t>(events), {},
                      {}};
  const std::vector<double> fractions =
      SampleFractions(responder ? panel.fractions_responder : panel.fractions_non_responder, rng);
  std::array<double, kMarkers> shift{};
  for (double& v : shift) v = rng.Normal(0, kSampleShiftSd);
  out.values.reserve(out.events * channels);
  std::array<double, kMarkers> truth{};
  for (std::size_t e = 0; e < out.events; ++e) {
    const std::size_t k = rng.Categorical(fractions);
    const Population& pop = kPopulations[k];
    out.population.push_back(static_cast<int>(k));
    out.values.push_back(std::max(0.0, rng.Normal(pop.fsc, kScatterCv * pop.fsc)));
    out.values.push_back(std::max(0.0, rng.Normal(pop.ssc, kScatterCv * pop.ssc)));
    for (std::size_t j = 0; j < kMarkers; ++j) {
      truth[j] = panel.cofactor * std::sinh(rng.Normal(pop.level[j] + shift[j], kMarkerSd));
    }
    // Acquired = true intensities times the spillover matrix (row vector).
    for (std::size_t j = 0; j < kMarkers; ++j) {
      double v = 0;
      for (std::size_t i = 0; i < kMarkers; ++i) v += truth[i] * panel.spillover[i][j];
      out.values.push_back(v);
    }
  }
  return out;
}

}  // namespace

void CytometryOptions::Validate() const {
  if (events_per_sample < 1 || events_per_sample > 1000000) {
    throw UsageError(
        fmt::format("events_per_sample = {} is invalid: must be in 1..1000000", events_per_sample));
  }
}

const CytometryPanel& BloodPanel() {
  static const CytometryPanel panel = MakePanel();
  return panel;
}

std::vector<CytometrySample> SimulateBloodCytometry(const study::Study& study,
                                                    const CytometryOptions& options) {
  options.Validate();
  const std::set<std::string> responders = Responders(study);
  // Own stream: the seed XOR the bytes of "cytometr" (as the mouse study
  // uses XOR "mouse"), one split per sample in study order.
  core::Rng master(options.seed ^ 0x6379746f6d657472ULL);
  std::vector<CytometrySample> out;
  for (const study::Sample& s : study.samples) {
    if (s.kind != study::SampleKind::kBlood || s.timepoint != "BASELINE") continue;
    core::Rng rng = master.Split();
    out.push_back(
        SimulateSample(s, responders.contains(s.subject_id), options.events_per_sample, rng));
  }
  return out;
}

}  // namespace pioneer::sim
