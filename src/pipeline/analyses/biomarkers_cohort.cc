// File: src/pipeline/analyses/biomarkers_cohort.cc
#include "biomarkers_cohort.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>

#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/signatures.h"
#include "pioneer/clinical/study_response.h"

namespace pioneer::pipeline::biomarker_cohort {

namespace bm = biomarkers;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Scores of the section: library short name or full name, method, label.
struct ScoreSpec {
  const char* signature;
  bm::ScoreMethod method;
  const char* label;
};
constexpr ScoreSpec kScores[] = {
    {"GEP18", bm::ScoreMethod::kWeighted, "GEP-18 (T-cell-inflamed)"},
    {"IFNG6", bm::ScoreMethod::kMean, "IFN-γ 6"},
    {"CYT", bm::ScoreMethod::kGeomean, "CYT (GZMA, PRF1)"},
    {"CD8_TEFF", bm::ScoreMethod::kPc1, "CD8 T-effector (PC1)"},
    {"Mariathasan2018_ImmuneCheckpoint", bm::ScoreMethod::kPc1, "Immune checkpoint (PC1)"},
};

// Baseline assays of the screen: analyte, label, transform.
struct AssaySpec {
  const char* analyte;
  const char* label;
  bool log;  // natural log (log2(x + 1) for TMB)
};
constexpr AssaySpec kAssays[] = {
    {"PDL1_TPS", "PD-L1 TPS (%)", false},
    {"TMB", "log2(TMB + 1)", true},
    {"CD8_DENSITY", "CD8 density", false},
    {"NLR", "log NLR", true},
    {"ALB", "Albumin", false},
    {"LDH", "log LDH", true},
};

}  // namespace

const std::vector<std::string>& Classes() {
  static const std::vector<std::string> k = {"Responder, no progression", "Primary resistance",
                                             "Acquired resistance"};
  return k;
}

namespace {

std::string ResistanceClass(const clinical::SubjectOutcome& o) {
  if (o.sitc_2020 == "primary_resistance") return Classes()[1];
  if (o.sitc_2020 == "secondary_resistance") return Classes()[2];
  if (o.responder && o.sitc_2020 == "no_progression") return Classes()[0];
  return "";
}

}  // namespace

Cohort CohortOf(const study::Study& study) {
  std::map<std::string, std::string> baseline_sample;  // sample -> subject
  for (const study::Sample& s : study.samples) {
    if (s.timepoint == "BASELINE") baseline_sample[s.sample_id] = s.subject_id;
  }
  std::map<std::string, std::map<std::string, double>> assays;
  for (const study::AssayResult& a : study.assay_results) {
    const auto it = baseline_sample.find(a.sample_id);
    if (it != baseline_sample.end() && a.value) assays[it->second][a.analyte] = *a.value;
  }
  Cohort c;
  for (const clinical::SubjectOutcome& o : clinical::DeriveStudyResponse(study).outcomes) {
    c.ids.push_back(o.subject_id);
    c.responder.push_back(o.responder ? 1 : 0);
    c.resistance.push_back(ResistanceClass(o));
    c.pfs_months.push_back(o.pfs ? o.pfs->days * 12 / 365.25 : kNaN);
    c.pfs_event.push_back(o.pfs ? (o.pfs->event ? 1 : 0) : kNaN);
    c.assays.push_back(assays[o.subject_id]);
  }
  return c;
}

bm::ExpressionMatrix Expression(const Cohort& c, std::vector<std::size_t>& subject) {
  std::vector<std::string> genes;
  std::set<std::string> seen;
  for (const auto& a : c.assays) {
    for (const auto& [analyte, v] : a) {
      if (analyte.rfind("GENE:", 0) == 0 && seen.insert(analyte).second) genes.push_back(analyte);
    }
  }
  std::sort(genes.begin(), genes.end());
  bm::ExpressionMatrix m;
  for (const std::string& g : genes) m.genes.push_back(g.substr(5));
  for (std::size_t i = 0; i < c.ids.size(); ++i) {
    const bool complete = std::all_of(
        genes.begin(), genes.end(), [&](const std::string& g) { return c.assays[i].count(g) > 0; });
    if (complete && !genes.empty()) subject.push_back(i), m.samples.push_back(c.ids[i]);
  }
  m.values.resize(m.genes.size() * m.samples.size());
  for (std::size_t g = 0; g < genes.size(); ++g) {
    for (std::size_t j = 0; j < subject.size(); ++j) m.at(g, j) = c.assays[subject[j]].at(genes[g]);
  }
  return m;
}

std::vector<ScoreColumn> Scores(const bm::ExpressionMatrix& m,
                                const std::vector<std::size_t>& subject, std::size_t n) {
  std::vector<ScoreColumn> out;
  if (m.n_samples() < 3) return out;
  for (const ScoreSpec& spec : kScores) {
    const bm::Signature* sig = bm::FindSignature(spec.signature);
    if (sig == nullptr) continue;
    bm::ScoreOptions o;
    o.method = spec.method;
    const bm::ScoreResult r = bm::ScoreSignatures(m, {sig}, o);
    ScoreColumn col{spec.label, bm::ScoreMethodName(spec.method), std::vector<double>(n, kNaN),
                    r.resolved[0].missing, r.resolved[0].rows.size()};
    for (std::size_t j = 0; j < subject.size(); ++j) col.values[subject[j]] = r.at(0, j);
    out.push_back(std::move(col));
  }
  return out;
}

std::size_t AssayCount() { return std::size(kAssays); }

std::vector<bm::Feature> Features(const Cohort& c, const bm::ExpressionMatrix& m,
                                  const std::vector<std::size_t>& subject,
                                  const std::vector<ScoreColumn>& scores, std::size_t* n_non_gene) {
  std::vector<bm::Feature> f;
  for (const AssaySpec& a : kAssays) {
    bm::Feature x{a.label, {}};
    for (const auto& s : c.assays) {
      const auto it = s.find(a.analyte);
      double v = it == s.end() ? kNaN : it->second;
      if (a.log) v = std::string_view(a.analyte) == "TMB" ? std::log2(v + 1) : std::log(v);
      x.values.push_back(v);
    }
    f.push_back(std::move(x));
  }
  for (const ScoreColumn& s : scores) f.push_back({s.label, s.values});
  *n_non_gene = f.size();
  for (std::size_t g = 0; g < m.n_genes(); ++g) {
    bm::Feature x{m.genes[g], std::vector<double>(c.ids.size(), kNaN)};
    for (std::size_t j = 0; j < subject.size(); ++j) x.values[subject[j]] = m.at(g, j);
    f.push_back(std::move(x));
  }
  return f;
}

}  // namespace pioneer::pipeline::biomarker_cohort
