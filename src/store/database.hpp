#pragma once

#include <exception>
#include <memory>
#include <string>

#include <soci/soci.h>

#include "core/result.hpp"

namespace layan::store {

enum class Dialect { kSqlite, kPostgres };

// A parsed database URL: `sqlite:PATH` (or `sqlite::memory:`) or
// `postgresql://user:pass@host:port/dbname?sslmode=...`.
struct DbUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string connect;   // SOCI/libpq connection string
  std::string redacted;  // for logs: the password replaced by ***
  std::string sqlite_path;
};

// Parses a database URL. PostgreSQL URLs become libpq key=value strings,
// because SOCI mis-parses URI forms.
Result<DbUrl> parse_db_url(const std::string& url);

// A pool of open connections to one database. Thread-safe. Sessions taken from
// it are returned when the soci::session built on pool() is destroyed:
//   soci::session sql(db.pool());
class Database {
 public:
  // Opens `pool_size` connections. SQLite connections get WAL, foreign keys,
  // synchronous=FULL and a busy timeout. Throws soci::soci_error when the
  // database cannot be reached (broken infrastructure, not an expected error).
  static std::unique_ptr<Database> open(const DbUrl& url, size_t pool_size);

  Dialect dialect() const { return url_.dialect; }
  const DbUrl& url() const { return url_; }
  soci::connection_pool& pool() { return pool_; }

  // True when a trivial query succeeds (used by /readyz).
  bool ping();

 private:
  Database(DbUrl url, size_t pool_size) : url_(std::move(url)), pool_(pool_size) {}
  DbUrl url_;
  soci::connection_pool pool_;
};

// A transaction that rolls back unless commit() is called. Write transactions
// on SQLite start with BEGIN IMMEDIATE so that concurrent writers wait on the
// busy timeout instead of failing with SQLITE_BUSY half-way through.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  Transaction(soci::session& sql, Dialect dialect, Mode mode = Mode::kWrite);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  soci::session& sql_;
  bool open_ = true;
};

// Runs a script of several SQL statements without parameters (migrations).
// Throws soci::soci_error on failure.
void exec_script(soci::session& sql, Dialect dialect, const std::string& script);

// True when `e` is a UNIQUE or FOREIGN KEY violation (a concurrent duplicate,
// or a row still referenced elsewhere): an expected conflict, not a bug.
bool is_constraint_violation(const soci::soci_error& e);

// Runs a write `f` (returning a Result) whose checks cannot see a concurrent
// writer: a UNIQUE or FOREIGN KEY violation it throws becomes `conflict`, an
// expected answer instead of a server error. Any transaction inside `f` has
// rolled back by the time the exception arrives here.
template <typename F>
auto conflict_on_violation(F&& f, const Error& conflict) -> decltype(f()) {
  try {
    return f();
  } catch (const soci::soci_error& e) {
    if (!is_constraint_violation(e)) throw;
    return conflict;
  }
}

// A condition "`column` is one of the values of a JSON array bound as
// `:param`" ("[1,2,3]" or "[\"a\",\"b\"]"), so that a list of any length is one
// parameter: json_each on SQLite, json_array_elements_text on PostgreSQL
// (cast to BIGINT when `integers`).
std::string in_json_array(Dialect dialect, const std::string& column, const std::string& param, bool integers);

// What an exception may say in a log. SOCI appends to its errors the
// statement and every value bound to it, and PostgreSQL's DETAIL lines quote
// key values: either may be personal data (a reporter's email, a name). For a
// SOCI error this is the database's own message, first line only; for any
// other exception, its what().
std::string loggable_error(const std::exception& e);

// `sqlite` or `postgresql`, for logs and /readyz.
const char* dialect_name(Dialect d);

}  // namespace layan::store
