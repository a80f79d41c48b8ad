#include "files/sweep.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.hpp"
#include "files/repo.hpp"
#include "test_db.hpp"

namespace layan::files {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class Sweep : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    dir_ = fs::temp_directory_path() / ("layan-sweep-" + crypto::random_token(6));
    auto s = Store::open(dir_);
    ASSERT_TRUE(s.ok());
    store_.emplace(std::move(*s));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Stores `bytes` and dates the file `age` before now_.
  std::string put(const std::string& bytes, std::chrono::seconds age) {
    const std::string sha = crypto::sha256_hex(bytes);
    EXPECT_TRUE(store_->put(sha, bytes).ok());
    set_age(store_->path_of(sha), age);
    return sha;
  }
  void set_age(const fs::path& p, std::chrono::seconds age) {
    fs::last_write_time(p, std::chrono::file_clock::from_sys(now_ - age));
  }
  void record(const std::string& sha, size_t size) {
    soci::session sql(db_->pool());
    repo::record_file(sql, StoredFile{sha, "image/png", static_cast<int64_t>(size), "2026-11-01T00:00:00Z"});
  }
  SweepResult sweep() {
    soci::session sql(db_->pool());
    return sweep_orphans(*store_, sql, now_, 24h);
  }
  bool exists(const std::string& sha) { return fs::exists(store_->path_of(sha)); }

  fs::path dir_;
  std::optional<Store> store_;
  // Real time: put() dates what it renews by the real clock.
  TimePoint now_ = std::chrono::time_point_cast<TimePoint::duration>(std::chrono::system_clock::now());
};

TEST_P(Sweep, RemovesOldUnrecordedFilesOnly) {
  const std::string recorded_old = put("direkam dan lama", 48h);
  record(recorded_old, 16);
  const std::string orphan_old = put("yatim dan lama", 25h);
  const std::string orphan_new = put("yatim dan baru", 23h);
  auto r = sweep();
  EXPECT_EQ(r.removed, 1u);
  EXPECT_EQ(r.bytes, std::string("yatim dan lama").size());
  EXPECT_EQ(r.kept, 2u);
  EXPECT_TRUE(exists(recorded_old));
  EXPECT_FALSE(exists(orphan_old));
  EXPECT_TRUE(exists(orphan_new)) << "its transaction may still be running";
  EXPECT_EQ(sweep().removed, 0u) << "nothing left to do";
}

TEST_P(Sweep, PuttingTheSameBytesAgainRenewsAFile) {
  const std::string bytes = "unggahan ulang";
  const std::string sha = put(bytes, 30h);
  ASSERT_TRUE(store_->put(sha, bytes).ok()) << "a new upload of the same bytes";
  EXPECT_EQ(sweep().removed, 0u);
  EXPECT_TRUE(exists(sha));
}

TEST_P(Sweep, PutWritesAgainWhatASweepTookAway) {
  const std::string bytes = "disapu lalu diunggah lagi";
  const std::string sha = put(bytes, 30h);
  EXPECT_EQ(sweep().removed, 1u);
  ASSERT_TRUE(store_->put(sha, bytes).ok());
  auto back = store_->get(sha);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
}

TEST_P(Sweep, CleansLeftoversOfInterruptedWritesAndSweeps) {
  const std::string kept = put("direkam", 48h);
  record(kept, 7);
  const fs::path dir = store_->path_of(kept).parent_path();
  // A sweep that stopped after taking a recorded file aside: it comes back.
  fs::rename(store_->path_of(kept), dir / (".sweep-" + kept));
  // One that took an unrecorded file aside: it goes.
  const std::string orphan = put("yatim", 48h);
  fs::rename(store_->path_of(orphan), store_->path_of(orphan).parent_path() / (".sweep-" + orphan));
  // Temporary files of interrupted writes: an old one goes, a fresh one stays.
  std::ofstream(dir / ".tmp-old") << "setengah";
  set_age(dir / ".tmp-old", 25h);
  std::ofstream(dir / ".tmp-new") << "sedang ditulis";
  // Not the store's: untouched.
  std::ofstream(store_->root() / "README") << "bukan berkas toko";
  set_age(store_->root() / "README", 100h);

  sweep();
  EXPECT_TRUE(exists(kept));
  EXPECT_FALSE(fs::exists(dir / (".sweep-" + kept)));
  EXPECT_FALSE(fs::exists(store_->path_of(orphan).parent_path() / (".sweep-" + orphan)));
  EXPECT_FALSE(exists(orphan));
  EXPECT_FALSE(fs::exists(dir / ".tmp-old"));
  EXPECT_TRUE(fs::exists(dir / ".tmp-new"));
  EXPECT_TRUE(fs::exists(store_->root() / "README"));
}

INSTANTIATE_TEST_SUITE_P(Db, Sweep, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::files
