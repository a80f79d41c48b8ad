// Background jobs: one node at a time (PostgreSQL advisory locks, SQLite
// leases), and a runner that survives failing jobs and stops on request.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "app/app.hpp"
#include "jobs/exclusive.hpp"
#include "jobs/register.hpp"
#include "jobs/runner.hpp"
#include "test_db.hpp"

namespace layan::jobs {
namespace {

using namespace std::chrono_literals;

TEST(JobLockKey, IsStableAndDistinct) {
  // SHA-256("layan.job:outbox")[0..8]: nodes running different builds must agree.
  EXPECT_EQ(job_lock_key("outbox"), -415018565605673867LL);
  EXPECT_EQ(job_lock_key("outbox"), job_lock_key("outbox"));
  EXPECT_NE(job_lock_key("outbox"), job_lock_key("complaints.escalation"));
}

// Two "nodes": two connection pools on the same database.
class Exclusive : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    auto url = db_->url();
    node_a_.db = std::move(db_);
    node_b_.db = store::Database::open(url, 2);
    node_a_.clock = node_b_.clock = &clock_;
  }
  SystemClock clock_;
  App node_a_, node_b_;
};

TEST_P(Exclusive, ASecondNodeDoesNotRunAJobThatIsRunning) {
  int ran = 0;
  bool inner_a = true, inner_b = true, other_job = false;
  bool outer = run_exclusively(node_a_, "outbox", [&] {
    ++ran;
    inner_b = run_exclusively(node_b_, "outbox", [&] { ++ran; });
    // The same node's other sessions are excluded too (several threads, or
    // `layan jobs run` beside `layan serve` on one machine).
    inner_a = run_exclusively(node_a_, "outbox", [&] { ++ran; });
    other_job = run_exclusively(node_b_, "complaints.escalation", [] {});
  });
  EXPECT_TRUE(outer);
  EXPECT_FALSE(inner_b);
  EXPECT_FALSE(inner_a);
  EXPECT_TRUE(other_job) << "other jobs are not held up";
  EXPECT_EQ(ran, 1);
  EXPECT_TRUE(run_exclusively(node_b_, "outbox", [&] { ++ran; })) << "released when the first run ended";
  EXPECT_EQ(ran, 2);
}

TEST_P(Exclusive, AThrowingJobReleasesTheLock) {
  EXPECT_THROW(run_exclusively(node_a_, "outbox", [] { throw std::runtime_error("boom"); }), std::runtime_error);
  EXPECT_TRUE(run_exclusively(node_b_, "outbox", [] {}));
}

TEST_P(Exclusive, ConcurrentNodesNeverOverlap) {
  std::atomic<int> inside{0}, overlaps{0}, runs{0};
  auto hammer = [&](App& app) {
    for (int i = 0; i < 20; ++i) {
      run_exclusively(app, "outbox", [&] {
        if (inside.fetch_add(1) != 0) overlaps++;
        runs++;
        std::this_thread::sleep_for(2ms);
        inside.fetch_sub(1);
      });
    }
  };
  std::thread a([&] { hammer(node_a_); });
  std::thread b([&] { hammer(node_b_); });
  a.join();
  b.join();
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_GT(runs.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Db, Exclusive, ::testing::Values("sqlite", "postgresql"));

class Lease : public Exclusive {};

TEST_P(Lease, AnExpiredLeaseIsTakenOverAndALiveOneIsNot) {
  soci::session sql(node_a_.db->pool());
  const auto now = std::chrono::system_clock::now();
  std::string past = format_utc(now - 1min), future = format_utc(now + 5min);
  sql << "INSERT INTO job_leases (name, holder, until) VALUES ('outbox', 'a crashed process', :u)", soci::use(past);
  sql << "INSERT INTO job_leases (name, holder, until) VALUES ('busy', 'a live process', :u)", soci::use(future);
  EXPECT_TRUE(run_exclusively(node_b_, "outbox", [] {}));
  EXPECT_FALSE(run_exclusively(node_b_, "busy", [] {}));
  int left = -1;
  sql << "SELECT COUNT(*) FROM job_leases WHERE name = 'outbox'", soci::into(left);
  EXPECT_EQ(left, 0) << "the lease is given up after the run";
}

INSTANTIATE_TEST_SUITE_P(Db, Lease, ::testing::Values("sqlite"));

class RunnerTest : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    app_.db = std::move(db_);
    app_.clock = &clock_;
    spdlog::set_level(spdlog::level::off);  // the failing job's error is expected
  }
  void TearDown() override { spdlog::set_level(spdlog::level::info); }
  SystemClock clock_;
  App app_;
};

TEST_P(RunnerTest, RunAllOnceReportsEachJob) {
  Runner runner(app_);
  TimePoint seen{};
  runner.add("first", 10s, [&](App&, TimePoint now) { seen = now; });
  runner.add("broken", 10s, [](App&, TimePoint) { throw std::runtime_error("boom"); });
  runner.add("held", 10s, [](App&, TimePoint) {});
  std::vector<RunRecord> records;
  TimePoint at;
  ASSERT_TRUE(parse_utc("2026-12-01T00:00:00Z", at));
  App other;
  other.db = store::Database::open(app_.db->url(), 2);
  run_exclusively(other, "held", [&] { records = runner.run_all_once(at); });
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].name, "first");
  EXPECT_EQ(records[0].outcome, Outcome::kRan);
  EXPECT_EQ(records[1].outcome, Outcome::kFailed);
  EXPECT_EQ(records[2].outcome, Outcome::kSkipped);
  EXPECT_EQ(seen, at) << "jobs see the time they are run at";
}

TEST_P(RunnerTest, AFailingJobDoesNotStopTheOthersAndStopReturns) {
  Runner runner(app_);
  std::atomic<int> broken{0}, counted{0};
  runner.add("broken", 1h, [&](App&, TimePoint) {
    broken++;
    throw std::runtime_error("boom");
  });
  runner.add("counted", 1h, [&](App&, TimePoint) { counted++; });
  runner.start();
  for (int i = 0; i < 500 && counted.load() == 0; ++i) std::this_thread::sleep_for(10ms);
  runner.stop();
  EXPECT_EQ(broken.load(), 1);
  EXPECT_EQ(counted.load(), 1) << "each job ran at start, and not again within the hour";
  runner.stop();  // idempotent
}

TEST_P(RunnerTest, TheOutboxJobIsRegistered) {
  Runner runner(app_);
  register_all(runner);
  auto names = runner.names();
  EXPECT_NE(std::find(names.begin(), names.end(), "outbox"), names.end());
  TimePoint at;
  ASSERT_TRUE(parse_utc("2026-12-01T00:00:00Z", at));
  for (const auto& r : runner.run_all_once(at)) EXPECT_EQ(r.outcome, Outcome::kRan) << r.name;
}

INSTANTIATE_TEST_SUITE_P(Db, RunnerTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::jobs
