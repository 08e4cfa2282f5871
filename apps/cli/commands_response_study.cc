// pioneer response --study S.sqlite --out DIR [--json FILE]: response,
// endpoints, SITC classes and safety of a stored study as CDISC ADaM-style
// TSV tables (src/clinical/study_response.h; docs/response-study.md). The
// `response` command (commands_response.cc) dispatches --study here.
// The tables are staged and moved into DIR together: nothing half-written.
#include "commands_response_study.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "pioneer/clinical/response_json.h"
#include "pioneer/clinical/study_response.h"
#include "pioneer/core/error.h"
#include "pioneer/core/json_input.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/store/study_store.h"

namespace pioneer::cli {
namespace {

int IntegerOption(const Args& args, const std::string& name, long long min) {
  long long v = 0;
  try {
    v = args.Integer(name);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--{} {}: expected an integer", name, *args.Get(name)));
  }
  if (v < min) throw UsageError(fmt::format("--{} {}: must be >= {}", name, v, min));
  return static_cast<int>(v);
}

clinical::StudyResponseOptions Options(const Args& args) {
  clinical::StudyResponseOptions o;
  if (const auto file = args.Get("parameters")) {
    const nlohmann::json doc = core::ReadJson(*file);
    // Either a bare parameters block or a document with "parameters".
    try {
      o.parameters =
          clinical::ParametersFromJson(doc.contains("parameters") ? doc["parameters"] : doc, *file);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(Diagnostic{*file, 0, 0, core::PlainMessage(e), ""});
    }
  }
  o.assessment_interval_days = IntegerOption(args, "assessment-interval", 1);
  o.safety.post_treatment_window_days = IntegerOption(args, "ae-window", 0);
  o.arms.reference_arm = args.Get("reference-arm").value_or("");
  return o;
}

std::string Pct(double p) { return std::isfinite(p) ? fmt::format("{:.1f}", 100 * p) : "NA"; }

std::string Days(double d) { return std::isfinite(d) ? fmt::format("{:.0f}", d) : "NR"; }

void PrintSummary(const clinical::StudyResponse& r) {
  fmt::print("{} subjects evaluated, {} without an evaluable tumour course (counted as NE)\n\n",
             r.results.size(), r.excluded.size());
  fmt::print("{:<14}{:>5}  {:<22}{:<22}{:>10}{:>10}\n", "arm", "n", "ORR % (95% CI)",
             "DCR % (95% CI)", "PFS med d", "OS med d");
  const clinical::ArmSummary& a = r.arms;
  for (std::size_t i = 0; i < a.arms.size(); ++i) {
    const auto& orr = a.orr.by_arm[i];
    const auto& dcr = a.dcr.by_arm[i];
    auto median = [&](const stats::KmResult& km) {
      for (const stats::KmCurve& c : km.strata) {
        if (c.group == a.arms[i]) return Days(c.median);
      }
      return std::string("NA");
    };
    fmt::print("{:<14}{:>5}  {:<22}{:<22}{:>10}{:>10}\n", a.arms[i], orr.n,
               fmt::format("{} ({}-{})", Pct(orr.estimate), Pct(orr.lower), Pct(orr.upper)),
               fmt::format("{} ({}-{})", Pct(dcr.estimate), Pct(dcr.lower), Pct(dcr.upper)),
               median(a.pfs_km), median(a.os_km));
  }
  for (const clinical::RateDifference& d : a.orr.differences) {
    fmt::print("ORR {} - {}: {} points (95% CI {} to {}, Newcombe)\n", d.arm, d.reference,
               Pct(d.estimate), Pct(d.lower), Pct(d.upper));
  }
  fmt::print("\nSITC 2020 resistance class by arm:\n");
  for (std::size_t k = 0; k < a.sitc_2020.categories.size(); ++k) {
    fmt::print("  {:<36}", a.sitc_2020.categories[k]);
    for (std::size_t i = 0; i < a.arms.size(); ++i) fmt::print("{:>8}", a.sitc_2020.counts[k][i]);
    fmt::print("\n");
  }
  fmt::print("\nSafety population {}:\n", r.safety.population_total);
  for (const clinical::IncidenceRow& row : r.safety.summary) {
    fmt::print("  {:<36}", row.category);
    for (const clinical::Incidence& i : row.by_arm)
      fmt::print("{:>14}", fmt::format("{} ({:.1f}%)", i.n, i.pct));
    fmt::print("\n");
  }
}

}  // namespace

std::vector<Option> ResponseStudyOptions() {
  return {Option::Path("study", "study store (SQLite) to derive response and safety for"),
          Option::Path("out", "with --study: folder for the ADaM-style TSV tables").Metavar("DIR"),
          Option::Integer("assessment_interval",
                          "with --study: scheduled tumour-assessment interval (E-06)")
              .Default(42)
              .Range(1, 3650)
              .Unit("days")
              .Metavar("DAYS"),
          Option::Integer("ae_window",
                          "with --study: AEs counted up to this many days after the last dose")
              .Default(90)
              .Range(0, 3650)
              .Unit("days")
              .Metavar("DAYS"),
          Option::String("reference_arm",
                         "with --study: arm the ORR/DCR differences are taken against "
                         "(default: the first arm)")
              .Metavar("ARM"),
          Option::Path("parameters",
                       "with --study: JSON parameters block overriding the defaults "
                       "(response-io.md)")};
}

int RunResponseStudy(const Args& args) {
  const std::string out = args.Require("out");
  const clinical::StudyResponseOptions options = Options(args);
  const study::Study study =
      store::StudyStore::Open(args.Require("study"), store::OpenMode::kExisting).Load();
  const clinical::StudyResponse response = clinical::DeriveStudyResponse(study, options);
  const auto tables = clinical::StudyResponseTables(study, response);
  core::StagedDirectory staged(out);
  for (const auto& [name, table] : tables)
    staged.Write(name + ".tsv", io::FormatDelimited(table, '\t'));
  const std::string json = args.Get("json") ? response.ToJson().dump(2) + "\n" : "";
  staged.Commit();
  if (const auto file = args.Get("json")) core::WriteFileAtomically(*file, json);
  PrintSummary(response);
  fmt::print("\nwrote {} tables to {}\n", tables.size(), out);
  return 0;
}

}  // namespace pioneer::cli
