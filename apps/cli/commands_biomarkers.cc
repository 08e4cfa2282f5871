// pioneer signature list|score, pioneer de, pioneer tmb, pioneer screen:
// the biomarkers module (src/biomarkers, docs/biomarkers.md). Parse, call
// the library, print; outputs are written atomically.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "pioneer/biomarkers/design.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/group_screen.h"
#include "pioneer/biomarkers/limma.h"
#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/screen.h"
#include "pioneer/biomarkers/signatures.h"
#include "pioneer/biomarkers/tmb.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"

namespace pioneer::cli {
namespace {

using namespace biomarkers;

std::string Num(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "NA"; }

int Threads(const Args& args) {
  return static_cast<int>(args.Integer("threads"));  // 1..256, checked by ParseArgs
}

double LogOffset(const Args& args) {
  const double v = args.Number("log-offset");
  if (!(v > 0)) throw UsageError("--log-offset: must be > 0");
  return v;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU seconds of the process (every thread) since `since` (std::clock()).
double CpuSeconds(std::clock_t since) {
  return static_cast<double>(std::clock() - since) / CLOCKS_PER_SEC;
}

// ---- signature list -------------------------------------------------------

int SignatureList(const Args& args) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  fmt::print("{:<48} {:<12} {:>5}  {:<10} {}\n", "signature", "short", "genes", "PMID",
             "scoring (source)");
  for (const Signature& s : BuiltinSignatures()) {
    fmt::print("{:<48} {:<12} {:>5}  {:<10} {} ({})\n", s.name, s.short_name, s.genes.size(),
               s.pmid, s.scoring_method.substr(0, 60), s.source_repo);
    list.push_back({{"name", s.name},
                    {"short_name", s.short_name},
                    {"genes", s.genes},
                    {"weights", s.weights},
                    {"housekeeping", s.housekeeping},
                    {"n_pairs", s.pairs.size()},
                    {"scoring_method", s.scoring_method},
                    {"score_function", s.score_function},
                    {"input_scale", s.input_scale},
                    {"association", s.association},
                    {"pmid", s.pmid},
                    {"category", s.category},
                    {"source_repo", s.source_repo},
                    {"source_path", s.source_path},
                    {"source_commit", s.source_commit}});
  }
  fmt::print("{} signatures (../shared/data/signatures/signatures.tsv, compiled in)\n",
             BuiltinSignatures().size());
  if (const auto file = args.Get("json")) core::WriteFileAtomically(*file, list.dump(2) + "\n");
  return 0;
}

// ---- signature score ------------------------------------------------------

std::vector<const Signature*> ChooseSignatures(const Args& args, std::vector<Signature>& gmt) {
  const auto names = args.Get("signatures");
  const auto gmt_file = args.Get("gmt");
  if (names.has_value() == gmt_file.has_value())
    throw UsageError("give exactly one of --signatures and --gmt");
  std::vector<const Signature*> out;
  if (gmt_file) {
    gmt = ReadGmt(*gmt_file);
    for (const Signature& s : gmt) out.push_back(&s);
    return out;
  }
  if (*names == "all") {
    for (const Signature& s : BuiltinSignatures()) out.push_back(&s);
    return out;
  }
  for (const std::string& name : SplitList(*names)) {
    const Signature* s = FindSignature(name);
    if (s == nullptr) {
      throw UsageError(
          fmt::format("--signatures: unknown signature '{}' (see pioneer signature list)", name));
    }
    out.push_back(s);
  }
  if (out.empty()) throw UsageError("--signatures: empty list");
  return out;
}

std::string ScoresTsv(const ScoreResult& r, bool by_sample) {
  if (by_sample) {  // one row per sample: ready for pioneer screen
    std::string out = "sample";
    for (const std::string& s : r.signatures) out += "\t" + s;
    out += "\n";
    for (std::size_t j = 0; j < r.samples.size(); ++j) {
      out += r.samples[j];
      for (std::size_t i = 0; i < r.signatures.size(); ++i) out += "\t" + Num(r.at(i, j));
      out += "\n";
    }
    return out;
  }
  std::string out = "signature";
  for (const std::string& s : r.samples) out += "\t" + s;
  out += "\n";
  for (std::size_t i = 0; i < r.signatures.size(); ++i) {
    out += r.signatures[i];
    for (std::size_t j = 0; j < r.samples.size(); ++j) out += "\t" + Num(r.at(i, j));
    out += "\n";
  }
  return out;
}

int SignatureScore(const Args& args) {
  const auto start = std::chrono::steady_clock::now();
  ScoreOptions options;
  options.method = ParseScoreMethod(args.Require("method"));
  options.scale = ParseScale(*args.Get("scale"));
  options.log_offset = LogOffset(args);
  options.ssgsea_normalize = !args.Flag("no-norm");
  options.resolve_aliases = !args.Flag("no-aliases");
  options.threads = Threads(args);
  const std::string out = args.Require("out");
  std::vector<Signature> gmt;
  const std::vector<const Signature*> signatures = ChooseSignatures(args, gmt);
  const ExpressionMatrix m = ReadExpression(args.Require("expr"), options.scale);
  const auto compute = std::chrono::steady_clock::now();
  const std::clock_t compute_cpu = std::clock();
  const ScoreResult r = ScoreSignatures(m, signatures, options);
  const double compute_s = Seconds(compute);
  const double compute_cpu_s = CpuSeconds(compute_cpu);
  const std::string layout = *args.Get("layout");
  if (layout != "signatures" && layout != "samples")
    throw UsageError("--layout: expected signatures or samples");
  core::WriteFileAtomically(out, ScoresTsv(r, layout == "samples"));
  fmt::print("{} signatures x {} samples scored by {} ({} genes in the matrix, scale {})\n",
             r.signatures.size(), r.samples.size(), ScoreMethodName(options.method), m.n_genes(),
             ScaleName(options.scale));
  for (const ResolvedSignature& s : r.resolved) {
    if (!s.missing.empty()) {
      fmt::print("  {}: {} of {} genes absent from the data: {}\n", s.signature->name,
                 s.missing.size(), s.signature->genes.size() + s.signature->housekeeping.size(),
                 fmt::join(s.missing, ", "));
    }
    for (const auto& [from, to] : s.aliases_used)
      fmt::print("  {}: {} found as {}\n", s.signature->name, from, to);
  }
  fmt::print("wrote {} (compute {:.3f} s, compute cpu {:.3f} s, total {:.3f} s)\n", out, compute_s,
             compute_cpu_s, Seconds(start));
  if (const auto file = args.Get("json")) {
    nlohmann::ordered_json j = r.ToJson();
    j["scale"] = ScaleName(options.scale);
    j["normalized"] = options.method == ScoreMethod::kSsgsea
                          ? nlohmann::ordered_json(options.ssgsea_normalize)
                          : nlohmann::ordered_json(nullptr);
    j["compute_seconds"] = compute_s;
    j["compute_cpu_seconds"] = compute_cpu_s;
    core::WriteFileAtomically(*file, j.dump(2) + "\n");
  }
  return 0;
}

// ---- de --------------------------------------------------------------------

int De(const Args& args) {
  const auto start = std::chrono::steady_clock::now();
  const Scale scale = ParseScale(*args.Get("scale"));
  const std::string out = args.Require("out");
  const ExpressionMatrix expr = ToLog2(ReadExpression(args.Require("expr"), scale), scale);
  const core::Table samples = io::ReadDelimited(args.Require("samples"));
  DesignSpec spec;
  spec.group = args.Require("group");
  spec.contrast = args.Get("contrast").value_or("");
  spec.covariates = SplitList(args.Get("covariates").value_or(""));
  const Design d = BuildDesign(samples, expr.samples, spec);
  ExpressionMatrix y;
  y.genes = expr.genes;
  y.samples = d.samples;
  y.values.reserve(expr.n_genes() * d.samples.size());
  for (std::size_t g = 0; g < expr.n_genes(); ++g) {
    for (std::size_t col : d.expression_columns) y.values.push_back(expr.at(g, col));
  }
  LimmaOptions options;
  options.trend = args.Flag("trend");
  options.threads = Threads(args);
  const auto compute = std::chrono::steady_clock::now();
  const std::clock_t compute_cpu = std::clock();
  const DeResult r = LimmaDe(y, d.matrix, d.tested, d.column_names[d.tested], options);
  const double compute_s = Seconds(compute);
  const double compute_cpu_s = CpuSeconds(compute_cpu);
  std::string tsv = "gene\tlogFC\tAveExpr\tt\tP.Value\tadj.P.Val\tB\n";
  std::size_t significant = 0;
  for (const DeRow& row : r.rows) {
    tsv += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", row.gene, Num(row.log_fc), Num(row.ave_expr),
                       Num(row.t), Num(row.p_value), Num(row.adj_p_value), Num(row.b));
    if (row.adj_p_value < 0.05) ++significant;
  }
  core::WriteFileAtomically(out, tsv);
  fmt::print("limma lmFit + eBayes{}: {} vs {} ({} samples, {} genes; design: {})\n",
             options.trend ? " (trend)" : "", d.level_a, d.level_b, d.samples.size(), y.n_genes(),
             fmt::join(d.column_names, " + "));
  if (d.n_dropped_missing > 0)
    fmt::print("({} annotated samples left out for a missing value)\n", d.n_dropped_missing);
  if (d.n_not_annotated > 0)
    fmt::print("({} expression samples without annotation left out)\n", d.n_not_annotated);
  fmt::print("df.prior = {:.4g}, s2.prior (median) = {:.4g}; {} genes with adj.P.Val < 0.05\n",
             r.df_prior, r.s2_prior_median, significant);
  fmt::print("wrote {} (compute {:.3f} s, compute cpu {:.3f} s, total {:.3f} s)\n", out, compute_s,
             compute_cpu_s, Seconds(start));
  if (const auto file = args.Get("json")) {
    nlohmann::ordered_json j;
    j["contrast"] = d.level_a + "-" + d.level_b;
    j["coefficient"] = r.coefficient;
    j["design_columns"] = d.column_names;
    j["samples"] = d.samples;
    j["trend"] = options.trend;
    j["df_residual"] = r.df_residual;
    j["df_prior"] = std::isfinite(r.df_prior) ? nlohmann::ordered_json(r.df_prior)
                                              : nlohmann::ordered_json("Inf");
    j["s2_prior_median"] = r.s2_prior_median;
    j["var_prior"] = r.var_prior;
    j["n_significant_fdr05"] = significant;
    j["compute_seconds"] = compute_s;
    j["compute_cpu_seconds"] = compute_cpu_s;
    core::WriteFileAtomically(*file, j.dump(2) + "\n");
  }
  return 0;
}

// ---- tmb ---------------------------------------------------------------

int Tmb(const Args& args) {
  TmbOptions options;
  options.capture_mb = args.Number("capture-mb");
  options.min_vaf = args.Number("min-vaf");
  options.min_depth = args.Number("min-depth");
  options.pass_only = args.Flag("pass-only");
  const bool maf = args.Get("maf").has_value(), vcf = args.Get("vcf").has_value();
  if (maf == vcf) throw UsageError("give exactly one of --maf and --vcf");
  if (options.pass_only && maf)
    throw UsageError("--pass-only applies to --vcf (a MAF has no FILTER rule here)");
  const std::string out = args.Require("out");
  const std::vector<TmbRow> rows =
      maf ? TmbFromMafFile(*args.Get("maf"), options) : TmbFromVcfFile(*args.Get("vcf"), options);
  std::string tsv =
      "Tumor_Sample_Barcode\ttotal\ttotal_perMB\ttotal_perMB_log\tall_variants\tfiltered\n";
  for (const TmbRow& r : rows) {
    tsv += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", r.sample, r.total, Num(r.per_mb),
                       std::isinf(r.per_mb_log10) ? "-Inf" : Num(r.per_mb_log10), r.all_variants,
                       r.filtered);
  }
  core::WriteFileAtomically(out, tsv);
  fmt::print("TMB of {} samples (capture {} Mb, nonsynonymous classes as maftools)\n", rows.size(),
             options.capture_mb);
  for (const TmbRow& r : rows)
    fmt::print("  {:<24} {:>6} variants  {:>8.3f} /Mb\n", r.sample, r.total, r.per_mb);
  fmt::print("wrote {}\n", out);
  return 0;
}

