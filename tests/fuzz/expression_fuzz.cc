// libFuzzer target: expression matrices (biomarkers::ParseExpression) on
// each input scale, their conversions, the gene index and the built-in
// signatures resolved against them.
#include "fuzz_util.h"
#include "pioneer/biomarkers/expression.h"
#include "pioneer/biomarkers/signatures.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pioneer::biomarkers;
  const std::string_view text = pioneer::fuzz::Text(data, size);
  for (const Scale scale : {Scale::kLog2Tpm, Scale::kTpm, Scale::kCounts}) {
    pioneer::fuzz::Run([&] {
      const ExpressionMatrix m = ParseExpression(text, "fuzz.tsv", scale);
      (void)ToLog2(m, scale);
      (void)ToLog2TpmPlus1(m, scale, 1.0);
      (void)ToTpm(m, scale, 1.0);
      if (scale == Scale::kLog2Tpm) {
        const GeneIndex index(m.genes);
        for (const Signature& s : BuiltinSignatures()) (void)Resolve(s, m, index);
      }
    });
  }
  return 0;
}
