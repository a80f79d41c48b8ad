// Durable inserts of complaint-sized rows (about 1 KB) into a SQLite file
// (WAL, synchronous=FULL), from 1, 8 and 64 threads: through GroupCommitter,
// and one transaction per call as a baseline. items_per_second is rows
// committed per second over all threads; mean_batch is units per transaction.
// Compare with the single-commit ceiling of layan_commit_ceiling.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "store/database.hpp"
#include "store/group_commit.hpp"

namespace {

using namespace layan;

// A fresh database file per benchmark run, shared by the run's threads:
// thread 0 creates it before the threads start their loops and removes it
// after they have all left them (Google Benchmark keeps the threads in step).
class Mall {
 public:
  explicit Mall(size_t pool_size) {
    dir_ = std::filesystem::temp_directory_path() / ("layan-bench-gc-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    db_ = store::Database::open(*store::parse_db_url("sqlite:" + (dir_ / "bench.db").string()), pool_size);
    soci::session sql(db_->pool());
    sql << "CREATE TABLE complaints (id INTEGER PRIMARY KEY AUTOINCREMENT, tracking_code TEXT NOT NULL UNIQUE, "
           "agency_id INTEGER NOT NULL, service_id INTEGER, channel TEXT NOT NULL, subject TEXT NOT NULL, "
           "description TEXT NOT NULL, reporter_name TEXT NOT NULL, reporter_contact TEXT NOT NULL, "
           "location TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, due_at TEXT NOT NULL)";
  }
  ~Mall() {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  store::Database& db() { return *db_; }

  // Inserts one complaint row with a new tracking code and returns its id.
  long long insert(soci::session& sql) {
    static const std::string kSubject(80, 's');
    static const std::string kDescription(760, 'd');
    static const std::string kName(40, 'n');
    static const std::string kLocation(60, 'l');
    std::string code = "ADU-" + std::to_string(next_code_.fetch_add(1));
    std::string contact = "warga-" + code + "@contoh.id";
    long long id = 0;
    sql << "INSERT INTO complaints (tracking_code, agency_id, service_id, channel, subject, description, "
           "reporter_name, reporter_contact, location, status, created_at, due_at) VALUES (:c, 1, 2, 'web', :s, "
           ":d, :n, :k, :l, 'received', '2026-11-23T08:00:00Z', '2026-12-07T08:00:00Z') RETURNING id",
        soci::use(code), soci::use(kSubject), soci::use(kDescription), soci::use(kName), soci::use(contact),
        soci::use(kLocation), soci::into(id);
    return id;
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::atomic<long long> next_code_{0};
};

std::unique_ptr<Mall> g_mall;
std::unique_ptr<store::GroupCommitter> g_committer;

void BM_GroupCommitInsert(benchmark::State& state) {
  if (state.thread_index() == 0) {
    g_mall = std::make_unique<Mall>(2);
    g_committer = std::make_unique<store::GroupCommitter>(g_mall->db(), store::GroupCommitter::Options{});
  }
  for (auto _ : state) {
    auto id = g_committer->run<long long>([](soci::session& sql) -> Result<long long> { return g_mall->insert(sql); });
    if (!id.ok()) state.SkipWithError("insert failed");
    benchmark::DoNotOptimize(id);
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    auto stats = g_committer->stats();
    state.counters["mean_batch"] =
        stats.batches ? static_cast<double>(stats.items) / static_cast<double>(stats.batches) : 0.0;
    g_committer.reset();
    g_mall.reset();
  }
}
BENCHMARK(BM_GroupCommitInsert)->Threads(1)->Threads(8)->Threads(64)->UseRealTime();

// What intake costs without group commit: every caller its own transaction,
// writers queueing on SQLite's busy timeout.
void BM_CommitPerCallInsert(benchmark::State& state) {
  if (state.thread_index() == 0) g_mall = std::make_unique<Mall>(static_cast<size_t>(state.threads()));
  for (auto _ : state) {
    soci::session sql(g_mall->db().pool());
    store::Transaction tx(sql, store::Dialect::kSqlite, store::Transaction::Mode::kWrite);
    benchmark::DoNotOptimize(g_mall->insert(sql));
    tx.commit();
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) g_mall.reset();
}
BENCHMARK(BM_CommitPerCallInsert)->Threads(1)->Threads(8)->UseRealTime();

}  // namespace
