// File: pioneer/models/card.h
// The card of a locked diagnostic model, after Mitchell et al., "Model
// Cards for Model Reporting" (FAT* 2019) and the TRIPOD statement (Collins
// et al., BMJ 2015, 350:g7594) items 13-17: intended use, training cohort,
// features with units and training ranges, internal validation (CV, nested
// CV, bootstrap optimism), performance with CIs, calibration and decision
// curve per validation cohort (from `model evaluate` JSON), and known
// limits. Pure: the caller reads the files.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pioneer/models/locked_model.h"

namespace pioneer::models {

struct CardValidation {
  std::string name;           // e.g. "Chowell-test NSCLC"
  nlohmann::json evaluation;  // the JSON of `pioneer model evaluate`
};

struct CardInputs {
  std::string intended_use;
  std::string training_cohort;
  std::map<std::string, std::string> units;
  std::vector<CardValidation> validations;
  std::vector<std::string> limits;  // stated besides the generated ones
};

nlohmann::json ModelCard(const LockedModel& model, const CardInputs& inputs);
std::string ModelCardText(const nlohmann::json& card);

}  // namespace pioneer::models
