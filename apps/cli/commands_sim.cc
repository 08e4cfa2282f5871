// pioneer simulate: writes a virtual combination trial (SDTM domains plus
// pioneer-layout tables for what SDTM does not hold) and a mouse study into
// a folder, all files or none. The model: docs/SIMULATION.md.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/delimited.h"
#include "pioneer/sim/simulate.h"
#include "pioneer/study/layout.h"

namespace pioneer::cli {
namespace {

sim::SimulationOptions ParseOptions(const Args& args) {
  sim::SimulationOptions options;
  const long long patients = args.Integer("patients");
  const long long seed = args.Integer("seed");
  if (patients < 1 || patients > 9999) {
    throw UsageError(fmt::format("--patients: must be in 1..9999, got {}", patients));
  }
  if (seed < 0) throw UsageError(fmt::format("--seed: must be >= 0, got {}", seed));
  options.cohort.patients = static_cast<int>(patients);
  options.cohort.seed = static_cast<std::uint64_t>(seed);
  options.mouse.seed = static_cast<std::uint64_t>(seed);
  options.include_mouse = !args.Flag("no-mouse");
  return options;
}

int RunSimulate(const Args& args) {
  const sim::SimulationOptions options = ParseOptions(args);
  const std::string out = args.Require("out");
  const study::Study study = sim::SimulateStudy(options);
  const std::vector<study::NamedTable> tables = study::ToSdtm(study);

  core::StagedDirectory staged(out);
  nlohmann::json files = nlohmann::json::array();
  for (const study::NamedTable& t : tables) {
    staged.Write(t.name + ".csv", io::FormatDelimited(t.table, ','));
    files.push_back({{"file", t.name + ".csv"}, {"rows", t.table.rows()}});
  }
  staged.Commit();

  fmt::print("simulated study {}: {} patients in {} arms (seed {}), {} animal measurements\n",
             study.name, study.subjects.size(), study.arms.size(), options.cohort.seed,
             study.animals.size());
  fmt::print("wrote {} files to {}:\n", tables.size(), out);
  for (const auto& f : files) {
    fmt::print("  {:<24} {:>7} rows\n", f["file"].get<std::string>(), f["rows"].get<std::size_t>());
  }
  if (auto json_path = args.Get("json")) {
    const nlohmann::json result = {{"study", study.name},
                                   {"seed", options.cohort.seed},
                                   {"patients", study.subjects.size()},
                                   {"animal_measurements", study.animals.size()},
                                   {"out", out},
                                   {"files", files}};
    core::WriteFileAtomically(*json_path, result.dump(2) + "\n");
  }
  return 0;
}

}  // namespace

std::vector<Command> SimCommands() {
  return {{"simulate",
           "write a virtual combination trial (SDTM) and mouse study",
           "",
           {Option::Integer("patients", "number of patients").Default(300).Range(1, 9999),
            Option::Integer("seed", "random seed: the same seed gives byte-identical files")
                .Default(20261129)
                .Range(0, kMaxSeed)
                .Metavar("S"),
            Option::Path("out", "output folder (written all at once)").Required().Metavar("DIR"),
            Option::Boolean("no_mouse", "leave out the mouse study"),
            Option::Path("json", "also write a JSON summary")},
           RunSimulate}};
}

const RegisterCommands kRegistered(SimCommands);

}  // namespace pioneer::cli
