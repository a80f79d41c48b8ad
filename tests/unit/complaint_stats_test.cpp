// Public complaint statistics: the month-range rules, the summary built from
// repository rows, and the statistics queries on both databases (what counts
// as received, closed and closed in time).
#include <gtest/gtest.h>

#include "catalogue/repo.hpp"
#include "complaints/repo.hpp"
#include "complaints/statistics.hpp"
#include "test_db.hpp"

namespace layan::complaints {
namespace {

// ---- Month ranges

struct RangeCase {
  const char* name;
  const char* from;
  const char* to;
  std::vector<std::string> error_fields;  // empty: valid
};

void PrintTo(const RangeCase& c, std::ostream* os) {
  *os << c.name;
}

class MonthRangeTable : public ::testing::TestWithParam<RangeCase> {};

TEST_P(MonthRangeTable, Checks) {
  const auto& c = GetParam();
  auto r = check_month_range(c.from, c.to);
  if (c.error_fields.empty()) {
    ASSERT_TRUE(r.ok()) << c.name;
    EXPECT_EQ(r->from, c.from);
    EXPECT_EQ(r->to, c.to);
    return;
  }
  ASSERT_FALSE(r.ok()) << c.name;
  EXPECT_EQ(r.error().kind, ErrorKind::kValidation);
  std::vector<std::string> fields;
  for (const auto& f : r.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, c.error_fields) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Rules, MonthRangeTable,
                         ::testing::Values(RangeCase{"one month", "2026-03", "2026-03", {}},
                                           RangeCase{"a calendar year", "2026-01", "2026-12", {}},
                                           RangeCase{"24 months is the most", "2025-01", "2026-12", {}},
                                           RangeCase{"across a year end", "2025-11", "2026-02", {}},
                                           RangeCase{"25 months is too long", "2024-12", "2026-12", {"to"}},
                                           RangeCase{"to before from", "2026-05", "2026-04", {"to"}},
                                           RangeCase{"month 13", "2026-13", "2026-12", {"from"}},
                                           RangeCase{"month 00", "2026-01", "2026-00", {"to"}},
                                           RangeCase{"a date is not a month", "2026-01-01", "2026-02", {"from"}},
                                           RangeCase{"no dash", "202601", "2026-02", {"from"}},
                                           RangeCase{"letters", "2026-0a", "abcd-ef", {"from", "to"}},
                                           RangeCase{"signs are not digits", "+026-01", "2026-02", {"from"}},
                                           RangeCase{"empty", "", "", {"from", "to"}},
                                           RangeCase{"before 2000", "1999-12", "2000-01", {"from"}},
                                           RangeCase{"after 2100", "2100-12", "2101-01", {"to"}}),
                         [](const ::testing::TestParamInfo<RangeCase>& info) {
                           std::string n = info.param.name;
                           for (auto& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(MonthRange, ListsEveryMonthInOrder) {
  EXPECT_EQ(months_of({"2025-11", "2026-02"}), (std::vector<std::string>{"2025-11", "2025-12", "2026-01", "2026-02"}));
  EXPECT_EQ(months_of({"2026-07", "2026-07"}), (std::vector<std::string>{"2026-07"}));
  EXPECT_EQ(add_months("2026-01", -1), "2025-12");
  EXPECT_EQ(add_months("2026-12", 1), "2027-01");
  EXPECT_EQ(add_months("2026-06", -11), "2025-07");
  EXPECT_EQ(add_months("2026-6", 1), "");
}

// ---- Summary

TEST(Outcome, ShareInTimeIsOfTheClosedOnes) {
  EXPECT_FALSE((Outcome{5, 0, 0}.share_in_time()));
  EXPECT_DOUBLE_EQ(*(Outcome{10, 4, 3}.share_in_time()), 0.75);
  EXPECT_DOUBLE_EQ(*(Outcome{2, 2, 0}.share_in_time()), 0.0);
}

TEST(Summarize, FillsEveryStatusMonthAndAgencyWithTotals) {
  const MonthRange range{"2026-01", "2026-03"};
  std::vector<repo::StatusCount> statuses = {{"closed", 3}, {"at_agency", 2}, {"submitted", 1}};
  std::vector<repo::MonthRow> rows = {
      {"2026-01", 0, "", 1, 0, 0},
      {"2026-01", 7, "Disdukcapil", 2, 2, 1},
      {"2026-03", 7, "Disdukcapil", 1, 1, 1},
      {"2026-03", 3, "Bapenda", 2, 0, 0},
      {"2026-05", 3, "Bapenda", 9, 9, 9},  // outside the range: ignored
  };
  Statistics s = summarize(range, statuses, rows);

  ASSERT_EQ(s.by_status.size(), std::size(kAllStatuses));
  int64_t total = 0;
  for (const auto& c : s.by_status) {
    total += c.count;
    if (c.status == Status::kClosed) {
      EXPECT_EQ(c.count, 3);
    }
    if (c.status == Status::kAtAgency) {
      EXPECT_EQ(c.count, 2);
    }
    if (c.status == Status::kRejected) {
      EXPECT_EQ(c.count, 0);
    }
  }
  EXPECT_EQ(total, 6);

  EXPECT_EQ(s.overall.received, 6);
  EXPECT_EQ(s.overall.closed, 3);
  EXPECT_EQ(s.overall.closed_in_time, 2);

  ASSERT_EQ(s.months.size(), 3u);
  EXPECT_EQ(s.months[0].month, "2026-01");
  EXPECT_EQ(s.months[0].outcome.received, 3);
  EXPECT_EQ(s.months[1].month, "2026-02");
  EXPECT_EQ(s.months[1].outcome.received, 0);
  EXPECT_EQ(s.months[2].outcome.received, 3);
  EXPECT_EQ(s.months[2].outcome.closed_in_time, 1);

  // Agency 0 (the desk) first, then by name; each with every month.
  ASSERT_EQ(s.agencies.size(), 3u);
  EXPECT_EQ(s.agencies[0].agency_id, 0);
  EXPECT_EQ(s.agencies[1].agency_name, "Bapenda");
  EXPECT_EQ(s.agencies[2].agency_name, "Disdukcapil");
  EXPECT_EQ(s.agencies[2].outcome.received, 3);
  EXPECT_EQ(s.agencies[2].outcome.closed_in_time, 2);
  ASSERT_EQ(s.agencies[2].months.size(), 3u);
  EXPECT_EQ(s.agencies[2].months[1].outcome.received, 0);
  EXPECT_EQ(s.agencies[1].outcome.received, 2);  // not the 9 of May
}

// ---- Queries on both databases

class ComplaintStatsRepo : public layan::testing::BothDatabases {
 protected:
  int64_t agency(const std::string& slug, const std::string& name) {
    soci::session sql(db_->pool());
    return catalogue::repo::insert_agency(sql, {slug, name, name, "district", "", "", "", ""}, "2026-01-01T00:00:00Z");
  }

  // A complaint submitted at `submitted`, in `status`, with the agency and
  // the completion deadline and closing time given.
  int64_t complaint(const std::string& submitted, Status status, std::optional<int64_t> agency_id,
                    const std::string& complete_due, const std::string& closed_at) {
    static int n = 0;
    repo::NewComplaintRow row;
    Complaint& c = row.complaint;
    c.tracking_code = "TEST-" + std::to_string(++n) + "-" + crypto::random_token(4);
    c.public_id = "LAP-" + c.tracking_code;
    c.title = "Antrean loket lambat";
    c.description = "Isi laporan";
    c.submitted_at = submitted;
    c.complete_due_at = complete_due;
    c.target_agency_id = agency_id;
    soci::session sql(db_->pool());
    int64_t id = repo::insert_complaint(sql, row);
    auto stored = repo::find_complaint(sql, id);
    stored->status = status;
    stored->agency_id = agency_id;
    stored->closed_at = closed_at;
    stored->updated_at = submitted;
    EXPECT_TRUE(repo::update_complaint(sql, *stored));
    return id;
  }
};

TEST_P(ComplaintStatsRepo, CountsByStatusWithinTheRange) {
  const int64_t a = agency("disdukcapil", "Disdukcapil");
  complaint("2026-01-05T01:00:00Z", Status::kSubmitted, std::nullopt, "2026-03-06T01:00:00Z", "");
  complaint("2026-01-31T23:59:59Z", Status::kAtAgency, a, "2026-04-01T00:00:00Z", "");
  complaint("2026-02-10T00:00:00Z", Status::kAtAgency, a, "2026-04-11T00:00:00Z", "");
  complaint("2025-12-31T23:59:59Z", Status::kClosed, a, "2026-03-01T00:00:00Z", "2026-01-02T00:00:00Z");
  soci::session sql(db_->pool());
  auto counts = repo::count_by_status(sql, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].status, "at_agency");
  EXPECT_EQ(counts[0].count, 1);
  EXPECT_EQ(counts[1].status, "submitted");
  EXPECT_EQ(counts[1].count, 1);
}

TEST_P(ComplaintStatsRepo, MonthlyRowsCountClosedAndClosedInTime) {
  const int64_t a = agency("disdukcapil", "Disdukcapil");
  const int64_t b = agency("bapenda", "Bapenda");
  const std::string due = "2026-03-01T00:00:00Z";
  // January, Disdukcapil: closed in time, closed late, archived after closing
  // in time, still in progress.
  complaint("2026-01-02T00:00:00Z", Status::kClosed, a, due, "2026-02-01T00:00:00Z");
  complaint("2026-01-03T00:00:00Z", Status::kClosed, a, due, "2026-03-01T00:00:01Z");
  complaint("2026-01-04T00:00:00Z", Status::kArchived, a, due, "2026-03-01T00:00:00Z");
  complaint("2026-01-05T00:00:00Z", Status::kInProgress, a, due, "");
  // January, at the desk (no agency): one waiting, one rejected and archived.
  complaint("2026-01-06T00:00:00Z", Status::kSubmitted, std::nullopt, due, "");
  complaint("2026-01-07T00:00:00Z", Status::kArchived, std::nullopt, due, "");
  // February, Bapenda: closed without a completion deadline (not in time).
  complaint("2026-02-01T00:00:00Z", Status::kClosed, b, "", "2026-02-02T00:00:00Z");
  // March: outside the range.
  complaint("2026-03-01T00:00:00Z", Status::kClosed, b, due, "2026-03-01T00:00:00Z");

  soci::session sql(db_->pool());
  auto rows = repo::monthly_by_agency(sql, db_->dialect(), "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", 0);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].month, "2026-01");
  EXPECT_EQ(rows[0].agency_id, 0);
  EXPECT_EQ(rows[0].agency_name, "");
  EXPECT_EQ(rows[0].received, 2);
  EXPECT_EQ(rows[0].closed, 0);
  EXPECT_EQ(rows[1].month, "2026-01");
  EXPECT_EQ(rows[1].agency_id, a);
  EXPECT_EQ(rows[1].agency_name, "Disdukcapil");
  EXPECT_EQ(rows[1].received, 4);
  EXPECT_EQ(rows[1].closed, 3);
  EXPECT_EQ(rows[1].closed_in_time, 2);
  EXPECT_EQ(rows[2].month, "2026-02");
  EXPECT_EQ(rows[2].agency_id, b);
  EXPECT_EQ(rows[2].received, 1);
  EXPECT_EQ(rows[2].closed, 1);
  EXPECT_EQ(rows[2].closed_in_time, 0);
}

// A report sent at 01:00 WIB on 1 February is February's, although it is
// still 31 January in UTC; one at 00:30 WIB on 1 January is inside a range
// that starts with January.
TEST_P(ComplaintStatsRepo, MonthsAreTheMallsLocalMonths) {
  const int64_t a = agency("disdukcapil", "Disdukcapil");
  complaint("2025-12-31T16:59:59Z", Status::kSubmitted, a, "", "");  // 23:59:59 WIB, 31 December: outside
  complaint("2025-12-31T17:30:00Z", Status::kSubmitted, a, "", "");  // 00:30 WIB, 1 January
  complaint("2026-01-31T18:00:00Z", Status::kSubmitted, a, "", "");  // 01:00 WIB, 1 February
  soci::session sql(db_->pool());
  // January and February in WIB: [2025-12-31T17:00Z, 2026-02-28T17:00Z).
  auto rows = repo::monthly_by_agency(sql, db_->dialect(), "2025-12-31T17:00:00Z", "2026-02-28T17:00:00Z", 7);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].month, "2026-01");
  EXPECT_EQ(rows[0].received, 1);
  EXPECT_EQ(rows[1].month, "2026-02");
  EXPECT_EQ(rows[1].received, 1);
  // In UTC the same report of 1 February falls in January.
  auto utc = repo::monthly_by_agency(sql, db_->dialect(), "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z", 0);
  ASSERT_EQ(utc.size(), 1u);
  EXPECT_EQ(utc[0].month, "2026-01");
  EXPECT_EQ(utc[0].received, 1);
}