// ---- screen ----------------------------------------------------------------

// A numeric column; a follow-up time (`is_time`) must be >= 0 and given at
// least once.
std::vector<double> Column(const core::Table& t, std::size_t col, const std::string& what,
                           bool is_time = false) {
  DiagnosticCollector problems;
  std::vector<double> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (core::IsMissing(t.cell(r, col))) {
      out.push_back(std::nan(""));
      continue;
    }
    const auto v = core::ParseDouble(t.cell(r, col));
    if (!v)
      problems.Add(t.At(r, col, fmt::format("{} ({})", core::NumberProblem(t.cell(r, col)), what)));
    if (v && is_time && *v < 0) problems.Add(t.At(r, col, "a follow-up time cannot be negative"));
    out.push_back(v.value_or(0));
  }
  if (!problems.empty()) throw InputError(problems.diagnostics(), problems.total());
  if (is_time && std::all_of(out.begin(), out.end(), [](double v) { return std::isnan(v); })) {
    throw InputError(Diagnostic{
        t.source(), 0, 0, fmt::format("no usable rows: every {} value is missing", what), ""});
  }
  return out;
}

std::vector<double> Outcome(const core::Table& t, std::size_t col,
                            const std::optional<std::string>& positive) {
  DiagnosticCollector problems;
  std::vector<double> out;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const std::string& v = t.cell(r, col);
    if (core::IsMissing(v))
      out.push_back(std::nan(""));
    else if (positive)
      out.push_back(v == *positive ? 1 : 0);
    else if (v == "1" || v == "TRUE")
      out.push_back(1);
    else if (v == "0" || v == "FALSE")
      out.push_back(0);
    else {
      problems.Add(t.At(r, col, "expected 0/1 or TRUE/FALSE (or give --positive LEVEL)"));
      out.push_back(0);
    }
  }
  if (!problems.empty()) throw InputError(problems.diagnostics(), problems.total());
  return out;
}

