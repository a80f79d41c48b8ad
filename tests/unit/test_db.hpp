#pragma once

// Databases for repository tests: a fresh SQLite file, and a fresh database
// on the throwaway PostgreSQL server that ctest's pg_start fixture runs
// (its admin URL is in the file named by LAYAN_PG_URL_FILE).

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/crypto.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

namespace layan::testing {

inline std::string pg_admin_url() {
  const char* f = std::getenv("LAYAN_PG_URL_FILE");
  if (!f) return "";
  std::ifstream in(f);
  std::string url;
  std::getline(in, url);
  return url;
}

// Creates a database and returns a URL for it. `kind` is "sqlite" or "postgresql".
inline std::string fresh_database_url(const std::string& kind) {
  static std::atomic<int> counter{0};
  std::string name =
      "t" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + layan::crypto::random_token(4);
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (kind == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / "layan-unit";
    std::filesystem::create_directories(dir);
    return "sqlite:" + (dir / (name + ".db")).string();
  }
  std::string admin = pg_admin_url();
  if (admin.empty()) {
    throw std::runtime_error(
        "no PostgreSQL test server: run through ctest (its pg_start fixture writes "
        "the URL to LAYAN_PG_URL_FILE)");
  }
  auto url = layan::store::parse_db_url(admin);
  auto db = layan::store::Database::open(*url, 1);
  soci::session sql(db->pool());
  sql << "CREATE DATABASE " << name;
  return admin.substr(0, admin.rfind('/') + 1) + name;
}

// Parameter for tests that run on both databases.
class BothDatabases : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    layan::crypto::init();
    auto url = layan::store::parse_db_url(fresh_database_url(GetParam()));
    ASSERT_TRUE(url.ok());
    db_ = layan::store::Database::open(*url, 2);
    layan::store::migrate(*db_, layan::store::embedded_migrations());
  }
  std::unique_ptr<layan::store::Database> db_;
};

}  // namespace layan::testing
