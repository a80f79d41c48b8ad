#include "jobs/exclusive.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "jobs/repo.hpp"
#include "store/database.hpp"

namespace layan::jobs {
namespace {

constexpr std::chrono::minutes kLeaseLength{10};

bool run_with_advisory_lock(App& app, const std::string& name, const std::function<void()>& fn) {
  const int64_t key = job_lock_key(name);
  soci::session lock_sql(app.db->pool());
  if (!repo::try_advisory_lock(lock_sql, key)) return false;
  auto unlock = [&] {
    try {
      repo::advisory_unlock(lock_sql, key);
    } catch (const std::exception& e) {
      // A pooled session must not go back holding the lock: a new
      // connection drops it.
      spdlog::error("job {}: unlock failed ({}); reconnecting", name, store::loggable_error(e));
      try {
        lock_sql.reconnect();
      } catch (...) {
      }
    }
  };
  try {
    fn();
  } catch (...) {
    unlock();
    throw;
  }
  unlock();
  return true;
}

bool run_with_lease(App& app, const std::string& name, const std::function<void()>& fn) {
  const std::string holder = "pid " + std::to_string(::getpid()) + " " + crypto::random_token(9);
  const auto wall = std::chrono::system_clock::now();
  {
    soci::session sql(app.db->pool());
    if (!repo::take_lease(sql, app.db->dialect(), name, holder, format_utc(wall), format_utc(wall + kLeaseLength))) {
      return false;
    }
  }
  auto release = [&] {
    try {
      soci::session sql(app.db->pool());
      repo::release_lease(sql, name, holder);
    } catch (const std::exception& e) {
      spdlog::error("job {}: releasing the lease failed ({}); it expires by itself", name, store::loggable_error(e));
    }
  };
  try {
    fn();
  } catch (...) {
    release();
    throw;
  }
  release();
  return true;
}

}  // namespace

int64_t job_lock_key(const std::string& name) {
  const std::string hex = crypto::sha256_hex("layan.job:" + name);
  return static_cast<int64_t>(std::stoull(hex.substr(0, 16), nullptr, 16));
}

bool run_exclusively(App& app, const std::string& name, const std::function<void()>& fn) {
  if (app.db->dialect() == store::Dialect::kPostgres) return run_with_advisory_lock(app, name, fn);
  return run_with_lease(app, name, fn);
}

}  // namespace layan::jobs
