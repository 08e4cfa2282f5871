// File: pioneer/io/read_table.h
// One entry point for the tabular files a user imports: the reader is chosen
// by extension (case-insensitive): .xpt -> SAS transport, .sas7bdat -> SAS
// data set, anything else -> CSV/TSV (delimited.h decides the delimiter).
#pragma once

#include <filesystem>

#include "pioneer/core/table.h"

namespace pioneer::io {

core::Table ReadTableFile(const std::filesystem::path& path);

}  // namespace pioneer::io
