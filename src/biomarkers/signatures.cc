// File: src/biomarkers/signatures.cc
#include "pioneer/biomarkers/signatures.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/core/text.h"
#include "signature_library_data.h"

namespace pioneer::biomarkers {
namespace {

void AddGene(Signature& s, const std::string& gene, double weight) {
  if (std::find(s.genes.begin(), s.genes.end(), gene) != s.genes.end()) return;
  s.genes.push_back(gene);
  s.weights.push_back(weight);
}

std::vector<Signature> BuildLibrary() {
  using namespace generated;
  std::vector<Signature> out(kSignatureCount);
  for (std::size_t i = 0; i < kSignatureCount; ++i) {
    const SignatureRecord& r = kSignatures[i];
    Signature& s = out[i];
    s.name = r.name;
    s.short_name = r.short_name;
    s.scoring_method = r.scoring_method;
    s.score_function = r.score_function;
    s.input_scale = r.input_scale;
    s.association = r.association;
    s.pmid = r.pmid;
    s.category = r.category;
    s.source_repo = r.source_repo;
    s.source_path = r.source_path;
    s.source_commit = r.source_commit;
  }
  for (std::size_t i = 0; i < kGeneCount; ++i) {
    const GeneRecord& g = kGenes[i];
    Signature& s = out[g.signature];
    const double weight = std::isnan(g.weight) ? 1.0 : g.weight;
    switch (g.role) {
      case GeneRole::kHousekeeping:
        s.housekeeping.emplace_back(g.gene);
        break;
      case GeneRole::kPair:
        s.pairs.push_back({g.gene, g.partner});
        AddGene(s, g.gene, 1.0);
        AddGene(s, g.partner, 1.0);
        break;
      case GeneRole::kGene:
        AddGene(s, g.gene, weight);
        break;
    }
  }
  return out;
}

}  // namespace

const std::vector<Signature>& BuiltinSignatures() {
  static const std::vector<Signature> library = BuildLibrary();
  return library;
}

const Signature* FindSignature(std::string_view name) {
  for (const Signature& s : BuiltinSignatures()) {
    if (s.name == name || (!s.short_name.empty() && s.short_name == name)) return &s;
  }
  return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& DocumentedAliases() {
  // signatures/README.md: "C10orf54 = VSIR", "CTGF (=CCN2)", "FAM101B (=RFLNB)",
  // "NRDE2 (=C14orf102)", "LMP2/LMP7 = PSMB9/PSMB8".
  static const std::vector<std::pair<std::string, std::string>> aliases = {
      {"C10orf54", "VSIR"},   {"CTGF", "CCN2"},  {"FAM101B", "RFLNB"},
      {"C14orf102", "NRDE2"}, {"LMP2", "PSMB9"}, {"LMP7", "PSMB8"}};
  return aliases;
}

std::vector<Signature> ParseGmt(std::string_view text, const std::string& source) {
  core::CheckText(text, source, '\t');
  DiagnosticCollector problems;
  std::vector<Signature> out;
  std::unordered_set<std::string> names;
  std::int64_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::vector<std::string> fields;
    for (std::size_t start = 0;;) {
      const std::size_t tab = line.find('\t', start);
      fields.emplace_back(
          line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    Signature s;
    s.name = fields[0];
    if (fields.size() > 1) s.scoring_method = fields[1];
    s.category = "user GMT";
    s.source_path = source;
    for (std::size_t i = 2; i < fields.size(); ++i) {
      if (!fields[i].empty()) AddGene(s, fields[i], 1.0);
    }
    if (s.name.empty())
      problems.Add(source, line_no, 1, "empty gene set name");
    else if (!names.insert(s.name).second)
      problems.Add(source, line_no, 1, "duplicate gene set name", s.name);
    if (s.genes.empty()) problems.Add(source, line_no, 0, "gene set without genes", s.name);
    out.push_back(std::move(s));
  }
  if (problems.empty() && out.empty()) problems.Add(source, 0, 0, "no gene sets in the GMT file");
  if (!problems.empty()) throw InputError(problems.diagnostics(), problems.total());
  return out;
}

std::vector<Signature> ReadGmt(const std::filesystem::path& path) {
  return ParseGmt(core::ReadFile(path), path.string());
}

namespace {

// The matrix row of a gene, trying its documented aliases in both directions.
long FindWithAlias(const std::string& gene, const GeneIndex& index, std::string* matched) {
  long row = index.Find(gene);
  if (row >= 0) return row;
  for (const auto& [old_name, new_name] : DocumentedAliases()) {
    const std::string* other = gene == old_name   ? &new_name
                               : gene == new_name ? &old_name
                                                  : nullptr;
    if (other == nullptr) continue;
    row = index.Find(*other);
    if (row >= 0) {
      *matched = *other;
      return row;
    }
  }
  return -1;
}

}  // namespace

ResolvedSignature Resolve(const Signature& signature, const ExpressionMatrix& m,
                          const GeneIndex& index, bool resolve_aliases) {
  (void)m;
  ResolvedSignature r;
  r.signature = &signature;
  auto find = [&](const std::string& gene) {
    std::string alias;
    const long row = resolve_aliases ? FindWithAlias(gene, index, &alias) : index.Find(gene);
    if (row >= 0 && !alias.empty()) {
      const std::pair<std::string, std::string> used{gene, alias};
      if (std::find(r.aliases_used.begin(), r.aliases_used.end(), used) == r.aliases_used.end()) {
        r.aliases_used.push_back(used);
      }
    }
    if (row < 0 && std::find(r.missing.begin(), r.missing.end(), gene) == r.missing.end())
      r.missing.push_back(gene);
    return row;
  };
  for (std::size_t i = 0; i < signature.genes.size(); ++i) {
    const long row = find(signature.genes[i]);
    // Two names of one gene (a symbol and its alias) count once.
    if (row < 0 ||
        std::find(r.rows.begin(), r.rows.end(), static_cast<std::size_t>(row)) != r.rows.end())
      continue;
    r.rows.push_back(static_cast<std::size_t>(row));
    r.weights.push_back(signature.weights[i]);
    r.used.push_back(signature.genes[i]);
  }
  for (const std::string& gene : signature.housekeeping) {
    const long row = find(gene);
    if (row >= 0) r.housekeeping_rows.push_back(static_cast<std::size_t>(row));
  }
  for (const GenePair& p : signature.pairs) {
    const long high = find(p.high);
    const long low = find(p.low);
    if (high >= 0 && low >= 0)
      r.pair_rows.emplace_back(static_cast<std::size_t>(high), static_cast<std::size_t>(low));
  }
  return r;
}

}  // namespace pioneer::biomarkers
