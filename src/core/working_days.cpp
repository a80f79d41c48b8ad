#include "core/working_days.hpp"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace layan {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

// 1970-01-05 was a Monday.
constexpr sys_days kMonday{days{4}};

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Weekdays in [kMonday, kMonday + x) for x >= 0, extended to negative x so
// that weekdays_before(b) - weekdays_before(a) counts the weekdays in [a, b)
// for any a <= b.
int64_t weekdays_before(sys_days day) {
  int64_t x = (day - kMonday).count();
  int64_t weeks = floor_div(x, 7);
  int64_t rest = x - weeks * 7;  // 0..6: Monday..Sunday
  return weeks * 5 + std::min<int64_t>(rest, 5);
}

// The last instant (23:59:59 local) of the civil day `day`, in UTC.
TimePoint end_of_local_day(sys_days day, int offset_hours) {
  return TimePoint(day + days{1}) - std::chrono::hours(offset_hours) - std::chrono::seconds(1);
}

}  // namespace

bool is_weekday(sys_days day) {
  return std::chrono::weekday(day).iso_encoding() <= 5;
}

WorkingDayCalendar::WorkingDayCalendar(std::set<sys_days> non_working_days, int utc_offset_hours)
    : non_working_days_(std::move(non_working_days)), utc_offset_hours_(std::clamp(utc_offset_hours, -12, 14)) {
  assert(utc_offset_hours >= -12 && utc_offset_hours <= 14);
}

bool WorkingDayCalendar::is_working_day(sys_days day) const {
  return is_weekday(day) && non_working_days_.count(day) == 0;
}

sys_days WorkingDayCalendar::local_day(TimePoint t) const {
  return std::chrono::floor<days>(t + std::chrono::hours(utc_offset_hours_));
}

TimePoint WorkingDayCalendar::deadline_after(TimePoint start, int working_days) const {
  int n = std::clamp(working_days, 0, kMaxWorkingDays);
  sys_days day = local_day(start);
  if (n == 0) {
    while (!is_working_day(day)) day += days{1};
    return end_of_local_day(day, utc_offset_hours_);
  }
  // Every 7 days hold 5 weekdays, so this ends within n * 7 / 5 days plus the
  // listed holidays.
  for (int counted = 0; counted < n;) {
    day += days{1};
    if (is_working_day(day)) ++counted;
  }
  return end_of_local_day(day, utc_offset_hours_);
}

int WorkingDayCalendar::working_days_between(TimePoint from, TimePoint to) const {
  if (to <= from) return 0;
  sys_days a = local_day(from), b = local_day(to);
  if (b <= a) return 0;
  // Weekdays in (a, b] by arithmetic, minus the listed weekday holidays there:
  // independent of how far apart the two instants are.
  int64_t weekdays = weekdays_before(b + days{1}) - weekdays_before(a + days{1});
  return static_cast<int>(weekdays - weekday_holidays_in(a, b));
}

int WorkingDayCalendar::weekday_holidays_in(sys_days after, sys_days up_to) const {
  int n = 0;
  for (auto it = non_working_days_.upper_bound(after); it != non_working_days_.end() && *it <= up_to; ++it) {
    if (is_weekday(*it)) ++n;
  }
  return n;
}

std::optional<sys_days> parse_civil_day(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int y = std::stoi(text.substr(0, 4));
  unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
  unsigned d = static_cast<unsigned>(std::stoi(text.substr(8, 2)));
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (y < 1 || !ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

std::string format_civil_day(sys_days day) {
  std::chrono::year_month_day ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace layan
