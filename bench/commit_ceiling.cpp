// The durable-commit ceiling of this machine: how many SQLite transactions per
// second commit when each waits for its fsync (WAL, synchronous=FULL), with
// one complaint-sized row (about 1 KB) per transaction. No layan code: this is
// the bound any intake that commits once per request cannot exceed, and what
// group commit (store/group_commit.hpp) is compared with.
//
//   layan_commit_ceiling [--seconds N] [--rows-per-commit K] [--db PATH]
//
// Prints one JSON object, e.g. {"commits_per_s": 4400.0, "rows_per_s": ...}.
// Without --db the database is a new file in $TMPDIR (or /tmp), removed at the
// end; a --db path must not exist yet.
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace {

struct Flags {
  double seconds = 5;
  long rows_per_commit = 1;
  std::string db;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(
      stderr, "layan_commit_ceiling: %s\nusage: layan_commit_ceiling [--seconds N] [--rows-per-commit K] [--db PATH]\n",
      why);
  std::exit(2);
}

Flags parse_flags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string name = argv[i];
    if (name == "--help" || name == "-h") usage("measures durable SQLite commits per second");
    if (i + 1 >= argc) usage(("missing value for " + name).c_str());
    const char* value = argv[++i];
    char* end = nullptr;
    if (name == "--seconds") {
      f.seconds = std::strtod(value, &end);
      if (*end != '\0' || !(f.seconds > 0)) usage("--seconds must be a positive number");
    } else if (name == "--rows-per-commit") {
      f.rows_per_commit = std::strtol(value, &end, 10);
      if (*end != '\0' || f.rows_per_commit < 1) usage("--rows-per-commit must be a positive integer");
    } else if (name == "--db") {
      f.db = value;
    } else {
      usage(("unknown flag " + name).c_str());
    }
  }
  return f;
}

[[noreturn]] void fail(sqlite3* db, const char* what) {
  std::fprintf(stderr, "layan_commit_ceiling: %s: %s\n", what, db ? sqlite3_errmsg(db) : "out of memory");
  std::exit(1);
}

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(db, sql);
}

void step_done(sqlite3* db, sqlite3_stmt* st, const char* what) {
  if (sqlite3_step(st) != SQLITE_DONE) fail(db, what);
  sqlite3_reset(st);
}

// Text of `n` characters, different for each row so pages do not compress
// into repeats of one another.
std::string filler(size_t n, long seed) {
  static const char kWords[] =
      "jalan rusak di depan kantor kelurahan belum diperbaiki sejak laporan bulan lalu mohon ditindaklanjuti ";
  std::string out;
  out.reserve(n);
  size_t offset = static_cast<size_t>(seed) % (sizeof(kWords) - 1);
  while (out.size() < n) out += kWords[offset++ % (sizeof(kWords) - 1)];
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = parse_flags(argc, argv);
  bool remove_after = false;
  if (flags.db.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    flags.db = std::string(tmp && *tmp ? tmp : "/tmp") + "/layan-commit-ceiling-" + std::to_string(::getpid()) + ".db";
    remove_after = true;
  }
  if (std::filesystem::exists(flags.db)) usage(("the database file must not exist yet: " + flags.db).c_str());

  sqlite3* db = nullptr;
  if (sqlite3_open(flags.db.c_str(), &db) != SQLITE_OK) fail(db, "open");
  // The settings of layan's own connections (store/database.cpp).
  exec(db, "PRAGMA journal_mode=WAL");
  exec(db, "PRAGMA synchronous=FULL");
  exec(db, "PRAGMA foreign_keys=ON");
  exec(db, "PRAGMA busy_timeout=10000");
  // Shaped like a complaint: a unique tracking code, references, short texts
  // and a description; about 1 KB per row.
  exec(db,
       "CREATE TABLE complaints (id INTEGER PRIMARY KEY AUTOINCREMENT, tracking_code TEXT NOT NULL UNIQUE, "
       "agency_id INTEGER NOT NULL, service_id INTEGER, channel TEXT NOT NULL, subject TEXT NOT NULL, "
       "description TEXT NOT NULL, reporter_name TEXT NOT NULL, reporter_contact TEXT NOT NULL, "
       "location TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, due_at TEXT NOT NULL)");

  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* commit = nullptr;
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr) != SQLITE_OK) fail(db, "prepare BEGIN");
  if (sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr) != SQLITE_OK) fail(db, "prepare COMMIT");
  if (sqlite3_prepare_v2(db,
                         "INSERT INTO complaints (tracking_code, agency_id, service_id, channel, subject, description, "
                         "reporter_name, reporter_contact, location, status, created_at, due_at) "
                         "VALUES (?, ?, ?, 'web', ?, ?, ?, ?, ?, 'received', ?, ?)",
                         -1, &insert, nullptr) != SQLITE_OK) {
    fail(db, "prepare INSERT");
  }

  long commits = 0;
  long rows = 0;
  size_t text_bytes = 0;  // of the first row's text columns
  const auto start = std::chrono::steady_clock::now();
  const auto stop = start + std::chrono::duration<double>(flags.seconds);
  auto now = start;
  while (now < stop) {
    step_done(db, begin, "BEGIN IMMEDIATE");
    for (long i = 0; i < flags.rows_per_commit; ++i, ++rows) {
      char code[32];
      std::snprintf(code, sizeof code, "ADU-%010ld", rows);
      std::string subject = filler(80, rows);
      std::string description = filler(760, rows * 7);
      std::string name = filler(40, rows * 3);
      std::string contact = "warga" + std::to_string(rows) + "@contoh.id";
      std::string location = filler(60, rows * 5);
      sqlite3_bind_text(insert, 1, code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(insert, 2, 1 + rows % 40);
      sqlite3_bind_int64(insert, 3, 1 + rows % 300);
      sqlite3_bind_text(insert, 4, subject.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 5, description.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 6, name.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 7, contact.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 8, location.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 9, "2026-11-23T08:00:00Z", -1, SQLITE_STATIC);
      sqlite3_bind_text(insert, 10, "2026-12-07T08:00:00Z", -1, SQLITE_STATIC);
      step_done(db, insert, "INSERT");
      if (rows == 0) {
        text_bytes = std::strlen(code) + std::strlen("web") + subject.size() + description.size() + name.size() +
                     contact.size() + location.size() + std::strlen("received") +
                     2 * std::strlen("2026-11-23T08:00:00Z");
      }
    }
    step_done(db, commit, "COMMIT");
    ++commits;
    now = std::chrono::steady_clock::now();
  }
  const double elapsed = std::chrono::duration<double>(now - start).count();

  sqlite3_finalize(begin);
  sqlite3_finalize(commit);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  if (remove_after) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(flags.db + suffix);
  }

  std::printf(
      "{\"commits_per_s\": %.1f, \"rows_per_s\": %.1f, \"commits\": %ld, \"rows\": %ld, \"seconds\": %.3f, "
      "\"rows_per_commit\": %ld, \"text_bytes_per_row\": %zu, \"journal_mode\": \"wal\", \"synchronous\": \"full\", "
      "\"sqlite\": \"%s\"}\n",
      commits / elapsed, rows / elapsed, commits, rows, elapsed, flags.rows_per_commit, text_bytes,
      sqlite3_libversion());
  return 0;
}
