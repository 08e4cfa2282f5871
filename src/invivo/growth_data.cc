#include "pioneer/invivo/growth_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

namespace pioneer::invivo {
namespace {

// A measurement before grouping and sorting.
struct Row {
  double day = 0;
  double volume = 0;
  double weight = NAN;
  std::int64_t line = 0;
  std::size_t row = 0;
};

struct Building {
  Curve curve;
  std::vector<Row> rows;
  std::map<double, std::size_t> day_row;  // day -> table row (duplicates)
  std::size_t arm_row = 0;
  std::size_t first_row = 0;
};

struct ColumnIndex {
  std::vector<std::size_t> animal;
  std::optional<std::size_t> arm, study, weight, reason;
  std::size_t day = 0, volume = 0;
};

std::optional<std::size_t> Optional(const core::Table& t, const std::string& name) {
  if (name.empty()) return std::nullopt;
  return t.Require(name);
}

ColumnIndex Resolve(const core::Table& t, const GrowthColumns& c) {
  if (c.animal.empty()) throw UsageError("growth data: at least one animal column is needed");
  ColumnIndex ix;
  for (const std::string& name : c.animal) ix.animal.push_back(t.Require(name));
  ix.arm = Optional(t, c.arm);
  ix.study = Optional(t, c.study);
  ix.weight = Optional(t, c.body_weight);
  ix.reason = Optional(t, c.censor_reason);
  ix.day = t.Require(c.day);
  ix.volume = t.Require(c.volume);
  return ix;
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

class Reader {
 public:
  Reader(const core::Table& t, const ColumnIndex& ix, const GrowthOptions& o, GrowthData& out)
      : t_(t), ix_(ix), opt_(o), out_(out), cells_(t, problems_) {}

  void ReadAll() {
    for (std::size_t r = 0; r < t_.rows(); ++r) ReadRow(r);
    for (Building& b : building_) Finish(b);
    problems_.ThrowIfAny();
  }

 private:
  void ReadRow(std::size_t r) {
    std::vector<std::string> key;
    bool ok = true;
    for (std::size_t col : ix_.animal) {
      auto v = cells_.RequiredText(r, col);
      ok = ok && v.has_value();
      key.push_back(v.value_or(""));
    }
    std::string study = ix_.study ? cells_.Text(r, *ix_.study).value_or("") : "";
    std::string arm;
    if (ix_.arm) {
      auto a = cells_.RequiredText(r, *ix_.arm);
      ok = ok && a.has_value();
      arm = a.value_or("");
    }
    const auto day = cells_.Number(r, ix_.day);
    if (!day && core::IsMissing(t_.cell(r, ix_.day))) cells_.Problem(r, ix_.day, "missing day");
    const auto volume = cells_.Number(r, ix_.volume);
    if (volume && *volume < 0) cells_.Problem(r, ix_.volume, "negative tumour volume");
    if (volume && !std::isfinite(*volume)) cells_.Problem(r, ix_.volume, "volume is not finite");
    std::optional<double> weight;
    if (ix_.weight) weight = cells_.Number(r, *ix_.weight);
    if (weight && *weight <= 0) cells_.Problem(r, *ix_.weight, "body weight must be positive");
    if (!ok || !day) return;
    Building& b = CurveFor(r, study, key, arm);
    if (ix_.reason) {
      const auto reason = cells_.Text(r, *ix_.reason);
      if (reason && b.curve.censor_reason.empty()) {
        b.curve.censor_reason = *reason;
        b.curve.censor_day = *day;
      }
    }
    if (!volume) {
      if (core::IsMissing(t_.cell(r, ix_.volume))) ++out_.rows_missing_volume;
      return;
    }
    const auto [it, inserted] = b.day_row.emplace(*day, r);
    if (!inserted) {
      cells_.Problem(r, ix_.day,
                     fmt::format("duplicate measurement of animal {} on day {} (first at line {})",
                                 b.curve.id, *day, t_.line(it->second)));
      return;
    }
    b.rows.push_back({*day, *volume, weight.value_or(NAN), t_.line(r), r});
  }

  Building& CurveFor(std::size_t r, const std::string& study, const std::vector<std::string>& key,
                     const std::string& arm) {
    const std::string lookup = study + '\x1f' + Join(key, "\x1f");
    auto [it, inserted] = index_.emplace(lookup, building_.size());
    if (inserted) {
      Building b;
      b.curve.study = study;
      b.curve.key = key;
      b.curve.id = Join(key, " / ");
      b.curve.arm = arm;
      b.arm_row = r;
      b.first_row = r;
      building_.push_back(std::move(b));
      if (ix_.arm && std::find(out_.arms.begin(), out_.arms.end(), arm) == out_.arms.end()) {
        out_.arms.push_back(arm);
      }
    }
    Building& b = building_[it->second];
    if (ix_.arm && b.curve.arm != arm) {
      cells_.Problem(r, *ix_.arm,
                     fmt::format("animal {} is in arm '{}' here but in arm '{}' at line {}",
                                 b.curve.id, arm, b.curve.arm, t_.line(b.arm_row)));
    }
    return b;
  }

  void Finish(Building& b) {
    Curve& c = b.curve;
    if (b.rows.empty()) {
      problems_.Add(t_.source(), t_.line(b.first_row), 0,
                    fmt::format("animal {} has no baseline: no row with a tumour volume", c.id));
      return;
    }
    std::sort(b.rows.begin(), b.rows.end(),
              [](const Row& a, const Row& z) { return a.day < z.day; });
    const Row& first = b.rows.front();
    if (opt_.baseline_day && first.day != *opt_.baseline_day) {
      problems_.Add(t_.At(
          first.row, ix_.day,
          fmt::format("animal {} has no baseline: first measurement on day {}, expected day {}",
                      c.id, first.day, *opt_.baseline_day)));
    }
    if (first.volume <= 0 || first.volume < opt_.floor) {
      problems_.Add(
          t_.At(first.row, ix_.volume,
                fmt::format("animal {} has no usable baseline: baseline volume {} is at or "
                            "below the detection limit, relative change is undefined",
                            c.id, first.volume)));
    }
    for (const Row& row : b.rows) {
      const bool below = row.volume < opt_.floor;
      out_.values_at_floor += below ? 1 : 0;
      c.day.push_back(row.day);
      c.volume.push_back(below ? opt_.floor : row.volume);
      c.at_floor.push_back(below);
      c.body_weight.push_back(row.weight);
      c.line.push_back(row.line);
      out_.has_body_weight = out_.has_body_weight || std::isfinite(row.weight);
    }
    out_.curves.push_back(std::move(c));
  }

  const core::Table& t_;
  const ColumnIndex& ix_;
  const GrowthOptions& opt_;
  GrowthData& out_;
  DiagnosticCollector problems_;
  core::CellReader cells_;
  std::vector<Building> building_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace

void GrowthOptions::Validate() const {
  if (!(floor >= 0) || !std::isfinite(floor)) {
    throw UsageError(
        fmt::format("floor {}: the detection limit must be a finite volume >= 0", floor));
  }
}

std::vector<const Curve*> GrowthData::Arm(const std::string& arm) const {
  std::vector<const Curve*> out;
  for (const Curve& c : curves) {
    if (c.arm == arm) out.push_back(&c);
  }
  return out;
}

GrowthData ReadGrowth(const core::Table& table, const GrowthColumns& columns,
                      const GrowthOptions& options) {
  options.Validate();
  const ColumnIndex ix = Resolve(table, columns);
  GrowthData out;
  out.source = table.source();
  out.animal_columns = columns.animal;
  out.floor = options.floor;
  Reader reader(table, ix, options, out);
  reader.ReadAll();
  return out;
}

core::Table SelectRows(const core::Table& table, const std::string& column,
                       const std::string& value) {
  const std::size_t col = table.Require(column);
  core::Table out(table.source(), table.names());
  for (std::size_t r = 0; r < table.rows(); ++r) {
    if (table.cell(r, col) != value) continue;
    std::vector<std::string> cells;
    cells.reserve(table.cols());
    for (std::size_t c = 0; c < table.cols(); ++c) cells.push_back(table.cell(r, c));
    out.AddRow(std::move(cells), table.line(r));
  }
  if (out.rows() == 0) {
    throw Error(ErrorCode::kFailedPrecondition,
                fmt::format("{}: no row has {} = '{}'", table.source(), column, value));
  }
  return out;
}

void RequirePositiveVolumes(const GrowthData& data) {
  for (const Curve& c : data.curves) {
    for (std::size_t i = 0; i < c.size(); ++i) {
      if (c.volume[i] <= 0) {
        throw InputError(
            Diagnostic{data.source, c.line[i], 0,
                       fmt::format("animal {} has volume 0 on day {}: log-scale analyses "
                                   "need a declared detection limit (floor)",
                                   c.id, c.day[i]),
                       ""});
      }
    }
  }
}

}  // namespace pioneer::invivo
