// The working-day calendar module: validation of holidays (pure), the
// per-process calendar cache, and the service and repository on SQLite and
// PostgreSQL (authorization, conflicts, audit, and how fast an edit reaches
// the calendar that deadlines are counted with).
#include <gtest/gtest.h>

#include <thread>

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "calendar/cache.hpp"
#include "calendar/repo.hpp"
#include "calendar/service.hpp"
#include "catalogue/service.hpp"
#include "test_db.hpp"

namespace layan::calendar {
namespace {

using accounts::Principal;
using accounts::Role;
using std::chrono::sys_days;

TimePoint at(const char* utc) {
  TimePoint t;
  EXPECT_TRUE(parse_utc(utc, t)) << utc;
  return t;
}

sys_days day(const char* text) {
  return parse_civil_day(text).value();
}

std::vector<std::string> fields_of(const Status& s) {
  std::vector<std::string> out;
  if (!s.ok()) {
    for (const auto& f : s.error().fields) out.push_back(f.field + ":" + f.code);
  }
  return out;
}

// ---------------------------------------------------------------- validation

TEST(CalendarValidation, AcceptsARealHoliday) {
  EXPECT_TRUE(validate_holiday({"2026-03-20", "Cuti Bersama Idulfitri 1447 Hijriah", "cuti_bersama"}).ok());
  EXPECT_TRUE(validate_holiday({"2000-01-01", "Tahun Baru", "libur_nasional"}).ok());
  EXPECT_TRUE(validate_holiday({"2100-12-31", "x", "libur_nasional"}).ok());
  EXPECT_TRUE(validate_holiday_change({"Hari Raya Natal", "libur_nasional"}).ok());
}

TEST(CalendarValidation, ReportsEachBadFieldWithItsCode) {
  std::string e_acute = "\xC3\xA9";  // one character, two bytes
  std::string name120, name121;
  for (int i = 0; i < 120; ++i) name120 += e_acute;
  name121 = name120 + "a";
  struct Case {
    HolidayInput in;
    std::vector<std::string> expected;
  } cases[] = {
      {{"", "", ""}, {"day:required", "name:required", "kind:invalid"}},
      {{"2026-02-30", "Hari", "libur_nasional"}, {"day:invalid"}},
      {{"2026-2-3", "Hari", "libur_nasional"}, {"day:invalid"}},
      {{"03/02/2026", "Hari", "libur_nasional"}, {"day:invalid"}},
      {{"2026-03-20T00:00:00Z", "Hari", "libur_nasional"}, {"day:invalid"}},
      {{"1999-12-31", "Hari", "libur_nasional"}, {"day:out_of_range"}},
      {{"2101-01-01", "Hari", "libur_nasional"}, {"day:out_of_range"}},
      {{"2026-03-20", "   ", "libur_nasional"}, {"name:required"}},
      {{"2026-03-20", name120, "libur_nasional"}, {}},
      {{"2026-03-20", name121, "libur_nasional"}, {"name:too_long"}},
      {{"2026-03-20", "Hari\x01Libur", "libur_nasional"}, {"name:invalid_text"}},
      {{"2026-03-20", "Hari\nLibur", "libur_nasional"}, {"name:invalid_text"}},
      {{"2026-03-20", "Hari \xFF", "libur_nasional"}, {"name:invalid_text"}},
      {{"2026-03-20", "Hari", "libur"}, {"kind:invalid"}},
      {{"2026-03-20", "Hari", "LIBUR_NASIONAL"}, {"kind:invalid"}},
      {{"2026-03-20", "Hari", "cuti bersama"}, {"kind:invalid"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(fields_of(validate_holiday(c.in)), c.expected) << c.in.day << " / " << c.in.name << " / " << c.in.kind;
  }
  EXPECT_EQ(fields_of(validate_holiday_change({"", "x"})), (std::vector<std::string>{"name:required", "kind:invalid"}));
  auto s = validate_holiday({"2026-02-30", "", ""});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kValidation);
  for (const auto& f : s.error().fields) {
    EXPECT_FALSE(f.message.empty()) << f.field;
    EXPECT_FALSE(f.message_en.empty()) << f.field;
  }
}

TEST(CalendarModel, KindsRoundTrip) {
  for (auto k : {HolidayKind::kLiburNasional, HolidayKind::kCutiBersama})
    EXPECT_EQ(parse_holiday_kind(to_string(k)), k);
  EXPECT_FALSE(parse_holiday_kind("").has_value());
  EXPECT_FALSE(parse_holiday_kind("weekend").has_value());
}

// ---------------------------------------------------------------- cache

TEST(CalendarCache, KeepsACalendarForAMinuteUntilInvalidated) {
  CalendarCache cache;
  TimePoint t0 = at("2026-03-20T00:00:00Z");
  EXPECT_EQ(cache.get(t0), nullptr);
  auto cal = std::make_shared<const WorkingDayCalendar>(std::set<sys_days>{day("2026-03-20")}, 7);
  cache.put(cal, t0, cache.generation());
  EXPECT_EQ(cache.get(t0), cal);
  EXPECT_EQ(cache.get(t0 + std::chrono::seconds(59)), cal);
  EXPECT_EQ(cache.get(t0 + CalendarCache::kMaxAge), nullptr) << "at most a minute stale";
  EXPECT_EQ(cache.get(t0 - std::chrono::seconds(1)), nullptr) << "a clock that went back rebuilds";

  cache.put(cal, t0, cache.generation());
  cache.invalidate();
  EXPECT_EQ(cache.get(t0), nullptr);
}

TEST(CalendarCache, ACalendarReadBeforeAnInvalidationIsNotKept) {
  CalendarCache cache;
  TimePoint t0 = at("2026-03-20T00:00:00Z");
  uint64_t before = cache.generation();
  cache.invalidate();  // a holiday was written while the old data was being read
  cache.put(std::make_shared<const WorkingDayCalendar>(std::set<sys_days>{}, 7), t0, before);
  EXPECT_EQ(cache.get(t0), nullptr);
  cache.put(std::make_shared<const WorkingDayCalendar>(std::set<sys_days>{}, 7), t0, cache.generation());
  EXPECT_NE(cache.get(t0), nullptr);
}

TEST(CalendarCache, IsSafeToShareBetweenThreads) {
  CalendarCache cache;
  TimePoint t0 = at("2026-03-20T00:00:00Z");
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 2000; ++k) {
        if (auto c = cache.get(t0)) {
          EXPECT_EQ(c->utc_offset_hours(), 7);
        }
        if ((k + i) % 50 == 0) {
          cache.invalidate();
        } else {
          cache.put(std::make_shared<const WorkingDayCalendar>(std::set<sys_days>{}, 7), t0, cache.generation());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
}

// ---------------------------------------------------------------- database

class CalendarDb : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    app_.db = std::move(db_);
    app_.clock = &clock_;
    admin_.role = Role::kMppAdmin;
    admin_.user_id = 0;
    admin_.name = "system";
  }

  Holiday add(const std::string& d, const std::string& name, const std::string& kind = "libur_nasional") {
    auto h = create_holiday(app_, admin_, {d, name, kind});
    EXPECT_TRUE(h.ok()) << d << ": " << (h.ok() ? "" : h.error().detail);
    return h.ok() ? *h : Holiday{};
  }

  int count(const std::string& sql_text) {
    soci::session sql(app_.db->pool());
    int n = 0;
    sql << sql_text, soci::into(n);
    return n;
  }

  Principal as(Role role, std::optional<int64_t> agency = std::nullopt) {
    Principal p;
    p.role = role;
    p.user_id = role == Role::kAnonymous || role == Role::kIntegration ? 0 : 42;
    p.api_key_id = role == Role::kIntegration ? 7 : 0;
    p.agency_id = agency;
    return p;
  }

  ManualClock clock_{at("2026-03-16T02:00:00Z")};
  App app_;
  Principal admin_;
};

TEST_P(CalendarDb, TheManagerAddsEditsAndDeletesHolidaysAndEachWriteIsAudited) {
  int events = count("SELECT COUNT(*) FROM audit_events");
  Holiday h = add("2026-03-20", "Cuti Bersama Idulfitri 1447 Hijriah", "cuti_bersama");
  EXPECT_EQ(h.day, "2026-03-20");
  EXPECT_EQ(h.kind, HolidayKind::kCutiBersama);
  EXPECT_EQ(h.created_at, "2026-03-16T02:00:00Z");
  EXPECT_EQ(h.updated_at, h.created_at);

  clock_.advance(std::chrono::hours(1));
  auto changed = update_holiday(app_, admin_, "2026-03-20", {"Hari Raya Idulfitri", "libur_nasional"});
  ASSERT_TRUE(changed.ok()) << changed.error().detail;
  EXPECT_EQ(changed->name, "Hari Raya Idulfitri");
  EXPECT_EQ(changed->kind, HolidayKind::kLiburNasional);
  EXPECT_EQ(changed->created_at, "2026-03-16T02:00:00Z");
  EXPECT_EQ(changed->updated_at, "2026-03-16T03:00:00Z");
  auto read = get_holiday(app_, Principal{}, "2026-03-20");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->name, "Hari Raya Idulfitri");

