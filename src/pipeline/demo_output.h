// File: src/pipeline/demo_output.h (private)
// Which folder `pioneer demo` may write, and which files of an earlier demo
// output it may drop. The demo never deletes what it did not create: it
// writes only into a new or empty folder or over an earlier demo output,
// recognised by its manifest.json, and then drops only the files that
// manifest lists (the run's outputs and provenance.demo.files); anything else
// found there is carried over into the new output.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "pioneer/core/output.h"

namespace pioneer::pipeline {

// UsageError (exit 2) unless `out` is absent, an empty folder or an earlier
// demo output.
void CheckDemoFolder(const std::filesystem::path& out);

// What an earlier demo output in `out` made (nothing if there is none).
core::StagedDirectory::Discard EarlierDemoFiles(const std::filesystem::path& out);

// The SHA-256 of the relative path of every file under `root` ("data/dm.csv",
// ...), in path order. Hashes, not names: the names of per-sample files are
// raw lab sample ids ("data/cytometry/BL000001.fcs"), which no output may
// carry (issue 14); a hash still tells which files an earlier demo made.
nlohmann::json FileNameHashes(const std::filesystem::path& root);

}  // namespace pioneer::pipeline
