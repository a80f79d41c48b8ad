#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "calendar/model.hpp"

namespace layan::calendar::repo {

// All SQL of the working-day calendar (table `holidays`). Callers own
// transactions and authorization; these functions only read and write rows.
// Days are 'YYYY-MM-DD' text, so ranges compare as text on both databases.

// Holidays with first <= day <= last, by day.
std::vector<Holiday> list_holidays(soci::session& sql, const std::string& first, const std::string& last);
// Every listed day, in order (what the WorkingDayCalendar is built from).
std::vector<std::string> all_holiday_days(soci::session& sql);
std::optional<Holiday> find_holiday(soci::session& sql, const std::string& day);
// Throws soci::soci_error on a duplicate day (a constraint violation).
void insert_holiday(soci::session& sql, const std::string& day, const std::string& name, HolidayKind kind,
                    const std::string& now);
// False when no such day is listed.
bool update_holiday(soci::session& sql, const std::string& day, const std::string& name, HolidayKind kind,
                    const std::string& now);
// False when no such day is listed.
bool delete_holiday(soci::session& sql, const std::string& day);

}  // namespace layan::calendar::repo
