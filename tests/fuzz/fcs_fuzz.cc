// libFuzzer target: the FCS reader (cytometry::ParseFcs): TEXT only with
// gain scaling, then the whole file; the FCS 3.1 writer and a re-read of
// what it wrote.
#include "fuzz_util.h"
#include "pioneer/cytometry/fcs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pioneer::cytometry;
  pioneer::fuzz::Run([&] {
    FcsReadOptions options;
    options.linearize = false;
    options.apply_gain = true;
    options.header_only = true;
    (void)ParseFcs({data, size}, "fuzz.fcs", options);
  });
  pioneer::fuzz::Run([&] {
    const FcsData d = ParseFcs({data, size}, "fuzz.fcs");
    double sum = 0;
    for (double v : d.values) sum += v;
    (void)sum;
    for (const auto& p : d.parameters) (void)d.FindParameter(p.name);
    (void)d.Keyword("$TOT");
    if (d.events * d.parameters.size() < 100000) {
      const std::string image = WriteFcs(d);
      const auto* bytes = reinterpret_cast<const std::uint8_t*>(image.data());
      (void)ParseFcs({bytes, image.size()}, "rewritten.fcs");
    }
  });
  return 0;
}
