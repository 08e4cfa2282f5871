// Analysis kind "cytometry": the "Blood immune phenotyping" section of the
// report. The FCS files of a folder (one <sample_id>.fcs per blood sample of
// the study; sample ids are kept as imported) are compensated, transformed
// and clustered together as FlowSOM does (cytometry::RunClustering: SOM on
// a seeded subsample, every event mapped, consensus metaclusters); each
// metacluster's abundance is compared between responders (best overall
// response CR/PR, clinical::DeriveStudyResponse) and non-responders with
// the quasi-binomial GLM of cytometry::TestAbundance, BH FDR.
// This kind reads files (the FCS folder of its plan): the pipeline is the
// glue layer; the cytometry library does no I/O besides its FCS reader.
// Tables written: <name>_frequencies, _abundance, _state, _heatmap.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <thread>

#include "cytometry_charts.h"
#include "pioneer/clinical/study_response.h"
#include "pioneer/core/error.h"
#include "pioneer/cytometry/abundance.h"
#include "pioneer/cytometry/cluster.h"
#include "pioneer/cytometry/fcs.h"
#include "pioneer/pipeline/analysis.h"
#include "pioneer/store/key_file.h"

namespace fs = std::filesystem;

namespace pioneer::pipeline {
namespace {

using core::OptionSpec;

namespace cyto = pioneer::cytometry;

constexpr const char* kResponder = "Responder (CR/PR)";
constexpr const char* kNonResponder = "Non-responder";
constexpr double kPositiveScaled = 0.5;  // heatmap value called "+" in a label
constexpr std::size_t kLabelMarkers = 3;
constexpr int kMaxThreads = 4;

std::pair<std::size_t, std::size_t> ParseGrid(const std::string& text) {
  const auto x = text.find('x');
  std::size_t a = 0, b = 0;
  try {
    if (x != std::string::npos && x > 0 && x + 1 < text.size()) {
      const auto xd = std::stoul(text.substr(0, x), &a);
      const auto yd = std::stoul(text.substr(x + 1), &b);
      if (a == x && b == text.size() - x - 1 && xd > 0 && yd > 0 && xd * yd <= 10000)
        return {xd, yd};
    }
  } catch (const std::exception&) {
  }
  return {0, 0};
}

// The FCS files of the folder, sorted by name.
std::vector<fs::path> FcsFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    std::string ext = e.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (e.is_regular_file() && ext == ".fcs") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

struct Loaded {
  cyto::Matrix events;
  std::vector<std::string> samples, subjects;
  std::vector<std::size_t> counts;
  std::vector<std::string> markers;
  std::size_t unmatched = 0;  // files that name no blood sample of the study
  bool compensated = false;
};

// Every fluorescence channel with a $PnS, by its $PnS.
std::vector<std::string> DefaultMarkers(const cyto::FcsData& data) {
  std::vector<std::string> out;
  for (std::size_t c : cyto::FluorescenceColumns(data)) {
    if (data.parameters[c].description) out.push_back(*data.parameters[c].description);
  }
  return out;
}

// The pseudonym of the sample a file is named after: with the study's key
// the stem is a raw sample id, hashed as import does; without it the stem
// must be the pseudonym itself.
std::string SampleOfFile(const fs::path& file, const std::optional<study::Pseudonymiser>& key) {
  const std::string stem = file.stem().string();
  return key ? key->ResolveSample(stem) : stem;
}

std::optional<study::Pseudonymiser> KeyOption(const AnalysisSpec& spec) {
  const std::string key = spec.Get<std::string>("key");
  if (key.empty()) return std::nullopt;
  return study::Pseudonymiser(store::LoadOrCreateKey({spec.base_dir / key, false}));
}

Loaded LoadFiles(const std::vector<fs::path>& files, const study::Study& study,
                 const AnalysisSpec& spec) {
  const std::optional<study::Pseudonymiser> key = KeyOption(spec);
  std::map<std::string, std::string> blood;  // sample -> subject
  for (const study::Sample& s : study.samples) {
    if (s.kind == study::SampleKind::kBlood) blood[s.sample_id] = s.subject_id;
  }
  Loaded l;
  cyto::PrepareOptions prep;
  prep.compensate = spec.Get<bool>("compensate");
  prep.transform = cyto::ParseTransform(spec.Get<std::string>("transform"));
  for (const auto& m : spec.Get<nlohmann::json>("markers"))
    prep.markers.push_back(m.get<std::string>());
  for (const fs::path& f : files) {
    const auto it = blood.find(SampleOfFile(f, key));
    if (it == blood.end()) {
      ++l.unmatched;
      continue;
    }
    cyto::FcsData data = cyto::ReadFcs(f);
    if (prep.markers.empty()) prep.markers = DefaultMarkers(data);
    l.compensated = l.compensated || (prep.compensate && data.spillover);
    const cyto::Matrix m = cyto::PrepareEvents(data, prep, f.string());
    l.events.cols = m.cols;
    l.events.values.insert(l.events.values.end(), m.values.begin(), m.values.end());
    l.events.rows += m.rows;
    l.samples.push_back(it->first);
    l.subjects.push_back(it->second);
    l.counts.push_back(m.rows);
  }
  l.markers = prep.markers;
  return l;
}

// "MC 3 · CD8+ CD38+ HLA-DR+": the metacluster's highest scaled markers.
std::vector<std::string> MetaclusterLabels(const cyto::ClusterResult& r) {
  std::vector<std::string> labels;
  for (std::size_t m = 0; m < r.k; ++m) {
    std::vector<std::size_t> order(r.markers.size());
    for (std::size_t j = 0; j < order.size(); ++j) order[j] = j;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return r.heatmap[m][a] > r.heatmap[m][b];
    });
    std::string text;
    for (std::size_t i = 0; i < std::min(kLabelMarkers, order.size()); ++i) {
      if (!(r.heatmap[m][order[i]] >= kPositiveScaled)) break;
      text += (text.empty() ? "" : " ") + r.markers[order[i]] + "+";
    }
    labels.push_back(fmt::format("MC {} · {}", m + 1, text.empty() ? "all markers low" : text));
  }
  return labels;
}

