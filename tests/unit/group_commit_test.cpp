#include "store/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/migrations.hpp"
#include "test_db.hpp"

namespace layan::store {
namespace {

// What one caller of run() got back.
struct Outcome {
  bool ok = false;
  long long id = 0;
  std::optional<ErrorKind> error;  // an Error returned by run()
  std::string exception;           // what() of an exception thrown by run()
  bool constraint_violation = false;
};

long long insert_row(soci::session& sql, const std::string& label) {
  long long id = 0;
  sql << "INSERT INTO gc_rows (label) VALUES (:l) RETURNING id", soci::use(label), soci::into(id);
  return id;
}

// Calls run() with `work` and records the outcome instead of letting an
// exception escape the caller's thread.
Outcome call(GroupCommitter& gc, std::function<Result<long long>(soci::session&)> work) {
  Outcome out;
  try {
    auto r = gc.run<long long>(std::move(work));
    if (r.ok()) {
      out.ok = true;
      out.id = *r;
    } else {
      out.error = r.error().kind;
    }
  } catch (const soci::soci_error& e) {
    out.exception = e.what();
    out.constraint_violation = is_constraint_violation(e);
  } catch (const std::exception& e) {
    out.exception = e.what();
  }
  return out;
}

Outcome call_insert(GroupCommitter& gc, const std::string& label) {
  return call(gc, [label](soci::session& sql) -> Result<long long> { return insert_row(sql, label); });
}

bool wait_until(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// Runs each caller on its own thread while a first unit keeps the committer
// busy until all of them are queued behind it, so that they are certain to
// form the following batch(es) together, whatever the scheduling.
void run_queued_together(GroupCommitter& gc, std::vector<std::function<void()>> callers) {
  const auto batches_before = gc.stats().batches;
  bool all_queued = false;
  std::string leader_failure;
  std::thread leader([&] {
    try {
      (void)gc.run<Ok>([&](soci::session&) -> Status {
        all_queued = wait_until([&] { return gc.pending() == callers.size(); });
        return ok_status();
      });
    } catch (const std::exception& e) {
      leader_failure = e.what();
    }
  });
  EXPECT_TRUE(wait_until([&] { return gc.stats().batches > batches_before; })) << "the first unit never ran";
  std::vector<std::thread> threads;
  for (auto& c : callers) threads.emplace_back(c);
  for (auto& t : threads) t.join();
  leader.join();
  EXPECT_EQ(leader_failure, "");
  EXPECT_TRUE(all_queued) << "the callers did not all queue behind the first unit";
}

class GroupCommitDb : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    soci::session sql(db_->pool());
    exec_script(sql, db_->dialect(),
                render_migration("CREATE TABLE gc_rows (id @ID@, label TEXT NOT NULL UNIQUE);\n"
                                 "CREATE TABLE gc_parents (id @ID@);\n"
                                 "CREATE TABLE gc_children (id @ID@, parent_id BIGINT NOT NULL\n"
                                 "  REFERENCES gc_parents (id) DEFERRABLE INITIALLY DEFERRED);\n",
                                 db_->dialect()));
  }

  // The committed rows, by id.
  std::map<long long, std::string> rows() {
    soci::session sql(db_->pool());
    std::map<long long, std::string> out;
    // Typed reads only (soci::row types differ per backend); far more room
    // than any test writes, so one fetch reads every row.
    std::vector<long long> ids(10000);
    std::vector<std::string> labels(10000);
    sql << "SELECT id, label FROM gc_rows ORDER BY id", soci::into(ids), soci::into(labels);
    for (size_t i = 0; i < ids.size(); ++i) out[ids[i]] = labels[i];
    return out;
  }

  bool has_label(const std::string& label) {
    for (const auto& [id, l] : rows()) {
      if (l == label) return true;
    }
    return false;
  }

  // Inserts `per_thread` rows from each of `threads` threads through `gc`
  // and checks that every row is stored and each caller got its own row's id.
  void insert_from_threads(GroupCommitter& gc, int threads, int per_thread) {
    std::vector<std::vector<std::pair<std::string, Outcome>>> seen(threads);
    std::vector<std::thread> running;
    for (int t = 0; t < threads; ++t) {
      running.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          std::string label = "t" + std::to_string(t) + "-" + std::to_string(i);
          seen[t].emplace_back(label, call_insert(gc, label));
        }
      });
    }
    for (auto& th : running) th.join();
    auto stored = rows();
    EXPECT_EQ(stored.size(), static_cast<size_t>(threads * per_thread));
    for (const auto& mine : seen) {
      for (const auto& [label, outcome] : mine) {
        ASSERT_TRUE(outcome.ok) << label << ": " << outcome.exception;
        EXPECT_EQ(stored[outcome.id], label) << "the id returned to the caller must be the id of its own row";
      }
    }
  }
};

