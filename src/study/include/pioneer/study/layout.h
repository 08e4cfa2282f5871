// File: pioneer/study/layout.h
// The two file layouts a study comes in, and the one place that maps them to
// and from the domain model (model.h):
//  - CDISC SDTM domains DM, EX, TU, TR, RS, AE, LB, DS (standard variables:
//    STUDYID, DOMAIN, USUBJID, ARMCD, ARM, AGE, SEX, TRSTRESN, ...);
//  - the pioneer layout: one table per model vector (subjects, arms,
//    exposures, lesions, measurements, responses, adverse_events, samples,
//    assay_results, dispositions, animals) with snake_case columns, which is
//    also what `pioneer export` writes. It covers what SDTM does not
//    (baseline characteristics beyond DM, new anticancer therapy, biomarker
//    assays, in-vivo studies). Documented in docs/DATA_FORMATS.md.
// No file I/O here: tables come in and go out as core::Table.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/table.h"
#include "pioneer/study/model.h"

namespace pioneer::study {

// Keyed hash of raw identifiers (BLAKE2b via libsodium's crypto_generichash
// with a 32-byte secret key); the raw identifier is never kept.
//  - subjects: "PID-" + 16 lowercase hex digits;
//  - samples: "SMP-" + 16 hex digits, hashed under their own context so that
//    a sample pseudonym never equals a subject pseudonym. Sample ids are
//    always pseudonymised: a biobank's sample id links back to the patient
//    outside the study as surely as the subject id does.
class Pseudonymiser {
 public:
  static constexpr std::size_t kKeyBytes = 32;
  using Key = std::array<unsigned char, kKeyBytes>;

  explicit Pseudonymiser(const Key& key);
  std::string Pseudonym(std::string_view raw_identifier) const;
  std::string SamplePseudonym(std::string_view raw_sample_id) const;
  // Identifiers already in pseudonym form are kept as they are (re-import of
  // an export); everything else is hashed.
  std::string Resolve(std::string_view identifier) const;
  std::string ResolveSample(std::string_view sample_id) const;
  static bool IsPseudonym(std::string_view identifier);
  static bool IsSamplePseudonym(std::string_view sample_id);
  // Short public fingerprint of the key, stored with a study so that a later
  // import with another key is refused instead of silently mixing pseudonyms.
  std::string KeyFingerprint() const;
  static Key RandomKey();

 private:
  Key key_;
};

// How an import treats identifiers and text that embed a raw subject id
// (a sample "PIO-05-0001-BX0", a lesion "PIO-05-0001-T01"): stored as they
// are, they would pair each pseudonym with its subject.
enum class EmbeddedSubjectIds {
  kRefuse,              // an input error at the cell (the default)
  kReplaceByPseudonym,  // the embedded raw id is replaced by the subject's pseudonym
};

struct ImportOptions {
  EmbeddedSubjectIds embedded_subject_ids = EmbeddedSubjectIds::kRefuse;
};

// A table and the name it is known by: an SDTM domain in lower case ("dm",
// "tr") or a pioneer-layout table name ("subjects", "animals").
struct NamedTable {
  std::string name;
  core::Table table;
};

// Recognises each table (an SDTM domain by its DOMAIN column or its source
// file name dm.csv / DM.xpt ...; a pioneer-layout table by its file name),
// converts and validates every row, and returns the records they hold.
// References (a lesion's subject, a subject's arm ...) may resolve against
// `existing`, the study already stored. All problems of all tables are
// collected and thrown as one InputError (file:line:column: message: "raw").
// Every text cell read (except the subject-id columns themselves) is checked
// for the raw subject ids of the tables (options.embedded_subject_ids).
Study BuildStudy(const std::vector<core::Table>& tables, const Pseudonymiser& pseudonymiser,
                 const Study& existing = {}, const ImportOptions& options = {});

// SDTM domains (dm ex tu tr rs ae lb ds) plus pioneer-layout tables for what
// SDTM does not hold; BuildStudy(ToSdtm(s)) gives s back.
std::vector<NamedTable> ToSdtm(const Study& study);
// One pioneer-layout table per non-empty model vector.
std::vector<NamedTable> ToPioneerLayout(const Study& study);

}  // namespace pioneer::study