SampleGroups ResponseGroups(const study::Study& study, const Loaded& l) {
  std::map<std::string, bool> responder;
  for (const clinical::SubjectOutcome& o : clinical::DeriveStudyResponse(study).outcomes)
    responder[o.subject_id] = o.responder;
  SampleGroups g;
  g.levels = {kNonResponder, kResponder};
  for (const std::string& subject : l.subjects) {
    const auto it = responder.find(subject);
    g.group.push_back(it == responder.end() ? std::string()
                      : it->second          ? kResponder
                                            : kNonResponder);
  }
  return g;
}

std::string Num(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string("NA"); }

// 750000 -> "750,000".
std::string Thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The inputs of cytometry::TestAbundance for the samples with a group.
struct AbundanceTables {
  core::Table counts{"cytometry counts", {"file", "metacluster", "count"}};
  core::Table medians{"cytometry medians", {"file", "metacluster", "marker", "median"}};
  core::Table samples{"cytometry samples", {"file", "response"}};
};
AbundanceTables TablesForTest(const cyto::ClusterResult& r, const SampleGroups& g) {
  AbundanceTables t;
  std::int64_t line = 1;
  for (std::size_t s = 0; s < r.samples.size(); ++s) {
    if (g.group[s].empty()) continue;
    t.samples.AddRow({r.samples[s], g.group[s]}, ++line);
    for (std::size_t m = 0; m < r.k; ++m) {
      t.counts.AddRow({r.samples[s], std::to_string(m + 1), std::to_string(r.meta_counts[s][m])},
                      line);
      for (std::size_t j = 0; j < r.markers.size(); ++j) {
        t.medians.AddRow(
            {r.samples[s], std::to_string(m + 1), r.markers[j], Num(r.medians[s][m][j])}, line);
      }
    }
  }
  return t;
}

std::string Pct(double f) { return std::isfinite(f) ? fmt::format("{:.2f}", 100 * f) : "–"; }
std::string Fixed(double x, int digits) {
  return std::isfinite(x) ? fmt::format("{:.{}f}", x, digits) : "–";
}
std::string PValue(double p) {
  if (!std::isfinite(p)) return "–";
  return p < 0.001 ? fmt::format("{:.1e}", p) : fmt::format("{:.3f}", p);
}

