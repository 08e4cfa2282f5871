// File: src/store/sqlite.h (private)
// A thin RAII layer over the SQLite C API: a connection, prepared statements
// with typed binding (std::nullopt binds NULL) and a transaction guard that
// rolls back unless committed. Every SQLite failure becomes a pioneer::Error
// naming the database file.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pioneer::store::internal {

class Database {
 public:
  // flags: SQLITE_OPEN_* (READWRITE, CREATE ...).
  Database(const std::filesystem::path& path, int flags);
  sqlite3* get() const { return db_.get(); }
  const std::string& name() const { return name_; }

  // Runs one or more statements without results.
  void Execute(std::string_view sql) const;
  // The first column of the first row of a query as an integer (0 if none).
  std::int64_t QueryInt(std::string_view sql) const;
  // Throws the error for a failed call on this connection.
  [[noreturn]] void Fail(int rc, std::string_view what) const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
  std::string name_;
};

class Statement {
 public:
  Statement(const Database& db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds all values to ?1, ?2 ..., steps to completion and resets.
  template <class... Values>
  void Run(const Values&... values) {
    int index = 0;
    (Bind(++index, values), ...);
    StepToDone();
  }
  // Binds parameters for a query; then call Next() until it returns false.
  template <class... Values>
  void Query(const Values&... values) {
    int index = 0;
    (Bind(++index, values), ...);
  }
  bool Next();
  // Ready for new bindings (after a Query whose rows were read).
  void Reset();

  // Column readers for the current row (0-based column index).
  std::string Text(int col) const;
  std::int64_t Int(int col) const;
  double Real(int col) const;
  bool IsNull(int col) const;
  std::optional<std::int64_t> OptionalInt(int col) const;
  std::optional<double> OptionalReal(int col) const;

  void Bind(int index, std::string_view value);
  void Bind(int index, const std::string& value) { Bind(index, std::string_view(value)); }
  void Bind(int index, const char* value) { Bind(index, std::string_view(value)); }
  void Bind(int index, double value);
  void Bind(int index, std::int64_t value);
  void Bind(int index, int value) { Bind(index, static_cast<std::int64_t>(value)); }
  void Bind(int index, bool value) { Bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  void Bind(int index, std::nullopt_t);
  template <class T>
  void Bind(int index, const std::optional<T>& value) {
    if (value) {
      Bind(index, *value);
    } else {
      Bind(index, std::nullopt);
    }
  }

 private:
  void StepToDone();
  void Check(int rc) const;

  const Database& db_;
  sqlite3_stmt* statement_ = nullptr;
};

// BEGIN IMMEDIATE on construction (the write lock is taken at once, so a
// concurrent writer fails here rather than half-way); ROLLBACK on
// destruction unless Commit() was called.
class Transaction {
 public:
  enum class Kind { kRead, kWrite };
  Transaction(const Database& db, Kind kind);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit();

 private:
  const Database& db_;
  bool open_ = true;
};

}  // namespace pioneer::store::internal