// Genes of an expression matrix as features of the subjects of `t` (its
// first column holds the expression sample ids; absent samples are NaN).
std::vector<Feature> GeneFeatures(const core::Table& t, const Args& args,
                                  std::vector<std::string> genes) {
  const Scale scale = ParseScale(*args.Get("scale"));
  const ExpressionMatrix expr = ToLog2(ReadExpression(args.Require("expr"), scale), scale);
  if (args.Flag("targets")) {
    for (const std::string& g : CandidateTargetGenes()) {
      if (std::find(genes.begin(), genes.end(), g) == genes.end()) genes.push_back(g);
    }
  }
  std::vector<long> column(t.rows(), -1);
  std::size_t unmatched = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    const auto it = std::find(expr.samples.begin(), expr.samples.end(), t.cell(r, 0));
    if (it == expr.samples.end())
      ++unmatched;
    else
      column[r] = it - expr.samples.begin();
  }
  if (unmatched == t.rows()) {
    throw InputError(
        Diagnostic{args.Require("data"), 1, 1,
                   "no subject id (first column) is a sample of " + args.Require("expr"), ""});
  }
  if (unmatched > 0)
    fmt::print("{} of {} subjects have no expression sample (left out of gene features)\n",
               unmatched, t.rows());
  const GeneIndex index(expr.genes);
  std::vector<Feature> out;
  std::vector<std::string> absent;
  for (const std::string& g : genes) {
    const long row = index.Find(g);
    if (row < 0) {
      absent.push_back(g);
      continue;
    }
    Feature f{g, {}};
    for (long c : column)
      f.values.push_back(c < 0
                             ? std::nan("")
                             : expr.at(static_cast<std::size_t>(row), static_cast<std::size_t>(c)));
    out.push_back(std::move(f));
  }
  if (!absent.empty())
    fmt::print("genes absent from {}: {}\n", args.Require("expr"), fmt::join(absent, ", "));
  return out;
}

