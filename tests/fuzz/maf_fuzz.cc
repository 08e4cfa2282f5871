// libFuzzer target: MAF input of `pioneer tmb` (biomarkers::TmbFromMaf),
// without and with the VAF/depth filters.
#include "fuzz_util.h"
#include "pioneer/biomarkers/tmb.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pioneer::biomarkers;
  const std::string_view text = pioneer::fuzz::Text(data, size);
  pioneer::fuzz::Run([&] { (void)TmbFromMaf(text, "fuzz.maf", {.capture_mb = 30}); });
  pioneer::fuzz::Run([&] {
    (void)TmbFromMaf(text, "fuzz.maf",
                     {.capture_mb = 1.1, .min_vaf = 0.05, .min_depth = 10, .pass_only = true});
  });
  return 0;
}
