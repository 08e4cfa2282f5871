// Analysis kind "biomarkers": the "Biomarkers" section of the report.
// On the baseline biopsy (RNA, PD-L1, TMB, CD8) and blood (NLR, albumin,
// LDH) of the study's subjects: signature scores (GEP-18, IFN-gamma 6, CYT,
// CD8 Teff, immune checkpoint; src/biomarkers scoring), a univariate screen
// of every assay, score and gene against confirmed objective response (AUC,
// OR per SD, BH q) and RECIST PFS (Cox HR per SD), limma differential
// expression of responders vs non-responders, and the candidate-target
// landscape across SITC 2020 resistance classes (Kruskal-Wallis + pairwise
// Wilcoxon). Response, PFS and SITC classes come from
// clinical::DeriveStudyResponse; every statistic from src/biomarkers and
// src/stats. This file only assembles, tabulates and charts; no file I/O.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "biomarkers_charts.h"
#include "biomarkers_cohort.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/group_screen.h"
#include "pioneer/biomarkers/limma.h"
#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/screen.h"
#include "pioneer/biomarkers/signatures.h"
#include "pioneer/clinical/study_response.h"
#include "pioneer/pipeline/analysis.h"

namespace pioneer::pipeline {
namespace {

namespace bm = biomarkers;
namespace charts = biomarker_charts;

using namespace biomarker_cohort;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kResponder = "Responder";
constexpr const char* kNonResponder = "Non-responder";

std::string F(double x, int digits = 2) {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : "–";
}
std::string P(double p) {
  if (!std::isfinite(p)) return "–";
  return p < 0.001 ? "< 0.001" : fmt::format("{:.3f}", p);
}

double Median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Deterministic jitter in [-0.8, 0.8] from the subject's position.
double Jitter(std::size_t i) {
  return std::fmod(static_cast<double>(i) * 0.618033988749895, 1.0) * 1.6 - 0.8;
}

report::HtmlTable ScoreTable(const std::vector<ScoreColumn>& scores,
                             const std::vector<bm::ScreenRow>& response, const Cohort& c) {
  report::HtmlTable t;
  t.caption = "Signature scores of the baseline biopsy";
  t.header = {"Signature", "Method", "Genes used", "Median, responders", "Median, non-responders",
              "AUC",       "q"};
  for (std::size_t s = 0; s < scores.size(); ++s) {
    std::vector<double> r, nr;
    for (std::size_t i = 0; i < c.ids.size(); ++i)
      (c.responder[i] == 1 ? r : nr).push_back(scores[s].values[i]);
    const bm::ScreenRow& row = response[AssayCount() + s];
    t.rows.push_back({scores[s].label, scores[s].method,
                      scores[s].missing.empty() ? std::to_string(scores[s].used)
                                                : fmt::format("{} (missing {})", scores[s].used,
                                                              fmt::join(scores[s].missing, ", ")),
                      F(Median(r)), F(Median(nr)), F(row.auc, 3), P(row.q_wilcoxon)});
  }
  t.footnotes = {
      "GEP-18: Σ w·(x − mean of 11 housekeeping genes), Ayers 2017 / Cristescu 2018 weights; IFN-γ "
      "6: mean "
      "log2(TPM + 1); CYT: geometric mean of TPM + 0.01 (Rooney 2015); PC1 scores: first principal "
      "component "
      "of the z-scored genes, sign-aligned with their mean (Mariathasan 2018). AUC = P(score of a "
      "responder > "
      "score of a non-responder); q: Benjamini-Hochberg over every feature of the screen."};
  return t;
}

report::HtmlTable ScreenTable(const std::vector<bm::ScreenRow>& rows,
                              const std::vector<bm::ScreenRow>& surv, std::size_t top) {
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double pa = std::isnan(rows[a].wilcoxon_p) ? 2 : rows[a].wilcoxon_p,
                 pb = std::isnan(rows[b].wilcoxon_p) ? 2 : rows[b].wilcoxon_p;
    return pa < pb;
  });
  report::HtmlTable t;
  t.caption =
      fmt::format("Univariate screen: the {} features most associated with response (of {})",
                  std::min(top, rows.size()), rows.size());
  t.header = {"Feature", "n (responders)",         "AUC",    "OR per SD (95% CI)", "Wilcoxon p",
              "q",       "PFS HR per SD (95% CI)", "q (Cox)"};
  for (std::size_t k = 0; k < std::min(top, order.size()); ++k) {
    const bm::ScreenRow& r = rows[order[k]];
    const bm::ScreenRow& s = surv[order[k]];
    t.rows.push_back({r.feature, fmt::format("{} ({})", r.n, r.n_positive), F(r.auc, 3),
                      fmt::format("{} ({}–{})", F(r.or_per_sd), F(r.or_lower), F(r.or_upper)),
                      P(r.wilcoxon_p), P(r.q_wilcoxon),
                      fmt::format("{} ({}–{})", F(s.hr_per_sd), F(s.hr_lower), F(s.hr_upper)),
                      P(s.q_cox)});
  }
  t.footnotes = {
      "Response: confirmed RECIST 1.1 CR/PR. AUC and p from the Wilcoxon rank-sum test (R "
      "wilcox.test); OR per SD "
      "from logistic regression on the standardised feature (Wald CI); PFS HR per SD from a Cox "
      "model (Efron ties). "
      "q: Benjamini-Hochberg over all features (assays, scores and genes). Genes are log2(TPM + "
      "1)."};
  return t;
}

