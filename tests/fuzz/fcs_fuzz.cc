// libFuzzer target for the FCS reader: any byte string must either parse
// or throw pioneer::Error; ASan/UBSan catch reads out of bounds.
// Built by tests/fuzz/fcs_fuzz.sh, outside the normal build.
#include <cstddef>
#include <cstdint>

#include "pioneer/core/error.h"
#include "pioneer/cytometry/fcs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto d = pioneer::cytometry::ParseFcs({data, size}, "fuzz.fcs");
    // Touch every value and re-write the parsed file.
    double sum = 0;
    for (double v : d.values) sum += v;
    (void)sum;
    if (d.events * d.parameters.size() < 100000) (void)pioneer::cytometry::WriteFcs(d);
  } catch (const pioneer::Error&) {
  }
  return 0;
}