  ASSERT_TRUE(delete_holiday(app_, admin_, "2026-03-20").ok());
  EXPECT_EQ(get_holiday(app_, Principal{}, "2026-03-20").error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(count("SELECT COUNT(*) FROM holidays"), 0);

  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events"), events + 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE entity = 'holiday' AND entity_id = 20260320 AND action IN "
                  "('holiday.create', 'holiday.update', 'holiday.delete')"),
            3);
  soci::session sql(app_.db->pool());
  EXPECT_EQ(audit::verify(sql).first_bad_id, 0);
}

TEST_P(CalendarDb, ADuplicateDayIsAConflictOnTheDayField) {
  add("2026-08-17", "Proklamasi Kemerdekaan Republik Indonesia");
  auto again = create_holiday(app_, admin_, {"2026-08-17", "Hari Kemerdekaan", "libur_nasional"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  ASSERT_EQ(again.error().fields.size(), 1u);
  EXPECT_EQ(again.error().fields[0].field, "day");
  auto kept = get_holiday(app_, admin_, "2026-08-17");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->name, "Proklamasi Kemerdekaan Republik Indonesia");
}

TEST_P(CalendarDb, UnknownOrMalformedDaysAreNotFound) {
  for (const char* d : {"2026-08-18", "2026-02-30", "kemarin", "", "2026-8-17"}) {
    EXPECT_EQ(get_holiday(app_, admin_, d).error().kind, ErrorKind::kNotFound) << d;
    EXPECT_EQ(update_holiday(app_, admin_, d, {"x", "libur_nasional"}).error().kind, ErrorKind::kNotFound) << d;
    EXPECT_EQ(delete_holiday(app_, admin_, d).error().kind, ErrorKind::kNotFound) << d;
  }
  add("2026-08-17", "Proklamasi");
  auto bad = update_holiday(app_, admin_, "2026-08-17", {"", "libur"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::kValidation);
  EXPECT_EQ(bad.error().fields.size(), 2u);
}

TEST_P(CalendarDb, OnlyTheMallManagerWritesAndAnyoneReads) {
  add("2026-12-25", "Kelahiran Yesus Kristus");
  struct Case {
    const char* who;
    Principal p;
    ErrorKind denial;
  } cases[] = {
      {"anonymous", as(Role::kAnonymous), ErrorKind::kUnauthenticated},
      {"citizen", as(Role::kCitizen), ErrorKind::kForbidden},
      {"officer", as(Role::kOfficer, 1), ErrorKind::kForbidden},
      {"agency admin", as(Role::kAgencyAdmin, 1), ErrorKind::kForbidden},
      {"evaluator", as(Role::kEvaluator), ErrorKind::kForbidden},
      {"integration", as(Role::kIntegration), ErrorKind::kForbidden},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(create_holiday(app_, c.p, {"2026-12-24", "Cuti Bersama Natal", "cuti_bersama"}).error().kind, c.denial)
        << c.who;
    EXPECT_EQ(update_holiday(app_, c.p, "2026-12-25", {"Natal", "cuti_bersama"}).error().kind, c.denial) << c.who;
    EXPECT_EQ(delete_holiday(app_, c.p, "2026-12-25").error().kind, c.denial) << c.who;
    // Refused before anything is looked up: unknown days are refused alike.
    EXPECT_EQ(delete_holiday(app_, c.p, "2026-12-26").error().kind, c.denial) << c.who;
    auto list = list_holidays(app_, c.p, 2026);
    ASSERT_TRUE(list.ok()) << c.who;
    EXPECT_EQ(list->size(), 1u) << c.who;
  }
  auto kept = get_holiday(app_, Principal{}, "2026-12-25");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->name, "Kelahiran Yesus Kristus");
  EXPECT_EQ(count("SELECT COUNT(*) FROM holidays"), 1);
}

TEST_P(CalendarDb, ListsOneYearInDayOrder) {
  add("2027-01-01", "Tahun Baru 2027 Masehi");
  add("2026-12-25", "Kelahiran Yesus Kristus");
  add("2026-01-01", "Tahun Baru 2026 Masehi");
  add("2025-12-31", "Malam Tahun Baru");
  add("2026-08-17", "Proklamasi");
  auto list = list_holidays(app_, Principal{}, 2026);
  ASSERT_TRUE(list.ok());
  std::vector<std::string> days;
  for (const auto& h : *list) days.push_back(h.day);
  EXPECT_EQ(days, (std::vector<std::string>{"2026-01-01", "2026-08-17", "2026-12-25"}));
  EXPECT_TRUE(list_holidays(app_, Principal{}, 2030)->empty());
  for (int year : {1999, 2101, 0, -5}) {
    auto bad = list_holidays(app_, Principal{}, year);
    ASSERT_FALSE(bad.ok()) << year;
    EXPECT_EQ(bad.error().kind, ErrorKind::kValidation);
    EXPECT_EQ(bad.error().fields.at(0).field, "year");
  }
}

TEST_P(CalendarDb, TheCalendarUsesTheHolidaysAndTheZoneOfTheMpp) {
  auto wib = working_days(app_);
  EXPECT_EQ(wib->utc_offset_hours(), 7) << "no location yet: WIB";
  EXPECT_EQ(current_year(app_), 2026);

  auto location = catalogue::create_location(
      app_, admin_, {"mpp-makassar", "MPP Kota Makassar", "Jl. Ahmad Yani", "Makassar", "Asia/Makassar", ""});
  ASSERT_TRUE(location.ok()) << location.error().detail;
  add("2026-03-23", "Cuti Bersama Idulfitri 1447 Hijriah", "cuti_bersama");
  auto wita = working_days(app_);
  EXPECT_EQ(wita->utc_offset_hours(), 8);
  EXPECT_FALSE(wita->is_working_day(day("2026-03-23")));
  EXPECT_TRUE(wita->is_working_day(day("2026-03-24")));
  // Friday 20 March 10:00 WITA + 1 working day: Monday is leave, so Tuesday.
  EXPECT_EQ(format_utc(wita->deadline_after(at("2026-03-20T02:00:00Z"), 1)), "2026-03-24T15:59:59Z");

  // A caller inside its own transaction passes its session.
  soci::session sql(app_.db->pool());
  store::Transaction tx(sql, app_.db->dialect(), store::Transaction::Mode::kRead);
  EXPECT_EQ(working_days(app_, sql), wita);
  tx.commit();
}

// An edit through this process is seen at once; one made by another node
// sharing the database (another App on the same database) within a minute.
TEST_P(CalendarDb, EditsReachTheCalendarAtOnceHereAndWithinAMinuteElsewhere) {
  auto before = working_days(app_);
  EXPECT_TRUE(before->is_working_day(day("2026-03-18")));
  EXPECT_EQ(working_days(app_), before) << "kept, not rebuilt on every call";

  add("2026-03-18", "Cuti Bersama Hari Suci Nyepi", "cuti_bersama");
  auto after_add = working_days(app_);
  EXPECT_FALSE(after_add->is_working_day(day("2026-03-18"))) << "an edit on this node counts at once";
  EXPECT_TRUE(before->is_working_day(day("2026-03-18"))) << "calendars handed out never change";

  App other;
  other.db = store::Database::open(app_.db->url(), 1);
  other.clock = &clock_;
  auto other_before = working_days(other);
  EXPECT_FALSE(other_before->is_working_day(day("2026-03-18")));

  clock_.advance(std::chrono::seconds(10));
  ASSERT_TRUE(delete_holiday(app_, admin_, "2026-03-18").ok());
  EXPECT_TRUE(working_days(app_)->is_working_day(day("2026-03-18")));
  EXPECT_FALSE(working_days(other)->is_working_day(day("2026-03-18"))) << "the other node may be stale for a while";
  clock_.advance(std::chrono::seconds(50));
  EXPECT_TRUE(working_days(other)->is_working_day(day("2026-03-18"))) << "but no more than a minute";
}

TEST_P(CalendarDb, ListedDaysOnWeekendsChangeNothing) {
  add("2026-03-21", "Idulfitri 1447 Hijriah");  // a Saturday
  auto cal = working_days(app_);
  EXPECT_EQ(cal->working_days_between(at("2026-03-19T02:00:00Z"), at("2026-03-24T02:00:00Z")), 3);
}

INSTANTIATE_TEST_SUITE_P(Db, CalendarDb, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::calendar
