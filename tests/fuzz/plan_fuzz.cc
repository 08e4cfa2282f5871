// libFuzzer target: analysis plans (pipeline::ParsePlan: TOML through
// toml++, then the checks of every [[analysis]] against the registered
// kinds and their option types), and the resolved options as the manifest
// writes them. No file is read or written.
#include "fuzz_util.h"
#include "pioneer/pipeline/plan.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  pioneer::fuzz::Run([&] {
    const auto plan =
        pioneer::pipeline::ParsePlan(pioneer::fuzz::Text(data, size), "/fuzz/plan.toml");
    (void)pioneer::pipeline::AnalysesJson(plan).dump();
  });
  return 0;
}
