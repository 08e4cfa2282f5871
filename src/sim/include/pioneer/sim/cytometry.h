// File: pioneer/sim/cytometry.h
// Simulated blood immunophenotyping of a virtual trial: for every baseline
// blood sample of a study (study::Sample kind kBlood, timepoint BASELINE),
// the events of a 14-colour flow cytometry panel acquired on peripheral
// blood mononuclear cells: a mixture of 12 immune populations (naive,
// effector-memory and activated CD8 T, naive and memory CD4 T, Treg, NK
// CD56bright and CD56dim, HLA-DR-high and HLA-DR-low classical monocytes,
// non-classical monocytes, B cells) with intensities drawn on the arcsinh
// scale, then spilled over between fluorochromes. Responders (a RECIST 1.1
// CR or PR among the study's response records) have more activated CD8 T
// cells and fewer HLA-DR-low monocytes. Every parameter: docs/SIMULATION.md
// section 11. Pure functions: no I/O; deterministic from the options' seed
// on its own random stream (the trial's draws are untouched).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pioneer/study/model.h"

namespace pioneer::sim {

struct CytometryOptions {
  std::uint64_t seed = 20261129;
  int events_per_sample = 2500;

  // Throws UsageError naming the field, its value and the rule.
  void Validate() const;
};

struct CytometryChannel {
  std::string name;       // detector ($PnN), e.g. "FITC-A"
  std::string marker;     // antigen ($PnS), e.g. "CD45RA"; empty for scatter
  double range = 262144;  // $PnR
};

// The panel: scatter then fluorescence channels, the spillover matrix of
// the fluorescence channels (row i: spill of fluorochrome i into each
// channel, FCS $SPILLOVER order), and the simulated populations.
struct CytometryPanel {
  std::vector<CytometryChannel> channels;
  std::vector<std::string> spillover_channels;
  std::vector<std::vector<double>> spillover;
  std::vector<std::string> populations;
  double cofactor = 150;  // intensities are drawn as asinh(x / cofactor)
  // Population fractions (sum 1) of a non-responder and of a responder
  // before the per-sample variation.
  std::vector<double> fractions_non_responder, fractions_responder;
};

const CytometryPanel& BloodPanel();

struct CytometrySample {
  std::string sample_id;   // study::Sample::sample_id
  std::string subject_id;  // as in the study given
  bool responder = false;  // a RECIST 1.1 CR or PR on record
  std::size_t events = 0;
  std::vector<double> values;   // events x BloodPanel().channels, row-major, as acquired (spilled)
  std::vector<int> population;  // per event, index into BloodPanel().populations
};

// One sample per baseline blood sample of `study`, in study.samples order.
std::vector<CytometrySample> SimulateBloodCytometry(const study::Study& study,
                                                    const CytometryOptions& options);

}  // namespace pioneer::sim
