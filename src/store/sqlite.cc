#include "sqlite.h"

#include <fmt/format.h>

#include "pioneer/core/error.h"

namespace pioneer::store::internal {
namespace {

// SQLite result codes mapped onto pioneer's error codes: what the user can
// fix (a conflicting record, a file that is not a database) is bad input.
ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_NOTADB:
    case SQLITE_READONLY:
      return ErrorCode::kInvalidArgument;
    case SQLITE_CANTOPEN:
      return ErrorCode::kNotFound;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::kFailedPrecondition;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

Database::Database(const std::filesystem::path& path, int flags) : name_(path.string()) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name_.c_str(), &raw, flags, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    if (raw == nullptr) throw Error(ErrorCode::kInternal, name_ + ": out of memory");
    Fail(rc, "cannot open study store");
  }
  sqlite3_extended_result_codes(raw, 1);
  // Another pioneer process importing into the same store: wait a little.
  sqlite3_busy_timeout(raw, 5000);
}

void Database::Execute(std::string_view sql) const {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (message != nullptr) sqlite3_free(message);
  if (rc != SQLITE_OK) Fail(rc, "SQL failed");
}

std::int64_t Database::QueryInt(std::string_view sql) const {
  Statement statement(*this, sql);
  return statement.Next() ? statement.Int(0) : 0;
}

void Database::Fail(int rc, std::string_view what) const {
  const char* detail = db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc);
  throw Error(CodeFor(rc), fmt::format("{}: {}: {}", name_, what, detail));
}

Statement::Statement(const Database& db, std::string_view sql) : db_(db) {
  const int rc =
      sqlite3_prepare_v2(db.get(), sql.data(), static_cast<int>(sql.size()), &statement_, nullptr);
  if (rc != SQLITE_OK) db.Fail(rc, fmt::format("cannot prepare '{}'", sql));
}

Statement::~Statement() { sqlite3_finalize(statement_); }

void Statement::Check(int rc) const {
  if (rc != SQLITE_OK) db_.Fail(rc, "cannot bind value");
}

void Statement::Bind(int index, std::string_view value) {
  Check(sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT));
}
void Statement::Bind(int index, double value) {
  Check(sqlite3_bind_double(statement_, index, value));
}
void Statement::Bind(int index, std::int64_t value) {
  Check(sqlite3_bind_int64(statement_, index, value));
}
void Statement::Bind(int index, std::nullopt_t) { Check(sqlite3_bind_null(statement_, index)); }

void Statement::StepToDone() {
  const int rc = sqlite3_step(statement_);
  // Fail before Reset: the error message belongs to this step.
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) db_.Fail(rc, "cannot write");
  Reset();
}

void Statement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

bool Statement::Next() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) db_.Fail(rc, "cannot read");
  return false;
}

std::string Statement::Text(int col) const {
  const auto* text = sqlite3_column_text(statement_, col);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement_, col)));
}
std::int64_t Statement::Int(int col) const { return sqlite3_column_int64(statement_, col); }
double Statement::Real(int col) const { return sqlite3_column_double(statement_, col); }
bool Statement::IsNull(int col) const {
  return sqlite3_column_type(statement_, col) == SQLITE_NULL;
}
std::optional<std::int64_t> Statement::OptionalInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}
std::optional<double> Statement::OptionalReal(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Real(col);
}

Transaction::Transaction(const Database& db, Kind kind) : db_(db) {
  db_.Execute(kind == Kind::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

Transaction::~Transaction() {
  if (!open_) return;
  // Nothing to report from a destructor: SQLite undoes the whole transaction.
  sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::Commit() {
  db_.Execute("COMMIT");
  open_ = false;
}

}  // namespace pioneer::store::internal