std::string Label(const std::string& level) {
  std::string out = level;
  for (char& c : out) {
    if (c == '\t' || c == ' ') c = '_';
  }
  return out;
}

void GroupScreenOutput(const GroupScreen& g, const std::string& out) {
  std::string tsv = "feature\tn";
  for (const std::string& l : g.levels) tsv += "\tn_" + Label(l);
  for (const std::string& l : g.levels) tsv += "\tmedian_" + Label(l);
  tsv += "\tkruskal_h\tkruskal_df\tkruskal_p\tepsilon2\tq_kruskal";
  for (const auto& [a, b] : g.pairs) {
    const std::string pair = Label(g.levels[a]) + "_vs_" + Label(g.levels[b]);
    tsv += fmt::format("\tauc_{0}\tmedian_diff_{0}\tp_{0}\tq_{0}", pair);
  }
  tsv += "\n";
  for (const GroupScreenRow& r : g.rows) {
    tsv += fmt::format("{}\t{}", r.feature, r.n);
    for (std::size_t n : r.n_level) tsv += fmt::format("\t{}", n);
    for (double m : r.median_level) tsv += "\t" + Num(m);
    tsv += fmt::format("\t{}\t{}\t{}\t{}\t{}", Num(r.kruskal_h), Num(r.kruskal_df),
                       Num(r.kruskal_p), Num(r.epsilon2), Num(r.q_kruskal));
    for (const GroupPair& p : r.pairs) {
      tsv += fmt::format("\t{}\t{}\t{}\t{}", Num(p.auc), Num(p.median_difference),
                         Num(p.wilcoxon_p), Num(p.q));
    }
    tsv += "\n";
  }
  core::WriteFileAtomically(out, tsv);
  fmt::print("{:<28}{:>5}", "feature", "n");
  for (const std::string& l : g.levels) fmt::print("{:>14}", "median " + l.substr(0, 7));
  fmt::print("{:>12}{:>10}\n", "Kruskal p", "q");
  for (const GroupScreenRow& r : g.rows) {
    fmt::print("{:<28}{:>5}", r.feature, r.n);
    for (double m : r.median_level) fmt::print("{:>14.3g}", m);
    fmt::print("{:>12.3g}{:>10.3g}\n", r.kruskal_p, r.q_kruskal);
  }
  fmt::print("wrote {} ({} features, levels {})\n", out, g.rows.size(), fmt::join(g.levels, ", "));
}