report::HtmlTable LandscapeTable(const bm::GroupScreen& g) {
  report::HtmlTable t;
  t.caption = "Candidate-target landscape by SITC 2020 resistance class";
  t.header = {"Target", "n"};
  for (const std::string& l : g.levels) t.header.push_back("Median, " + l);
  t.header.insert(t.header.end(),
                  {"Kruskal-Wallis p", "q", "AUC responder vs primary", "q (pair)"});
  for (const bm::GroupScreenRow& r : g.rows) {
    std::vector<std::string> row = {r.feature, std::to_string(r.n)};
    for (double m : r.median_level) row.push_back(F(m));
    row.insert(row.end(), {P(r.kruskal_p), P(r.q_kruskal), F(r.pairs[0].auc, 3), P(r.pairs[0].q)});
    t.rows.push_back(std::move(row));
  }
  t.footnotes = {
      "Classes (SITC 2020, Kluger 2020): responders (confirmed CR/PR) without progression; primary "
      "resistance; "
      "acquired (secondary) resistance. Other subjects (stable disease without progression, "
      "progression after "
      "discontinuation, indeterminate) are left out. Medians of log2(TPM + 1); Kruskal-Wallis "
      "across the three "
      "classes (q: BH over targets); AUC = P(responder > primary resistance), Wilcoxon p "
      "BH-adjusted over the "
      "three pairs of each target (pairwise.wilcox.test). The simulator gives the targets no "
      "predictive effect "
      "(docs/SIMULATION.md): differences reflect their loading on tumour inflammation."};
  return t;
}

nlohmann::json ScreenJson(const std::vector<bm::ScreenRow>& response,
                          const std::vector<bm::ScreenRow>& pfs) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < response.size(); ++i) {
    const bm::ScreenRow& r = response[i];
    const bm::ScreenRow& s = pfs[i];
    out.push_back({{"feature", r.feature},
                   {"n", r.n},
                   {"n_responders", r.n_positive},
                   {"auc", r.auc},
                   {"wilcoxon_p", r.wilcoxon_p},
                   {"q_wilcoxon", r.q_wilcoxon},
                   {"or_per_sd", r.or_per_sd},
                   {"hr_per_sd_pfs", s.hr_per_sd},
                   {"cox_p", s.cox_p},
                   {"q_cox", s.q_cox}});
  }
  return out;
}

core::Table ScreenTsv(const std::vector<bm::ScreenRow>& response,
                      const std::vector<bm::ScreenRow>& pfs) {
  core::Table t("biomarkers_screen",
                {"feature", "n", "n_responders", "auc", "wilcoxon_p", "q_wilcoxon", "or_per_sd",
                 "hr_per_sd_pfs", "hr_lower", "hr_upper", "cox_p", "q_cox"});
  auto g = [](double x) { return std::isfinite(x) ? fmt::format("{:.6g}", x) : "NA"; };
  for (std::size_t i = 0; i < response.size(); ++i) {
    const bm::ScreenRow& r = response[i];
    const bm::ScreenRow& s = pfs[i];
    t.AddRow({r.feature, std::to_string(r.n), std::to_string(r.n_positive), g(r.auc),
              g(r.wilcoxon_p), g(r.q_wilcoxon), g(r.or_per_sd), g(s.hr_per_sd), g(s.hr_lower),
              g(s.hr_upper), g(s.cox_p), g(s.q_cox)},
             static_cast<std::int64_t>(i + 2));
  }
  return t;
}

