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
#include "pioneer/biomarkers/de.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/group_screen.h"
#include "pioneer/biomarkers/limma.h"
#include "pioneer/biomarkers/scoring.h"
#include "pioneer/biomarkers/screen.h"
#include "pioneer/biomarkers/screen_input.h"
#include "pioneer/biomarkers/signatures.h"
#include "pioneer/biomarkers/tables.h"
#include "pioneer/biomarkers/tmb.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"

namespace pioneer::cli {
namespace {

using namespace biomarkers;

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
  io::WriteDelimited(out, ScoreTable(r, layout == "samples"), '\t');
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
  LimmaOptions options;
  options.trend = args.Flag("trend");
  options.threads = Threads(args);
  const auto compute = std::chrono::steady_clock::now();
  const std::clock_t compute_cpu = std::clock();
  const DeAnalysis de = RunDe(expr, samples, spec, options);
  const double compute_s = Seconds(compute);
  const double compute_cpu_s = CpuSeconds(compute_cpu);
  io::WriteDelimited(out, TopTable(de.result), '\t');
  const Design& d = de.design;
  fmt::print("limma lmFit + eBayes{}: {} vs {} ({} samples, {} genes; design: {})\n",
             options.trend ? " (trend)" : "", d.level_a, d.level_b, d.samples.size(),
             expr.n_genes(), fmt::join(d.column_names, " + "));
  if (d.n_dropped_missing > 0)
    fmt::print("({} annotated samples left out for a missing value)\n", d.n_dropped_missing);
  if (d.n_not_annotated > 0)
    fmt::print("({} expression samples without annotation left out)\n", d.n_not_annotated);
  fmt::print("df.prior = {:.4g}, s2.prior (median) = {:.4g}; {} genes with adj.P.Val < {}\n",
             de.result.df_prior, de.result.s2_prior_median, de.n_significant, kDeSummaryFdr);
  fmt::print("wrote {} (compute {:.3f} s, compute cpu {:.3f} s, total {:.3f} s)\n", out, compute_s,
             compute_cpu_s, Seconds(start));
  if (const auto file = args.Get("json")) {
    nlohmann::ordered_json j = de.ToJson();
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
  io::WriteDelimited(out, TmbTable(rows), '\t');
  fmt::print("TMB of {} samples (capture {} Mb, nonsynonymous classes as maftools)\n", rows.size(),
             options.capture_mb);
  for (const TmbRow& r : rows)
    fmt::print("  {:<24} {:>6} variants  {:>8.3f} /Mb\n", r.sample, r.total, r.per_mb);
  fmt::print("wrote {}\n", out);
  return 0;
}

// ---- screen ----------------------------------------------------------------

// --expr: genes (--genes, plus the candidate targets with --targets) as
// features of the subjects of `t`.
std::vector<Feature> ExpressionFeatures(const core::Table& t, const Args& args) {
  const Scale scale = ParseScale(*args.Get("scale"));
  const std::string source = args.Require("expr");
  const ExpressionMatrix expr = ToLog2(ReadExpression(source, scale), scale);
  std::vector<std::string> genes = SplitList(args.Get("genes").value_or(""));
  if (args.Flag("targets")) {
    for (const std::string& g : CandidateTargetGenes()) {
      if (std::find(genes.begin(), genes.end(), g) == genes.end()) genes.push_back(g);
    }
  }
  GeneFeatureSet set = GeneFeatures(expr, source, t, genes);
  if (set.unmatched_subjects > 0)
    fmt::print("{} of {} subjects have no expression sample (left out of gene features)\n",
               set.unmatched_subjects, t.rows());
  if (!set.absent.empty())
    fmt::print("genes absent from {}: {}\n", source, fmt::join(set.absent, ", "));
  return std::move(set.features);
}

// The screen needs exactly one outcome and at least one source of features.
void CheckScreenArgs(const Args& args) {
  const bool outcome = args.Get("outcome").has_value();
  const bool time = args.Get("time").has_value(), event = args.Get("event").has_value();
  const bool group = args.Get("group").has_value();
  if (outcome + (time || event) + group != 1 || time != event)
    throw UsageError("give one of --outcome COL, --time COL with --event COL, or --group COL");
  if (args.Get("levels") && !group) throw UsageError("--levels needs --group");
  if (group && args.Integer("permutations") != 0)
    throw UsageError("--permutations applies to --outcome and --time screens");
  const bool genes = args.Get("expr").has_value();
  const bool features = args.Get("features").has_value(), all = args.Flag("all-numeric");
  if (!genes && (args.Flag("targets") || args.Get("genes")))
    throw UsageError("--targets and --genes need --expr");
  if (genes && !args.Flag("targets") && !args.Get("genes"))
    throw UsageError("--expr needs --genes a,b or --targets");
  if (features && all) throw UsageError("give at most one of --features and --all-numeric");
  if (!features && !all && !genes)
    throw UsageError("give --features, --all-numeric or --expr with --genes/--targets");
}

std::vector<Feature> ScreenFeatures(const core::Table& t, const Args& args) {
  std::vector<std::string> names = SplitList(args.Get("features").value_or(""));
  if (args.Flag("all-numeric")) {
    std::vector<std::string> outcomes;
    for (const char* o : {"outcome", "time", "event", "group"}) {
      if (const auto col = args.Get(o)) outcomes.push_back(*col);
    }
    names = NumericColumns(t, outcomes);
  }
  std::vector<Feature> features;
  features.reserve(names.size());
  for (const std::string& n : names) features.push_back({n, NumericColumn(t, t.Require(n), n)});
  if (args.Get("expr")) {
    for (Feature& f : ExpressionFeatures(t, args)) features.push_back(std::move(f));
  }
  return features;
}

void PrintGroupScreen(const GroupScreen& g) {
  fmt::print("{:<28}{:>5}", "feature", "n");
  for (const std::string& l : g.levels) fmt::print("{:>14}", "median " + l.substr(0, 7));
  fmt::print("{:>12}{:>10}\n", "Kruskal p", "q");
  for (const GroupScreenRow& r : g.rows) {
    fmt::print("{:<28}{:>5}", r.feature, r.n);
    for (double m : r.median_level) fmt::print("{:>14.3g}", m);
    fmt::print("{:>12.3g}{:>10.3g}\n", r.kruskal_p, r.q_kruskal);
  }
}

void PrintResponseScreen(const std::vector<ScreenRow>& rows) {
  fmt::print("{:<40}{:>5}{:>8}{:>11}{:>10}{:>10}\n", "feature", "n", "AUC", "Wilcoxon p", "OR/SD",
             "q");
  for (const ScreenRow& r : rows) {
    fmt::print("{:<40}{:>5}{:>8.3f}{:>11.3g}{:>10.3g}{:>10.3g}\n", r.feature, r.n, r.auc,
               r.wilcoxon_p, r.or_per_sd, r.q_wilcoxon);
  }
}

void PrintSurvivalScreen(const std::vector<ScreenRow>& rows) {
  fmt::print("{:<40}{:>5}{:>7}{:>9}{:>10}{:>12}{:>10}\n", "feature", "n", "events", "HR/SD",
             "Cox p", "log-rank p", "q");
  for (const ScreenRow& r : rows) {
    fmt::print("{:<40}{:>5}{:>7}{:>9.3g}{:>10.3g}{:>12.3g}{:>10.3g}\n", r.feature, r.n, r.events,
               r.hr_per_sd, r.cox_p, r.logrank_median_p, r.q_cox);
  }
}

int Screen(const Args& args) {
  CheckScreenArgs(args);
  const core::Table t = io::ReadDelimited(args.Require("data"));
  if (t.rows() == 0)
    throw InputError(Diagnostic{t.source(), 0, 0, "no data rows: the file has a header only", ""});
  const std::vector<Feature> features = ScreenFeatures(t, args);
  const std::string out = args.Require("out");
  if (const auto group = args.Get("group")) {
    const GroupOutcome g =
        GroupOutcomeColumn(t, t.Require(*group), SplitList(args.Get("levels").value_or("")));
    const GroupScreen screen = ScreenGroups(features, g.group, g.levels);
    io::WriteDelimited(out, GroupScreenTable(screen), '\t');
    PrintGroupScreen(screen);
    fmt::print("wrote {} ({} features, levels {})\n", out, screen.rows.size(),
               fmt::join(screen.levels, ", "));
    return 0;
  }
  ScreenOptions options;
  options.permutations = static_cast<int>(args.Integer("permutations"));
  options.seed = static_cast<std::uint64_t>(args.Integer("seed"));
  std::vector<ScreenRow> rows;
  if (const auto outcome = args.Get("outcome")) {
    rows = ScreenResponse(features, BinaryOutcome(t, t.Require(*outcome), args.Get("positive")),
                          options);
    io::WriteDelimited(out, ResponseScreenTable(rows), '\t');
    PrintResponseScreen(rows);
  } else {
    rows = ScreenSurvival(features, NumericColumn(t, t.Require(*args.Get("time")), "time", true),
                          NumericColumn(t, t.Require(*args.Get("event")), "event"), options);
    io::WriteDelimited(out, SurvivalScreenTable(rows), '\t');
    PrintSurvivalScreen(rows);
  }
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

// Long on purpose: the declaration of five commands and their options, one
// entry each, read as a table (docs/reference is generated from it).
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
