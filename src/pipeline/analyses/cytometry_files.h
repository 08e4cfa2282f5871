// File: src/pipeline/analyses/cytometry_files.h (private to the pipeline)
// The demo's blood cytometry files: sim::SimulateBloodCytometry written as
// FCS 3.1 files, one <sample_id>.fcs per baseline blood sample, so that the
// "cytometry" analysis kind finds them next to the study.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "pioneer/study/model.h"

namespace pioneer::pipeline {

// Replaces `dir` with the files (staged, then renamed: all or nothing) and
// returns how many were written.
std::size_t WriteDemoCytometry(const study::Study& study, std::uint64_t seed,
                               const std::filesystem::path& dir);

}  // namespace pioneer::pipeline
