// libFuzzer target: the input of `pioneer response --input`
// (clinical::ParseResponseInput), then the RECIST 1.1 / iRECIST / SITC rule
// engine over the patients parsed and the JSON output it prints.
#include "fuzz_util.h"
#include "pioneer/clinical/response_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pioneer::clinical;
  pioneer::fuzz::Run([&] {
    const ResponseInput input =
        ParseResponseInput(std::string(pioneer::fuzz::Text(data, size)), "fuzz.json");
    const auto results = EvaluateAll(input);
    (void)ResponseOutputJson(input.parameters, results).dump();
  });
  return 0;
}
