// SAS transport and SAS7BDAT through ReadStat's callback parser and writer.
#include "pioneer/io/xpt.h"

#include <fmt/format.h>
#include <readstat.h>

#include <charconv>
#include <cmath>
#include <memory>

#include "pioneer/core/error.h"
#include "pioneer/core/output.h"
#include "pioneer/core/text.h"
#include "pioneer/io/delimited.h"
#include "xpt_check.h"

namespace pioneer::io {
namespace {

namespace fs = std::filesystem;

std::string ShortestText(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// What the parser callbacks fill in.
struct ReadContext {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> columns;  // [variable][observation]
  std::string error;
};

int OnVariable(int index, readstat_variable_t* variable, const char*, void* ctx) {
  auto& c = *static_cast<ReadContext*>(ctx);
  const char* name = readstat_variable_get_name(variable);
  c.names.resize(std::max<std::size_t>(c.names.size(), index + 1));
  c.names[index] = name != nullptr ? name : "";
  c.columns.resize(c.names.size());
  return READSTAT_HANDLER_OK;
}

std::string CellText(readstat_value_t value) {
  if (readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value)) {
    return "";
  }
  if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
    const char* text = readstat_string_value(value);
    return text != nullptr ? text : "";
  }
  const double number = readstat_double_value(value);
  return std::isnan(number) ? std::string() : ShortestText(number);
}

int OnValue(int obs_index, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
  auto& c = *static_cast<ReadContext*>(ctx);
  auto& column = c.columns[readstat_variable_get_index(variable)];
  column.resize(std::max<std::size_t>(column.size(), obs_index + 1));
  column[obs_index] = CellText(value);
  return READSTAT_HANDLER_OK;
}

void OnError(const char* message, void* ctx) {
  auto& c = *static_cast<ReadContext*>(ctx);
  if (message != nullptr) c.error = message;
  while (!c.error.empty() && std::isspace(static_cast<unsigned char>(c.error.back()))) {
    c.error.pop_back();
  }
}

// SAS text is bytes: a value that is not UTF-8 (a Latin-1 export, a damaged
// file) or holds a NUL is refused where it is, as the delimited reader does.
void CheckCells(const core::Table& table, DiagnosticCollector& problems) {
  for (std::size_t c = 0; c < table.cols(); ++c) {
    for (std::size_t r = 0; r < table.rows(); ++r) {
      const std::string& cell = table.cell(r, c);
      if (!core::FindBadByte(cell)) continue;
      Diagnostic d = table.At(r, c, "not UTF-8 text (or a NUL byte): save the data set as UTF-8");
      d.raw.clear();  // the bad bytes themselves would only garble the message
      problems.Add(std::move(d));
    }
  }
}

using ParseFn = readstat_error_t (*)(readstat_parser_t*, const char*, void*);

void RequireNonEmptyFile(const fs::path& path, std::string_view format) {
  const std::string source = path.string();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw Error(ErrorCode::kNotFound, fmt::format("{}: cannot open file", source));
  }
  if (fs::file_size(path, ec) == 0) {
    throw InputError(
        Diagnostic{source, 0, 0, fmt::format("file is empty: expected a {}", format), ""});
  }
}

core::Table ReadWithReadStat(const fs::path& path, ParseFn parse, std::string_view format) {
  const std::string source = path.string();
  ReadContext context;
  std::unique_ptr<readstat_parser_t, void (*)(readstat_parser_t*)> parser(readstat_parser_init(),
                                                                          readstat_parser_free);
  readstat_set_variable_handler(parser.get(), OnVariable);
  readstat_set_value_handler(parser.get(), OnValue);
  readstat_set_error_handler(parser.get(), OnError);
  const readstat_error_t status = parse(parser.get(), source.c_str(), &context);
  if (status != READSTAT_OK) {
    std::string why = readstat_error_message(status);
    if (!context.error.empty()) why += " (" + context.error + ")";
    throw InputError(
        Diagnostic{source, 0, 0, fmt::format("not a readable {}: {}", format, why), ""});
  }
  core::Table table(source, context.names);
  std::size_t rows = 0;
  for (const auto& column : context.columns) rows = std::max(rows, column.size());
  table.Reserve(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    std::vector<std::string> cells(context.columns.size());
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (r < context.columns[c].size()) cells[c] = std::move(context.columns[c][r]);
    }
    table.AddRow(std::move(cells), static_cast<std::int64_t>(r) + 1);
  }
  DiagnosticCollector problems;
  CheckColumnNames(table.names(), source, problems);
  CheckCells(table, problems);
  problems.ThrowIfAny();
  return table;
}

}  // namespace

core::Table ReadXpt(const fs::path& path) {
  constexpr std::string_view kFormat = "SAS transport (XPT) file";
  RequireNonEmptyFile(path, kFormat);
  const internal::XptLayout layout = internal::CheckXptLayout(core::ReadFile(path), path.string());
  core::Table table = ReadWithReadStat(path, readstat_parse_xport, kFormat);
  if (table.rows() != layout.observations || table.cols() != layout.variables) {
    throw InputError(Diagnostic{
        path.string(), 0, 0,
        fmt::format("damaged SAS transport (XPT) file: its headers describe {} observations of {} "
                    "variables, ReadStat read {} of {}",
                    layout.observations, layout.variables, table.rows(), table.cols()),
        ""});
  }
  return table;
}

core::Table ReadSas7bdat(const fs::path& path) {
  constexpr std::string_view kFormat = "SAS data set (SAS7BDAT)";
  RequireNonEmptyFile(path, kFormat);
  return ReadWithReadStat(path, readstat_parse_sas7bdat, kFormat);
}

}  // namespace pioneer::io