void AddHeatmap(report::Section& section, const Cohort& c, const std::vector<ScoreColumn>& scores) {
  std::vector<std::string> groups = Classes();
  groups.push_back("Other");
  std::vector<charts::HeatCell> cells;
  std::vector<std::string> labels;
  labels.reserve(scores.size());
  for (const ScoreColumn& s : scores) labels.push_back(s.label);
  // Subjects ordered by class, then by GEP-18 (the first score).
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < c.ids.size(); ++i) {
    if (!scores.empty() && !std::isnan(scores[0].values[i])) order.push_back(i);
  }
  auto group_of = [&](std::size_t i) {
    return c.resistance[i].empty() ? groups.back() : c.resistance[i];
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const auto ga = std::find(groups.begin(), groups.end(), group_of(a)),
               gb = std::find(groups.begin(), groups.end(), group_of(b));
    if (ga != gb) return ga < gb;
    return scores[0].values[a] > scores[0].values[b];
  });
  for (const ScoreColumn& s : scores) {
    double mean = 0, ss = 0;
    for (std::size_t i : order) mean += s.values[i];
    mean /= static_cast<double>(order.size());
    for (std::size_t i : order) ss += (s.values[i] - mean) * (s.values[i] - mean);
    const double sd = std::sqrt(ss / static_cast<double>(order.size() - 1));
    for (std::size_t k = 0; k < order.size(); ++k) {
      const std::size_t i = order[k];
      cells.push_back({c.ids[i], s.label, group_of(i), static_cast<int>(k),
                       sd > 0 ? (s.values[i] - mean) / sd : 0, s.values[i]});
    }
  }
  section.AddChart(
      charts::HeatmapSpec(cells, labels, groups),
      fmt::format(
          "Signature scores of the {} subjects with baseline RNA (z-scores across subjects, "
          "clipped at "
          "±2.5), by SITC 2020 resistance class; within a class, subjects are ordered by GEP-18. "
          "\"Other\": stable disease without progression, progression after discontinuation, or "
          "indeterminate.",
          order.size()));
}

void AddStrips(report::Section& section, const Cohort& c, const std::vector<bm::Feature>& features,
               const std::vector<bm::ScreenRow>& response) {
  std::vector<std::size_t> order(response.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return (std::isnan(response[a].wilcoxon_p) ? 2 : response[a].wilcoxon_p) <
           (std::isnan(response[b].wilcoxon_p) ? 2 : response[b].wilcoxon_p);
  });
  std::vector<std::string> names;
  std::vector<charts::StripPoint> points;
  for (std::size_t k = 0; k < std::min<std::size_t>(4, order.size()); ++k) {
    const bm::Feature& f = features[order[k]];
    names.push_back(fmt::format("{} (AUC {:.2f})", f.name, response[order[k]].auc));
    for (std::size_t i = 0; i < c.ids.size(); ++i) {
      if (std::isnan(f.values[i])) continue;
      points.push_back(
          {names.back(), c.responder[i] == 1 ? kResponder : kNonResponder, f.values[i], Jitter(i)});
    }
  }
  section.AddChart(charts::StripSpec(points, names, {kResponder, kNonResponder}),
                   "The four features most associated with confirmed response (smallest Wilcoxon "
                   "p): box (median, quartiles, "
                   "1.5 IQR whiskers) and every subject.");
}

void AddForest(report::Section& section, const std::vector<bm::ScreenRow>& pfs,
               std::size_t n_non_gene) {
  std::vector<charts::ForestRow> rows;
  for (std::size_t i = 0; i < n_non_gene; ++i) {
    const bm::ScreenRow& r = pfs[i];
    if (!std::isfinite(r.hr_lower) || !std::isfinite(r.hr_upper)) continue;
    rows.push_back({fmt::format("{} (n {}, {} events)", r.feature, r.n, r.events), r.hr_per_sd,
                    r.hr_lower, r.hr_upper, r.q_cox});
  }
  section.AddChart(
      charts::ForestSpec(rows, "PFS hazard ratio per SD (95% CI, log scale)"),
      "Univariate Cox models of RECIST 1.1 progression-free survival, one per baseline assay and "
      "signature "
      "score (standardised; Efron ties). Red: BH q < 0.05 over all features of the screen.");
}

