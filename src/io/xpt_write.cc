// WriteXpt: one data set through ReadStat's XPORT writer.
#include <fmt/format.h>
#include <readstat.h>

#include <charconv>
#include <cmath>
#include <memory>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/io/xpt.h"

namespace pioneer::io {
namespace {

// SAS V5 transport limits (SAS TS-140): 8-character names, 200-byte values.
constexpr std::size_t kV5NameBytes = 8;
constexpr std::size_t kV5ValueBytes = 200;

// XPT stores IBM System/360 hexadecimal doubles: magnitudes from 16^-65
// (~5.4e-79) to below 16^63 (~7.2e75), at least 53 significant bits, so every
// IEEE double in that range (and 0) survives the conversion exactly.
bool FitsIbmDouble(double value) {
  const double magnitude = std::fabs(value);
  return magnitude == 0 || (magnitude >= 5.4e-79 && magnitude < 7.2e75);
}

bool IsCanonicalNumber(const std::string& cell) {
  const auto value = core::ParseDouble(cell);
  if (!value || !FitsIbmDouble(*value)) return false;
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, *value);
  return std::string_view(buffer, result.ptr - buffer) == cell;
}

struct ColumnShape {
  bool numeric = false;
  std::size_t width = 1;  // bytes of the longest value (text columns)
};

ColumnShape Shape(const std::vector<std::string>& cells) {
  ColumnShape shape;
  bool any_value = false;
  bool all_numbers = true;
  for (const std::string& cell : cells) {
    shape.width = std::max(shape.width, cell.size());
    if (core::IsMissing(cell)) continue;
    any_value = true;
    all_numbers = all_numbers && IsCanonicalNumber(cell);
  }
  shape.numeric = any_value && all_numbers;
  return shape;
}

int ChooseVersion(const core::Table& table, const std::string& dataset_name,
                  const std::vector<ColumnShape>& shapes, int requested) {
  bool fits_v5 = dataset_name.size() <= kV5NameBytes;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    fits_v5 = fits_v5 && table.names()[c].size() <= kV5NameBytes &&
              (shapes[c].numeric || shapes[c].width <= kV5ValueBytes);
  }
  if (requested == 0) return fits_v5 ? 5 : 8;
  if (requested != 5 && requested != 8) {
    throw UsageError(fmt::format("XPT version must be 5 or 8, not {}", requested));
  }
  if (requested == 5 && !fits_v5) {
    throw UsageError(
        fmt::format("{}: does not fit XPT version 5 (names <= 8 characters, values "
                    "<= 200 bytes); write version 8",
                    dataset_name));
  }
  return requested;
}

ssize_t AppendBytes(const void* data, size_t length, void* ctx) {
  static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), length);
  return static_cast<ssize_t>(length);
}

void Check(readstat_error_t status, const std::string& what) {
  if (status != READSTAT_OK) {
    throw UsageError(fmt::format("{}: cannot write XPT: {}", what, readstat_error_message(status)));
  }
}

void WriteRows(readstat_writer_t* writer, const core::Table& table,
               const std::vector<readstat_variable_t*>& variables,
               const std::vector<ColumnShape>& shapes, const std::string& what) {
  for (std::size_t r = 0; r < table.rows(); ++r) {
    Check(readstat_begin_row(writer), what);
    for (std::size_t c = 0; c < table.cols(); ++c) {
      const std::string& cell = table.cell(r, c);
      if (!shapes[c].numeric) {
        Check(readstat_insert_string_value(writer, variables[c], cell.c_str()), what);
      } else if (core::IsMissing(cell)) {
        Check(readstat_insert_missing_value(writer, variables[c]), what);
      } else {
        Check(readstat_insert_double_value(writer, variables[c], *core::ParseDouble(cell)), what);
      }
    }
    Check(readstat_end_row(writer), what);
  }
}

}  // namespace

void WriteXpt(const std::filesystem::path& path, const core::Table& table,
              const std::string& dataset_name, const XptWriteOptions& options) {
  const std::string what = path.string();
  std::vector<ColumnShape> shapes;
  for (std::size_t c = 0; c < table.cols(); ++c) shapes.push_back(Shape(table.column(c)));
  const int version = ChooseVersion(table, dataset_name, shapes, options.version);
  std::string bytes;
  std::unique_ptr<readstat_writer_t, void (*)(readstat_writer_t*)> writer(readstat_writer_init(),
                                                                          readstat_writer_free);
  Check(readstat_set_data_writer(writer.get(), AppendBytes), what);
  Check(readstat_writer_set_file_format_version(writer.get(), static_cast<std::uint8_t>(version)),
        what);
  Check(readstat_writer_set_table_name(writer.get(), dataset_name.c_str()), what);
  std::vector<readstat_variable_t*> variables;
  for (std::size_t c = 0; c < table.cols(); ++c) {
    variables.push_back(
        readstat_add_variable(writer.get(), table.names()[c].c_str(),
                              shapes[c].numeric ? READSTAT_TYPE_DOUBLE : READSTAT_TYPE_STRING,
                              shapes[c].numeric ? 8 : shapes[c].width));
  }
  Check(readstat_begin_writing_xport(writer.get(), &bytes, static_cast<long>(table.rows())), what);
  WriteRows(writer.get(), table, variables, shapes, what);
  Check(readstat_end_writing(writer.get()), what);
  core::WriteFileAtomically(path, bytes);
}

}  // namespace pioneer::io
