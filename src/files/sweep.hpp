#pragma once

#include <chrono>
#include <cstdint>

#include <soci/soci.h>

#include "core/clock.hpp"
#include "files/store.hpp"

namespace layan {
struct App;
}

namespace layan::files {

struct SweepResult {
  uint64_t removed = 0;  // files (and leftovers of interrupted writes) deleted
  uint64_t bytes = 0;    // their size
  uint64_t kept = 0;     // files a stored_files row refers to, or too recent to judge
};

// Deletes from the store what no record refers to: files without a
// stored_files row whose last write, or last put() of the same bytes, is
// older than `grace` (before `now`), and temporary files of interrupted
// writes as old. Such files come from requests that stored their uploads and
// were then refused (a rate limit) or failed (the database), since files are
// written before the transaction that records them.
//
// `grace` must outlast any such transaction (a day is plenty). A file is
// first renamed aside, then checked again (its time and its row), then
// deleted or put back, so a put() racing with the sweep either renews the
// file before it is taken (and it is put back) or finds it gone (and writes
// it again). Leftovers of a sweep that stopped half-way are put back when
// recorded and deleted otherwise. Throws std::system_error when the disk
// fails, soci::soci_error when the database does.
SweepResult sweep_orphans(const Store& store, soci::session& sql, TimePoint now, std::chrono::seconds grace);

// The background job: sweep_orphans with a grace of one day; logs what it
// removed. Runs only where the server stores files (app.files).
void sweep_job(App& app, TimePoint now);

}  // namespace layan::files