TEST_P(ComplaintStatsRepo, SetsTheLaporNumberOnlyOnce) {
  const int64_t id = complaint("2026-01-02T00:00:00Z", Status::kVerified, std::nullopt, "", "");
  soci::session sql(db_->pool());
  const int version = repo::find_complaint(sql, id)->version;
  EXPECT_TRUE(repo::set_lapor_tracking_id(sql, id, "LAP-2026-001", "2026-01-03T00:00:00Z"));
  auto c = repo::find_complaint(sql, id);
  EXPECT_EQ(c->lapor_tracking_id, "LAP-2026-001");
  EXPECT_EQ(c->updated_at, "2026-01-03T00:00:00Z");
  EXPECT_EQ(c->version, version + 1);
  EXPECT_EQ(repo::find_by_lapor_id(sql, "LAP-2026-001")->id, id);
  EXPECT_FALSE(repo::set_lapor_tracking_id(sql, id, "LAP-2026-002", "2026-01-04T00:00:00Z"));
  EXPECT_EQ(repo::find_complaint(sql, id)->lapor_tracking_id, "LAP-2026-001");
  // The number is unique across complaints.
  const int64_t other = complaint("2026-01-02T00:00:00Z", Status::kVerified, std::nullopt, "", "");
  try {
    repo::set_lapor_tracking_id(sql, other, "LAP-2026-001", "2026-01-04T00:00:00Z");
    ADD_FAILURE() << "a second complaint took the same LAPOR! number";
  } catch (const soci::soci_error& e) {
    EXPECT_TRUE(store::is_constraint_violation(e)) << e.what();  // mark_forwarded answers 409 on it
  }
}

INSTANTIATE_TEST_SUITE_P(Db, ComplaintStatsRepo, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::complaints
