// File: pioneer/io/delimited.h
// CSV and TSV (RFC 4180 quoting, UTF-8 with or without BOM, LF or CRLF).
// The reader checks the shape of the file (one header line, the same number
// of fields on every line, closed quotes, distinct column names, valid UTF-8
// without NUL bytes) and reports every problem as file:line:column; typed
// conversion is left to core::CellReader.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pioneer/core/table.h"

namespace pioneer::io {

struct DelimitedOptions {
  // 0 = choose from the file name (.tsv/.tab/.txt: tab, otherwise comma),
  // falling back to the header: a tab in it means TSV.
  char delimiter = 0;
  std::size_t max_problems = 100;
};

// Parses text already in memory; `source` names it in diagnostics.
core::Table ParseDelimited(std::string_view text, const std::string& source,
                           const DelimitedOptions& options = {});
core::Table ReadDelimited(const std::filesystem::path& path, const DelimitedOptions& options = {});

// Renders a table; fields are quoted only when they must be.
std::string FormatDelimited(const core::Table& table, char delimiter);
void WriteDelimited(const std::filesystem::path& path, const core::Table& table, char delimiter);

// Duplicate column names are an input error (line 1, the column of the
// second one): a reader looking a column up by name would silently take the
// first. Shared by the delimited and the SAS readers.
void CheckColumnNames(const std::vector<std::string>& names, const std::string& source,
                      DiagnosticCollector& problems);

char DelimiterForPath(const std::filesystem::path& path);

}  // namespace pioneer::io
