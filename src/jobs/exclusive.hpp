#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "app/app.hpp"

namespace layan::jobs {

// Runs `fn` unless another process or node is running the job `name`;
// returns whether it ran. Exceptions from `fn` propagate after the lock is
// released.
//  - PostgreSQL: pg_try_advisory_lock(job_lock_key(name)) on a pooled
//    session held while `fn` runs (so the pool needs one more session for
//    `fn` itself), unlocked afterwards. A node that dies releases it with
//    its connection.
//  - SQLite: a lease row in job_leases, taken by a conditional upsert in a
//    write transaction, so two processes on one file also exclude each
//    other. It lasts 10 minutes of wall-clock time (not app.clock, which
//    `layan jobs run --at` may move) and is deleted when `fn` returns; a
//    process that dies holding it delays the job until it expires.
bool run_exclusively(App& app, const std::string& name, const std::function<void()>& fn);

// The advisory-lock key of a job: the first 8 bytes of SHA-256("layan.job:"
// + name). Stable across builds and nodes. Pure.
int64_t job_lock_key(const std::string& name);

}  // namespace layan::jobs
