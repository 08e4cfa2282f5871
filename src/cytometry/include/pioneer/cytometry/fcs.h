// File: pioneer/cytometry/fcs.h
// Flow Cytometry Standard files (FCS 2.0, 3.0, 3.1; Seamer et al. 1997,
// Spidlen et al. 2010): a memory-mapped reader and an FCS 3.1 writer.
//
// The reader follows the HEADER offsets (or $BEGINDATA/$ENDDATA when the
// HEADER holds zeros, e.g. beyond 99,999,999 bytes), parses the TEXT segment
// with delimiter escaping, decodes $DATATYPE I (per-parameter $PnB widths,
// masked by $PnR), F and D in any $BYTEORD, and reads spillover matrices from
// $SPILLOVER, SPILL or $COMP. Every inconsistency is an InputError naming the
// file and the byte offset or keyword at fault.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pioneer::cytometry {

struct FcsParameter {
  std::string name;                        // $PnN, or "P<n>" when absent
  std::optional<std::string> description;  // $PnS (null when absent or blank)
  double range = 0;                        // $PnR
  int bits = 0;                            // $PnB
  double log_decades = 0;                  // $PnE f1 (0: linear)
  double log_offset = 0;                   // $PnE f2
  double gain = 1;                         // $PnG
};

// Spillover matrix: row i is the spill of fluorochrome i into each channel j
// (flowCore convention); compensated = raw * inverse(matrix).
struct Spillover {
  std::string keyword;  // where it came from: "$SPILLOVER", "SPILL" or "$COMP"
  std::vector<std::string> channels;
  std::vector<std::vector<double>> matrix;
};

struct FcsData {
  std::string version = "FCS3.1";  // from the HEADER
  // Every TEXT (and supplemental TEXT) keyword, in file order.
  std::vector<std::pair<std::string, std::string>> keywords;
  std::vector<FcsParameter> parameters;
  std::size_t events = 0;
  std::vector<double> values;  // row-major: events x parameters
  std::optional<Spillover> spillover;

  std::size_t n_parameters() const { return parameters.size(); }
  double at(std::size_t event, std::size_t parameter) const {
    return values[event * parameters.size() + parameter];
  }
  // Keyword value by case-insensitive name (FCS 3.1 section 3.2.7), or null.
  const std::string* Keyword(std::string_view name) const;
  // Index of a parameter by $PnN, else by $PnS; nullopt when none matches.
  std::optional<std::size_t> FindParameter(std::string_view name_or_description) const;
};

struct FcsReadOptions {
  // Convert log-amplified channels ($PnE f1,f2 with f1 > 0) to linear
  // values 10^(f1 * x / $PnR) * f2 (f2 = 0 read as 1), as flowCore's
  // read.FCS(transformation = "linearize") does by default.
  bool linearize = true;
  // Divide linear channels by $PnG (flowCore "linearize-with-PnG-scaling").
  bool apply_gain = false;
  // Read only the TEXT segment (events stay empty; `events` from $TOT).
  bool header_only = false;
};

// Reads a file through a read-only memory map. Throws InputError (exit 2)
// naming the file and the byte offset or keyword at fault, Error kNotFound
// when the file cannot be opened.
FcsData ReadFcs(const std::filesystem::path& path, const FcsReadOptions& options = {});

// Parses an FCS image held in memory; `source` names it in errors.
FcsData ParseFcs(std::span<const std::uint8_t> bytes, const std::string& source,
                 const FcsReadOptions& options = {});

enum class FcsWriteType { kFloat, kDouble };

// An FCS 3.1 image: TEXT with $BEGINDATA/$ENDDATA, $PnN/$PnS/$PnR/$PnB/
// $PnE 0,0, $SPILLOVER when present, extra keywords copied (except those
// the writer owns), big-endian float or double data, CRC field "00000000".
std::string WriteFcs(const FcsData& data, FcsWriteType type = FcsWriteType::kFloat);
void WriteFcsFile(const std::filesystem::path& path, const FcsData& data,
                  FcsWriteType type = FcsWriteType::kFloat);

}  // namespace pioneer::cytometry
