// libFuzzer target: gene-set files (biomarkers::ParseGmt), then each set
// resolved against a small expression matrix (aliases included).
#include "fuzz_util.h"
#include "pioneer/biomarkers/signatures.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pioneer::biomarkers;
  pioneer::fuzz::Run([&] {
    const auto sets = ParseGmt(pioneer::fuzz::Text(data, size), "fuzz.gmt");
    ExpressionMatrix m;
    m.genes = {"CD8A", "GZMA", "PRF1", "IFNG", "CXCL9", "PDCD1"};
    m.samples = {"S1", "S2"};
    m.values.assign(m.genes.size() * m.samples.size(), 1.0);
    const GeneIndex index(m.genes);
    for (const Signature& s : sets) (void)Resolve(s, m, index);
  });
  return 0;
}
