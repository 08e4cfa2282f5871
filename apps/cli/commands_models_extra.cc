// pioneer model loris | card, and the transport/compare parts of model
// evaluate (issue 22; src/models/loris.h, transport.h, compare.h, card.h).
// Parse, call the library, print.
#include "commands_models_extra.h"

#include <fmt/format.h>

#include <cmath>

#include "commands.h"
#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/diagnostics/columns.h"
#include "pioneer/diagnostics/roc.h"
#include "pioneer/io/delimited.h"
#include "pioneer/models/card.h"
#include "pioneer/models/compare.h"
#include "pioneer/models/loris.h"
#include "pioneer/models/transport.h"

namespace pioneer::cli {
namespace {

core::Table LoadFiltered(const std::string& file, const std::optional<std::string>& where) {
  std::vector<std::string> filters;  // "A=x;B=y", as model fit's --where
  if (where) {
    std::size_t start = 0;
    for (std::size_t end; (end = where->find(';', start)) != std::string::npos; start = end + 1) {
      if (end > start) filters.push_back(where->substr(start, end - start));
    }
    if (start < where->size()) filters.push_back(where->substr(start));
  }
  return diagnostics::FilterRows(io::ReadDelimited(file), filters);
}

std::vector<std::vector<double>> Columns(const core::Table& table,
                                         const std::vector<std::string>& names,
                                         const std::vector<std::size_t>& rows) {
  const diagnostics::NumericColumns all = diagnostics::ReadNumeric(table, names, {}, false);
  std::vector<std::vector<double>> out(names.size());
  for (std::size_t j = 0; j < names.size(); ++j) {
    for (std::size_t r : rows) out[j].push_back(all.values[j][r]);
  }
  return out;
}

std::vector<std::size_t> AllRows(const core::Table& table) {
  std::vector<std::size_t> rows(table.rows());
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = r;
  return rows;
}

void WriteJson(const std::string& file, const nlohmann::json& json) {
  core::WriteFileAtomically(file, json.dump(2) + "\n");
}

// The training rows for the membership model: --reference-data, rows with
// the model's outcome (when the file has that column), as `model fit` used.
std::optional<std::vector<std::vector<double>>> ReferenceRows(const Args& args,
                                                              const models::LockedModel& m) {
  if (!args.Get("reference-data")) return std::nullopt;
  const core::Table ref = LoadFiltered(*args.Get("reference-data"), args.Get("reference-where"));
  std::vector<std::size_t> rows;
  if (ref.Find(m.outcome)) {
    const std::vector<double> y = diagnostics::ReadNumeric(ref, {m.outcome}, {}, false).values[0];
    for (std::size_t r = 0; r < y.size(); ++r)
      if (!std::isnan(y[r])) rows.push_back(r);
  } else {
    rows = AllRows(ref);
  }
  return Columns(ref, m.preprocessing.features, rows);
}

int LorisCommand(const Args& args) {
  const core::Table table = LoadFiltered(args.Require("data"), args.Get("where"));
  std::vector<models::LorisVariant> variants;
  for (const std::string& v : SplitList(*args.Get("variant")))
    variants.push_back(models::ParseLorisVariant(v));
  const std::size_t id = args.Get("id") ? table.Require(*args.Get("id")) : 0;
  nlohmann::json json = {{"formulas", nlohmann::json::array()},
                         {"patients", nlohmann::json::array()}};
  std::vector<std::vector<double>> scores;
  for (models::LorisVariant v : variants) {
    const models::LorisFormula& f = models::Loris(v);
    scores.push_back(models::LorisScore(f, Columns(table, f.features, AllRows(table))));
    json["formulas"].push_back(f.ToJson());
  }
  for (std::size_t r = 0; r < table.rows(); ++r) {
    nlohmann::json p = {{"id", table.cell(r, id)}};
    for (std::size_t k = 0; k < variants.size(); ++k) {
      p[models::LorisVariantName(variants[k])] =
          std::isnan(scores[k][r]) ? nlohmann::json(nullptr) : nlohmann::json(scores[k][r]);
    }
    json["patients"].push_back(p);
  }
  if (const auto outcome = args.Get("outcome")) {
    const std::vector<double> y =
        diagnostics::ReadNumeric(table, {*outcome}, {*outcome}, false).values[0];
    for (std::size_t k = 0; k < variants.size(); ++k) {
      std::vector<double> s;
      std::vector<int> yi;
      for (std::size_t r = 0; r < y.size(); ++r) {
        if (std::isnan(y[r]) || std::isnan(scores[k][r])) continue;
        s.push_back(scores[k][r]);
        yi.push_back(static_cast<int>(y[r]));
      }
      const diagnostics::RocResult roc =
          diagnostics::Roc(s, yi, {diagnostics::Direction::kLess, 0.95, false});
      json["performance"][models::LorisVariantName(variants[k])] = roc.ToJson();
      fmt::print("LORIS {}: {} patients scored ({} positive), AUC {:.4f} ({:.4f}-{:.4f}, DeLong)\n",
                 models::LorisVariantName(variants[k]), s.size(), roc.n_cases, roc.auc,
                 roc.auc_lower, roc.auc_upper);
    }
  }
  for (std::size_t k = 0; k < variants.size(); ++k) {
    std::size_t n = 0;
    for (double s : scores[k]) n += std::isnan(s) ? 0 : 1;
    fmt::print("LORIS {}: {} of {} patients have every feature\n",
               models::LorisVariantName(variants[k]), n, table.rows());
  }
  WriteJson(args.Require("json"), json);
  return 0;
}

int CardCommand(const Args& args) {
  if (args.positional().size() != 1)
    throw UsageError("model card: expected exactly one MODEL.json");
  const std::string file = args.positional()[0];
  models::LockedModel m;
  try {
    m = models::LockedModel::FromJson(nlohmann::json::parse(core::ReadFile(file)));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(Diagnostic{file, 0, 0, fmt::format("not JSON: {}", e.what()), ""});
  } catch (const Error& e) {
    throw InputError(Diagnostic{file, 0, 0, e.what(), ""});
  }
  models::CardInputs in;
  if (auto v = args.Get("intended-use")) in.intended_use = *v;
  if (auto v = args.Get("training-cohort")) in.training_cohort = *v;
  if (auto v = args.Get("units")) {
    for (const std::string& item : SplitList(*v)) {
      const auto eq = item.find('=');
      if (eq == std::string::npos)
        throw UsageError(fmt::format("--units {}: expected FEATURE=UNIT", item));
      in.units[item.substr(0, eq)] = item.substr(eq + 1);
    }
  }
  if (auto v = args.Get("validation")) {
    for (const std::string& item : SplitList(*v)) {
      const auto eq = item.find('=');
      if (eq == std::string::npos)
        throw UsageError(fmt::format("--validation {}: expected NAME=EVALUATION.json", item));
      const std::string path = item.substr(eq + 1);
      try {
        in.validations.push_back({item.substr(0, eq), nlohmann::json::parse(core::ReadFile(path))});
      } catch (const nlohmann::json::exception& e) {
        throw InputError(Diagnostic{path, 0, 0, fmt::format("not JSON: {}", e.what()), ""});
      }
    }
  }
  if (auto v = args.Get("limit")) in.limits.push_back(*v);
  const nlohmann::json card = models::ModelCard(m, in);
  const std::string text = models::ModelCardText(card);
  fmt::print("{}", text);
  if (auto out = args.Get("json")) WriteJson(*out, card);
  if (auto out = args.Get("text")) core::WriteFileAtomically(*out, text);
  return 0;
}

}  // namespace

std::vector<Option> EvaluateExtraOptions() {
  return {
      {"compare", "loris",
       "also score LORIS (Chang et al. 2024) and test the model against it (paired DeLong)", false,
       ""},
      {"loris-variant", "V", "LORIS formula: nsclc | pan-cancer | nsclc-chowell-train", false,
       "nsclc"},
      {"reference-data", "FILE", "the training data, for the transport membership model", false,
       ""},
      {"reference-where", "COL=VALUE", "row filter of --reference-data (as --where)", false, ""}};
}

void AddEvaluateExtras(const Args& args, const core::Table& table, const models::LockedModel& m,
                       const std::vector<std::size_t>& rows,
                       const std::vector<std::vector<double>>& features,
                       const std::vector<double>& p, const std::vector<double>& y,
                       nlohmann::json& json) {
  std::vector<models::FeatureSummary> summary = m.training_summary;
  const auto reference = ReferenceRows(args, m);
  if (summary.empty() && reference)
    summary = models::SummariseFeatures(*reference, m.preprocessing.features);
  const models::Transport t = models::AssessTransport(summary, features, p, y, reference);
  json["transport"] = t.ToJson();
  if (summary.empty())
    json["transport"]["note"] = "the model artifact has no training_summary: give --reference-data";
  fmt::print("transport: calibration-in-the-large {:.3f}; membership AUC {}\n",
             t.calibration_in_the_large,
             t.membership.fitted ? fmt::format("{:.3f}", t.membership.auc)
                                 : "not computed (" + t.membership.note + ")");
  if (!args.Get("compare")) return;
  if (*args.Get("compare") != "loris")
    throw UsageError(fmt::format("--compare {}: expected loris", *args.Get("compare")));
  const models::LorisFormula& f =
      models::Loris(models::ParseLorisVariant(*args.Get("loris-variant")));
  const std::vector<double> loris = models::LorisScore(f, Columns(table, f.features, rows));
  const models::PairedAuc c = models::ComparePaired("model", p, "loris", loris, y);
  json["compare"] = c.ToJson();
  json["compare"]["loris"]["variant"] = models::LorisVariantName(f.variant);
  json["compare"]["loris"]["source"] = f.source;
  fmt::print(
      "vs LORIS {} on {} patients with every LORIS feature ({} positive): model AUC {:.4f} "
      "({:.4f}-{:.4f}), "
      "LORIS {:.4f} ({:.4f}-{:.4f}), difference {:+.4f}, paired DeLong p = {:.4g}\n",
      models::LorisVariantName(f.variant), c.n, c.n_positive, c.first_auc.auc, c.first_auc.lower,
      c.first_auc.upper, c.second_auc.auc, c.second_auc.lower, c.second_auc.upper,
      c.test.difference, c.test.p);
}

std::vector<Command> ModelExtraCommands() {
  const Option data{"data", "FILE", "CSV or TSV file, one row per patient", true, ""};
  const Option where{"where", "COL=VALUE", "keep rows whose COL equals VALUE (several: A=x;B=y)",
                     false, ""};
  return {
      {"model loris",
       "LORIS scores (Chang et al., Nat Cancer 2024): the published pan-cancer and NSCLC formulas",
       "",
       {data,
        where,
        {"variant", "V,..", "pan-cancer, nsclc, nsclc-chowell-train", false, "pan-cancer,nsclc"},
        {"id", "COL", "patient id column (default: the first)", false, ""},
        {"outcome", "COL", "binary outcome: adds AUC (DeLong CI) per formula", false, ""},
        {"json", "FILE", "formulas, per-patient scores (null without every feature), performance",
         true, ""}},
       LorisCommand},
      {"model card",
       "the card of a locked model: intended use, cohort, features, validation, limits (JSON + "
       "text)",
       "MODEL.json",
       {{"intended-use", "TEXT", "intended use statement", false, ""},
        {"training-cohort", "TEXT", "training cohort description", false, ""},
        {"units", "F=UNIT,..", "unit of each feature", false, ""},
        {"validation", "NAME=FILE,..", "model evaluate JSON of each validation cohort", false, ""},
        {"limit", "TEXT", "a known limit to state (besides the generated ones)", false, ""},
        {"json", "FILE", "write the card as JSON", false, ""},
        {"text", "FILE", "write the card as text", false, ""}},
       CardCommand},
  };
}

const RegisterCommands kRegistered(ModelExtraCommands);

}  // namespace pioneer::cli