TEST_P(GroupCommitDb, ManyThreadsEachGetTheirOwnRow) {
  GroupCommitter gc(*db_, {});
  insert_from_threads(gc, 16, 25);
  EXPECT_EQ(gc.stats().items, 16u * 25u);
}

TEST_P(GroupCommitDb, ConstraintViolationLosesOnlyItsOwnUnit) {
  GroupCommitter gc(*db_, {});
  ASSERT_TRUE(call_insert(gc, "taken").ok);
  Outcome a, b, duplicate, twin1, twin2;
  run_queued_together(gc, {
                              [&] { a = call_insert(gc, "a"); },
                              [&] { duplicate = call_insert(gc, "taken"); },
                              [&] { twin1 = call_insert(gc, "twin"); },
                              [&] { twin2 = call_insert(gc, "twin"); },
                              [&] { b = call_insert(gc, "b"); },
                          });
  EXPECT_EQ(gc.stats().batches, 3u) << "the five callers must have shared one transaction";

  EXPECT_TRUE(a.ok);
  EXPECT_TRUE(b.ok);
  EXPECT_FALSE(duplicate.ok);
  EXPECT_TRUE(duplicate.constraint_violation) << duplicate.exception;
  EXPECT_NE(twin1.ok, twin2.ok) << "exactly one of two equal inserts in one batch wins";
  EXPECT_TRUE(twin1.constraint_violation || twin2.constraint_violation);

  auto stored = rows();
  EXPECT_EQ(stored.size(), 4u);
  EXPECT_EQ(stored[a.id], "a");
  EXPECT_EQ(stored[b.id], "b");
  EXPECT_EQ(stored[twin1.ok ? twin1.id : twin2.id], "twin");
}

TEST_P(GroupCommitDb, ErrorsAndExceptionsAreContained) {
  GroupCommitter gc(*db_, {});
  Outcome a, refused, thrown, not_std, b;
  run_queued_together(gc, {
                              [&] { a = call_insert(gc, "a"); },
                              [&] {
                                refused = call(gc, [](soci::session& sql) -> Result<long long> {
                                  insert_row(sql, "refused");
                                  return Error::conflict("refused after writing");
                                });
                              },
                              [&] {
                                thrown = call(gc, [](soci::session& sql) -> Result<long long> {
                                  insert_row(sql, "thrown");
                                  throw std::runtime_error("boom");
                                });
                              },
                              [&] {
                                try {
                                  (void)gc.run<long long>([](soci::session& sql) -> Result<long long> {
                                    insert_row(sql, "not-std");
                                    throw 42;
                                  });
                                } catch (int v) {
                                  not_std.ok = v == 42;
                                }
                              },
                              [&] { b = call_insert(gc, "b"); },
                          });
  EXPECT_EQ(gc.stats().batches, 2u);

  EXPECT_TRUE(a.ok);
  EXPECT_TRUE(b.ok);
  EXPECT_EQ(refused.error, ErrorKind::kConflict);
  EXPECT_EQ(thrown.exception, "boom") << "the caller gets the exception its own work threw";
  EXPECT_TRUE(not_std.ok) << "any exception, not only std::exception, reaches its caller";
  EXPECT_FALSE(has_label("refused")) << "a unit that returns an Error is rolled back";
  EXPECT_FALSE(has_label("thrown"));
  EXPECT_FALSE(has_label("not-std"));
  EXPECT_EQ(rows().size(), 2u);
}

TEST_P(GroupCommitDb, MaxBatchOneCommitsEachUnitAlone) {
  GroupCommitter gc(*db_, {.max_batch = 1});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 10;
  insert_from_threads(gc, kThreads, kPerThread);
  EXPECT_EQ(gc.stats().batches, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_EQ(gc.stats().items, static_cast<uint64_t>(kThreads * kPerThread));
}

TEST_P(GroupCommitDb, WaitingCallersFormTheNextBatchesUpToMaxBatch) {
  GroupCommitter gc(*db_, {.max_batch = 4});
  std::vector<Outcome> outcomes(10);
  std::vector<std::function<void()>> callers;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    callers.push_back([&, i] { outcomes[i] = call_insert(gc, "r" + std::to_string(i)); });
  }
  run_queued_together(gc, callers);
  // The first unit alone, then the ten queued behind it as 4 + 4 + 2.
  EXPECT_EQ(gc.stats().batches, 4u);
  EXPECT_EQ(gc.stats().items, 11u);
  auto stored = rows();
  for (size_t i = 0; i < outcomes.size(); ++i) {
    ASSERT_TRUE(outcomes[i].ok) << outcomes[i].exception;
    EXPECT_EQ(stored[outcomes[i].id], "r" + std::to_string(i));
  }
}