bm::DeResult AddDe(report::Section& section, const Cohort& c, const bm::ExpressionMatrix& m,
                   const std::vector<std::size_t>& subject) {
  Eigen::MatrixXd design(static_cast<Eigen::Index>(subject.size()), 2);
  std::size_t responders = 0;
  for (std::size_t j = 0; j < subject.size(); ++j) {
    design(static_cast<Eigen::Index>(j), 0) = 1;
    design(static_cast<Eigen::Index>(j), 1) = c.responder[subject[j]];
    responders += c.responder[subject[j]] == 1 ? 1 : 0;
  }
  bm::DeResult de = bm::LimmaDe(m, design, 1, "responder", {});
  std::vector<charts::VolcanoPoint> points;
  for (std::size_t k = 0; k < de.rows.size(); ++k) {
    const bm::DeRow& r = de.rows[k];
    points.push_back({r.gene, r.log_fc, r.p_value, r.adj_p_value, k < 10});
  }
  section.AddChart(
      charts::VolcanoSpec(points, "log2 fold change, responders vs non-responders"),
      fmt::format(
          "Differential expression of the {} simulated genes, {} responders vs {} non-responders "
          "(limma "
          "lmFit + eBayes, moderated t; q: BH). The ten genes with the largest B are labelled.",
          m.n_genes(), responders, subject.size() - responders));
  return de;
}

bm::GroupScreen AddLandscape(report::Section& section, const Cohort& c,
                             const std::vector<bm::Feature>& features) {
  std::vector<bm::Feature> targets;
  for (const std::string& g : bm::CandidateTargetGenes()) {
    for (const bm::Feature& f : features) {
      if (f.name == g) targets.push_back(f);
    }
  }
  bm::GroupScreen g = bm::ScreenGroups(targets, c.resistance, Classes());
  std::vector<charts::LandscapeCell> cells;
  std::vector<std::string> genes;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    genes.push_back(targets[t].name);
    std::vector<double> all;
    for (std::size_t i = 0; i < c.ids.size(); ++i) {
      if (!c.resistance[i].empty() && !std::isnan(targets[t].values[i]))
        all.push_back(targets[t].values[i]);
    }
    const double median = Median(all);
    double ss = 0;
    for (double v : all) ss += (v - median) * (v - median);
    const double sd = all.size() > 1 ? std::sqrt(ss / static_cast<double>(all.size() - 1)) : 1;
    for (std::size_t l = 0; l < Classes().size(); ++l) {
      cells.push_back({targets[t].name, Classes()[l],
                       sd > 0 ? (g.rows[t].median_level[l] - median) / sd : 0,
                       g.rows[t].q_kruskal});
    }
  }
  if (!targets.empty()) {
    section.AddChart(charts::LandscapeSpec(cells, genes, Classes()),
                     "Candidate targets of the drug partners (NKG2A/HLA-E, CD73/CD39, BTN3A1, "
                     "TIGIT/PVR, LAG-3, TIM-3/galectin-9, "
                     "PD-L1/L2, PD-1, CTLA-4, VISTA, B7-H3, Siglec-15): median expression of each "
                     "class, as a z-score "
                     "relative to all classified subjects.");
    section.AddTable(LandscapeTable(g));
  }
  return g;
}

nlohmann::json DeJson(const bm::DeResult& de) {
  nlohmann::json out = nlohmann::json::array();
  for (const bm::DeRow& r : de.rows) {
    out.push_back({{"gene", r.gene},
                   {"logFC", r.log_fc},
                   {"t", r.t},
                   {"p", r.p_value},
                   {"q", r.adj_p_value}});
  }
  return out;
}

nlohmann::json LandscapeJson(const bm::GroupScreen& g) {
  nlohmann::json out = nlohmann::json::array();
  for (const bm::GroupScreenRow& r : g.rows) {
    out.push_back({{"target", r.feature},
                   {"n", r.n},
                   {"median_by_class", r.median_level},
                   {"kruskal_p", r.kruskal_p},
                   {"q_kruskal", r.q_kruskal},
                   {"auc_responder_vs_primary", r.pairs[0].auc},
                   {"q_responder_vs_primary", r.pairs[0].q}});
  }
  return out;
}

nlohmann::json SignaturesJson(const std::vector<ScoreColumn>& scores) {
  nlohmann::json out = nlohmann::json::object();
  for (const ScoreColumn& s : scores)
    out[s.label] = {{"method", s.method}, {"genes_used", s.used}, {"genes_missing", s.missing}};
  return out;
}

