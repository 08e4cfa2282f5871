// pioneer run PLAN.toml, pioneer demo: the analysis-plan runner and the
// built-in demonstration (src/pipeline). Parse, call the library, print.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/pipeline/demo.h"
#include "pioneer/pipeline/plan.h"
#include "pioneer/pipeline/runner.h"

namespace pioneer::cli {
namespace {

void PrintRun(std::FILE* out, const pipeline::RunResult& r) {
  fmt::print(out, "study {} ({} subjects)\n", r.study_name, r.subjects);
  for (const pipeline::OutputFile& f : r.files) {
    fmt::print(out, "  wrote {}\n", (r.output_dir / f.file).lexically_normal().string());
  }
  fmt::print(out, "report: {}\n", r.report.lexically_normal().string());
}

void WriteJson(const Args& args, const nlohmann::json& json) {
  if (const auto file = args.Get("json")) core::WriteFileAtomically(*file, json.dump(2) + "\n");
}

int Run(const Args& args) {
  if (args.positional().size() != 1) {
    throw UsageError("pioneer run takes one analysis plan (PLAN.toml)");
  }
  const pipeline::Plan plan =
      pipeline::LoadPlan(args.positional()[0], {.allow_outside = args.Flag("allow-outside")});
  const pipeline::RunResult result = pipeline::RunPlan(plan);
  PrintRun(SummaryStream(args), result);
  WriteJson(args, pipeline::ToJson(result));
  return 0;
}

int Demo(const Args& args) {
  pipeline::DemoOptions options;
  options.out = args.Require("out");
  const long long patients = args.Integer("patients");
  if (patients < 1 || patients > 100000) {
    throw UsageError(fmt::format("--patients {}: must be between 1 and 100000", patients));
  }
  options.patients = static_cast<int>(patients);
  const long long seed = args.Integer("seed");
  if (seed < 0) throw UsageError(fmt::format("--seed {}: must be >= 0", seed));
  options.seed = static_cast<std::uint64_t>(seed);
  std::FILE* out = SummaryStream(args);
  fmt::print(out, "simulating {} patients (seed {}), importing, running the built-in plan...\n",
             options.patients, options.seed);
  const pipeline::DemoResult result = pipeline::RunDemo(options);
  fmt::print(out, "data: {} SDTM files in {}; store {}; plan {}\n", result.data_files,
             result.data_dir.string(), result.store.string(), result.plan.string());
  PrintRun(out, result.run);
  WriteJson(args, pipeline::ToJson(result));
  return 0;
}

}  // namespace

std::vector<Command> PipelineCommands() {
  std::vector<Command> commands = {
      {"run",
       "run an analysis plan: OUT/report.html, OUT/tables/*.tsv, OUT/manifest.json",
       "PLAN.toml",
       {Option::Path("json", "also write the run summary as JSON ('-': standard output)"),
        Option::Boolean(
            "allow_outside",
            "let the plan's paths (store, output dir, input options) leave the plan's folder")},
       Run},
  };
  const pipeline::DemoOptions defaults;
  commands.push_back(
      {"demo",
       "simulate a virtual trial, import it and run the built-in plan",
       "",
       {Option::Path("out",
                     "output folder: new, empty, or an earlier demo output (replaced all at once)")
            .Default(defaults.out.string())
            .Metavar("DIR"),
        Option::Integer("patients", "virtual patients").Default(defaults.patients).Range(1, 100000),
        Option::Integer("seed", "random seed (same seed, same report)")
            .Default(defaults.seed)
            .Range(0, kMaxSeed)
            .Metavar("S"),
        Option::Path("json", "also write the run summary as JSON ('-': standard output)")},
       Demo});
  return commands;
}

const RegisterCommands kRegistered(PipelineCommands);

}  // namespace pioneer::cli