// --group COL: levels from --levels, else the sorted distinct values (R's factor()).
int ScreenByGroup(const core::Table& t, const Args& args, std::vector<Feature> features) {
  const std::size_t col = t.Require(*args.Get("group"));
  std::vector<std::string> group;
  for (std::size_t r = 0; r < t.rows(); ++r)
    group.push_back(core::IsMissing(t.cell(r, col)) ? "" : t.cell(r, col));
  std::vector<std::string> levels = SplitList(args.Get("levels").value_or(""));
  if (levels.empty()) {
    for (const std::string& g : group) {
      if (!g.empty() && std::find(levels.begin(), levels.end(), g) == levels.end())
        levels.push_back(g);
    }
    std::sort(levels.begin(), levels.end());
  }
  for (const std::string& l : levels) {
    if (std::find(group.begin(), group.end(), l) == group.end()) {
      throw InputError(
          Diagnostic{args.Require("data"), 1, static_cast<std::int64_t>(col + 1),
                     fmt::format("--levels: no subject has {} = {}", *args.Get("group"), l), ""});
    }
  }
  if (levels.size() < 2)
    throw UsageError(fmt::format("--group {}: needs at least 2 levels", *args.Get("group")));
  GroupScreenOutput(ScreenGroups(features, group, levels), args.Require("out"));
  return 0;
}

