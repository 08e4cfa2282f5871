// File: pioneer/core/rng.h
// Seeded random numbers whose streams are identical on every platform and
// compiler: std::*_distribution are implementation-defined, so pioneer draws
// from its own xoshiro256** generator (Blackman & Vigna 2018) with its own
// transforms. Same seed, same output, always.
#pragma once

#include <cstdint>
#include <vector>

namespace pioneer::core {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t NextU64();
  // Uniform on [0, 1) with 53 random bits.
  double Uniform();
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  // Uniform integer on [0, n), unbiased (rejection of the partial top block).
  std::uint64_t Below(std::uint64_t n);
  bool Bernoulli(double p) { return Uniform() < p; }
  // Standard normal by the Marsaglia polar method.
  double Normal();
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  double Exponential(double rate);
  // Gamma(shape, scale=1) by Marsaglia & Tsang (2000).
  double Gamma(double shape);
  // Weibull with shape k and scale lambda.
  double Weibull(double shape, double scale);
  std::int64_t Poisson(double mean);
  // Index drawn with the given non-negative weights.
  std::size_t Categorical(const std::vector<double>& weights);
  // An independent stream derived from this one (for per-entity streams).
  Rng Split();

 private:
  std::uint64_t state_[4];
  bool has_spare_normal_ = false;
  double spare_normal_ = 0;
};

}  // namespace pioneer::core
