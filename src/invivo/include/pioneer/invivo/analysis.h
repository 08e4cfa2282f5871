// File: pioneer/invivo/analysis.h
// The complete analysis of one in-vivo study (pioneer invivo analyze): the
// descriptive summary, mRECIST, TGI and T/C at the landmark, per-animal
// growth rates, the REML mixed model, time to endpoint and, for a 2x2
// design, combination synergy. No I/O: the result has one JSON form
// (docs/invivo.md) and its tables for TSV output.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/invivo/efficacy.h"
#include "pioneer/invivo/endpoint.h"
#include "pioneer/invivo/growth_data.h"
#include "pioneer/invivo/mixed_model.h"
#include "pioneer/invivo/mrecist.h"
#include "pioneer/invivo/synergy.h"

namespace pioneer::invivo {

struct AnalysisOptions {
  std::string control;                     // empty: the first arm
  std::optional<std::string> combination;  // 'AB=A,B'
  std::optional<double> landmark_day;      // default: last day all controls are measured
  EndpointOptions endpoint;
  MRecistOptions mrecist;
  RegressionOptions regression;
  DescriptiveOptions descriptive;
  int bootstrap_replicates = 2000;
  std::uint64_t seed = 20260101;
  double confidence = 0.95;
  bool mixed_model = true;
};

struct StudyAnalysis {
  std::string control;
  double landmark_day = 0;
  std::size_t n_animals = 0, n_measurements = 0;
  std::vector<ArmDaySummary> summary;
  std::vector<CurveResponse> mrecist;
  std::vector<TgiResult> tgi;
  std::vector<AnimalGrowth> growth;
  std::vector<ArmRates> rates;
  std::optional<MixedModelResult> mixed;
  std::string mixed_model_problem;  // why there is no mixed model
  EndpointResult endpoint;
  std::optional<CombinationDesign> design;
  std::optional<SynergyResult> synergy;

  nlohmann::json ToJson() const;
  // Named tables (file name, table) for --out DIR.
  std::vector<std::pair<std::string, core::Table>> Tables() const;
};

// Throws UsageError for a bad control or combination, InputError for
// zero volumes without a floor.
StudyAnalysis AnalyseStudy(const GrowthData& data, const AnalysisOptions& options);

}  // namespace pioneer::invivo
