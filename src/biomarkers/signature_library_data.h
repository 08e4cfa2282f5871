// File: src/biomarkers/signature_library_data.h
// Layout of the generated built-in signature tables (signature_library.cc).
#pragma once

#include <cstddef>
#include <limits>

namespace pioneer::biomarkers::generated {

enum class GeneRole { kGene, kHousekeeping, kPair };
inline constexpr double kNoWeight = std::numeric_limits<double>::quiet_NaN();

struct SignatureRecord {
  const char* name;
  const char* short_name;
  const char* scoring_method;
  const char* score_function;
  const char* input_scale;
  const char* association;
  const char* pmid;
  const char* category;
  const char* source_repo;
  const char* source_path;
  const char* source_commit;
};

struct GeneRecord {
  std::size_t signature;  // index into kSignatures
  const char* gene;
  double weight;  // kNoWeight when the source gives none
  GeneRole role;
  const char* partner;    // pair signatures: the gene compared against
  const char* role_text;  // "sensitive" / "resistance" when the source says so
};

extern const char* const kSignatureSourceSha256;
extern const SignatureRecord kSignatures[];
extern const std::size_t kSignatureCount;
extern const GeneRecord kGenes[];
extern const std::size_t kGeneCount;

}  // namespace pioneer::biomarkers::generated
