// libFuzzer target: the study import path without the store
// (io::ParseDelimited of each file, then study::BuildStudy: recognition of
// SDTM domains and pioneer-layout tables, conversion, validation, cross-file
// rules, pseudonymisation). The input holds up to 8 files separated by form
// feeds; each file's first line is its name (e.g. "dm.csv"), the rest its text.
#include "fuzz_util.h"
#include "pioneer/core/table.h"
#include "pioneer/io/delimited.h"
#include "pioneer/study/layout.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pioneer;
  static const study::Pseudonymiser pseudonymiser(study::Pseudonymiser::Key{});
  fuzz::Run([&] {
    std::vector<core::Table> tables;
    for (const std::string_view part : fuzz::SplitParts(fuzz::Text(data, size), 8)) {
      const std::size_t newline = part.find('\n');
      const std::string name(part.substr(0, std::min(newline, std::size_t{64})));
      const std::string_view text =
          newline == std::string_view::npos ? "" : part.substr(newline + 1);
      tables.push_back(io::ParseDelimited(text, "/fuzz/" + name));
    }
    const study::Study s = study::BuildStudy(tables, pseudonymiser);
    (void)study::ToSdtm(s);
    (void)study::ToPioneerLayout(s);
  });
  return 0;
}
