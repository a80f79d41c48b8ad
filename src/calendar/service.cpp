#include "calendar/service.hpp"

#include <nlohmann/json.hpp>

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "calendar/repo.hpp"
#include "catalogue/repo.hpp"
#include "core/time_zone.hpp"
#include "core/utf8.hpp"

namespace layan::calendar {
namespace {

using accounts::Action;
using accounts::authorize;

FieldError field(std::string name, std::string code, std::string id, std::string en) {
  return {std::move(name), std::move(code), std::move(id), std::move(en)};
}

// The audit log keys entities by number: a day is logged as 20260320.
int64_t audit_id(const std::string& day) {
  int64_t n = 0;
  for (char c : day) {
    if (c >= '0' && c <= '9') n = n * 10 + (c - '0');
  }
  return n;
}

// A day given in a URL, as stored; nullopt when it is not a real date.
std::optional<std::string> canonical_day(const std::string& text) {
  auto day = parse_civil_day(text);
  if (!day) return std::nullopt;
  return format_civil_day(*day);
}

Error no_such_holiday() {
  return Error::not_found("no holiday is listed on this day");
}

Error duplicate_day() {
  Error e = Error::conflict("a holiday is already listed on this day");
  e.fields.push_back(field("day", "duplicate", "Tanggal ini sudah ada dalam daftar hari libur",
                           "This date is already listed as a holiday"));
  return e;
}

void check_name(const std::string& name, std::vector<FieldError>& errs) {
  auto length = utf8_length(name);
  bool clean = length.has_value();
  for (size_t i = 0; clean && i < name.size();) {
    char32_t cp = next_code_point(name, i);
    clean = !(cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0));
  }
  if (name.find_first_not_of(" \t\r\n") == std::string::npos) {
    errs.push_back(field("name", "required", "Nama hari libur wajib diisi", "The holiday's name is required"));
  } else if (!clean) {
    errs.push_back(field("name", "invalid_text", "Nama hari libur berisi karakter yang tidak diizinkan",
                         "The holiday's name contains characters that are not allowed"));
  } else if (*length > kNameMaxChars) {
    errs.push_back(field("name", "too_long", "Nama hari libur maksimal 120 karakter",
                         "The holiday's name must be at most 120 characters"));
  }
}

void check_kind(const std::string& kind, std::vector<FieldError>& errs) {
  if (!parse_holiday_kind(kind)) {
    errs.push_back(field("kind", "invalid", "Jenis hari libur harus libur_nasional atau cuti_bersama",
                         "kind must be libur_nasional or cuti_bersama"));
  }
}

Status year_in_range(int year, const char* field_name) {
  if (year >= kFirstYear && year <= kLastYear) return ok_status();
  return Error::validation(
      {field(field_name, "out_of_range", "Tahun harus antara 2000 dan 2100", "The year must be from 2000 to 2100")});
}

}  // namespace

// ---------------------------------------------------------------- calendar

std::shared_ptr<const WorkingDayCalendar> working_days(App& app, soci::session& sql) {
  TimePoint now = app.clock->now();
  if (auto kept = app.calendar.get(now)) return kept;
  uint64_t generation = app.calendar.generation();
  std::set<std::chrono::sys_days> days;
  for (const auto& d : repo::all_holiday_days(sql)) {
    if (auto day = parse_civil_day(d)) days.insert(*day);
  }
  // One MPP in practice; the first location is the primary one.
  auto locations = catalogue::repo::list_locations(sql);
  int offset = utc_offset_hours(locations.empty() ? std::string() : locations.front().timezone);
  auto built = std::make_shared<const WorkingDayCalendar>(std::move(days), offset);
  app.calendar.put(built, now, generation);
  return built;
}

std::shared_ptr<const WorkingDayCalendar> working_days(App& app) {
  if (auto kept = app.calendar.get(app.clock->now())) return kept;
  soci::session sql(app.db->pool());
  return working_days(app, sql);
}

int current_year(App& app) {
  auto day = working_days(app)->local_day(app.clock->now());
  return static_cast<int>(std::chrono::year_month_day(day).year());
}

// ---------------------------------------------------------------- validation

