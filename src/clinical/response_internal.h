// File: src/clinical/response_internal.h (private)
// The compact per-patient layout the response rules run on. A Patient is
// compiled once into flat arrays indexed [visit * n_lesions + lesion]
// (sizes in tenths of a millimetre, so that every threshold test of
// response-rules.md section 1 is exact); the arrays live in a Scratch that a
// ResponseEngine reuses, so a warm engine allocates nothing per visit.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "pioneer/clinical/response.h"
#include "pioneer/core/error.h"

namespace pioneer::clinical {

// Sizes in tenths of a millimetre (inputs have at most one decimal).
using Tenths = std::int64_t;
constexpr Tenths kNotEvaluated = -1;

// One response level shared by RECIST 1.1 and iRECIST, so that best
// response and confirmation (E-01..E-04, I-09) are written once.
// kPD is RECIST PD or iCPD; kUPD is iUPD.
enum class Level : std::uint8_t { kCR, kPR, kSD, kNonCR, kUPD, kPD, kNE, kNA };

enum class NtState : std::uint8_t { kPresent, kAbsent, kUnequivocal, kNotEvaluated };

// One new lesion at one visit.
struct NewObs {
  bool listed = false;       // a record exists at this visit
  bool present = false;      // valid (nodes: SA >= normal) and not absent
  bool equivocal = false;    // flagged equivocal at this visit
  bool counts = false;       // present and unequivocal, after R-11 backdating
  bool increase = false;     // increase_from_last
  bool unequivocal = false;  // status unequivocal_progression (NLNT)
  Tenths size = 0;           // NLT size (0 for NLNT)
};

// Facts of one follow-up visit used by both RECIST and iRECIST.
struct VisitFacts {
  Day day = 0;
  bool not_done = false;
  bool complete = false;           // every target measured
  Tenths sum = 0;                  // sum of the measured targets (complete: the SoD)
  bool target_cr_shape = false;    // non-nodal all 0, nodes all < normal
  bool target_pathologic = false;  // a measured target "reappeared"
  bool nt_unequivocal = false;
  bool nt_not_evaluated = false;
  bool nt_all_absent = false;
  bool nt_reappeared = false;  // non-nodal NT present or any NT unequivocal
  bool nt_increase = false;    // increase_from_last on a NT (I-05)
  bool new_counts = false;     // a valid unequivocal new lesion
};

struct Scratch {
  // Baseline.
  std::vector<std::string_view> target_ids, nontarget_ids, new_ids;
  std::vector<char> target_node, nontarget_node, new_is_target;
  Tenths baseline_sum = 0;
  // Follow-up visits in day order.
  std::vector<std::size_t> order;   // indices into Patient::visits (follow-up only)
  std::vector<Tenths> target_size;  // [k * n_targets + t], kNotEvaluated
  std::vector<NtState> nt_state;    // [k * n_nontargets + j]
  std::vector<char> nt_increase;
  std::vector<NewObs> new_obs;  // [k * n_new + j]
  std::vector<VisitFacts> facts;
  // Levels derived by the rules.
  std::vector<Level> recist_level, irecist_level;
  int recist_start = -1;         // E-04 response start (index), -1: not a confirmed responder
  std::vector<char> registered;  // iRECIST new-lesion registry (I-03, I-06)
};

// Builds the Scratch of a patient. Returns false if the patient breaks an
// input rule (then CollectPatientProblems says which); checks are cheap and
// allocation-free so that valid patients pay nearly nothing for them.
bool Compile(const Patient& patient, const ResponseParameters& params, Scratch* s);

// Whether a lesion's status is allowed for its type (validate.cc; the one
// table of allowed statuses, used by validation and by Compile).
bool StatusAllowed(const Lesion& l);

// Threshold tests on tenths (R-05, R-06, section 1 "Arithmetic", A1).
bool MeetsPr(Tenths base, Tenths sum, const ResponseParameters& p);
bool MeetsPd(Tenths nadir, Tenths sum, const ResponseParameters& p);
// size >= reference + icpd_increase_mm (A12: >= by default).
bool GrewBy(Tenths reference, Tenths size, const ResponseParameters& p);
// size <= reference - icpd_increase_mm (A14).
bool ShrankBy(Tenths reference, Tenths size, const ResponseParameters& p);

// Which earlier responses make a reappearance PD (R-12, A5).
class CrTracker {
 public:
  void Update(Level level, Day day, const ResponseParameters& p);
  bool Triggers(const ResponseParameters& p) const;

 private:
  bool last_cr_ = false;
  bool run_ = false;
  Day run_start_ = 0;
  int ne_ = 0;
  bool confirmed_ = false;
};

// Target response of a visit against `nadir` (R-04..R-08, R-12, A3, A4)
// and non-target response.
TargetResponse TargetAt(const VisitFacts& f, bool has_targets, Tenths baseline, Tenths nadir,
                        bool reappear_is_pd, const ResponseParameters& p);
NonTargetResponse NonTargetAt(const VisitFacts& f, bool has_nontargets, bool reappear_is_pd);

// Table 1/2 of R-09 without new lesions.
Level CombineTargetNonTarget(TargetResponse t, NonTargetResponse n);

// Best response and confirmation over levels in day order (E-01..E-04, I-09).
struct BestResponse {
  Level unconfirmed = Level::kNE;
  Level confirmed = Level::kNE;
  int start_index = -1;  // response start (E-04, A8), -1 if not a confirmed responder
};
BestResponse DeriveBestResponse(const std::vector<Level>& levels, const Scratch& s,
                                bool has_targets, const ResponseParameters& p);
// Index of the visit confirming the CR/PR at i, or -1 (E-03).
int ConfirmingIndex(const std::vector<Level>& levels, const Scratch& s, int i,
                    const ResponseParameters& p);

void DeriveRecist(const Patient& patient, const ResponseParameters& p, Scratch* s,
                  RecistResult* out);
void DeriveEndpoints(const Patient& patient, const ResponseParameters& p, const Scratch& s,
                     RecistResult* recist, OsResult* os);
void DeriveIrecist(const Patient& patient, const ResponseParameters& p, Scratch* s,
                   IrecistResult* out, std::vector<std::string>* warnings);
void DeriveSitc(const Patient& patient, const ResponseParameters& p, const Scratch& s,
                const RecistResult& recist, const IrecistResult& irecist, Sitc2020Result* sitc2020,
                Sitc2023Result* sitc2023);

// Every input problem of a patient, each naming patient, visit and lesion.
void CollectPatientProblems(const Patient& patient, const std::string& source,
                            DiagnosticCollector* problems);

}  // namespace pioneer::clinical
