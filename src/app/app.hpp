#pragma once

#include <functional>
#include <memory>

#include "calendar/cache.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "store/database.hpp"

namespace layan::web {
class Templates;
class Metrics;
}  // namespace layan::web

namespace layan::files {
class Store;
}
namespace layan::store {
class GroupCommitter;
}

namespace layan {

// Everything a request or command needs, passed explicitly (no globals).
// Owned by main(); outlives every request.
struct App {
  Config config;
  std::unique_ptr<store::Database> db;
  const Clock* clock = nullptr;
  web::Templates* templates = nullptr;  // null in commands that render nothing
  web::Metrics* metrics = nullptr;
  // The working-day calendar of this process (calendar::working_days() reads
  // through it). Created with the App; thread-safe.
  calendar::CalendarCache calendar;
  files::Store* files = nullptr;  // uploaded files under config.data_dir; null in commands that store none
  // Durable intake: concurrent complaint submissions share one commit.
  store::GroupCommitter* intake = nullptr;
  // Asks the outbox job to deliver what was just queued (set by `serve`);
  // without it, delivery waits for the job's next run.
  std::function<void()> wake_outbox;
};

}  // namespace layan