report::HtmlTable DaHtml(const cyto::AbundanceResult& a, const std::vector<std::string>& labels) {
  report::HtmlTable t;
  t.caption = "Differential abundance of the metaclusters, responders vs non-responders";
  t.header = {"Metacluster",
              fmt::format("Non-responders, % (n = {})", a.n_samples[0]),
              fmt::format("Responders, % (n = {})", a.n_samples[1]),
              "Odds ratio",
              "t",
              "p",
              "q (BH)"};
  for (const cyto::DaRow& d : a.da) {
    t.rows.push_back({labels[static_cast<std::size_t>(d.metacluster) - 1],
                      Pct(d.frequency_reference), Pct(d.frequency_other),
                      Fixed(std::exp(d.log_odds_ratio), 2), Fixed(d.t, 2), PValue(d.p),
                      PValue(d.fdr)});
  }
  t.footnotes = {
      "Per metacluster, glm(cbind(count, total - count) ~ response, family = quasibinomial) as "
      "diffcyt-DA "
      "(Weber et al. 2019): frequencies pooled over the samples of each group, odds ratio "
      "responders vs "
      "non-responders, t test on n - 2 df with Pearson dispersion; q: Benjamini-Hochberg over "
      "metaclusters."};
  return t;
}

core::Table FrequencyTable(const cyto::ClusterResult& r, const SampleGroups& g,
                           const std::vector<std::string>& subjects,
                           const std::vector<std::string>& labels) {
  core::Table t("cytometry", {"sample_id", "subject_id", "response", "metacluster", "label",
                              "count", "frequency"});
  std::int64_t line = 1;
  for (std::size_t s = 0; s < r.samples.size(); ++s) {
    for (std::size_t m = 0; m < r.k; ++m) {
      const double f =
          r.events[s] ? static_cast<double>(r.meta_counts[s][m]) / static_cast<double>(r.events[s])
                      : 0;
      t.AddRow({r.samples[s], subjects[s], g.group[s].empty() ? "not evaluable" : g.group[s],
                std::to_string(m + 1), labels[m], std::to_string(r.meta_counts[s][m]),
                fmt::format("{}", f)},
               ++line);
    }
  }
  return t;
}

core::Table HeatmapTable(const cyto::ClusterResult& r, const std::vector<std::string>& labels) {
  core::Table t("cytometry", {"metacluster", "label", "marker", "scaled_median"});
  std::int64_t line = 1;
  for (std::size_t m = 0; m < r.k; ++m) {
    for (std::size_t j = 0; j < r.markers.size(); ++j) {
      t.AddRow({std::to_string(m + 1), labels[m], r.markers[j], Num(r.heatmap[m][j])}, ++line);
    }
  }
  return t;
}

core::Table DaTable(const cyto::AbundanceResult& a) {
  core::Table t("cytometry", {"metacluster", "frequency_non_responder", "frequency_responder",
                              "log_odds_ratio", "se", "t", "dispersion", "p", "fdr"});
  std::int64_t line = 1;
  for (const cyto::DaRow& d : a.da) {
    t.AddRow({std::to_string(d.metacluster), Num(d.frequency_reference), Num(d.frequency_other),
              Num(d.log_odds_ratio), Num(d.se), Num(d.t), Num(d.dispersion), Num(d.p), Num(d.fdr)},
             ++line);
  }
  return t;
}

core::Table DsTable(const cyto::AbundanceResult& a) {
  core::Table t("cytometry", {"metacluster", "marker", "median_non_responder", "median_responder",
                              "difference", "t", "p", "fdr"});
  std::int64_t line = 1;
  for (const cyto::DsRow& d : a.ds) {
    t.AddRow({std::to_string(d.metacluster), d.marker, Num(d.mean_reference), Num(d.mean_other),
              Num(d.difference), Num(d.t), Num(d.p), Num(d.fdr)},
             ++line);
  }
  return t;
}

cyto::ClusterOptions ClusterOptionsOf(const AnalysisSpec& spec) {
  cyto::ClusterOptions c;
  std::tie(c.som.xdim, c.som.ydim) = ParseGrid(spec.Get<std::string>("grid"));
  c.som.rlen = static_cast<std::size_t>(spec.Get<std::int64_t>("rlen"));
  c.som.seed = spec.Get<std::uint64_t>("seed");
  c.metaclusters = static_cast<std::size_t>(spec.Get<std::int64_t>("metaclusters"));
  c.train_events = static_cast<std::size_t>(spec.Get<std::int64_t>("train_events"));
  c.threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, kMaxThreads);
  return c;
}

std::size_t Significant(const cyto::AbundanceResult& a) { return a.da_significant(0.05); }

