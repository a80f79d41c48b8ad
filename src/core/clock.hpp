#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace layan {

using TimePoint = std::chrono::system_clock::time_point;

// Source of the current time. Injected everywhere time matters so that tests
// can move time (deadlines, expiry, escalation) instead of sleeping.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told to. Thread-compatible, not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start) {}
  TimePoint now() const override { return now_; }
  void advance(std::chrono::seconds by) { now_ += by; }
  void set(TimePoint t) { now_ = t; }

 private:
  TimePoint now_;
};

// "2026-11-23T04:05:06Z". Times are stored in UTC in this form everywhere: it
// sorts lexically, so it compares correctly in SQL on both databases.
std::string format_utc(TimePoint t);
// Parses the form above (also accepts a "+00:00" suffix); false on failure.
bool parse_utc(const std::string& s, TimePoint& out);
// "2026-11-23" in UTC.
std::string format_date(TimePoint t);
// Seconds since the epoch.
int64_t unix_seconds(TimePoint t);

}  // namespace layan
