// File: pioneer/io/xpt.h
// SAS transport files (XPORT versions 5 and 8, the format of FDA SDTM
// submissions) and SAS7BDAT data sets, read with ReadStat
// (github.com/WizardMac/ReadStat). Every value becomes a text cell: numbers
// in their shortest round-trip form (std::to_chars), SAS missing values
// (., .A-.Z, ._) as empty cells. A data set has no text lines, so for these
// files a Table's "line" is the 1-based observation number and a
// diagnostic's column the 1-based variable number.
#pragma once

#include <filesystem>
#include <string>

#include "pioneer/core/table.h"

namespace pioneer::io {

core::Table ReadXpt(const std::filesystem::path& path);
core::Table ReadSas7bdat(const std::filesystem::path& path);

// XPORT version to write: 5 (SAS V5, 8-character names, values <= 200 bytes,
// what FDA requires) or 8 (long names and values); 0 chooses 5 when the
// table fits it, else 8.
struct XptWriteOptions {
  int version = 0;
};

// Writes a table as one XPT data set, atomically. A column is numeric when it
// has a value and every value is a number written in its shortest
// round-trip form ("3", "0.5", "-1e-07") within the range of XPT's IBM
// doubles (|x| from ~5.4e-79 to ~7.2e75, or 0), so text such as "01", "3.0" or
// "1e+300" stays text and reads back unchanged; missing cells ("", "NA", ".")
// of a numeric column are SAS missing and read back empty. Throws UsageError if the table does not
// fit the requested version.
void WriteXpt(const std::filesystem::path& path, const core::Table& table,
              const std::string& dataset_name, const XptWriteOptions& options = {});

}  // namespace pioneer::io
