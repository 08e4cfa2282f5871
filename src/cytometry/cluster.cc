// The `cytometry cluster` analysis (cluster.h).
#include "pioneer/cytometry/cluster.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "pioneer/core/error.h"

namespace pioneer::cytometry {
namespace {

constexpr double kHeatmapLow = 0.01, kHeatmapHigh = 0.99;

double Percentile(std::vector<double>& v, double q) {
  // Type 7 on a copy reordered with nth_element.
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (h - static_cast<double>(lo)) * (b - a);
}

// Runs body(marker) for every marker on up to `threads` threads.
template <typename Body>
void ForMarkers(std::size_t markers, int threads, Body body) {
  const std::size_t t = std::max<std::size_t>(
      1, std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), markers));
  std::vector<std::thread> pool;
  for (std::size_t i = 0; i < t; ++i) {
    pool.emplace_back([&, i] {
      for (std::size_t j = i; j < markers; j += t) body(j);
    });
  }
  for (std::thread& th : pool) th.join();
}

void ZScore(Matrix& data) {
  for (std::size_t j = 0; j < data.cols; ++j) {
    double sum = 0, sq = 0;
    for (std::size_t i = 0; i < data.rows; ++i) sum += data.values[i * data.cols + j];
    const double mean = sum / static_cast<double>(data.rows);
    for (std::size_t i = 0; i < data.rows; ++i)
      sq += std::pow(data.values[i * data.cols + j] - mean, 2);
    const double sd = std::sqrt(sq / static_cast<double>(data.rows - 1));
    for (std::size_t i = 0; i < data.rows; ++i) {
      double& v = data.values[i * data.cols + j];
      v = sd > 0 ? (v - mean) / sd : 0;
    }
  }
}

// The seeded subsample of events the map is fitted on (file order kept).
Matrix TrainingEvents(const Matrix& data, const ClusterOptions& options) {
  const std::vector<std::size_t> pick =
      Subsample(data.rows, options.train_events, options.som.seed);
  Matrix m;
  m.rows = pick.size();
  m.cols = data.cols;
  m.values.reserve(m.rows * m.cols);
  for (std::size_t i : pick) m.values.insert(m.values.end(), data.row(i), data.row(i) + data.cols);
  return m;
}

}  // namespace

Matrix PrepareEvents(FcsData& data, const PrepareOptions& options, const std::string& source) {
  const std::vector<std::size_t> cols = SelectColumns(data, options.markers, source);
  if (options.compensate && data.spillover) {
    try {
      Compensate(data, *data.spillover);
    } catch (const InputError& e) {
      Diagnostic d = e.diagnostics().front();
      d.file = source;
      throw InputError(d);
    }
  }
  ApplyTransform(data, options.transform, cols);
  Matrix m;
  m.rows = data.events;
  m.cols = cols.size();
  m.values.resize(m.rows * m.cols);
  for (std::size_t e = 0; e < data.events; ++e) {
    for (std::size_t k = 0; k < cols.size(); ++k) m.values[e * m.cols + k] = data.at(e, cols[k]);
  }
  return m;
}

std::vector<int> ClusterResult::metacluster() const {
  std::vector<int> out(node.size());
  for (std::size_t i = 0; i < node.size(); ++i)
    out[i] = node_metacluster[static_cast<std::size_t>(node[i])];
  return out;
}

ClusterResult RunClustering(Matrix data, const std::vector<std::string>& samples,
                            const std::vector<std::size_t>& events,
                            const std::vector<std::string>& markers,
                            const ClusterOptions& options) {
  ClusterResult r;
  r.samples = samples;
  r.events = events;
  r.markers = markers;
  std::size_t total = 0;
  for (std::size_t n : events) total += n;
  if (total != data.rows || samples.size() != events.size() || markers.size() != data.cols) {
    throw Error(ErrorCode::kInternal, "RunClustering: inconsistent samples, events and matrix");
  }
  const Matrix original = options.scale ? data : Matrix{};
  if (options.scale) ZScore(data);
  SomOptions som = options.som;
  som.threads = options.threads;
  r.som = FitSom(options.train_events > 0 && options.train_events < data.rows
                     ? TrainingEvents(data, options)
                     : data,
                 som);
  r.node = MapToNodes(r.som, data, options.threads);
  Matrix codes{r.som.nodes(), r.som.markers, r.som.codes};
  ConsensusOptions co;
  co.k = options.metaclusters;
  co.reps = options.consensus_reps;
  co.p_item = options.consensus_p_item;
  co.seed = options.som.seed;
  co.threads = options.threads;
  r.node_metacluster = ConsensusMetaclusters(codes, co);
  r.k = options.metaclusters;
  const Matrix& values = options.scale ? original : data;  // medians on the unscaled markers
  const std::size_t s_count = samples.size(), k = r.k, p = data.cols;
  r.node_counts.assign(s_count, std::vector<std::size_t>(r.som.nodes(), 0));
  r.meta_counts.assign(s_count, std::vector<std::size_t>(k, 0));
  std::vector<std::size_t> sample_of(total);
  for (std::size_t s = 0, at = 0; s < s_count; ++s) {
    for (std::size_t e = 0; e < events[s]; ++e, ++at) {
      sample_of[at] = s;
      const auto node = static_cast<std::size_t>(r.node[at]);
      r.node_counts[s][node] += 1;
      r.meta_counts[s][static_cast<std::size_t>(r.node_metacluster[node]) - 1] += 1;
    }
  }
  const std::vector<int> meta = r.metacluster();
  r.medians.assign(s_count, std::vector<std::vector<double>>(k, std::vector<double>(p)));
  r.heatmap.assign(k, std::vector<double>(p));
  ForMarkers(p, options.threads, [&](std::size_t j) {
    std::vector<std::vector<double>> bucket(s_count * k);
    std::vector<double> all(total);
    for (std::size_t i = 0; i < total; ++i) {
      const double v = values.values[i * p + j];
      all[i] = v;
      bucket[sample_of[i] * k + static_cast<std::size_t>(meta[i]) - 1].push_back(v);
    }
    for (std::size_t s = 0; s < s_count; ++s) {
      for (std::size_t m = 0; m < k; ++m) r.medians[s][m][j] = Median(bucket[s * k + m]);
    }
    std::vector<double> tmp = all;
    const double lo = Percentile(tmp, kHeatmapLow);
    const double hi = Percentile(tmp, kHeatmapHigh);
    std::vector<std::vector<double>> per_meta(k);
    for (std::size_t i = 0; i < total; ++i) {
      const double scaled = hi > lo ? std::clamp((all[i] - lo) / (hi - lo), 0.0, 1.0) : 0.0;
      per_meta[static_cast<std::size_t>(meta[i]) - 1].push_back(scaled);
    }
    for (std::size_t m = 0; m < k; ++m) r.heatmap[m][j] = Median(per_meta[m]);
  });
  return r;
}