AnalysisOutput RunCytometry(const AnalysisSpec& spec, const study::Study& study,
                            report::Document& doc) {
  AnalysisOutput out;
  const std::string title = spec.title.empty() ? "Blood immune phenotyping" : spec.title;
  const fs::path dir = spec.base_dir / spec.Get<std::string>("fcs_dir");
  const std::vector<fs::path> files = FcsFiles(dir);
  const Loaded l = LoadFiles(files, study, spec);
  const cyto::ClusterOptions options = ClusterOptionsOf(spec);
  const std::size_t nodes = options.som.xdim * options.som.ydim;
  if (l.samples.empty() || l.events.rows < nodes) {
    doc.AddSection(title).AddNote(
        fmt::format("No cytometry to analyse: {} FCS file(s) in {}, {} of them named after a blood "
                    "sample of the study "
                    "(<sample_id>.fcs{}), {} events.",
                    files.size(), dir.string(), l.samples.size(),
                    KeyOption(spec) ? ", the raw id hashed with the study's key"
                                    : ": the sample's pseudonym, or give the study's key",
                    l.events.rows));
    out.result = {{"files", files.size()}, {"samples", l.samples.size()}};
    return out;
  }
  cyto::ClusterResult r = cyto::RunClustering(l.events, l.samples, l.counts, l.markers, options);
  r.transform = cyto::ParseTransform(spec.Get<std::string>("transform")).ToString();
  r.compensated = l.compensated;
  const std::vector<std::string> labels = MetaclusterLabels(r);
  const SampleGroups groups = ResponseGroups(study, l);
  const AbundanceTables input = TablesForTest(r, groups);
  std::size_t n_group[2] = {0, 0};
  for (const std::string& g : groups.group) {
    if (!g.empty()) n_group[g == kResponder ? 1 : 0] += 1;
  }
  report::Section& s =
      doc.AddSection(title,
                     "FlowSOM-style clustering of the baseline blood samples; metacluster "
                     "abundance by best overall response.");
  s.AddParagraph(
      fmt::format("{} samples ({} events; {} responders, {} non-responders, {} without an "
                  "evaluable response) on {} markers, "
                  "{}{}. Self-organising map {}x{} (FlowSOM's online SOM, {} passes, fitted on {} "
                  "events drawn with seed {}, "
                  "then every event mapped) and {} consensus metaclusters (100 resamplings of 90 % "
                  "of the nodes, average "
                  "linkage).",
                  r.samples.size(), Thousands(r.node.size()), n_group[1], n_group[0],
                  r.samples.size() - n_group[0] - n_group[1], r.markers.size(),
                  r.compensated ? "compensated with each file's spillover matrix, " : "",
                  r.transform, r.som.xdim, r.som.ydim, options.som.rlen,
                  Thousands(std::min(options.train_events ? options.train_events : r.node.size(),
                                     r.node.size())),
                  options.som.seed, r.k));
  if (l.unmatched > 0) {
    // Counted, not named: a file name is a raw sample id.
    s.AddNote(
        fmt::format("{} FCS file(s) in {} name no blood sample of the study and were left out.",
                    l.unmatched, dir.string()));
  }
  s.AddChart(CytometryHeatmapSpec(r, labels),
             "Median of each marker per metacluster, scaled to [0, 1] by the marker's 1st and 99th "
             "percentiles over "
             "all events (as CATALYST's heatmaps). Labels list the highest markers (scaled median "
             "≥ 0.5).");
  s.AddChart(
      CytometryMapSpec(r, labels),
      "The self-organising map as FlowSOM draws it: the minimum spanning tree of the nodes' marker "
      "profiles "
      "(Euclidean), laid out so that distances on the page follow distances along the tree "
      "(Kamada-Kawai). "
      "Each circle is a node, sized by its events (all samples) and coloured by its metacluster.");
  out.result = {{"files", files.size()},
                {"samples", r.samples.size()},
                {"events", r.node.size()},
                {"markers", r.markers},
                {"transform", r.transform},
                {"compensated", r.compensated},
                {"grid", {{"xdim", r.som.xdim}, {"ydim", r.som.ydim}}},
                {"metaclusters", r.k},
                {"seed", options.som.seed},
                {"train_events", options.train_events},
                {"labels", labels},
                {"heatmap", r.heatmap},
                {"responders", n_group[1]},
                {"non_responders", n_group[0]}};
  out.tables.emplace_back("frequencies", FrequencyTable(r, groups, l.subjects, labels));
  out.tables.emplace_back("heatmap", HeatmapTable(r, labels));
  if (n_group[0] < 2 || n_group[1] < 2) {
    s.AddNote(fmt::format(
        "Too few samples with an evaluable response ({} responders, {} non-responders) for the "
        "abundance tests.",
        n_group[1], n_group[0]));
    return out;
  }
  cyto::AbundanceOptions ao;
  ao.group_column = "response";
  ao.reference = kNonResponder;
  const cyto::AbundanceResult a =
      cyto::TestAbundance(input.counts, input.medians, input.samples, ao);
  s.AddChart(
      CytometryBoxSpec(r, labels, groups),
      "Frequency of each metacluster (% of the sample's events) by best overall response "
      "(confirmed CR/PR "
      "vs the rest): boxes quartiles and median, whiskers minimum and maximum over the samples.");
  s.AddTable(DaHtml(a, labels));
  s.AddParagraph(
      fmt::format("{} of {} metaclusters differ in abundance at q < 0.05; {} of {} marker medians "
                  "(diffcyt-DS-style t tests of the sample medians, table {}_state) at q < 0.05.",
                  Significant(a), a.da.size(), a.ds_significant(0.05), a.ds.size(), spec.name));
  out.tables.emplace_back("abundance", DaTable(a));
  out.tables.emplace_back("state", DsTable(a));
  out.result["abundance_significant"] = Significant(a);
  return out;
}

