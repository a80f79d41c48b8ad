#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include "core/clock.hpp"
#include "core/working_days.hpp"

namespace layan::calendar {

// This process's copy of the working-day calendar, held in App (one per
// process, no globals). A calendar is kept for at most kMaxAge, so a holiday
// edited through another node that shares the database counts here within a
// minute; an edit through this node invalidates it at once. Thread-safe.
//
// Building a calendar (calendar::working_days) reads the database without
// holding the lock; the generation counter makes sure a calendar read before
// an invalidation is never kept after it.
class CalendarCache {
 public:
  static constexpr std::chrono::seconds kMaxAge{60};

  // The kept calendar when it was built within kMaxAge before `now` and
  // nothing invalidated it since; otherwise null.
  std::shared_ptr<const WorkingDayCalendar> get(TimePoint now) const;
  // To be read before reading the data a new calendar is built from, and
  // passed to put().
  uint64_t generation() const;
  // Keeps `calendar` (built from data read at `built_at`, after generation()
  // returned `generation`), unless invalidate() was called in between.
  void put(std::shared_ptr<const WorkingDayCalendar> calendar, TimePoint built_at, uint64_t generation);
  // Drops the kept calendar: called after a holiday is written on this node.
  void invalidate();

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const WorkingDayCalendar> calendar_;
  TimePoint built_at_{};
  uint64_t generation_ = 0;
};

}  // namespace layan::calendar