std::string LabelsTsv(const ClusterResult& r) {
  std::string out = "file\tevent\tcluster\tmetacluster\n";
  auto it = std::back_inserter(out);
  for (std::size_t s = 0, at = 0; s < r.samples.size(); ++s) {
    for (std::size_t e = 0; e < r.events[s]; ++e, ++at) {
      const auto node = static_cast<std::size_t>(r.node[at]);
      fmt::format_to(it, "{}\t{}\t{}\t{}\n", r.samples[s], e + 1, node + 1,
                     r.node_metacluster[node]);
    }
  }
  return out;
}

std::string FrequenciesTsv(const ClusterResult& r) {
  std::string out = "file\tmetacluster\tcount\tfrequency\n";
  for (std::size_t s = 0; s < r.samples.size(); ++s) {
    for (std::size_t m = 0; m < r.k; ++m) {
      const double f =
          r.events[s] ? static_cast<double>(r.meta_counts[s][m]) / static_cast<double>(r.events[s])
                      : 0.0;
      out += fmt::format("{}\t{}\t{}\t{}\n", r.samples[s], m + 1, r.meta_counts[s][m], f);
    }
  }
  return out;
}

std::string ClusterFrequenciesTsv(const ClusterResult& r) {
  std::string out = "file\tcluster\tcount\tfrequency\n";
  for (std::size_t s = 0; s < r.samples.size(); ++s) {
    for (std::size_t c = 0; c < r.som.nodes(); ++c) {
      const double f =
          r.events[s] ? static_cast<double>(r.node_counts[s][c]) / static_cast<double>(r.events[s])
                      : 0.0;
      out += fmt::format("{}\t{}\t{}\t{}\n", r.samples[s], c + 1, r.node_counts[s][c], f);
    }
  }
  return out;
}

std::string MediansTsv(const ClusterResult& r) {
  std::string out = "file\tmetacluster\tmarker\tmedian\n";
  for (std::size_t s = 0; s < r.samples.size(); ++s) {
    for (std::size_t m = 0; m < r.k; ++m) {
      for (std::size_t j = 0; j < r.markers.size(); ++j) {
        const double v = r.medians[s][m][j];
        out += fmt::format("{}\t{}\t{}\t{}\n", r.samples[s], m + 1, r.markers[j],
                           std::isnan(v) ? "NA" : fmt::format("{}", v));
      }
    }
  }
  return out;
}

nlohmann::json MapJson(const ClusterResult& r, const ClusterOptions& o) {
  nlohmann::json j;
  j["markers"] = r.markers;
  j["transform"] = r.transform;
  j["compensated"] = r.compensated;
  j["scaled"] = o.scale;
  j["grid"] = {{"xdim", r.som.xdim}, {"ydim", r.som.ydim}};
  j["som"] = {{"mode", r.som.mode == SomMode::kBatch ? "batch" : "online"},
              {"rlen", o.som.rlen},
              {"alpha", {o.som.alpha_start, o.som.alpha_end}},
              {"radius", {r.som.radius_start, o.som.radius_end}},
              {"iterations", r.som.iterations},
              {"train_events", o.train_events},
              {"seed", o.som.seed}};
  j["metaclustering"] = {{"k", r.k},
                         {"method", "consensus hierarchical, average linkage"},
                         {"reps", o.consensus_reps},
                         {"p_item", o.consensus_p_item}};
  j["samples"] = nlohmann::json::array();
  for (std::size_t s = 0; s < r.samples.size(); ++s)
    j["samples"].push_back({{"file", r.samples[s]}, {"events", r.events[s]}});
  j["nodes"] = nlohmann::json::array();
  for (std::size_t c = 0; c < r.som.nodes(); ++c) {
    std::size_t count = 0;
    for (const auto& sc : r.node_counts) count += sc[c];
    std::vector<double> code(
        r.som.codes.begin() + static_cast<std::ptrdiff_t>(c * r.som.markers),
        r.som.codes.begin() + static_cast<std::ptrdiff_t>((c + 1) * r.som.markers));
    j["nodes"].push_back({{"cluster", c + 1},
                          {"x", r.som.x(c) + 1},
                          {"y", r.som.y(c) + 1},
                          {"metacluster", r.node_metacluster[c]},
                          {"events", count},
                          {"code", code}});
  }
  j["heatmap"] = {
      {"markers", r.markers},
      {"values", r.heatmap},
      {"scale", "median per metacluster of the marker scaled by its 1st-99th percentiles"}};
  return j;
}

}  // namespace pioneer::cytometry
