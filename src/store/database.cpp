#include "store/database.hpp"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <filesystem>
#include <map>

namespace layan::store {
namespace {

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// libpq key=value strings quote values with single quotes and backslashes.
std::string pq_quote(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

bool is_constraint_violation(const soci::soci_error& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    return state == "23505" || state == "23503";  // unique_violation, foreign_key_violation
  }
  if (const auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    return (lite->result() & 0xff) == SQLITE_CONSTRAINT;
  }
  return e.get_error_category() == soci::soci_error::constraint_violation;
}

std::string in_json_array(Dialect dialect, const std::string& column, const std::string& param, bool integers) {
  if (dialect == Dialect::kSqlite) return column + " IN (SELECT value FROM json_each(:" + param + "))";
  const std::string v = integers ? "CAST(v AS BIGINT)" : "v";
  return column + " IN (SELECT " + v + " FROM json_array_elements_text(CAST(:" + param + " AS json)) AS t(v))";
}

std::string loggable_error(const std::exception& e) {
  const auto* db = dynamic_cast<const soci::soci_error*>(&e);
  if (!db) return e.what();
  std::string message = db->get_error_message();
  return message.substr(0, message.find('\n'));
}

const char* dialect_name(Dialect d) {
  return d == Dialect::kSqlite ? "sqlite" : "postgresql";
}

Result<DbUrl> parse_db_url(const std::string& url) {
  DbUrl out;
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://path
    if (path.empty()) return Error::bad_request("database URL: sqlite needs a file path");
    out.dialect = Dialect::kSqlite;
    out.sqlite_path = path;
    out.connect = "db=" + path + " timeout=10 shared_cache=false";
    out.redacted = url;
    return out;
  }
  std::string rest;
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    if (url.rfind(scheme, 0) == 0) rest = url.substr(std::string(scheme).size());
  }
  if (rest.empty()) {
    return Error::bad_request("database URL must start with sqlite: or postgresql://");
  }
  std::map<std::string, std::string> kv;
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string hostpart = rest;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    hostpart = rest.substr(0, slash);
    kv["dbname"] = percent_decode(rest.substr(slash + 1));
  }
  if (auto at = hostpart.rfind('@'); at != std::string::npos) {
    std::string userinfo = hostpart.substr(0, at);
    hostpart = hostpart.substr(at + 1);
    if (auto colon = userinfo.find(':'); colon != std::string::npos) {
      kv["user"] = percent_decode(userinfo.substr(0, colon));
      kv["password"] = percent_decode(userinfo.substr(colon + 1));
    } else {
      kv["user"] = percent_decode(userinfo);
    }
  }
  if (!hostpart.empty()) {
    if (auto colon = hostpart.rfind(':'); colon != std::string::npos && hostpart.back() != ']') {
      kv["port"] = hostpart.substr(colon + 1);
      hostpart = hostpart.substr(0, colon);
    }
    if (!hostpart.empty()) kv["host"] = hostpart;
  }
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string pair = query.substr(0, amp);
    query = amp == std::string::npos ? "" : query.substr(amp + 1);
    if (auto eq = pair.find('='); eq != std::string::npos) {
      kv[percent_decode(pair.substr(0, eq))] = percent_decode(pair.substr(eq + 1));
    }
  }
  if (kv.count("port") && kv["port"].find_first_not_of("0123456789") != std::string::npos) {
    return Error::bad_request("database URL: port must be a number");
  }
  out.dialect = Dialect::kPostgres;
  for (const auto& [k, v] : kv) {
    if (!out.connect.empty()) out.connect += ' ';
    out.connect += k + "=" + pq_quote(v);
  }
  out.redacted = url;
  if (kv.count("password")) {
    auto at = url.rfind('@', url.find('/', url.find("://") + 3));
    auto colon = url.find(':', url.find("://") + 3);
    if (at != std::string::npos && colon != std::string::npos && colon < at) {
      out.redacted = url.substr(0, colon + 1) + "***" + url.substr(at);
    }
  }
  return out;
}

namespace {

// Process-wide SQLite settings, applied once before the first connection:
// each pooled connection is used by one thread at a time, so SQLite's own
// per-connection mutexes are not needed (MULTITHREAD), and its global memory
// statistics would otherwise take a global mutex on every allocation.
void configure_sqlite_once() {
  static const bool kConfigured = [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)kConfigured;
}

}  // namespace

std::unique_ptr<Database> Database::open(const DbUrl& url, size_t pool_size) {
  if (pool_size == 0) pool_size = 1;
  if (url.dialect == Dialect::kSqlite) configure_sqlite_once();
  if (url.dialect == Dialect::kSqlite && url.sqlite_path != ":memory:") {
    auto parent = std::filesystem::path(url.sqlite_path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  std::unique_ptr<Database> db(new Database(url, pool_size));
  for (size_t i = 0; i < pool_size; ++i) {
    soci::session& s = db->pool_.at(i);
    if (url.dialect == Dialect::kSqlite) {
      s.open(soci::sqlite3, url.connect);
      s << "PRAGMA journal_mode=WAL";
      s << "PRAGMA foreign_keys=ON";
      s << "PRAGMA synchronous=FULL";
      s << "PRAGMA busy_timeout=10000";
      s << "PRAGMA temp_store=MEMORY";
    } else {
      s.open(soci::postgresql, url.connect);
      s << "SET client_min_messages TO WARNING";
    }
  }
  return db;
}

bool Database::ping() {
  try {
    soci::session sql(pool_);
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception&) {
    return false;
  }
}

Transaction::Transaction(soci::session& sql, Dialect dialect, Mode mode) : sql_(sql) {
  if (dialect == Dialect::kSqlite && mode == Mode::kWrite) {
    sql_ << "BEGIN IMMEDIATE";
  } else {
    sql_ << "BEGIN";
  }
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    sql_ << "ROLLBACK";
  } catch (...) {
    // The connection is broken; the pool will surface it on next use.
  }
}

void Transaction::commit() {
  sql_ << "COMMIT";
  open_ = false;
}

void exec_script(soci::session& sql, Dialect dialect, const std::string& script) {
  if (dialect == Dialect::kSqlite) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    char* err = nullptr;
    if (sqlite_api::sqlite3_exec(backend->conn_, script.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite_api::sqlite3_free(err);
      throw soci::soci_error("migration failed: " + msg);
    }
    return;
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  PGresult* res = PQexec(backend->conn_, script.c_str());
  auto status = PQresultStatus(res);
  std::string msg = PQresultErrorMessage(res);
  PQclear(res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw soci::soci_error("migration failed: " + msg);
  }
}

}  // namespace layan::store
