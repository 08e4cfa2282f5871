// libFuzzer target: VCF/BCF input of `pioneer tmb` (biomarkers::
// TmbFromVcfFile through htslib; the bytes are an in-memory file), without
// and with the FILTER/VAF/depth filters.
#include "fuzz_util.h"
#include "pioneer/biomarkers/tmb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pioneer::biomarkers;
  const pioneer::fuzz::MemoryFile file(pioneer::fuzz::Text(data, size), "fuzz.vcf");
  pioneer::fuzz::Run([&] { (void)TmbFromVcfFile(file.path(), {.capture_mb = 30}); });
  pioneer::fuzz::Run([&] {
    (void)TmbFromVcfFile(file.path(),
                         {.capture_mb = 1.1, .min_vaf = 0.05, .min_depth = 10, .pass_only = true});
  });
  return 0;
}
