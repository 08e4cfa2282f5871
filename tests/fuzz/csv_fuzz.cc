// libFuzzer target: CSV/TSV reader (io::ParseDelimited) and the typed cell
// conversions of core::CellReader over every cell of an accepted table, then
// the writer (FormatDelimited) and a re-read of what it wrote.
#include "fuzz_util.h"
#include "pioneer/core/table.h"
#include "pioneer/io/delimited.h"

namespace {

void Exercise(const pioneer::core::Table& table) {
  pioneer::DiagnosticCollector problems(10);
  pioneer::core::CellReader reader(table, problems);
  for (std::size_t c = 0; c < table.cols(); ++c) {
    (void)table.Find(table.names()[c]);
    for (std::size_t r = 0; r < table.rows(); ++r) {
      (void)reader.Number(r, c);
      (void)reader.Integer(r, c);
      (void)reader.IsoDate(r, c);
      (void)reader.Text(r, c);
      (void)reader.OneOf(r, c, {"A", "B"});
      (void)table.line(r);
    }
    (void)reader.NumericColumn(c);
  }
  pioneer::fuzz::Run([&] { problems.ThrowIfAny(); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = pioneer::fuzz::Text(data, size);
  // The delimiter chosen from the name and header (.csv), and forced TSV.
  for (const char delimiter : {'\0', '\t'}) {
    pioneer::fuzz::Run([&] {
      pioneer::io::DelimitedOptions options;
      options.delimiter = delimiter;
      const auto table =
          pioneer::io::ParseDelimited(text, delimiter ? "fuzz.tsv" : "fuzz.csv", options);
      Exercise(table);
      const char written_delimiter = delimiter ? '\t' : ',';
      const std::string written = pioneer::io::FormatDelimited(table, written_delimiter);
      pioneer::io::DelimitedOptions again;
      again.delimiter = written_delimiter;
      (void)pioneer::io::ParseDelimited(written, "rewritten.csv", again);
    });
  }
  return 0;
}
