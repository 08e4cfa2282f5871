// Response engine throughput (issue 4): 100,000 simulated patients x 10
// visits (baseline + 9 follow-ups) x 6 lesions (3 targets incl. a node,
// 2 non-targets, 1 new lesion that appears in some patients) through RECIST
// 1.1 + iRECIST + SITC + endpoints, one core. Reports patient-visits per
// second (target >= 1,000,000/s) and checks the answer is not trivial
// (counts of PD, iCPD, confirmed responders and SITC classes).
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "pioneer/clinical/response.h"
#include "pioneer/core/rng.h"

namespace pioneer::clinical {
namespace {

constexpr int kPatients = 100000;
constexpr int kFollowUps = 9;
constexpr int kVisitsPerPatient = kFollowUps + 1;
constexpr std::uint64_t kSeed = 20261129;

double Round1(double mm) { return std::round(std::max(mm, 0.0) * 10.0) / 10.0; }

Lesion Make(const char* id, LesionType type, bool node, double mm) {
  Lesion l;
  l.id = id;
  l.type = type;
  l.node = node;
  l.diameter_mm = Round1(mm);
  return l;
}

// One patient: a log-linear tumour trajectory with noise, sometimes a
// pseudoprogression bump, non-target progression, a new lesion, missed
// visits, death and new anticancer therapy.
Patient Simulate(int index, core::Rng& rng) {
  Patient p;
  p.id = "P" + std::to_string(index);
  p.assessment_interval_days = 42;
  const double slope = rng.Normal(-0.04, 0.12);  // log size change per visit
  const bool bump = rng.Bernoulli(0.08);         // pseudoprogression at visit 1-2
  const int new_at = rng.Bernoulli(0.25) ? 1 + static_cast<int>(rng.Uniform() * kFollowUps) : 99;
  const int nt_up_at = rng.Bernoulli(0.1) ? 1 + static_cast<int>(rng.Uniform() * kFollowUps) : 99;
  const double base[3] = {rng.Uniform(12, 60), rng.Uniform(10, 45), rng.Uniform(15, 30)};
  p.exposure_end_day = 42 * static_cast<int>(1 + rng.Uniform() * kFollowUps);
  p.last_contact_day = 42 * kFollowUps + 30;
  if (rng.Bernoulli(0.15)) p.death_day = static_cast<int>(rng.Uniform(60, 420));
  if (rng.Bernoulli(0.05)) p.nact_day = static_cast<int>(rng.Uniform(150, 380));
  Visit b{-7, true, false, {}};
  b.lesions = {Make("T1", LesionType::kTarget, false, base[0]),
               Make("T2", LesionType::kTarget, false, base[1]),
               Make("T3", LesionType::kTarget, true, base[2]),
               Make("NT1", LesionType::kNonTarget, false, 0),
               Make("NT2", LesionType::kNonTarget, true, 0)};
  b.lesions[3].status = b.lesions[4].status = LesionStatus::kPresent;
  p.visits.push_back(b);
  for (int v = 1; v <= kFollowUps; ++v) {
    Visit visit{42 * v, false, rng.Bernoulli(0.03), {}};
    const double factor = std::exp(slope * v + (bump && v <= 2 ? 0.3 : 0.0) + rng.Normal(0, 0.05));
    visit.lesions = b.lesions;
    for (int t = 0; t < 3; ++t) {
      const double mm = base[t] * factor;
      visit.lesions[t].diameter_mm = Round1(t < 2 && mm < 4 ? 0 : mm);
    }
    visit.lesions[3].status = v >= nt_up_at  ? LesionStatus::kUnequivocalProgression
                              : factor < 0.3 ? LesionStatus::kAbsent
                                             : LesionStatus::kPresent;
    visit.lesions[4].status = factor < 0.5 ? LesionStatus::kAbsent : LesionStatus::kPresent;
    if (v >= new_at) {
      Lesion n = Make("N1", LesionType::kNew, false, 8 + 3 * (v - new_at));
      n.equivocal = v == new_at && rng.Bernoulli(0.3);
      visit.lesions.push_back(n);
    }
    p.visits.push_back(std::move(visit));
  }
  return p;
}

const std::vector<Patient>& Cohort() {
  static const std::vector<Patient> cohort = [] {
    core::Rng rng(kSeed);
    std::vector<Patient> out;
    out.reserve(kPatients);
    for (int i = 0; i < kPatients; ++i) out.push_back(Simulate(i, rng));
    return out;
  }();
  return cohort;
}

void BM_ResponseAllRules(benchmark::State& state) {
  const std::vector<Patient>& cohort = Cohort();
  ResponseEngine engine{ResponseParameters{}};
  PatientResult result;
  std::int64_t pd = 0, icpd = 0, responders = 0, primary = 0, secondary = 0;
  for (auto _ : state) {
    pd = icpd = responders = primary = secondary = 0;
    for (const Patient& p : cohort) {
      engine.Evaluate(p, &result);
      pd += result.recist.pfs.reason == EndpointReason::kPD;
      icpd += result.irecist.icpd_progression_day.has_value();
      responders += result.recist.orr_confirmed;
      primary += result.sitc_2020.sitc_class == SitcClass::kPrimaryResistance;
      secondary += result.sitc_2020.sitc_class == SitcClass::kSecondaryResistance;
    }
    benchmark::DoNotOptimize(result);
  }
  const double visits = static_cast<double>(cohort.size()) * kVisitsPerPatient;
  state.counters["patient_visits_per_s"] = benchmark::Counter(
      visits * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["pfs_PD"] = static_cast<double>(pd);
  state.counters["iCPD"] = static_cast<double>(icpd);
  state.counters["confirmed_ORR"] = static_cast<double>(responders);
  state.counters["sitc_primary"] = static_cast<double>(primary);
  state.counters["sitc_secondary"] = static_cast<double>(secondary);
}
BENCHMARK(BM_ResponseAllRules)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace pioneer::clinical