int Screen(const Args& args) {
  const core::Table t = io::ReadDelimited(args.Require("data"));
  if (t.rows() == 0)
    throw InputError(Diagnostic{t.source(), 0, 0, "no data rows: the file has a header only", ""});
  const auto outcome_col = args.Get("outcome");
  const auto time_col = args.Get("time");
  const auto event_col = args.Get("event");
  const auto group_col = args.Get("group");
  const int outcomes =
      (outcome_col ? 1 : 0) + (time_col || event_col ? 1 : 0) + (group_col ? 1 : 0);
  if (outcomes != 1 || time_col.has_value() != event_col.has_value()) {
    throw UsageError("give one of --outcome COL, --time COL with --event COL, or --group COL");
  }
  if (args.Get("levels") && !group_col) throw UsageError("--levels needs --group");
  std::vector<std::string> names = SplitList(args.Get("features").value_or(""));
  const bool genes = args.Get("expr").has_value();
  if (!genes && (args.Flag("targets") || args.Get("genes")))
    throw UsageError("--targets and --genes need --expr");
  if (genes && !args.Flag("targets") && !args.Get("genes"))
    throw UsageError("--expr needs --genes a,b or --targets");
  if (!names.empty() && args.Flag("all-numeric"))
    throw UsageError("give at most one of --features and --all-numeric");
  if (names.empty() && !args.Flag("all-numeric") && !genes) {
    throw UsageError("give --features, --all-numeric or --expr with --genes/--targets");
  }
  if (args.Flag("all-numeric")) {
    for (std::size_t c = 1; c < t.cols(); ++c) {
      const std::string& n = t.names()[c];
      if (n == outcome_col.value_or("") || n == time_col.value_or("") ||
          n == event_col.value_or("") || n == group_col.value_or("")) {
        continue;
      }
      bool numeric = true, any = false;
      for (std::size_t r = 0; r < t.rows() && numeric; ++r) {
        if (core::IsMissing(t.cell(r, c))) continue;
        any = true;
        numeric = core::ParseDouble(t.cell(r, c)).has_value();
      }
      if (numeric && any) names.push_back(n);
    }
  }
  std::vector<Feature> features;
  for (const std::string& n : names) features.push_back({n, Column(t, t.Require(n), n)});
  if (genes) {
    for (Feature& f : GeneFeatures(t, args, SplitList(args.Get("genes").value_or(""))))
      features.push_back(std::move(f));
  }
  if (group_col) {
    if (args.Integer("permutations") != 0)
      throw UsageError("--permutations applies to --outcome and --time screens");
    return ScreenByGroup(t, args, std::move(features));
  }
  ScreenOptions options;
  options.permutations = static_cast<int>(args.Integer("permutations"));
  options.seed = static_cast<std::uint64_t>(args.Integer("seed"));
  const std::string out = args.Require("out");
  std::string tsv;
  std::vector<ScreenRow> rows;
  if (outcome_col) {
    rows = ScreenResponse(features, Outcome(t, t.Require(*outcome_col), args.Get("positive")),
                          options);
    tsv =
        "feature\tn\tn_positive\tauc\twilcoxon_p\tor_per_sd\tor_lower\tor_upper\tlogistic_p\tq_"
        "wilcoxon\tq_logistic\tpermutation_fdr\n";
    for (const ScreenRow& r : rows) {
      tsv += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", r.feature, r.n,
                         r.n_positive, Num(r.auc), Num(r.wilcoxon_p), Num(r.or_per_sd),
                         Num(r.or_lower), Num(r.or_upper), Num(r.logistic_p), Num(r.q_wilcoxon),
                         Num(r.q_logistic), Num(r.permutation_fdr));
    }
    fmt::print("{:<40}{:>5}{:>8}{:>11}{:>10}{:>10}\n", "feature", "n", "AUC", "Wilcoxon p", "OR/SD",
               "q");
    for (const ScreenRow& r : rows) {
      fmt::print("{:<40}{:>5}{:>8.3f}{:>11.3g}{:>10.3g}{:>10.3g}\n", r.feature, r.n, r.auc,
                 r.wilcoxon_p, r.or_per_sd, r.q_wilcoxon);
    }
  } else {
    rows = ScreenSurvival(features, Column(t, t.Require(*time_col), "time", true),
                          Column(t, t.Require(*event_col), "event"), options);
    tsv =
        "feature\tn\tevents\thr_per_sd\thr_lower\thr_upper\tcox_p\tlogrank_median_p\tq_cox\tq_"
        "logrank\tpermutation_fdr\n";
    for (const ScreenRow& r : rows) {
      tsv += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", r.feature, r.n, r.events,
                         Num(r.hr_per_sd), Num(r.hr_lower), Num(r.hr_upper), Num(r.cox_p),
                         Num(r.logrank_median_p), Num(r.q_cox), Num(r.q_logrank),
                         Num(r.permutation_fdr));
    }
    fmt::print("{:<40}{:>5}{:>7}{:>9}{:>10}{:>12}{:>10}\n", "feature", "n", "events", "HR/SD",
               "Cox p", "log-rank p", "q");
    for (const ScreenRow& r : rows) {
      fmt::print("{:<40}{:>5}{:>7}{:>9.3g}{:>10.3g}{:>12.3g}{:>10.3g}\n", r.feature, r.n, r.events,
                 r.hr_per_sd, r.cox_p, r.logrank_median_p, r.q_cox);
    }
  }
  core::WriteFileAtomically(out, tsv);
  fmt::print("wrote {} ({} features)\n", out, rows.size());
  return 0;
}

