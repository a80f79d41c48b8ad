#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.hpp"
#include "store/database.hpp"

namespace layan::store {

// Runs units of write work from many threads in shared transactions: each
// caller blocks until the transaction holding its work has committed
// (durable), then gets its own result. One fsync then covers a whole batch, so
// durable writes are no longer capped at one commit per request.
//
// Batches form by leader/follower, without timers: a caller enqueues its work;
// when no batch is in flight it becomes the leader, takes everything queued
// (up to Options::max_batch, oldest first), runs it in one write transaction
// (BEGIN IMMEDIATE on SQLite, BEGIN on PostgreSQL) and commits. Callers that
// arrive meanwhile wait, and form the next batch when the leader is done. A
// caller alone pays no extra latency.
//
// Thread-safe. At most one batch is in flight per GroupCommitter.
class GroupCommitter {
 public:
  struct Options {
    size_t max_batch = 256;  // units per transaction; 0 counts as 1
  };

  // Counters since construction, for benchmarks and metrics.
  struct Stats {
    uint64_t batches = 0;  // transactions attempted
    uint64_t items = 0;    // units of work run in them
  };

  GroupCommitter(Database& db, Options o);
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `work` inside a write transaction shared with other callers, and
  // returns its result once that transaction has committed.
  //
  // Isolation: each unit runs under its own SAVEPOINT. When `work` returns an
  // Error or throws, only its savepoint is rolled back: the caller gets that
  // Error, or its exception rethrown on the caller's thread, and the other
  // units of the batch are unaffected. A unit sees the uncommitted writes of
  // the units before it in the batch (they are one transaction), as it would
  // see them committed had they run one after another.
  //
  // Failures of the batch itself (no connection, BEGIN, COMMIT, or a savepoint
  // that cannot be rolled back because the database dropped the transaction)
  // are broken infrastructure: none of the batch's writes is kept, and every
  // caller of that batch gets a new soci::soci_error describing it, except
  // those whose unit had already failed on its own (they keep that failure).
  // So a caller told of success can rely on its writes being committed.
  //
  // Contract for `work`:
  //  - it runs on the leader's thread, which may be another caller's: it must
  //    not rely on the caller's thread-locals (per-thread caches, loggers'
  //    thread context) and must capture by reference only what outlives the
  //    call (the caller's stack does, since run() blocks);
  //  - it uses only the session it is given, never BEGIN/COMMIT/ROLLBACK on it
  //    (it may use its own savepoints), and never calls run() itself;
  //  - it may be rolled back after returning success (a failed COMMIT), so
  //    side effects outside the database belong after run() returns.
  // The leader leases one connection from the pool per batch: callers must
  // not hold every pooled session while they wait in run().
  template <class T>
  Result<T> run(std::function<Result<T>(soci::session&)> work) {
    std::optional<Result<T>> result;
    execute([&](soci::session& sql) {
      result.emplace(work(sql));
      return result->ok();
    });
    return std::move(*result);
  }

  Stats stats() const { return {batches_.load(std::memory_order_relaxed), items_.load(std::memory_order_relaxed)}; }

  // Units queued and not yet taken by a leader.
  size_t pending() const;

 private:
  // One caller's unit. Lives on the caller's stack until `done`.
  struct Item {
    std::function<bool(soci::session&)> work;  // false: roll its savepoint back
    std::exception_ptr own_failure;            // what `work` threw
    std::optional<std::string> batch_failure;  // why the whole batch failed
    bool done = false;                         // guarded by mu_
  };

  // Enqueues `work`, leads batches while this caller's unit is unfinished and
  // no one else leads, and rethrows this unit's failure.
  void execute(std::function<bool(soci::session&)> work);
  // Runs and commits one batch and records each unit's outcome. noexcept: a
  // leader that left by an exception would leave every other caller waiting.
  void run_batch(std::vector<Item*>& batch) noexcept;

  Database& db_;
  const size_t max_batch_;
  mutable std::mutex mu_;
  std::condition_variable finished_;
  std::deque<Item*> queue_;  // guarded by mu_
  bool leading_ = false;     // guarded by mu_
  std::atomic<uint64_t> batches_{0};
  std::atomic<uint64_t> items_{0};
};

}  // namespace layan::store
