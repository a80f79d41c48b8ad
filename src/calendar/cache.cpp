#include "calendar/cache.hpp"

namespace layan::calendar {

std::shared_ptr<const WorkingDayCalendar> CalendarCache::get(TimePoint now) const {
  std::lock_guard lock(mu_);
  // A clock that went backwards (tests, a corrected system clock) also
  // rebuilds: the age of the kept calendar is then unknown.
  if (!calendar_ || now < built_at_ || now - built_at_ >= kMaxAge) return nullptr;
  return calendar_;
}

uint64_t CalendarCache::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

void CalendarCache::put(std::shared_ptr<const WorkingDayCalendar> calendar, TimePoint built_at, uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  calendar_ = std::move(calendar);
  built_at_ = built_at;
}

void CalendarCache::invalidate() {
  std::lock_guard lock(mu_);
  ++generation_;
  calendar_.reset();
}

}  // namespace layan::calendar
