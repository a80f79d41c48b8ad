// The pure rules of complaints: deadlines across weekends and holidays,
// escalation levels, similarity, tracking codes and contacts.
#include <gtest/gtest.h>

#include <set>

#include "complaints/service.hpp"
#include "core/working_days.hpp"

namespace layan::complaints {
namespace {

using std::chrono::sys_days;
using namespace std::chrono_literals;

TimePoint utc(const std::string& s) {
  TimePoint t{};
  EXPECT_TRUE(parse_utc(s, t)) << s;
  return t;
}

sys_days day(int y, unsigned m, unsigned d) {
  return sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// WIB (UTC+7) with the 2026 Christmas holiday and its cuti bersama, the
// Idul Fitri 2026 week (SKB 3 Menteri 2026) and New Year 2027.
WorkingDayCalendar mall_calendar() {
  return WorkingDayCalendar({day(2026, 12, 24), day(2026, 12, 25), day(2026, 3, 18), day(2026, 3, 19), day(2026, 3, 20),
                             day(2026, 3, 23), day(2026, 3, 24), day(2027, 1, 1)},
                            7);
}

Complaint submitted_at(const std::string& at, Type type = Type::kPengaduan) {
  Complaint c;
  c.type = type;
  start_deadlines(c, utc(at), mall_calendar(), DeadlinePolicy{});
  return c;
}

struct DeadlineCase {
  const char* name;
  const char* submitted;
  const char* verify_due;  // end of the 3rd working day, 23:59:59 WIB = 16:59:59Z
};

class VerifyDeadline : public ::testing::TestWithParam<DeadlineCase> {};

TEST_P(VerifyDeadline, CountsThreeWorkingDays) {
  const auto& p = GetParam();
  EXPECT_EQ(submitted_at(p.submitted).verify_due_at, p.verify_due) << p.name;
}

INSTANTIATE_TEST_SUITE_P(
    AcrossWeekendsAndHolidays, VerifyDeadline,
    ::testing::Values(DeadlineCase{"monday morning", "2026-11-23T02:00:00Z", "2026-11-26T16:59:59Z"},
                      DeadlineCase{"friday: mon, tue, wed", "2026-11-20T03:00:00Z", "2026-11-25T16:59:59Z"},
                      // 18:00Z on Friday is already Saturday 01:00 in WIB.
                      DeadlineCase{"friday night UTC is saturday WIB", "2026-11-20T18:00:00Z", "2026-11-25T16:59:59Z"},
                      DeadlineCase{"saturday", "2026-11-21T05:00:00Z", "2026-11-25T16:59:59Z"},
                      // 22 Dec (Tue): 23 Wed, [24 Thu, 25 Fri holidays], 28 Mon, 29 Tue.
                      DeadlineCase{"christmas holidays", "2026-12-22T04:00:00Z", "2026-12-29T16:59:59Z"},
                      // 17 Mar (Tue): 18-24 Mar are Idul Fitri holidays and cuti bersama.
                      DeadlineCase{"idul fitri week", "2026-03-17T04:00:00Z", "2026-03-27T16:59:59Z"},
                      DeadlineCase{"year boundary", "2026-12-30T04:00:00Z", "2027-01-05T16:59:59Z"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (auto& ch : n) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      }
      return n;
    });

TEST(ComplaintDeadlines, CompletionIsInCalendarDaysPerType) {
  auto c = submitted_at("2026-11-23T02:00:00Z");
  EXPECT_EQ(c.complete_due_at, "2027-01-22T02:00:00Z");  // Perpres 76/2013: 60 days
  DeadlinePolicy p;
  p.complete_days_informasi = 10;
  Complaint info;
  info.type = Type::kPermintaanInformasi;
  start_deadlines(info, utc("2026-11-23T02:00:00Z"), mall_calendar(), p);
  EXPECT_EQ(info.complete_due_at, "2026-12-03T02:00:00Z");
}

// Moves `c` through transition `t` by the table's target status.
void move(Complaint& c, Transition t, Status to, const std::string& at) {
  apply_transition(c, t, to, utc(at), mall_calendar(), DeadlinePolicy{});
}

TEST(ComplaintDeadlines, EachStageStartsAndStopsItsClock) {
  auto c = submitted_at("2026-11-23T02:00:00Z");
  move(c, Transition::kVerify, Status::kVerified, "2026-11-24T02:00:00Z");
  EXPECT_EQ(c.verified_at, "2026-11-24T02:00:00Z");
  EXPECT_EQ(c.verify_due_at, "2026-11-26T16:59:59Z") << "verification includes forwarding";
  move(c, Transition::kDispositionToAgency, Status::kAtAgency, "2026-11-25T02:00:00Z");
  EXPECT_EQ(c.verify_due_at, "");
  // Wed 25 Nov + 5 working days: Thu 26, Fri 27, Mon 30, Tue 1, Wed 2 Dec.
  EXPECT_EQ(c.follow_up_due_at, "2026-12-02T16:59:59Z");
  move(c, Transition::kReply, Status::kInProgress, "2026-11-26T02:00:00Z");
  EXPECT_EQ(c.first_response_at, "2026-11-26T02:00:00Z");
  EXPECT_EQ(c.follow_up_due_at, "");
  move(c, Transition::kResolve, Status::kResolved, "2026-12-11T02:00:00Z");
  // Fri 11 Dec + 10 working days, with 24 and 25 Dec off: 14..18, 21, 22, 23, 28, 29.
  EXPECT_EQ(c.auto_close_at, "2026-12-29T16:59:59Z");
  move(c, Transition::kReopen, Status::kInProgress, "2026-12-14T02:00:00Z");
  EXPECT_EQ(c.auto_close_at, "");
  EXPECT_EQ(c.resolved_at, "");
  EXPECT_EQ(c.follow_up_due_at, "2026-12-21T16:59:59Z");
  move(c, Transition::kResolve, Status::kResolved, "2026-12-15T02:00:00Z");
  move(c, Transition::kConfirm, Status::kClosed, "2026-12-16T02:00:00Z");
  EXPECT_EQ(c.closed_at, "2026-12-16T02:00:00Z");
  EXPECT_EQ(c.auto_close_at, "");
  EXPECT_EQ(c.complete_due_at, "2027-01-22T02:00:00Z") << "kept for the statistics";
}

TEST(ComplaintDeadlines, ReturnStopsVerificationAndCompletionRestartsIt) {
  auto c = submitted_at("2026-11-23T02:00:00Z");
  move(c, Transition::kReturnForCompletion, Status::kReturned, "2026-11-23T03:00:00Z");
  EXPECT_EQ(c.verify_due_at, "");
  move(c, Transition::kComplete, Status::kSubmitted, "2026-11-27T03:00:00Z");  // a Friday
  EXPECT_EQ(c.verify_due_at, "2026-12-02T16:59:59Z");
}

TEST(ComplaintDeadlines, NotOurAuthorityGivesTheDeskThreeDaysAgain) {
  auto c = submitted_at("2026-11-23T02:00:00Z");
  move(c, Transition::kVerify, Status::kVerified, "2026-11-23T03:00:00Z");
  move(c, Transition::kDispositionToAgency, Status::kAtAgency, "2026-11-23T04:00:00Z");
  move(c, Transition::kNotOurAuthority, Status::kNotOurAuthority, "2026-11-24T04:00:00Z");
  EXPECT_EQ(c.follow_up_due_at, "");
  EXPECT_EQ(c.verify_due_at, "2026-11-27T16:59:59Z");
}

TEST(ComplaintDeadlines, FinalStatusesStopEveryClock) {
  for (auto [t, to] :
       {std::pair{Transition::kReject, Status::kRejected}, std::pair{Transition::kMarkDuplicate, Status::kDuplicate},
        std::pair{Transition::kMarkAbuse, Status::kAbuse}}) {
    auto c = submitted_at("2026-11-23T02:00:00Z");
    move(c, t, to, "2026-11-23T03:00:00Z");
    EXPECT_EQ(c.verify_due_at, "") << to_string(t);
    EXPECT_FALSE(missed_deadline(c, utc("2027-06-01T00:00:00Z"))) << to_string(t);
  }
}

TEST(ComplaintDeadlines, MissedDeadlineIsTheEarliestPassed) {
  auto c = submitted_at("2026-11-23T02:00:00Z");
  EXPECT_FALSE(missed_deadline(c, utc("2026-11-26T16:59:59Z")));
  auto m = missed_deadline(c, utc("2026-11-26T17:00:00Z"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->deadline, Deadline::kVerify);
  EXPECT_EQ(m->due_at, "2026-11-26T16:59:59Z");
  c.status = Status::kResolved;  // waiting for the reporter: nobody is late
  EXPECT_FALSE(missed_deadline(c, utc("2027-06-01T00:00:00Z")));
}

struct EscalationCase {
  Deadline deadline;
  const char* now;
  int level;
};

class Escalation : public ::testing::TestWithParam<EscalationCase> {};

TEST_P(Escalation, LevelGrowsEveryTwoWorkingDaysLate) {
  // Due at the end of Tuesday 22 Dec 2026; 24 and 25 Dec are holidays.
  const auto due = utc("2026-12-22T16:59:59Z");
  EXPECT_EQ(escalation_level(GetParam().deadline, due, utc(GetParam().now), mall_calendar(), DeadlinePolicy{}),
            GetParam().level)
      << GetParam().now;
}

INSTANTIATE_TEST_SUITE_P(Levels, Escalation,
                         ::testing::Values(EscalationCase{Deadline::kFollowUp, "2026-12-22T16:00:00Z", 0},
                                           EscalationCase{Deadline::kFollowUp, "2026-12-22T17:00:00Z", 1},
                                           EscalationCase{Deadline::kFollowUp, "2026-12-23T10:00:00Z", 1},
                                           // 23 Dec and 28 Dec are the two working days after.
                                           EscalationCase{Deadline::kFollowUp, "2026-12-25T10:00:00Z", 1},
                                           EscalationCase{Deadline::kFollowUp, "2026-12-28T10:00:00Z", 2},
                                           EscalationCase{Deadline::kFollowUp, "2026-12-30T10:00:00Z", 3},
                                           EscalationCase{Deadline::kComplete, "2027-03-01T00:00:00Z", 3},
                                           EscalationCase{Deadline::kVerify, "2026-12-22T17:00:00Z", 3}));

TEST(ComplaintSimilarity, SharedWordsAndNearbyPlaces) {
  Complaint a, b, c;
  a.title = "Antrean KTP-el sangat lama";
  a.description = "Saya menunggu lima jam untuk perekaman KTP-el di loket Disdukcapil";
  b.title = "Perekaman KTP-el lama sekali";
  b.description = "Antrean perekaman KTP-el di loket Disdukcapil lima jam";
  c.title = "Jalan berlubang";
  c.description = "Jalan di depan pasar rusak parah";
  EXPECT_GT(similarity(a, b), 0.3);
  EXPECT_LT(similarity(a, c), 0.1);
  EXPECT_DOUBLE_EQ(similarity(a, b), similarity(b, a));
  const double apart = similarity(a, b);
  a.location = {-6.2000, 106.8166, ""};
  b.location = {-6.2010, 106.8170, ""};  // about 120 m away
  EXPECT_GT(similarity(a, b), apart);
  b.location = {-7.2500, 112.7500, ""};  // another city
  EXPECT_LT(similarity(a, b), apart);
  EXPECT_NEAR(distance_m(-6.2, 106.8166, -6.201, 106.817), 118, 5);
}

TEST(ComplaintCodes, TrackingCodesAreRandomAndForgiving) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto code = new_tracking_code();
    ASSERT_EQ(code.size(), 14u);
    EXPECT_EQ(normalize_tracking_code(code), code);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(normalize_tracking_code("k7m2 9qxr 4tpa"), "K7M2-9QXR-4TPA");
  EXPECT_EQ(normalize_tracking_code("K7M2-9QXR-4TPO"), "K7M2-9QXR-4TP0") << "O read as zero";
  EXPECT_EQ(normalize_tracking_code("i7m2-9qxr-4tpl"), "17M2-9QXR-4TP1");
  EXPECT_FALSE(normalize_tracking_code("K7M2-9QXR-4TP"));
  EXPECT_FALSE(normalize_tracking_code("K7M2-9QXR-4TPAA"));
  EXPECT_FALSE(normalize_tracking_code("K7M2-9QXR-4TP!"));
  EXPECT_FALSE(normalize_tracking_code("' OR 1=1 --"));
}

// Public ids are what lists and Open311 show: random (nobody learns the status
// of a report that is not public by counting), forgiving, and never readable
// as a tracking code, so that neither can stand for the other.
TEST(ComplaintCodes, PublicIdsAreRandomForgivingAndNeverTrackingCodes) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = new_public_id();
    ASSERT_EQ(id.size(), 15u) << id;
    EXPECT_EQ(id.rfind("LAP-", 0), 0u);
    EXPECT_EQ(normalize_public_id(id), id);
    EXPECT_FALSE(normalize_tracking_code(id)) << id;
    EXPECT_FALSE(normalize_public_id(new_tracking_code()));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(normalize_public_id("lap 7k3m9 q2xt4"), "LAP-7K3M9-Q2XT4");
  EXPECT_EQ(normalize_public_id("LAP7K3M9Q2XTO"), "LAP-7K3M9-Q2XT0") << "O read as zero";
  EXPECT_EQ(normalize_public_id("lap-i7k3m-9q2xl"), "LAP-17K3M-9Q2X1");
  EXPECT_FALSE(normalize_public_id("LAP-7K3M9-Q2XT"));
  EXPECT_FALSE(normalize_public_id("LAP-7K3M9-Q2XT45"));
  EXPECT_FALSE(normalize_public_id("LAX-7K3M9-Q2XT4"));
  EXPECT_FALSE(normalize_public_id("LAP-7K3M9-Q2XU4")) << "U is not in the alphabet";
  EXPECT_FALSE(normalize_public_id("K7M2-9QXR-4TPA"));
  EXPECT_FALSE(normalize_public_id("' OR 1=1 --"));
  EXPECT_FALSE(normalize_public_id(""));
}

TEST(ComplaintContacts, EmailsAndIndonesianMobileNumbers) {
  EXPECT_EQ(parse_contact(" Budi.S@Mail.CO.ID ")->value, "budi.s@mail.co.id");
  EXPECT_EQ(parse_contact("budi@mail.id")->channel, "email");
  EXPECT_EQ(parse_contact("0812-3456-7890")->value, "+6281234567890");
  EXPECT_EQ(parse_contact("+62 812 3456 7890")->value, "+6281234567890");
  EXPECT_EQ(parse_contact("6281234567890")->channel, "sms");
  EXPECT_FALSE(parse_contact("021-555-1234"));  // a landline cannot receive a code
  EXPECT_FALSE(parse_contact("0812"));
  EXPECT_FALSE(parse_contact("budi@"));
  EXPECT_FALSE(parse_contact("budi@@mail.id"));
  EXPECT_FALSE(parse_contact("<budi@mail.id>"));
  EXPECT_FALSE(parse_contact(""));
  EXPECT_EQ(mask_contact("budi@mail.id"), "b***@mail.id");
  EXPECT_EQ(mask_contact("+6281234567890"), "+62812****890");
}

}  // namespace
}  // namespace layan::complaints