Status validate_holiday(const HolidayInput& in) {
  std::vector<FieldError> errs;
  if (in.day.empty()) {
    errs.push_back(field("day", "required", "Tanggal wajib diisi", "The date is required"));
  } else if (auto day = parse_civil_day(in.day); !day) {
    errs.push_back(field("day", "invalid", "Tanggal harus tanggal yang benar dengan bentuk YYYY-MM-DD",
                         "The date must be a real date written YYYY-MM-DD"));
  } else if (int y = static_cast<int>(std::chrono::year_month_day(*day).year()); y < kFirstYear || y > kLastYear) {
    errs.push_back(
        field("day", "out_of_range", "Tahun harus antara 2000 dan 2100", "The year must be from 2000 to 2100"));
  }
  check_name(in.name, errs);
  check_kind(in.kind, errs);
  if (!errs.empty()) return Error::validation(std::move(errs));
  return ok_status();
}

Status validate_holiday_change(const HolidayChange& in) {
  std::vector<FieldError> errs;
  check_name(in.name, errs);
  check_kind(in.kind, errs);
  if (!errs.empty()) return Error::validation(std::move(errs));
  return ok_status();
}

// ---------------------------------------------------------------- reads

Result<std::vector<Holiday>> list_holidays(App& app, const Principal& who, int year) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  if (auto s = year_in_range(year, "year"); !s) return std::move(s).error();
  std::string y = std::to_string(year);
  soci::session sql(app.db->pool());
  return repo::list_holidays(sql, y + "-01-01", y + "-12-31");
}

Result<Holiday> get_holiday(App& app, const Principal& who, const std::string& day) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  auto key = canonical_day(day);
  if (!key) return no_such_holiday();
  soci::session sql(app.db->pool());
  auto h = repo::find_holiday(sql, *key);
  if (!h) return no_such_holiday();
  return std::move(*h);
}

// ---------------------------------------------------------------- writes

Result<Holiday> create_holiday(App& app, const Principal& who, const HolidayInput& in) {
  if (auto s = authorize(who, Action::kManageCalendar); !s) return std::move(s).error();
  if (auto v = validate_holiday(in); !v) return std::move(v).error();
  const std::string day = *canonical_day(in.day);
  const HolidayKind kind = *parse_holiday_kind(in.kind);
  auto dialect = app.db->dialect();
  // A concurrent insert of the same day (unseen by the check) is the same conflict.
  Result<Holiday> written = store::conflict_on_violation(
      [&]() -> Result<Holiday> {
        soci::session sql(app.db->pool());
        store::Transaction tx(sql, dialect);
        if (repo::find_holiday(sql, day)) return duplicate_day();
        std::string now = format_utc(app.clock->now());
        repo::insert_holiday(sql, day, in.name, kind, now);
        audit::append(sql, dialect, who, now, "holiday.create", "holiday", audit_id(day),
                      {{"day", day}, {"kind", to_string(kind)}});
        auto stored = repo::find_holiday(sql, day);
        tx.commit();
        return std::move(*stored);
      },
      duplicate_day());
  if (written) app.calendar.invalidate();
  return written;
}

Result<Holiday> update_holiday(App& app, const Principal& who, const std::string& day, const HolidayChange& in) {
  if (auto s = authorize(who, Action::kManageCalendar); !s) return std::move(s).error();
  auto key = canonical_day(day);
  if (!key) return no_such_holiday();
  if (auto v = validate_holiday_change(in); !v) return std::move(v).error();
  const HolidayKind kind = *parse_holiday_kind(in.kind);
  auto dialect = app.db->dialect();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, dialect);
  std::string now = format_utc(app.clock->now());
  if (!repo::update_holiday(sql, *key, in.name, kind, now)) return no_such_holiday();
  audit::append(sql, dialect, who, now, "holiday.update", "holiday", audit_id(*key),
                {{"day", *key}, {"kind", to_string(kind)}});
  auto stored = repo::find_holiday(sql, *key);
  tx.commit();
  app.calendar.invalidate();
  return std::move(*stored);
}

Status delete_holiday(App& app, const Principal& who, const std::string& day) {
  if (auto s = authorize(who, Action::kManageCalendar); !s) return std::move(s).error();
  auto key = canonical_day(day);
  if (!key) return no_such_holiday();
  auto dialect = app.db->dialect();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, dialect);
  auto existing = repo::find_holiday(sql, *key);
  if (!existing || !repo::delete_holiday(sql, *key)) return no_such_holiday();
  audit::append(sql, dialect, who, format_utc(app.clock->now()), "holiday.delete", "holiday", audit_id(*key),
                {{"day", *key}, {"kind", to_string(existing->kind)}});
  tx.commit();
  app.calendar.invalidate();
  return ok_status();
}

}  // namespace layan::calendar
