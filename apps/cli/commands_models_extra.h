// File: apps/cli/commands_models_extra.h
// The parts of `pioneer model evaluate` added for issue 22: the
// transportability diagnostics (`transport`) and the paired comparison with
// LORIS (`--compare loris`). Kept apart from commands_models.cc so that
// file's edits stay additive.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "args.h"
#include "pioneer/core/table.h"
#include "pioneer/models/locked_model.h"

namespace pioneer::cli {

std::vector<Option> EvaluateExtraOptions();

// rows: table row of each evaluated patient; features: the model's feature
// columns of those patients; p, y: prediction and outcome. Adds `transport`
// and, with --compare loris, `compare` to json.
void AddEvaluateExtras(const Args& args, const core::Table& table, const models::LockedModel& model,
                       const std::vector<std::size_t>& rows,
                       const std::vector<std::vector<double>>& features,
                       const std::vector<double>& p, const std::vector<double>& y,
                       nlohmann::json& json);

}  // namespace pioneer::cli
