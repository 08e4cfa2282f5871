// File: pioneer/design/simulate.h
// Operating characteristics of a design by simulation, with Monte Carlo
// standard errors. Trial i draws from its own random stream, derived from
// (seed, i) alone, and every total is a sum of integers: the result is the
// same for any number of threads.
// - BOIN: the trial of BOIN 2.7.2 get.oc (no titration, no extra safety
//   rule): cohorts at the current dose, elimination, escalation and
//   de-escalation by the BoinBoundary table, select.mtd at the end.
// - Simon: stage 1 of n1 patients, stop if <= r1 responses, else stage 2,
//   declare activity if > r responses of n.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "pioneer/design/boin.h"

namespace pioneer::design {

struct McEstimate {
  double mean = 0, se = 0;
  nlohmann::json ToJson() const;
};

struct SimulationControl {
  std::int64_t trials = 10000;
  std::uint64_t seed = 1;
  int threads = 1;  // 0: all hardware threads
  void Validate(const char* options) const;
};

struct BoinSimulationOptions {
  BoinOptions design;         // target, phi1, phi2, ncohort, cohortsize, cutoff_eli
  std::vector<double> truth;  // true DLT rate per dose, lowest first
  int start_dose = 1;         // 1-based
  int n_earlystop = 100;      // stop when this many patients are at the current dose
  SimulationControl control;
  void Validate() const;
};

struct BoinOc {
  std::int64_t trials = 0;
  std::vector<McEstimate> select, patients, dlts;  // per dose
  McEstimate no_mtd;      // no dose selected (all stopped for toxicity or none admissible)
  McEstimate early_stop;  // stopped because the lowest dose was eliminated
  McEstimate total_patients, total_dlts;
  McEstimate dlt_rate;  // all DLTs / all patients (ratio estimator, delta-method SE)
  nlohmann::json ToJson() const;
};

BoinOc SimulateBoin(const BoinSimulationOptions& options);

struct SimonSimulationOptions {
  int r1 = 0, n1 = 0, r = 0, n = 0;
  double truth = 0;  // true response rate
  SimulationControl control;
  void Validate() const;
};

struct SimonOc {
  std::int64_t trials = 0;
  McEstimate early_stop, declare_activity, patients, responses;
  // The exact values for the same design and truth (EvaluateSimon).
  double exact_early_stop = 0, exact_declare_activity = 0, exact_patients = 0;
  nlohmann::json ToJson() const;
};

SimonOc SimulateSimon(const SimonSimulationOptions& options);

// The seed of trial i's stream: SplitMix64 finalisation of the seed and the
// trial index, so that streams do not depend on how trials are scheduled.
std::uint64_t TrialSeed(std::uint64_t seed, std::uint64_t trial);

}  // namespace pioneer::design