TEST_P(GroupCommitDb, FailedCommitFailsEveryCallerOfTheBatch) {
  GroupCommitter gc(*db_, {});
  Outcome a, orphan, refused, b;
  run_queued_together(
      gc, {
              [&] { a = call_insert(gc, "a"); },
              [&] {
                // A deferred foreign key is checked only at COMMIT.
                orphan = call(gc, [](soci::session& sql) -> Result<long long> {
                  sql << "INSERT INTO gc_children (parent_id) VALUES (999)";
                  return 0;
                });
              },
              [&] {
                refused = call(gc, [](soci::session& sql) -> Result<long long> { return Error::conflict("refused"); });
              },
              [&] { b = call_insert(gc, "b"); },
          });
  EXPECT_EQ(gc.stats().batches, 2u);
  for (const Outcome* o : {&a, &orphan, &b}) {
    EXPECT_FALSE(o->ok);
    EXPECT_NE(o->exception.find("group commit failed"), std::string::npos) << o->exception;
  }
  EXPECT_EQ(refused.error, ErrorKind::kConflict) << "a unit that failed on its own keeps its own failure";
  EXPECT_TRUE(rows().empty()) << "nothing of a failed batch is kept";
  int children = -1;
  {
    soci::session sql(db_->pool());
    sql << "SELECT COUNT(*) FROM gc_children", soci::into(children);
  }
  EXPECT_EQ(children, 0);

  auto after = call_insert(gc, "after");
  EXPECT_TRUE(after.ok) << "the committer works again after a failed batch: " << after.exception;
  EXPECT_TRUE(has_label("after"));
}

TEST_P(GroupCommitDb, ADroppedTransactionFailsTheBatchInsteadOfRunningOnWithoutOne) {
  GroupCommitter gc(*db_, {});
  Outcome a, dropper, b;
  run_queued_together(gc, {
                              [&] { a = call_insert(gc, "a"); },
                              [&] {
                                // What SQLite does by itself after some I/O errors: the
                                // transaction is gone, so this unit's savepoint cannot be
                                // rolled back and units after it would run in autocommit.
                                dropper = call(gc, [](soci::session& sql) -> Result<long long> {
                                  insert_row(sql, "dropper");
                                  sql << "ROLLBACK";
                                  return Error::conflict("dropped");
                                });
                              },
                              [&] { b = call_insert(gc, "b"); },
                          });
  EXPECT_EQ(dropper.error, ErrorKind::kConflict);
  for (const Outcome* o : {&a, &b}) {
    EXPECT_FALSE(o->ok);
    EXPECT_NE(o->exception.find("group commit failed"), std::string::npos) << o->exception;
  }
  EXPECT_TRUE(rows().empty());
  EXPECT_TRUE(call_insert(gc, "after").ok);
  EXPECT_TRUE(has_label("after"));
}

INSTANTIATE_TEST_SUITE_P(Db, GroupCommitDb, ::testing::Values("sqlite", "postgresql"));

// Batching under real concurrency, on a SQLite file where each COMMIT waits
// for an fsync: callers arriving during a commit must share the next one.
using GroupCommitOnSqlite = GroupCommitDb;

TEST_P(GroupCommitOnSqlite, ConcurrentCallersShareCommits) {
  GroupCommitter gc(*db_, {});
  constexpr int kThreads = 16;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!call_insert(gc, "t" + std::to_string(t) + "-" + std::to_string(i)).ok) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  auto stats = gc.stats();
  EXPECT_EQ(stats.items, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_GT(static_cast<double>(stats.items) / static_cast<double>(stats.batches), 1.0)
      << stats.batches << " batches for " << stats.items << " units";
  EXPECT_EQ(rows().size(), static_cast<size_t>(kThreads * kPerThread));
}

INSTANTIATE_TEST_SUITE_P(Db, GroupCommitOnSqlite, ::testing::Values("sqlite"));

}  // namespace
}  // namespace layan::store