std::string CheckCytometryOption(const std::string& key, const nlohmann::json& value) {
  if (key == "grid" && ParseGrid(value.get<std::string>()).first == 0)
    return "must be XxY, e.g. \"10x10\"";
  if (key == "fcs_dir" && value.get<std::string>().empty()) return "must name a folder";
  if (key == "transform") {
    try {
      cyto::ParseTransform(value.get<std::string>());
    } catch (const std::exception&) {
      return "must be none, arcsinh:COFACTOR or logicle[:T,W,M,A]";
    }
  }
  if (key == "markers") {
    for (const auto& m : value) {
      if (m.get<std::string>().empty()) return "must be an array of marker names";
    }
  }
  return "";
}

AnalysisKind CytometryKind() {
  return {
      .name = "cytometry",
      .default_title = "Blood immune phenotyping",
      .options =
          {OptionSpec::Path("fcs_dir",
                            "folder of the per-sample FCS files, named by sample pseudonym "
                            "(or by raw lab sample id, with key)")
               .Default("data/cytometry")
               .Metavar("DIR"),
           OptionSpec::List(
               "markers", "clustering markers by $PnN or $PnS (empty: every fluorescence channel)")
               .Default(nlohmann::json::array()),
           OptionSpec::String("transform",
                              "fluorescence channels: none | arcsinh:COFACTOR | logicle[:T,W,M,A]")
               .Default("arcsinh:150")
               .Metavar("SPEC"),
           OptionSpec::Boolean("compensate", "apply each file's spillover matrix").Default(true),
           OptionSpec::String("grid", "SOM grid").Default("10x10").Metavar("XxY"),
           OptionSpec::Integer("rlen", "SOM passes over the data").Default(10).Range(1, 10000),
           OptionSpec::Integer("metaclusters", "consensus metaclusters").Default(10).Range(2, 100),
           OptionSpec::Integer("seed", "random seed of the SOM and the consensus")
               .Default(1)
               .Range(0, core::kMaxSeed),
           OptionSpec::Integer("train_events",
                               "fit the map on this many events drawn with the seed (0: all)")
               .Default(100000)
               .Range(0, 1000000000),
           OptionSpec::Path("key",
                            "pseudonymisation key, to match FCS files named by raw lab sample ids "
                            "(\"\": files are named by sample pseudonym)")
               .Default("")},
      .check = CheckCytometryOption,
      .result_keys = {"abundance_significant", "compensated", "events", "files", "grid", "heatmap",
                      "labels", "markers", "metaclusters", "non_responders", "responders",
                      "samples", "seed", "train_events", "transform"},
      .demo_plan =
          "[[analysis]]\nkind = \"cytometry\"\nfcs_dir = \"data/cytometry\"\nkey = "
          "\"pseudonym.key\"\n"
          "metaclusters = 12\n",
      .demo_order = 57,
      .run = RunCytometry};
}

const RegisterAnalysis kCytometry(CytometryKind);

}  // namespace
}  // namespace pioneer::pipeline