report::Section& AddSection(const AnalysisSpec& spec, report::Document& doc, const Cohort& c,
                            const bm::ExpressionMatrix& m,
                            std::map<std::string, std::size_t>& class_counts) {
  report::Section& section = doc.AddSection(
      spec.title,
      fmt::format("Baseline biomarkers of {} evaluable subjects ({} with RNA): signature scores, a "
                  "univariate screen against response and PFS, differential expression, and the "
                  "candidate-target landscape across SITC resistance classes.",
                  c.ids.size(), m.n_samples()));
  section.AddParagraph(fmt::format(
      "Biopsy RNA (log2(TPM + 1), {} genes), PD-L1 TPS, TMB and CD8 density, and blood NLR, "
      "albumin and LDH at baseline. Resistance classes (SITC 2020): {} responders without "
      "progression, {} primary and {} acquired resistance, {} others. Response and PFS as derived "
      "in the response section.",
      m.n_genes(), class_counts[Classes()[0]], class_counts[Classes()[1]],
      class_counts[Classes()[2]], class_counts["other"]));
  return section;
}

// Limma of responders vs non-responders among the subjects with RNA, when
// each group has at least 2 of them.
nlohmann::json AddDeIfPossible(report::Section& section, const Cohort& c,
                               const bm::ExpressionMatrix& m,
                               const std::vector<std::size_t>& subject) {
  std::size_t rna_responders = 0;
  for (std::size_t i : subject) rna_responders += c.responder[i] == 1 ? 1 : 0;
  if (rna_responders < 2 || subject.size() - rna_responders < 2) {
    section.AddNote(
        "Fewer than 2 responders or non-responders have baseline RNA: no differential expression.");
    return nlohmann::json::array();
  }
  return DeJson(AddDe(section, c, m, subject));
}

AnalysisOutput RunBiomarkers(const AnalysisSpec& spec, const study::Study& study,
                             report::Document& doc) {
  const Cohort c = CohortOf(study);
  std::vector<std::size_t> subject;
  const bm::ExpressionMatrix m = Expression(c, subject);
  const std::vector<ScoreColumn> scores = Scores(m, subject, c.ids.size());
  std::size_t n_non_gene = 0;
  const std::vector<bm::Feature> features = Features(c, m, subject, scores, &n_non_gene);
  const std::vector<bm::ScreenRow> response = bm::ScreenResponse(features, c.responder, {});
  const std::vector<bm::ScreenRow> pfs =
      bm::ScreenSurvival(features, c.pfs_months, c.pfs_event, {});
  std::map<std::string, std::size_t> class_counts;
  for (const std::string& r : c.resistance) ++class_counts[r.empty() ? "other" : r];

  report::Section& section = AddSection(spec, doc, c, m, class_counts);
  if (scores.empty()) {
    section.AddNote(
        "Fewer than 3 subjects have baseline RNA: no signature scores, differential expression or "
        "landscape.");
  } else {
    section.AddTable(ScoreTable(scores, response, c));
    AddHeatmap(section, c, scores);
  }
  section.AddTable(ScreenTable(response, pfs, 15));
  AddStrips(section, c, features, response);
  AddForest(section, pfs, n_non_gene);
  nlohmann::json de_json = nlohmann::json::array(), landscape_json = nlohmann::json::array();
  if (!scores.empty()) {
    de_json = AddDeIfPossible(section, c, m, subject);
    landscape_json = LandscapeJson(AddLandscape(section, c, features));
  }
  AnalysisOutput out;
  out.result = {{"n_evaluable", c.ids.size()},
                {"n_rna", m.n_samples()},
                {"classes", Classes()},
                {"class_counts", class_counts},
                {"signatures", SignaturesJson(scores)},
                {"screen", ScreenJson(response, pfs)},
                {"de", de_json},
                {"target_landscape", landscape_json}};
  out.tables.emplace_back("screen", ScreenTsv(response, pfs));
  return out;
}

AnalysisKind BiomarkersKind() {
  return {.name = "biomarkers",
          .default_title = "Biomarkers",
          .result_keys = {"class_counts", "classes", "de", "n_evaluable", "n_rna", "screen",
                          "signatures", "target_landscape"},
          .demo_plan = "[[analysis]]\nkind = \"biomarkers\"\n",
          .demo_order = 56,
          .run = RunBiomarkers};
}

const RegisterAnalysis kBiomarkers(BiomarkersKind);

}  // namespace
}  // namespace pioneer::pipeline
