#include "calendar/repo.hpp"

namespace layan::calendar::repo {
namespace {

// Typed row destination (soci::row types differ between backends).
struct HolidayRow {
  std::string day, name, kind, created_at, updated_at;

  Holiday to_holiday() const {
    return {day, name, parse_holiday_kind(kind).value_or(HolidayKind::kLiburNasional), created_at, updated_at};
  }
};

constexpr const char* kSelect = "SELECT day, name, kind, created_at, updated_at FROM holidays ";

#define LAYAN_HOLIDAY_INTO(r)                                                                  \
  soci::into((r).day), soci::into((r).name), soci::into((r).kind), soci::into((r).created_at), \
      soci::into((r).updated_at)

}  // namespace

std::vector<Holiday> list_holidays(soci::session& sql, const std::string& first, const std::string& last) {
  std::vector<Holiday> out;
  HolidayRow r;
  soci::statement st = (sql.prepare << std::string(kSelect) + "WHERE day >= :first AND day <= :last ORDER BY day",
                        LAYAN_HOLIDAY_INTO(r), soci::use(first), soci::use(last));
  st.execute();
  while (st.fetch()) out.push_back(r.to_holiday());
  return out;
}

std::vector<std::string> all_holiday_days(soci::session& sql) {
  std::vector<std::string> out;
  std::string day;
  soci::statement st = (sql.prepare << "SELECT day FROM holidays ORDER BY day", soci::into(day));
  st.execute();
  while (st.fetch()) out.push_back(day);
  return out;
}

std::optional<Holiday> find_holiday(soci::session& sql, const std::string& day) {
  HolidayRow r;
  sql << std::string(kSelect) + "WHERE day = :day", LAYAN_HOLIDAY_INTO(r), soci::use(day);
  if (!sql.got_data()) return std::nullopt;
  return r.to_holiday();
}

void insert_holiday(soci::session& sql, const std::string& day, const std::string& name, HolidayKind kind,
                    const std::string& now) {
  std::string k = to_string(kind);
  sql << "INSERT INTO holidays (day, name, kind, created_at, updated_at) VALUES (:day, :name, :kind, :c, :u)",
      soci::use(day), soci::use(name), soci::use(k), soci::use(now), soci::use(now);
}

bool update_holiday(soci::session& sql, const std::string& day, const std::string& name, HolidayKind kind,
                    const std::string& now) {
  std::string k = to_string(kind);
  soci::statement st =
      (sql.prepare << "UPDATE holidays SET name = :name, kind = :kind, updated_at = :u WHERE day = :day",
       soci::use(name), soci::use(k), soci::use(now), soci::use(day));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool delete_holiday(soci::session& sql, const std::string& day) {
  soci::statement st = (sql.prepare << "DELETE FROM holidays WHERE day = :day", soci::use(day));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace layan::calendar::repo
