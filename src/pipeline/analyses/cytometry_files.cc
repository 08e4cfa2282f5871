// The demo's simulated blood cytometry as FCS 3.1 files (cytometry_files.h).
#include "cytometry_files.h"

#include <fmt/format.h>

#include "pioneer/core/output.h"
#include "pioneer/cytometry/fcs.h"
#include "pioneer/sim/cytometry.h"

namespace pioneer::pipeline {
namespace {

cytometry::FcsData ToFcs(const sim::CytometrySample& s) {
  const sim::CytometryPanel& panel = sim::BloodPanel();
  cytometry::FcsData data;
  for (const sim::CytometryChannel& c : panel.channels) {
    cytometry::FcsParameter& p =
        data.parameters.emplace_back();  // in place: GCC 12 warns on moving optional<string>
    p.name = c.name;
    if (!c.marker.empty()) p.description = c.marker;
    p.range = c.range;
    p.bits = 32;
  }
  data.events = s.events;
  data.values = s.values;
  data.spillover = cytometry::Spillover{"$SPILLOVER", panel.spillover_channels, panel.spillover};
  data.keywords = {{"$FIL", s.sample_id + ".fcs"},
                   {"$SMNO", s.sample_id},
                   {"$CYT", "pioneer simulated 14-colour PBMC panel (docs/SIMULATION.md)"},
                   {"$SRC", "peripheral blood, baseline"}};
  return data;
}

}  // namespace

std::size_t WriteDemoCytometry(const study::Study& study, std::uint64_t seed,
                               const std::filesystem::path& dir) {
  sim::CytometryOptions options;
  options.seed = seed;
  const std::vector<sim::CytometrySample> samples = sim::SimulateBloodCytometry(study, options);
  core::StagedDirectory out(dir);
  for (const sim::CytometrySample& s : samples)
    out.Write(s.sample_id + ".fcs", cytometry::WriteFcs(ToFcs(s)));
  out.Commit();
  return samples.size();
}

}  // namespace pioneer::pipeline
