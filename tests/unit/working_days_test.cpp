// The working-day calendar: how complaint deadlines are counted in hari kerja
// (Monday to Friday minus libur nasional and cuti bersama), in the MPP's own
// civil day (WIB, WITA or WIT).
#include "core/working_days.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace layan {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

sys_days day(const char* text) {
  auto d = parse_civil_day(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(sys_days{});
}

TimePoint at(const char* utc) {
  TimePoint t;
  EXPECT_TRUE(parse_utc(utc, t)) << utc;
  return t;
}

// The non-working days of SKB 3 Menteri 2026 (libur nasional and cuti
// bersama), weekend ones included, and New Year 2027.
std::set<sys_days> holidays_2026() {
  std::set<sys_days> out;
  for (const char* d :
       {"2026-01-01", "2026-01-16", "2026-02-16", "2026-02-17", "2026-03-18", "2026-03-19", "2026-03-20",
        "2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-04-03", "2026-04-05", "2026-05-01",
        "2026-05-14", "2026-05-15", "2026-05-27", "2026-05-28", "2026-05-31", "2026-06-01", "2026-06-16",
        "2026-08-17", "2026-08-25", "2026-12-24", "2026-12-25", "2027-01-01"}) {
    out.insert(day(d));
  }
  return out;
}

const WorkingDayCalendar kWib(holidays_2026(), 7);
const WorkingDayCalendar kWita(holidays_2026(), 8);
const WorkingDayCalendar kWit(holidays_2026(), 9);

const WorkingDayCalendar& zone(int offset) {
  return offset == 9 ? kWit : offset == 8 ? kWita : kWib;
}

// ---------------------------------------------------------------- days

TEST(WorkingDayCalendar, WeekendsAndListedDaysAreNotWorkingDays) {
  struct Case {
    const char* day;
    bool working;
  } cases[] = {
      {"2026-11-20", true},                                               // Friday
      {"2026-11-21", false},                                              // Saturday
      {"2026-11-22", false},                                              // Sunday
      {"2026-11-23", true},                                               // Monday
      {"2026-03-17", true},                                               // Tuesday before Nyepi
      {"2026-03-18", false},                                              // cuti bersama Nyepi, a Wednesday
      {"2026-03-19", false},                                              // Nyepi
      {"2026-03-20", false},                                              // cuti bersama Idulfitri
      {"2026-03-21", false},                                              // Idulfitri on a Saturday
      {"2026-03-23", false},                                              // cuti bersama Idulfitri, a Monday
      {"2026-03-24", false},                                              // cuti bersama Idulfitri, a Tuesday
      {"2026-03-25", true},                                               // back at work
      {"2026-05-31", false},                                              // Waisak on a Sunday
      {"2026-06-01", false},                                              // Hari Lahir Pancasila, a Monday
      {"2026-06-02", true},  {"2026-12-31", true},                        // Thursday
      {"2027-01-01", false}, {"2027-01-04", true}, {"2028-03-20", true},  // a Monday of a year without listed days
  };
  for (const auto& c : cases) EXPECT_EQ(kWib.is_working_day(day(c.day)), c.working) << c.day;
  WorkingDayCalendar none({}, 7);
  EXPECT_TRUE(none.is_working_day(day("2026-03-20")));
  EXPECT_FALSE(none.is_working_day(day("2026-03-21")));
}

TEST(WorkingDayCalendar, LocalDayFollowsTheMppZone) {
  struct Case {
    const char* utc;
    int offset;
    const char* local;
  } cases[] = {
      {"2026-11-20T16:59:59Z", 7, "2026-11-20"},  // 23:59:59 WIB, Friday
      {"2026-11-20T17:00:00Z", 7, "2026-11-21"},  // 00:00 WIB, already Saturday
      {"2026-11-20T18:00:00Z", 7, "2026-11-21"},  // the UTC date is still Friday
      {"2026-11-20T15:59:59Z", 8, "2026-11-20"}, {"2026-11-20T16:00:00Z", 8, "2026-11-21"},  // 00:00 WITA
      {"2026-11-20T14:59:59Z", 9, "2026-11-20"}, {"2026-11-20T15:00:00Z", 9, "2026-11-21"},  // 00:00 WIT
      {"2026-12-31T17:00:00Z", 7, "2027-01-01"},  // New Year in WIB, still 2026 in UTC
      {"2026-01-01T00:00:00Z", 7, "2026-01-01"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(format_civil_day(zone(c.offset).local_day(at(c.utc))), c.local) << c.utc << " +" << c.offset;
  }
}

// ---------------------------------------------------------------- deadlines

struct DeadlineCase {
  const char* why;
  const char* start;  // UTC
  int offset;
  int n;
  const char* due;  // UTC: 23:59:59 local of the due day
};

void PrintTo(const DeadlineCase& c, std::ostream* os) {
  *os << c.why;
}

class Deadlines : public ::testing::TestWithParam<DeadlineCase> {};

TEST_P(Deadlines, FallAtTheEndOfTheNthWorkingDay) {
  const auto& c = GetParam();
  const auto& cal = zone(c.offset);
  TimePoint due = cal.deadline_after(at(c.start), c.n);
  EXPECT_EQ(format_utc(due), c.due) << c.why;
  if (c.n > 0 || cal.is_working_day(cal.local_day(at(c.start)))) {
    EXPECT_EQ(cal.working_days_between(at(c.start), due), c.n) << c.why;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, Deadlines,
    ::testing::Values(
        // Plain weeks (WIB, 23:59:59 WIB = 16:59:59Z).
        DeadlineCase{"Friday + 3 = Wednesday", "2026-11-20T03:00:00Z", 7, 3, "2026-11-25T16:59:59Z"},
        DeadlineCase{"Saturday + 3 = Wednesday too", "2026-11-21T03:00:00Z", 7, 3, "2026-11-25T16:59:59Z"},
        DeadlineCase{"Sunday + 3 = Wednesday too", "2026-11-22T10:00:00Z", 7, 3, "2026-11-25T16:59:59Z"},
        DeadlineCase{"Monday + 1 = Tuesday", "2026-11-23T01:00:00Z", 7, 1, "2026-11-24T16:59:59Z"},
        DeadlineCase{"Monday + 5 = next Monday", "2026-11-23T01:00:00Z", 7, 5, "2026-11-30T16:59:59Z"},
        DeadlineCase{"Monday + 10 = two weeks on", "2026-11-02T01:00:00Z", 7, 10, "2026-11-16T16:59:59Z"},
        DeadlineCase{"Friday + 1 = Monday", "2026-11-20T03:00:00Z", 7, 1, "2026-11-23T16:59:59Z"},
        DeadlineCase{"Friday + 5 = next Friday", "2026-11-20T03:00:00Z", 7, 5, "2026-11-27T16:59:59Z"},
        // Late evening local time vs the UTC date.
        DeadlineCase{"18:00Z Friday is Saturday 01:00 WIB", "2026-11-20T18:00:00Z", 7, 3, "2026-11-25T16:59:59Z"},
        DeadlineCase{"23:00 WIB Thursday counts from Thursday", "2026-11-19T16:00:00Z", 7, 1, "2026-11-20T16:59:59Z"},
        DeadlineCase{"00:30 WIB Friday counts from Friday", "2026-11-19T17:30:00Z", 7, 1, "2026-11-23T16:59:59Z"},
        DeadlineCase{"16:30Z Thursday: 23:30 WIB", "2026-11-19T16:30:00Z", 7, 1, "2026-11-20T16:59:59Z"},
        DeadlineCase{"16:30Z Thursday: 00:30 WITA Friday", "2026-11-19T16:30:00Z", 8, 1, "2026-11-23T15:59:59Z"},
        DeadlineCase{"16:30Z Thursday: 01:30 WIT Friday", "2026-11-19T16:30:00Z", 9, 1, "2026-11-23T14:59:59Z"},
        DeadlineCase{"WITA Friday + 3", "2026-11-20T03:00:00Z", 8, 3, "2026-11-25T15:59:59Z"},
        DeadlineCase{"WIT Friday + 3", "2026-11-20T03:00:00Z", 9, 3, "2026-11-25T14:59:59Z"},
        // Holidays on weekdays and runs of cuti bersama.
        DeadlineCase{"Imlek: Friday + 1 skips Mon and Tue", "2026-02-13T02:00:00Z", 7, 1, "2026-02-18T16:59:59Z"},
        DeadlineCase{"Isra Mikraj: Thursday + 1 skips Friday", "2026-01-15T02:00:00Z", 7, 1, "2026-01-19T16:59:59Z"},
        DeadlineCase{"Idulfitri week: Monday + 1", "2026-03-16T02:00:00Z", 7, 1, "2026-03-17T16:59:59Z"},
        DeadlineCase{"Idulfitri week: Monday + 2", "2026-03-16T02:00:00Z", 7, 2, "2026-03-25T16:59:59Z"},
        DeadlineCase{"Idulfitri week: Tuesday + 1", "2026-03-17T02:00:00Z", 7, 1, "2026-03-25T16:59:59Z"},
        DeadlineCase{"Idulfitri week: Tuesday + 3", "2026-03-17T02:00:00Z", 7, 3, "2026-03-27T16:59:59Z"},
        DeadlineCase{"Idulfitri week: reported on Nyepi + 1", "2026-03-19T02:00:00Z", 7, 1, "2026-03-25T16:59:59Z"},
        DeadlineCase{"Idulfitri week: reported on Idulfitri + 5", "2026-03-21T02:00:00Z", 7, 5, "2026-03-31T16:59:59Z"},
        DeadlineCase{"Idulfitri week in WIT", "2026-03-17T02:00:00Z", 9, 3, "2026-03-27T14:59:59Z"},
        DeadlineCase{"Labour Day on a Friday", "2026-04-30T02:00:00Z", 7, 1, "2026-05-04T16:59:59Z"},
        DeadlineCase{"Ascension Thursday and its cuti bersama Friday", "2026-05-13T02:00:00Z", 7, 1,
                     "2026-05-18T16:59:59Z"},
        DeadlineCase{"Waisak on Sunday, Pancasila on Monday", "2026-05-29T02:00:00Z", 7, 1, "2026-06-02T16:59:59Z"},
        DeadlineCase{"Iduladha Wednesday and Thursday", "2026-05-26T02:00:00Z", 7, 2, "2026-06-02T16:59:59Z"},
        // Year boundary.
        DeadlineCase{"Christmas: Wednesday + 1", "2026-12-23T02:00:00Z", 7, 1, "2026-12-28T16:59:59Z"},
        DeadlineCase{"Christmas: Wednesday + 4", "2026-12-23T02:00:00Z", 7, 4, "2026-12-31T16:59:59Z"},
        DeadlineCase{"Christmas: Wednesday + 5 crosses New Year", "2026-12-23T02:00:00Z", 7, 5, "2027-01-04T16:59:59Z"},
        DeadlineCase{"New Year's Eve + 1", "2026-12-31T02:00:00Z", 7, 1, "2027-01-04T16:59:59Z"},
        DeadlineCase{"00:00 WIB 1 January (31 Dec in UTC) + 1", "2026-12-31T17:00:00Z", 7, 1, "2027-01-04T16:59:59Z"},
        DeadlineCase{"16:30Z 31 December in WITA is New Year", "2026-12-31T16:30:00Z", 8, 0, "2027-01-04T15:59:59Z"},
        DeadlineCase{"16:30Z 31 December in WIB is still 2026", "2026-12-31T16:30:00Z", 7, 0, "2026-12-31T16:59:59Z"},
        // n == 0.
        DeadlineCase{"0 on a working day: its end", "2026-11-23T01:00:00Z", 7, 0, "2026-11-23T16:59:59Z"},
        DeadlineCase{"0 on a Saturday: next Monday", "2026-11-21T01:00:00Z", 7, 0, "2026-11-23T16:59:59Z"},
        DeadlineCase{"0 on Nyepi: after Idulfitri leave", "2026-03-19T01:00:00Z", 7, 0, "2026-03-25T16:59:59Z"},
        DeadlineCase{"0 at the last second of a working day", "2026-11-23T16:59:59Z", 7, 0, "2026-11-23T16:59:59Z"},
        // 60 working days (the completion limit of a complaint).
        DeadlineCase{"60 working days from 2 November", "2026-11-02T01:00:00Z", 7, 60, "2027-01-28T16:59:59Z"}));

TEST(WorkingDayCalendar, DeadlineIsTheLastSecondOfALocalDay) {
  for (int offset : {7, 8, 9}) {
    const auto& cal = zone(offset);
    for (int n : {0, 1, 2, 7, 23}) {
      TimePoint due = cal.deadline_after(at("2026-03-10T12:34:56Z"), n);
      TimePoint next = due + std::chrono::seconds(1);
      EXPECT_NE(cal.local_day(due), cal.local_day(next)) << offset << " " << n;
      EXPECT_TRUE(cal.is_working_day(cal.local_day(due))) << offset << " " << n;
    }
  }
}

TEST(WorkingDayCalendar, OutOfRangeCountsAreClamped) {
  TimePoint start = at("2026-11-20T03:00:00Z");
  EXPECT_EQ(kWib.deadline_after(start, -1), kWib.deadline_after(start, 0));
  EXPECT_EQ(kWib.deadline_after(start, -1000000), kWib.deadline_after(start, 0));
  TimePoint far = kWib.deadline_after(start, WorkingDayCalendar::kMaxWorkingDays);
  EXPECT_EQ(kWib.deadline_after(start, 2'000'000'000), far);
  EXPECT_EQ(kWib.working_days_between(start, far), WorkingDayCalendar::kMaxWorkingDays);
}

// ---------------------------------------------------------------- between

TEST(WorkingDayCalendar, CountsWorkingDaysBetweenInstants) {
  struct Case {
    const char* from;
    const char* to;
    int offset;
    int expected;
  } cases[] = {
      {"2026-11-20T03:00:00Z", "2026-11-20T03:00:00Z", 7, 0},     // the same instant
      {"2026-11-25T03:00:00Z", "2026-11-20T03:00:00Z", 7, 0},     // backwards
      {"2026-11-23T01:00:00Z", "2026-11-23T16:00:00Z", 7, 0},     // the same local day
      {"2026-11-20T16:00:00Z", "2026-11-20T18:00:00Z", 7, 0},     // Friday 23:00 to Saturday 01:00 WIB
      {"2026-11-19T16:00:00Z", "2026-11-19T17:30:00Z", 7, 1},     // Thursday 23:00 to Friday 00:30 WIB
      {"2026-11-19T16:00:00Z", "2026-11-19T17:30:00Z", 8, 0},     // both already Friday in WITA
      {"2026-11-20T03:00:00Z", "2026-11-23T01:00:00Z", 7, 1},     // over a weekend
      {"2026-11-20T03:00:00Z", "2026-11-27T01:00:00Z", 7, 5},     // one week
      {"2026-03-17T02:00:00Z", "2026-03-25T02:00:00Z", 7, 1},     // the Idulfitri week
      {"2026-03-13T02:00:00Z", "2026-03-27T02:00:00Z", 7, 5},     // 16, 17, 25, 26, 27
      {"2026-12-23T02:00:00Z", "2027-01-04T02:00:00Z", 7, 5},     // 28, 29, 30, 31, 4
      {"2026-05-29T02:00:00Z", "2026-06-02T02:00:00Z", 7, 1},     // Sunday Waisak not counted twice
      {"2025-12-31T17:00:00Z", "2026-12-31T17:00:00Z", 7, 240},   // 1 Jan 2026 to 1 Jan 2027 WIB
      {"2026-01-01T02:00:00Z", "2036-01-01T02:00:00Z", 7, 2587},  // ten years, listed days in 2026 only
  };
  for (const auto& c : cases) {
    EXPECT_EQ(zone(c.offset).working_days_between(at(c.from), at(c.to)), c.expected) << c.from << " .. " << c.to;
  }
}

// The arithmetic count against a day-by-day walk, on random instants over
// several years and both signs of the epoch.
TEST(WorkingDayCalendar, BetweenMatchesADayByDayCount) {
  std::mt19937_64 rng(20260320);
  std::uniform_int_distribution<int64_t> seconds(unix_seconds(at("1965-01-01T00:00:00Z")),
                                                 unix_seconds(at("2028-12-31T00:00:00Z")));
  std::uniform_int_distribution<int64_t> span(0, 400 * 86400);
  for (int i = 0; i < 2000; ++i) {
    TimePoint from = TimePoint(std::chrono::seconds(seconds(rng)));
    TimePoint to = from + std::chrono::seconds(span(rng));
    const auto& cal = zone(7 + i % 3);
    int walked = 0;
    for (sys_days d = cal.local_day(from) + days{1}; d <= cal.local_day(to); d += days{1}) {
      if (cal.is_working_day(d)) ++walked;
    }
    ASSERT_EQ(cal.working_days_between(from, to), walked) << format_utc(from) << " .. " << format_utc(to);
  }
}

// working_days_between(start, deadline_after(start, n)) == n, for starts at
// every hour of several weeks around holidays and the year's end.
TEST(WorkingDayCalendar, BetweenUndoesDeadlineAfter) {
  for (const char* first : {"2026-02-10T00:00:00Z", "2026-03-12T00:00:00Z", "2026-05-22T00:00:00Z",
                            "2026-12-18T00:00:00Z", "2027-06-01T00:00:00Z"}) {
    for (int hour = 0; hour < 21 * 24; hour += 5) {
      TimePoint start = at(first) + std::chrono::hours(hour);
      for (int offset : {7, 8, 9}) {
        const auto& cal = zone(offset);
        for (int n = 1; n <= 70; ++n) {
          ASSERT_EQ(cal.working_days_between(start, cal.deadline_after(start, n)), n)
              << format_utc(start) << " +" << offset << " n=" << n;
          if (n > 1) ASSERT_LT(cal.deadline_after(start, n - 1), cal.deadline_after(start, n));
        }
        // n == 0 on a day off is due with the next working day, as n == 1 is.
        bool working = cal.is_working_day(cal.local_day(start));
        EXPECT_EQ(cal.working_days_between(start, cal.deadline_after(start, 0)), working ? 0 : 1);
        EXPECT_EQ(cal.deadline_after(start, 0) == cal.deadline_after(start, 1), !working);
      }
    }
  }
}

// ---------------------------------------------------------------- dates

TEST(CivilDay, ParsesOnlyRealDatesInTheExactForm) {
  EXPECT_EQ(format_civil_day(day("2026-03-20")), "2026-03-20");
  EXPECT_EQ(format_civil_day(day("2024-02-29")), "2024-02-29");
  EXPECT_EQ(format_civil_day(day("0001-01-01")), "0001-01-01");
  EXPECT_EQ(format_civil_day(day("9999-12-31")), "9999-12-31");
  EXPECT_EQ(day("1970-01-01"), sys_days{});
  for (const char* bad : {"2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-01-00",
                          "0000-01-01", "2026-1-5", "2026-01-5", " 2026-01-05", "2026-01-05 ", "2026/01/05",
                          "2026-01-05T00:00:00Z", "", "abcd-ef-gh", "+026-01-05", "2026--1-05", "20260105"}) {
    EXPECT_FALSE(parse_civil_day(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace layan