std::vector<Option> ExprOptions() {
  return {
      Option::Path("expr", "expression matrix TSV/CSV: genes x samples, first column gene ids")
          .Required(),
      Option::Enum("scale", {"log2tpm", "tpm", "counts"}, "values of the file").Default("log2tpm"),
      Option::Integer("threads", "worker threads").Default(1).Range(1, 256)};
}

std::vector<Option> With(std::vector<Option> extra) {
  std::vector<Option> all = ExprOptions();
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

}  // namespace

std::vector<Command> BiomarkerCommands() {
  return {
      {"signature list",
       "the built-in immuno-oncology signature library (with provenance)",
       "",
       {Option::Path("json", "write the library (genes, weights, PMID, source commit) as JSON")},
       SignatureList},
      {"signature score", "score gene signatures per sample (GSVA 1.46-exact ssgsea/gsva)", "",
       With({Option::List("signatures", "built-in signatures by name or short name")
                 .Metavar("A,B|all"),
             Option::Path("gmt", "user gene sets (GMT)"),
             Option::Enum("method",
                          {"weighted", "mean", "zscore", "geomean", "pairs", "pc1", "ssgsea",
                           "gsva", "combined-z", "plage"},
                          "scoring method")
                 .Required(),
             Option::Number("log_offset", "log2tpm files: values are log2(TPM + X)")
                 .Default(1)
                 .Metavar("X"),
             Option::Boolean("no_norm", "ssgsea: do not divide by the range of all scores"),
             Option::Boolean("no_aliases",
                             "match gene symbols exactly (no documented aliases), as GSVA"),
             Option::Path("out", "scores TSV: one row per signature, one column per sample")
                 .Required(),
             Option::Enum("layout", {"signatures", "samples"},
                          "signatures (rows = signatures) | samples (rows = samples)")
                 .Default("signatures"),
             Option::Path("json", "scores, genes_missing, genes_used, aliases_used as JSON")}),
       SignatureScore},
      {"de", "differential expression as limma lmFit + eBayes + topTable", "",
       With({Option::Path("samples", "sample annotation; first column = expression sample ids")
                 .Required(),
             Option::String("group", "the grouping column (e.g. response)")
                 .Required()
                 .Metavar("COL"),
             Option::String("contrast",
                            "levels compared (default: the two levels, sorted, second - first)")
                 .Metavar("A-B"),
             Option::List("covariates", "adjust for these columns (text = categorical)")
                 .Metavar("A,B"),
             Option::Boolean("trend",
                             "eBayes(trend = TRUE): prior variance trend on the mean expression"),
             Option::Path("out", "topTable TSV: gene, logFC, AveExpr, t, P.Value, adj.P.Val, B")
                 .Required(),
             Option::Path("json", "fit summary (design, df.prior, s2.prior) as JSON")}),
       De},
      {"tmb",
       "tumour mutational burden per sample (as maftools::tmb)",
       "",
       {Option::Path(
            "maf",
            "MAF (Tumor_Sample_Barcode, Variant_Classification, t_alt_count, t_depth|t_ref_count)"),
        Option::Path("vcf",
                     "VCF/BCF (plain, bgzipped or BCF) annotated by VEP (CSQ) or SnpEff (ANN); "
                     "FORMAT GT/AD/DP"),
        Option::Boolean("pass_only", "VCF: count only records whose FILTER is PASS (or '.')"),
        Option::Number("capture_mb", "size of the captured territory")
            .Required()
            .Unit("Mb")
            .Metavar("X"),
        Option::Number("min_vaf", "drop variants with a lower tumour VAF").Default(0).Metavar("F"),
        Option::Number("min_depth", "drop variants with a lower tumour depth")
            .Default(0)
            .Metavar("N"),
        Option::Path("out", "TSV: Tumor_Sample_Barcode, total, total_perMB, total_perMB_log, ...")
            .Required()},
       Tmb},
      {"screen",
       "univariate biomarker screen vs response, survival or a categorical group (e.g. SITC "
       "resistance class)",
       "",
       {Option::Path("data", "CSV/TSV, one row per subject").Required(),
        Option::String("outcome",
                       "binary response column (0/1, TRUE/FALSE, or text with --positive)")
            .Metavar("COL"),
        Option::String("positive", "the outcome value counted as response (e.g. R)")
            .Metavar("LEVEL"),
        Option::String("time", "survival time column").Metavar("COL"),
        Option::String("event", "event column (1 = event)").Metavar("COL"),
        Option::String("group",
                       "categorical outcome (e.g. responder / primary / acquired): Kruskal-Wallis "
                       "+ pairwise Wilcoxon")
            .Metavar("COL"),
        Option::List("levels", "--group levels to compare, in this order (default: all, sorted)")
            .Metavar("A,B,C"),
        Option::List("features", "feature columns").Metavar("A,B"),
        Option::Boolean("all_numeric", "every numeric column except the first and the outcome"),
        Option::Path("expr",
                     "expression matrix (genes x samples): genes as features of the subjects "
                     "(first column = sample id)"),
        Option::Enum("scale", {"log2tpm", "tpm", "counts"},
                     "scale of the --expr values (genes enter as log2)")
            .Default("log2tpm"),
        Option::List("genes", "genes of --expr to screen").Metavar("A,B"),
        Option::Boolean("targets",
                        "screen the candidate-target genes (KLRC1, HLA-E, NT5E, ENTPD1, BTN3A1, "
                        "TIGIT, LAG3, HAVCR2, ...)"),
        Option::Integer("permutations", "permutation FDR with N shuffles of the outcome")
            .Default(0)
            .Range(0, 100000),
        Option::Integer("seed", "seed of the permutations")
            .Default(1)
            .Range(0, kMaxSeed)
            .Metavar("S"),
        Option::Path("out", "screen TSV").Required()},
       Screen},
  };
}

const RegisterCommands kRegistered(BiomarkerCommands);

}  // namespace pioneer::cli
