#pragma once

#include <memory>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "accounts/principal.hpp"
#include "calendar/model.hpp"
#include "core/result.hpp"
#include "core/working_days.hpp"

namespace layan {
struct App;
}

namespace layan::calendar {

using accounts::Principal;

// The years whose holidays may be listed and edited.
inline constexpr int kFirstYear = 2000;
inline constexpr int kLastYear = 2100;
// A holiday's name: 1..120 characters (code points), one line.
inline constexpr size_t kNameMaxChars = 120;

// ---- The working-day calendar

// The current calendar: the listed holidays and the UTC offset of the MPP's
// zone (its first location's `timezone`; WIB when there is none). Built from
// the database on first use and kept in app.calendar: rebuilt after a holiday
// is written through this process, and at most CalendarCache::kMaxAge (60 s)
// stale when it was written through another node. Thread-safe; the returned
// calendar is immutable and may be kept for as long as the caller likes.
// Takes a pooled connection when it must rebuild: a caller that already
// holds a session (inside a transaction) passes it instead, so that it never
// waits for a second connection.
std::shared_ptr<const WorkingDayCalendar> working_days(App& app);
std::shared_ptr<const WorkingDayCalendar> working_days(App& app, soci::session& sql);

// The current year in the MPP's zone.
int current_year(App& app);

// ---- Validation: pure, every bad field reported at once (kValidation, field
// names "day", "name", "kind", with Indonesian and English messages). Trims
// nothing: callers pass trimmed text.

// day: a real date "YYYY-MM-DD" in kFirstYear..kLastYear; name: 1..120
// characters of UTF-8 text without control characters; kind: libur_nasional
// or cuti_bersama.
Status validate_holiday(const HolidayInput& in);
Status validate_holiday_change(const HolidayChange& in);

// ---- Reads: the calendar is public (kReadPublic).

// The holidays of `year`, by day; kValidation (field "year") outside
// kFirstYear..kLastYear.
Result<std::vector<Holiday>> list_holidays(App& app, const Principal& who, int year);
// kNotFound when `day` is not listed (or is not a date at all).
Result<Holiday> get_holiday(App& app, const Principal& who, const std::string& day);

// ---- Writes: accounts::Action::kManageCalendar (the mall manager) is checked
// first, then the input, then the row is written with an audit event in one
// transaction, and this process's calendar is rebuilt on next use.

// kConflict (with a field error on "day") when the day is already listed.
Result<Holiday> create_holiday(App& app, const Principal& who, const HolidayInput& in);
// Changes name and kind; kNotFound when `day` is not listed.
Result<Holiday> update_holiday(App& app, const Principal& who, const std::string& day, const HolidayChange& in);
// kNotFound when `day` is not listed.
Status delete_holiday(App& app, const Principal& who, const std::string& day);

}  // namespace layan::calendar
