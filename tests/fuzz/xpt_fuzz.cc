// libFuzzer target: SAS transport files (io::ReadXpt through ReadStat; the
// bytes are handed over as an in-memory file), then the typed cell reader
// over the table read.
#include "fuzz_util.h"
#include "pioneer/core/table.h"
#include "pioneer/io/xpt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const pioneer::fuzz::MemoryFile file(pioneer::fuzz::Text(data, size), "fuzz.xpt");
  pioneer::fuzz::Run([&] {
    const auto table = pioneer::io::ReadXpt(file.path());
    pioneer::DiagnosticCollector problems(10);
    pioneer::core::CellReader reader(table, problems);
    for (std::size_t c = 0; c < table.cols(); ++c) {
      for (std::size_t r = 0; r < table.rows(); ++r) {
        (void)reader.Number(r, c);
        (void)reader.IsoDate(r, c);
      }
    }
  });
  return 0;
}
