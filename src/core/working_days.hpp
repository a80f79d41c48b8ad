#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "core/clock.hpp"

namespace layan {

// Which civil days are working days in one MPP: Monday–Friday except the listed non-working days.
// Times are converted to the MPP's local civil day with a fixed UTC offset in hours (Indonesia has
// no DST: WIB +7, WITA +8, WIT +9). Immutable, thread-safe.
//
// Complaint and service deadlines are counted in hari kerja: Monday to Friday
// minus the national holidays (libur nasional) and the collective leave days
// (cuti bersama) of the year's SKB 3 Menteri. The non-working days are data
// (the `holidays` table, see calendar/service.hpp), never hard-coded here.
class WorkingDayCalendar {
 public:
  // Deadlines further out than this many working days (about 40 years) are
  // clamped to it: far beyond any rule of the MPP, and well inside the range
  // of TimePoint.
  static constexpr int kMaxWorkingDays = 10000;

  // `utc_offset_hours` must be within -12..14 (a programmer error otherwise;
  // it is clamped to that range). Weekend days in `non_working_days` are
  // allowed and change nothing.
  WorkingDayCalendar(std::set<std::chrono::sys_days> non_working_days, int utc_offset_hours);

  // Monday to Friday and not a listed non-working day.
  bool is_working_day(std::chrono::sys_days day) const;
  // The civil day in the MPP's zone at instant `t`.
  std::chrono::sys_days local_day(TimePoint t) const;
  // The deadline `working_days` working days after `start`: the end (local 23:59:59) of the n-th
  // working day after start's local day, as a UTC TimePoint. Day 1 is the first working day after
  // the start day (a report on Friday with 3 working days is due at the end of Wednesday; on a
  // Saturday, also Wednesday). n == 0: end of start's day if it is a working day, else end of the
  // next working day. A negative n counts as 0; n above kMaxWorkingDays as kMaxWorkingDays.
  TimePoint deadline_after(TimePoint start, int working_days) const;
  // Whole working days strictly after from's local day up to and including to's local day
  // (0 when to <= from). working_days_between(start, deadline_after(start, n)) == n for every
  // n >= 1, and for n == 0 when start's local day is a working day (otherwise the n == 0
  // deadline falls on the next working day, which counts 1).
  int working_days_between(TimePoint from, TimePoint to) const;
  int utc_offset_hours() const { return utc_offset_hours_; }
  // The listed non-working days, weekends included as given.
  const std::set<std::chrono::sys_days>& non_working_days() const { return non_working_days_; }

 private:
  // Listed non-working days that fall on a weekday, in (after, up_to].
  int weekday_holidays_in(std::chrono::sys_days after, std::chrono::sys_days up_to) const;

  std::set<std::chrono::sys_days> non_working_days_;
  int utc_offset_hours_;
};

// Monday to Friday.
bool is_weekday(std::chrono::sys_days day);

// Parses a real calendar date written "YYYY-MM-DD" (exactly that shape, years
// 0001..9999): "2026-02-29" and "2026-1-5" are nullopt.
std::optional<std::chrono::sys_days> parse_civil_day(const std::string& text);
// "2026-03-20".
std::string format_civil_day(std::chrono::sys_days day);

}  // namespace layan
