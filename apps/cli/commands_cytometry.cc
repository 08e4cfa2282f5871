// pioneer cytometry info|export|cluster|abundance: FCS files and
// FlowSOM-style clustering of src/cytometry (docs/cytometry.md). Parse, call
// the library, write.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/cytometry/abundance.h"
#include "pioneer/cytometry/cluster.h"
#include "pioneer/cytometry/fcs.h"
#include "pioneer/cytometry/preprocess.h"
#include "pioneer/cytometry/summary.h"
#include "pioneer/io/delimited.h"

namespace pioneer::cli {
namespace {

namespace cyto = pioneer::cytometry;

long long IntegerOption(const Args& args, const std::string& name, long long min) {
  long long v = 0;
  try {
    v = args.Integer(name);
  } catch (const std::exception&) {
    throw UsageError(fmt::format("--{} {}: expected an integer", name, *args.Get(name)));
  }
  if (v < min) throw UsageError(fmt::format("--{} {}: must be at least {}", name, v, min));
  return v;
}

std::string OneFile(const Args& args) {
  if (args.positional().size() != 1) throw UsageError("expected exactly one FCS file");
  return args.positional()[0];
}

int Info(const Args& args) {
  const std::string path = OneFile(args);
  const cyto::FcsData data = cyto::ReadFcs(path, {});
  const nlohmann::json info = cyto::InfoJson(data);
  fmt::print("{}: {}, {} events, {} parameters, {} keywords, spillover: {}\n", path, data.version,
             data.events, data.n_parameters(), data.keywords.size(),
             data.spillover ? fmt::format("{} channels ({})", data.spillover->channels.size(),
                                          data.spillover->keyword)
                            : "none");
  for (std::size_t j = 0; j < data.n_parameters(); ++j) {
    const cyto::FcsParameter& p = data.parameters[j];
    fmt::print("  P{:<3} {:<20} {:<16} range {:<8} bits {}\n", j + 1, p.name,
               p.description.value_or("-"), p.range, p.bits);
  }
  if (const auto out = args.Get("json")) core::WriteFileAtomically(*out, info.dump(2) + "\n");
  return 0;
}

int Export(const Args& args) {
  const std::string path = OneFile(args);
  cyto::FcsData data = cyto::ReadFcs(path, {});
  if (args.Flag("compensate")) {
    if (!data.spillover) {
      throw InputError(
          Diagnostic{.file = path,
                     .line = 0,
                     .column = 0,
                     .message = "--compensate: the file has no $SPILLOVER, SPILL or $COMP keyword",
                     .raw = ""});
    }
    cyto::Compensate(data, *data.spillover);
  }
  const cyto::TransformSpec spec = cyto::ParseTransform(args.Get("transform").value_or("none"));
  cyto::ApplyTransform(data, spec, cyto::FluorescenceColumns(data));
  core::WriteFileAtomically(args.Require("out"), cyto::EventsTsv(data));
  fmt::print("{}: {} events x {} parameters written to {}{}\n", path, data.events,
             data.n_parameters(), args.Require("out"),
             spec.kind == cyto::TransformKind::kNone ? "" : " (" + spec.ToString() + ")");
  return 0;
}

std::pair<std::size_t, std::size_t> ParseGrid(const std::string& text) {
  const auto x = text.find('x');
  try {
    if (x != std::string::npos) {
      std::size_t a = 0, b = 0;
      const auto xd = std::stoul(text.substr(0, x), &a);
      const auto yd = std::stoul(text.substr(x + 1), &b);
      // FlowSOM's grids are 10x10 to about 20x20; 10,000 nodes bound the memory.
      constexpr unsigned long kMaxNodes = 10000;
      if (a == x && b == text.size() - x - 1 && xd > 0 && yd > 0 && xd <= kMaxNodes &&
          yd <= kMaxNodes / xd) {
        return {xd, yd};
      }
    }
  } catch (const std::exception&) {
  }
  throw UsageError(
      fmt::format("--grid {}: expected XxY with at most 10000 nodes, e.g. 10x10", text));
}

int Cluster(const Args& args) {
  std::vector<std::string> files = args.positional();
  for (const std::string& f : SplitList(args.Get("fcs").value_or(""))) files.push_back(f);
  if (files.empty()) throw UsageError("--fcs: at least one FCS file is needed");
  cyto::PrepareOptions prep;
  prep.markers = SplitList(args.Require("markers"));
  if (prep.markers.empty()) throw UsageError("--markers: at least one marker is needed");
  prep.compensate = !args.Flag("no-compensate");
  prep.transform = cyto::ParseTransform(args.Get("transform").value_or("none"));
  cyto::ClusterOptions options;
  std::tie(options.som.xdim, options.som.ydim) = ParseGrid(*args.Get("grid"));
  options.metaclusters = static_cast<std::size_t>(IntegerOption(args, "metaclusters", 1));
  options.som.seed = static_cast<std::uint64_t>(IntegerOption(args, "seed", 0));
  options.som.rlen = static_cast<std::size_t>(IntegerOption(args, "rlen", 1));
  options.threads = static_cast<int>(IntegerOption(args, "threads", 1));
  options.scale = args.Flag("scale");
  options.train_events = static_cast<std::size_t>(IntegerOption(args, "train-events", 0));
  const std::string mode = *args.Get("som");
  if (mode != "online" && mode != "batch")
    throw UsageError(fmt::format("--som {}: expected online or batch", mode));
  options.som.mode = mode == "batch" ? cyto::SomMode::kBatch : cyto::SomMode::kOnline;
  cyto::Matrix all;
  all.cols = prep.markers.size();
  std::vector<std::string> labels;
  std::vector<std::size_t> events;
  bool compensated = false;
  for (const std::string& f : files) {
    cyto::FcsData data = cyto::ReadFcs(f, {});
    compensated = compensated || (prep.compensate && data.spillover);
    cyto::Matrix m = cyto::PrepareEvents(data, prep, f);
    all.values.insert(all.values.end(), m.values.begin(), m.values.end());
    all.rows += m.rows;
    labels.push_back(std::filesystem::path(f).filename().string());
    events.push_back(m.rows);
  }
  cyto::ClusterResult r =
      cyto::RunClustering(std::move(all), labels, events, prep.markers, options);
  r.transform = prep.transform.ToString();
  r.compensated = compensated;
  core::StagedDirectory out(args.Require("out"));
  out.Write("labels.tsv", cyto::LabelsTsv(r));
  out.Write("frequencies.tsv", cyto::FrequenciesTsv(r));
  out.Write("cluster_frequencies.tsv", cyto::ClusterFrequenciesTsv(r));
  out.Write("medians.tsv", cyto::MediansTsv(r));
  out.Write("map.json", cyto::MapJson(r, options).dump(1) + "\n");
  out.Commit();
  fmt::print("{} events of {} files, {}x{} map ({} {}), {} metaclusters -> {}\n", r.node.size(),
             files.size(), r.som.xdim, r.som.ydim, r.som.iterations,
             r.som.mode == cyto::SomMode::kBatch ? "batch epochs" : "updates", r.k,
             args.Require("out"));
  return 0;
}

int Abundance(const Args& args) {
  const std::string dir = args.Require("clusters");
  const core::Table counts = io::ReadDelimited(dir + "/frequencies.tsv");
  const core::Table medians = io::ReadDelimited(dir + "/medians.tsv");
  const core::Table samples = io::ReadDelimited(args.Require("samples"));
  cyto::AbundanceOptions options;
  options.group_column = args.Require("group");
  options.file_column = *args.Get("file-column");
  if (const auto ref = args.Get("reference")) options.reference = *ref;
  const cyto::AbundanceResult r = cyto::TestAbundance(counts, medians, samples, options);
  core::WriteFileAtomically(args.Require("out"), cyto::AbundanceTsv(r));
  if (const auto ds = args.Get("state-out")) core::WriteFileAtomically(*ds, cyto::StateTsv(r));
  fmt::print(
      "{} vs {} ({} + {} samples): {} metaclusters tested, {} with FDR < 0.05; {} marker states, "
      "{} with FDR < 0.05\n",
      r.levels[1], r.levels[0], r.n_samples[1], r.n_samples[0], r.da.size(), r.da_significant(0.05),
      r.ds.size(), r.ds_significant(0.05));
  return 0;
}

}  // namespace

std::vector<Command> CytometryCommands() {
  return {
      {"cytometry info",
       "FCS file summary: version, events, parameters, spillover, keywords",
       "FILE.fcs",
       {Option::Path("json", "write the summary as JSON (docs/cytometry.md)").Metavar("OUT")},
       Info},
      {"cytometry export",
       "FCS events as TSV, optionally compensated and transformed",
       "FILE.fcs",
       {Option::Boolean("compensate", "apply the file's spillover matrix"),
        Option::String("transform",
                       "fluorescence channels: none | arcsinh:COFACTOR | logicle[:T,W,M,A]")
            .Default("none")
            .Metavar("SPEC"),
        Option::Path("out", "events TSV to write").Required()},
       Export},
      {"cytometry cluster",
       "FlowSOM-style SOM and consensus metaclusters over FCS files",
       "[FILES...]",
       {Option::List("fcs", "FCS files (comma-separated, or listed after the options)")
            .Metavar("FILES"),
        Option::List("markers", "clustering markers by $PnN or $PnS").Required().Metavar("A,B,.."),
        Option::String("transform", "markers: none | arcsinh:COFACTOR | logicle[:T,W,M,A]")
            .Default("none")
            .Metavar("SPEC"),
        Option::Boolean("no_compensate", "do not apply the files' spillover matrices"),
        Option::Boolean("scale", "z-score markers over all events before the SOM"),
        Option::String("grid", "SOM grid").Default("10x10").Metavar("XxY"),
        Option::Integer("rlen", "SOM passes over the data (online) or epochs (batch)")
            .Default(10)
            .Range(1, 10000),
        Option::Integer(
            "train_events",
            "fit the map on N events drawn with the seed (0: all), then map every event")
            .Default(0)
            .Range(0, 1000000000),
        Option::Enum("som", {"online", "batch"},
                     "online (FlowSOM's SOM, sequential) | batch (parallel batch SOM)")
            .Default("online"),
        Option::Integer("metaclusters", "consensus metaclusters")
            .Default(10)
            .Range(1, 100)
            .Metavar("K"),
        Option::Integer("seed", "random seed").Default(1).Range(0, kMaxSeed).Metavar("S"),
        Option::Integer("threads", "threads for the batch SOM, mapping, consensus and medians")
            .Default(1)
            .Range(1, 256),
        Option::Path("out", "output folder (labels.tsv, frequencies.tsv, medians.tsv, map.json)")
            .Required()
            .Metavar("DIR")},
       Cluster},
      {"cytometry abundance",
       "differential abundance (quasi-binomial GLM) and state (medians) by group",
       "",
       {Option::Path("clusters", "output folder of `cytometry cluster`").Required().Metavar("DIR"),
        Option::Path("samples", "CSV/TSV with one row per FCS file: file column and group column")
            .Required(),
        Option::String("group", "grouping column with two levels (e.g. response)")
            .Required()
            .Metavar("COL"),
        Option::String("file_column", "column naming the FCS file (base name)")
            .Default("file")
            .Metavar("COL"),
        Option::String("reference", "reference level (default: first in sorted order)")
            .Metavar("LEVEL"),
        Option::Path("state_out", "write the marker-state (DS) tests to this TSV"),
        Option::Path("out", "abundance (DA) TSV to write").Required()},
       Abundance},
  };
}

const RegisterCommands kRegistered(CytometryCommands);

}  // namespace pioneer::cli
