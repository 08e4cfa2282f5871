// File: pioneer/biomarkers/signatures.h
// Gene signatures: the built-in immuno-oncology library (generated from
// ../shared/data/signatures/signatures.tsv, with each signature's paper,
// PMID and source code commit) and user GMT files; documented gene aliases;
// resolution of a signature's genes against an expression matrix that
// reports every gene it could not find.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pioneer/biomarkers/expression.h"

namespace pioneer::biomarkers {

struct GenePair {
  std::string high;  // score += 1 when expr(high) > expr(low)
  std::string low;
};

struct Signature {
  std::string name;
  std::string short_name;                 // e.g. "GEP18", "IFNG6", "CYT" (empty if none)
  std::vector<std::string> genes;         // scored genes (pair genes included)
  std::vector<double> weights;            // one per gene; 1 when the source gives none
  std::vector<std::string> housekeeping;  // normalisers of the weighted score (GEP)
  std::vector<GenePair> pairs;            // pair-count signatures (IMPRES, MSI)
  // Provenance, as in signatures.tsv.
  std::string scoring_method;  // the source's rule, in words
  std::string score_function;  // e.g. "easier::compute_IFNy"
  std::string input_scale;
  std::string association;  // e.g. "sensitive", "resistance"
  std::string pmid;
  std::string category;
  std::string source_repo;
  std::string source_path;
  std::string source_commit;
};

// The built-in library, in the order of signatures.tsv (236 signatures).
const std::vector<Signature>& BuiltinSignatures();

// By full name or short name (case-sensitive); nullptr when unknown.
const Signature* FindSignature(std::string_view name);

// Gene aliases documented by the signature sources (signatures/README.md):
// {old symbol, current symbol}, e.g. {"C10orf54", "VSIR"}.
const std::vector<std::pair<std::string, std::string>>& DocumentedAliases();

// GMT: name, description, genes... per line (tab-separated). Duplicate genes
// in a set are kept once; an empty set or duplicate set name is an
// InputError with file:line.
std::vector<Signature> ParseGmt(std::string_view text, const std::string& source);
std::vector<Signature> ReadGmt(const std::filesystem::path& path);

// A signature mapped onto the rows of an expression matrix.
struct ResolvedSignature {
  const Signature* signature = nullptr;
  std::vector<std::size_t> rows;  // matrix rows of the genes found, in signature order
  std::vector<double> weights;    // their weights
  std::vector<std::string> used;  // their names as in the signature
  std::vector<std::size_t> housekeeping_rows;
  std::vector<std::pair<std::size_t, std::size_t>> pair_rows;  // (high, low)
  std::vector<std::string> missing;  // genes (and housekeeping genes) not found
  std::vector<std::pair<std::string, std::string>> aliases_used;  // {signature gene, matrix gene}
};

// Finds each gene by its symbol, then by its documented alias. A pair with a
// missing gene is dropped (its missing genes are reported).
// With resolve_aliases = false only exact symbols match (as GSVA does).
ResolvedSignature Resolve(const Signature& signature, const ExpressionMatrix& m,
                          const GeneIndex& index, bool resolve_aliases = true);

}  // namespace pioneer::biomarkers
