// The complaints service on SQLite and PostgreSQL with a moved clock: the
// lifecycle with its timeline, audit and notifications; privacy per viewer;
// escalation exactly once per level; auto-close; idempotent intake; guest
// contact codes; rate limits; attachments.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "catalogue/service.hpp"
#include "complaints/repo.hpp"
#include "complaints/service.hpp"
#include "files/store.hpp"
#include "store/group_commit.hpp"
#include "test_db.hpp"
#include "test_people.hpp"

namespace layan::complaints {
namespace {

using accounts::Principal;
using accounts::Role;

TimePoint utc(const std::string& s) {
  TimePoint t{};
  EXPECT_TRUE(parse_utc(s, t)) << s;
  return t;
}

// A PNG header as libmagic recognises it.
std::string png_bytes() {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\0\0\0\x0dIHDR", 8);
  png += std::string("\0\0\0\x02\0\0\0\x02\x08\x02\0\0\0", 13);
  png += std::string("\x90\x77\x53\xde", 4);
  return png;
}

class ComplaintDb : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    app_.db = std::move(db_);
    app_.clock = &clock_;
    intake_ = std::make_unique<store::GroupCommitter>(*app_.db, store::GroupCommitter::Options{});
    app_.intake = intake_.get();
    dir_ = std::filesystem::temp_directory_path() / ("layan-complaints-" + crypto::random_token(6));
    auto store = files::Store::open(dir_);
    ASSERT_TRUE(store.ok());
    files_ = std::make_unique<files::Store>(std::move(*store));
    app_.files = files_.get();
    system_ = accounts::system_principal();
    auto a = catalogue::create_agency(app_, system_, {"disdukcapil", "Disdukcapil", "", "district", "", "", "", ""});
    ASSERT_TRUE(a.ok());
    agency_ = a->id;
    auto b = catalogue::create_agency(app_, system_, {"dpmptsp", "DPMPTSP", "", "district", "", "", "", ""});
    ASSERT_TRUE(b.ok());
    other_agency_ = b->id;
    auto u = catalogue::create_unit(app_, system_, agency_, {"pendaftaran", "Pendaftaran Penduduk", "", ""});
    ASSERT_TRUE(u.ok());
    unit_ = u->id;
    catalogue::StandardInput st;
    st.requirements = {{"KTP", ""}};
    st.procedure = {{"Datang ke loket", ""}};
    st.duration_value = 1;
    st.duration_unit = "working_days";
    st.product = "KTP-el";
    st.complaint_channel = "Loket pengaduan";
    st.change_note = "awal";
    auto s = catalogue::create_service(app_, system_, agency_,
                                       {"ktp", "Penerbitan KTP-el", "", "", unit_, {"in_person"}, true}, st);
    ASSERT_TRUE(s.ok()) << s.error().detail;
    service_ = s->id;
    desk_ = person(Role::kMppAdmin);
    agency_admin_ = person(Role::kAgencyAdmin, agency_);
    officer_ = person(Role::kOfficer, agency_, unit_);
    other_officer_ = person(Role::kOfficer, other_agency_);
    evaluator_ = person(Role::kEvaluator);
    citizen_ = person(Role::kCitizen);
  }

  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A principal backed by a real account (timelines and audit name the actor).
  Principal person(Role role, std::optional<int64_t> agency = std::nullopt,
                   std::optional<int64_t> unit = std::nullopt) {
    return layan::testing::person(app_, role, agency, unit);
  }

  NewComplaint report(const std::string& privacy = "anonim") {
    NewComplaint in;
    in.type = "pengaduan";
    in.privacy = privacy;
    in.title = "Antrean perekaman KTP-el lama";
    in.description = "Saya menunggu lima jam di loket perekaman.";
    in.service_id = service_;
    in.client_ip = "10.0.0.1";
    return in;
  }

  Complaint submit_ok(const Principal& who, NewComplaint in) {
    auto r = submit(app_, who, std::move(in));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
    return r.ok() ? r->complaint : Complaint{};
  }

  Complaint act_ok(const Principal& who, int64_t id, Transition t, const std::string& message = "",
                   const std::string& token = "") {
    ActionInput in;
    in.kind = t;
    in.message = message;
    if (t == Transition::kDispositionToAgency || t == Transition::kForwardToAgency) in.agency_id = agency_;
    if (t == Transition::kDispositionToUnit) in.unit_id = unit_;
    auto r = act(app_, who, id, in, token);
    EXPECT_TRUE(r.ok()) << to_string(t) << ": " << (r.ok() ? "" : r.error().detail);
    return r.ok() ? *r : Complaint{};
  }

  int count(const std::string& sql_text) {
    soci::session sql(app_.db->pool());
    int n = 0;
    sql << sql_text, soci::into(n);
    return n;
  }

  // The latest one-time code sent to anyone (from the outbox).
  std::string latest_code() {
    soci::session sql(app_.db->pool());
    std::string body;
    sql << "SELECT body FROM outbox WHERE entity = 'contact_confirmation' ORDER BY id DESC LIMIT 1", soci::into(body);
    std::smatch m;
    std::regex re("Kode konfirmasi Anda: ([0-9]{6})");
    EXPECT_TRUE(std::regex_search(body, m, re)) << body;
    return m.size() > 1 ? m[1].str() : "";
  }

  ManualClock clock_{utc("2026-11-23T02:00:00Z")};  // Monday 09:00 WIB
  App app_;
  std::unique_ptr<store::GroupCommitter> intake_;
  std::unique_ptr<files::Store> files_;
  std::filesystem::path dir_;
  Principal system_, desk_, agency_admin_, officer_, other_officer_, evaluator_, citizen_;
  int64_t agency_ = 0, other_agency_ = 0, unit_ = 0, service_ = 0;
};

TEST_P(ComplaintDb, TheWholeLifecycleIsRecordedAuditedAndTold) {
  Complaint c = submit_ok(citizen_, report());
  EXPECT_EQ(c.status, Status::kSubmitted);
  EXPECT_EQ(c.verify_due_at, "2026-11-26T16:59:59Z");
  EXPECT_EQ(c.target_agency_id, agency_) << "taken from the service";

  clock_.advance(std::chrono::hours(2));
  act_ok(desk_, c.id, Transition::kVerify);
  c = act_ok(desk_, c.id, Transition::kDispositionToAgency);
  EXPECT_EQ(c.status, Status::kAtAgency);
  EXPECT_EQ(c.agency_id, agency_);
  EXPECT_EQ(c.follow_up_due_at, "2026-11-30T16:59:59Z");
  c = act_ok(agency_admin_, c.id, Transition::kDispositionToUnit);
  EXPECT_EQ(c.unit_id, unit_);
  c = act_ok(officer_, c.id, Transition::kReply, "Kami tambah petugas perekaman mulai besok.");
  EXPECT_EQ(c.status, Status::kInProgress);
  EXPECT_EQ(c.follow_up_due_at, "");
  act_ok(officer_, c.id, Transition::kNote, "Catatan internal: cek jadwal petugas.");
  c = act_ok(officer_, c.id, Transition::kResolve, "Petugas tambahan sudah bertugas.");
  EXPECT_EQ(c.status, Status::kResolved);
  c = act_ok(citizen_, c.id, Transition::kConfirm);
  EXPECT_EQ(c.status, Status::kClosed);
  EXPECT_EQ(c.closed_at, "2026-11-23T04:00:00Z");

  // submit + 8 actions, each on the timeline and in the audit chain.
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaint_events WHERE complaint_id = " + std::to_string(c.id)), 8);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE entity = 'complaint'"), 8);
  soci::session sql(app_.db->pool());
  EXPECT_EQ(audit::verify(sql).first_bad_id, 0);
  // The reporter heard: received, verified, the reply, resolved.
  soci::session sql2(app_.db->pool());
  int told = 0;
  sql2 << "SELECT COUNT(*) FROM outbox o JOIN complaint_reporters r ON r.email = o.recipient "
          "WHERE o.entity = 'complaint' AND o.entity_id = :id",
      soci::use(static_cast<long long>(c.id)), soci::into(told);
  EXPECT_EQ(told, 4);
}

TEST_P(ComplaintDb, ForbiddenMovesAreRefusedAndChangeNothing) {
  Complaint c = submit_ok(citizen_, report());
  ActionInput verify;
  verify.kind = Transition::kVerify;
  auto by_officer = act(app_, officer_, c.id, verify);
  ASSERT_FALSE(by_officer.ok());
  EXPECT_EQ(by_officer.error().kind, ErrorKind::kNotFound) << "not yet the officer's to see";
  auto by_citizen = act(app_, citizen_, c.id, verify);
  ASSERT_FALSE(by_citizen.ok());
  EXPECT_EQ(by_citizen.error().kind, ErrorKind::kConflict);
  act_ok(desk_, c.id, Transition::kVerify);
  act_ok(desk_, c.id, Transition::kDispositionToAgency);
  ActionInput resolve;
  resolve.kind = Transition::kResolve;
  resolve.message = "selesai";
  EXPECT_EQ(act(app_, other_officer_, c.id, resolve).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(act(app_, evaluator_, c.id, resolve).error().kind, ErrorKind::kForbidden);
  ActionInput no_reason;
  no_reason.kind = Transition::kNotOurAuthority;
  auto missing = act(app_, agency_admin_, c.id, no_reason);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kValidation);
  ActionInput stale;
  stale.kind = Transition::kStartWork;
  stale.expected_version = 1;
  EXPECT_EQ(act(app_, agency_admin_, c.id, stale).error().kind, ErrorKind::kConflict);
  EXPECT_EQ(act(app_, officer_, c.id, stale).error().kind, ErrorKind::kNotFound)
      << "a unit's officer sees only what was given to the unit";
  auto v = view_for_staff(app_, desk_, c.id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->complaint.status, Status::kAtAgency);
  EXPECT_EQ(v->events.size(), 3u);
}

TEST_P(ComplaintDb, ConfidentialAndAnonymousReportersAreSeenByNobodyButTheDeskOnRequest) {
  for (const char* privacy : {"anonim", "rahasia", "biasa"}) {
    Complaint c = submit_ok(citizen_, report(privacy));
    act_ok(desk_, c.id, Transition::kVerify);
    act_ok(desk_, c.id, Transition::kDispositionToAgency);
    act_ok(agency_admin_, c.id, Transition::kDispositionToUnit);
    const bool biasa = std::string(privacy) == "biasa";
    for (const Principal* who : {&officer_, &agency_admin_, &desk_}) {
      auto v = view_for_staff(app_, *who, c.id);
      ASSERT_TRUE(v.ok());
      EXPECT_EQ(v->reporter.has_value(), biasa) << privacy << " as " << accounts::role_name(who->role);
    }
    auto ev = view_for_staff(app_, evaluator_, c.id);
    ASSERT_TRUE(ev.ok());
    EXPECT_FALSE(ev->reporter) << "evaluators see data, not people";
    for (const std::string& reference : {c.public_id, c.tracking_code}) {
      auto pub = view_anyone(app_, reference);
      ASSERT_TRUE(pub.ok());
      EXPECT_FALSE(pub->reporter);
      EXPECT_EQ(pub->reporter_contact_masked, "");
      EXPECT_EQ(pub->text_withheld, std::string(privacy) == "rahasia") << privacy;
      EXPECT_EQ(pub->complaint.title.empty(), std::string(privacy) == "rahasia") << privacy;
    }
    EXPECT_EQ(reveal_reporter(app_, agency_admin_, c.id, "perlu menghubungi pelapor").error().kind,
              ErrorKind::kForbidden);
    EXPECT_EQ(reveal_reporter(app_, desk_, c.id, "").error().kind, ErrorKind::kValidation);
    const int before = count("SELECT COUNT(*) FROM audit_events WHERE action = 'complaint.reveal_reporter'");
    auto r = reveal_reporter(app_, desk_, c.id, "Pelapor perlu dihubungi untuk klarifikasi data");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->user_id, citizen_.user_id);
    EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'complaint.reveal_reporter'"), before + 1);
  }
  // Whistle-blowing is always confidential.
  auto wb = report("anonim");
  wb.type = "whistleblowing";
  EXPECT_EQ(submit_ok(citizen_, wb).privacy, Privacy::kRahasia);
}

TEST_P(ComplaintDb, EscalationHappensOncePerLevelAsTheClockMoves) {
  Complaint c = submit_ok(citizen_, report());
  act_ok(desk_, c.id, Transition::kVerify);
  c = act_ok(desk_, c.id, Transition::kDispositionToAgency);
  act_ok(agency_admin_, c.id, Transition::kDispositionToUnit);
  ASSERT_EQ(c.follow_up_due_at, "2026-11-30T16:59:59Z");
  auto escalations = [&] {
    return count("SELECT COUNT(*) FROM complaint_escalations WHERE complaint_id = " + std::to_string(c.id));
  };
  clock_.set(utc("2026-11-30T16:59:59Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 0);
  clock_.set(utc("2026-11-30T17:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 1);
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 0) << "exactly once per level";
  clock_.set(utc("2026-12-01T10:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 0);
  clock_.set(utc("2026-12-02T10:00:00Z"));  // two working days late
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 1);
  clock_.set(utc("2026-12-10T10:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 1);
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 0);
  EXPECT_EQ(escalations(), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_events WHERE action = 'complaint.escalate'"), 3);
  // Level 1 went to the unit's officer, level 2 to the agency admin, level 3 to the desk.
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Laporan melewati batas waktu%'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Laporan melewati batas waktu%' AND body LIKE "
                  "'%melewati batas waktu tindak lanjut pertama (__-__-____ __.__ WIB)%'"),
            3)
      << "the deadline named in words, its time in the mall's zone";
  // A reply stops the follow-up clock: nothing more for it, until completion is due.
  act_ok(officer_, c.id, Transition::kReply, "Sedang kami tangani.");
  clock_.set(utc("2027-01-10T10:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 0);
  clock_.set(utc("2027-01-22T03:00:00Z"));  // 60 days after submission
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 1);
  clock_.set(utc("2027-02-10T03:00:00Z"));  // the job was down: levels 2 and 3 at once, each once
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 2);
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 0);
}

TEST_P(ComplaintDb, AnUnverifiedReportGoesStraightToTheMallManager) {
  Complaint c = submit_ok(citizen_, report());
  clock_.set(utc("2026-11-27T01:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaint_escalations WHERE level = 3 AND deadline = 'verify'"), 1);
  clock_.set(utc("2026-12-15T01:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).escalated, 0);
  (void)c;
}

TEST_P(ComplaintDb, ResolvedReportsCloseThemselvesAfterTenWorkingDays) {
  Complaint c = submit_ok(citizen_, report());
  act_ok(desk_, c.id, Transition::kVerify);
  act_ok(desk_, c.id, Transition::kDispositionToAgency);
  c = act_ok(agency_admin_, c.id, Transition::kResolve, "Sudah kami perbaiki.");
  EXPECT_EQ(c.auto_close_at, "2026-12-07T16:59:59Z");
  clock_.set(utc("2026-12-07T16:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).auto_closed, 0);
  clock_.set(utc("2026-12-07T17:00:00Z"));
  EXPECT_EQ(sweep_deadlines(app_, clock_.now()).auto_closed, 1);
  auto v = view_for_staff(app_, desk_, c.id);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->complaint.status, Status::kClosed);
  EXPECT_EQ(v->events.back().kind, Transition::kAutoClose);
  // The reporter may reopen within ten working days of the closing...
  ActionInput reopen;
  reopen.kind = Transition::kReopen;
  reopen.message = "Masih sama saja.";
  clock_.set(utc("2026-12-21T10:00:00Z"));
  auto again = act(app_, citizen_, c.id, reopen);
  ASSERT_TRUE(again.ok()) << again.error().detail;
  EXPECT_EQ(again->status, Status::kInProgress);
  // ...but not after.
  act_ok(agency_admin_, c.id, Transition::kResolve, "Sudah diperbaiki lagi.");
  act_ok(citizen_, c.id, Transition::kConfirm);
  clock_.set(utc("2027-02-01T10:00:00Z"));
  EXPECT_EQ(act(app_, citizen_, c.id, reopen).error().kind, ErrorKind::kConflict);
}

TEST_P(ComplaintDb, ARetriedSubmissionWithTheSameKeyReturnsTheFirstReport) {
  auto in = report();
  in.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  auto first = submit(app_, citizen_, in);
  auto second = submit(app_, citizen_, in);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_FALSE(first->replayed);
  EXPECT_TRUE(second->replayed);
  EXPECT_EQ(first->complaint.id, second->complaint.id);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaints"), 1);
  // Another caller with the same key is another submission.
  Principal other = person(Role::kCitizen);
  EXPECT_NE(submit_ok(other, in).id, first->complaint.id);
}

// A database failure while storing a report keeps nothing of it and answers
// "unavailable, send it again"; the retry with the same key then stores it once.
TEST_P(ComplaintDb, AFailedStoreKeepsNothingAndTheRetryStoresTheReportOnce) {
  {
    soci::session sql(app_.db->pool());
    if (app_.db->dialect() == store::Dialect::kSqlite) {
      sql << "CREATE TRIGGER fail_events BEFORE INSERT ON complaint_events BEGIN SELECT RAISE(ABORT, 'disk full'); END";
    } else {
      sql << "CREATE FUNCTION fail_events() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ "
             "LANGUAGE plpgsql";
      sql << "CREATE TRIGGER fail_events BEFORE INSERT ON complaint_events FOR EACH ROW EXECUTE FUNCTION fail_events()";
    }
  }
  auto in = report();
  in.idempotency_key = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  auto failed = submit(app_, citizen_, in);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaints"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaint_reporters"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox"), 0);

  {
    soci::session sql(app_.db->pool());
    sql << (app_.db->dialect() == store::Dialect::kSqlite ? "DROP TRIGGER fail_events"
                                                          : "DROP TRIGGER fail_events ON complaint_events");
  }
  auto retried = submit(app_, citizen_, in);
  ASSERT_TRUE(retried.ok()) << retried.error().detail;
  EXPECT_FALSE(retried->replayed);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaints"), 1);
}

// A citizen at the counter, on the phone or by letter: the desk records the
// report with the reporter as given; nobody else on the staff may.
TEST_P(ComplaintDb, TheDeskRecordsReportsReceivedAtTheCounterByPhoneOrByLetter) {
  auto in = report("rahasia");
  in.received_via = "phone";
  in.reporter_name = "Bu Ratna";
  in.reporter_phone = "0812-7777-6666";
  auto done = submit(app_, desk_, in);
  ASSERT_TRUE(done.ok()) << done.error().detail;
  const Complaint& c = done->complaint;
  EXPECT_EQ(c.channel, "phone");
  EXPECT_EQ(c.status, Status::kSubmitted);
  EXPECT_EQ(c.privacy, Privacy::kRahasia) << "the citizen's choice";
  {
    soci::session sql(app_.db->pool());
    auto r = repo::find_reporter(sql, c.id);
    EXPECT_EQ(r.name, "Bu Ratna");
    EXPECT_EQ(r.phone, "+6281277776666");
    EXPECT_FALSE(r.user_id);
  }
  auto v = view_for_staff(app_, desk_, c.id);
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->events.empty());
  EXPECT_EQ(v->events.front().actor, ActorKind::kDesk);
  EXPECT_EQ(v->events.front().actor_label, desk_.name) << "the officer who took it";
  EXPECT_FALSE(v->reporter) << "rahasia: even the desk sees the identity only by revealing it";
  EXPECT_EQ(count("SELECT COUNT(*) FROM outbox WHERE recipient = '+6281277776666'"), 1)
      << "the code goes to the citizen";

  // Later, the citizen proves the same number and acts as the reporter.
  auto id = request_contact_code(app_, "081277776666", "10.0.0.7");
  ASSERT_TRUE(id.ok());
  auto token = confirm_contact(app_, *id, latest_code());
  ASSERT_TRUE(token.ok());
  auto own = view_by_code(app_, Principal{}, c.tracking_code, *token);
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->is_reporter);

  // Without a name or contact (the citizen would rather not say) is fine too;
  // limits meant for the public do not apply to the desk.
  app_.config.complaints.max_per_client_hour = 1;
  for (const char* via : {"counter", "letter"}) {
    auto quiet = report("anonim");
    quiet.received_via = via;
    EXPECT_TRUE(submit(app_, desk_, quiet).ok()) << via;
  }
}

TEST_P(ComplaintDb, OnlyTheDeskRecordsReportsAndItSaysHowItGotThem) {
  auto in = report();
  in.received_via = "counter";
  for (const Principal& who : {agency_admin_, officer_, evaluator_, citizen_}) {
    EXPECT_EQ(submit(app_, who, in).error().kind, ErrorKind::kForbidden) << accounts::role_name(who.role);
  }
  auto unsaid = report();
  auto refused = submit(app_, desk_, unsaid);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kValidation);
  EXPECT_EQ(refused.error().fields.at(0).field, "received_via");
  auto odd = report();
  odd.received_via = "web";
  odd.reporter_email = "bukan email";
  refused = submit(app_, desk_, odd);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.error().fields.size(), 2u);
  EXPECT_EQ(refused.error().fields[0].field, "received_via");
  EXPECT_EQ(refused.error().fields[1].field, "reporter_email");
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaints"), 0);
}

TEST_P(ComplaintDb, GuestsConfirmTheirContactWithAOneTimeCode) {
  auto in = report();
  auto refused = submit(app_, Principal{}, in);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "contact_token");
  EXPECT_EQ(request_contact_code(app_, "bukan kontak", "10.0.0.9").error().kind, ErrorKind::kValidation);
  auto id = request_contact_code(app_, "0812-3456-7890", "10.0.0.9");
  ASSERT_TRUE(id.ok());
  const std::string code = latest_code();
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(confirm_contact(app_, *id, "000000").ok());
  auto token = confirm_contact(app_, *id, code);
  ASSERT_TRUE(token.ok()) << "the fifth try is still allowed";
  EXPECT_FALSE(confirm_contact(app_, *id, code).ok()) << "a code works once";
  in.contact_token = *token;
  Complaint c = submit_ok(Principal{}, in);
  // The code proves the guest is the reporter; the tracking code alone does not.
  auto as_reporter = view_by_code(app_, Principal{}, c.tracking_code, *token);
  ASSERT_TRUE(as_reporter.ok());
  EXPECT_TRUE(as_reporter->is_reporter);
  EXPECT_EQ(as_reporter->reporter_contact_masked, "+62812****890");
  auto stranger = view_by_code(app_, Principal{}, c.tracking_code, "");
  ASSERT_TRUE(stranger.ok());
  EXPECT_FALSE(stranger->is_reporter);
  EXPECT_TRUE(stranger->available.empty());
  EXPECT_TRUE(stranger->text_withheld) << "a report not yet verified is not public";
  EXPECT_TRUE(stranger->complaint.description.empty());
  EXPECT_FALSE(as_reporter->text_withheld);
  EXPECT_EQ(as_reporter->complaint.description, c.description);
  // After two hours the token no longer proves anything.
  clock_.advance(std::chrono::hours(3));
  EXPECT_FALSE(view_by_code(app_, Principal{}, c.tracking_code, *token)->is_reporter);
  // Too many tries lock a code.
  auto id2 = request_contact_code(app_, "tamu@contoh.id", "10.0.0.9");
  ASSERT_TRUE(id2.ok());
  const std::string code2 = latest_code();
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(confirm_contact(app_, *id2, "999999").ok());
  EXPECT_FALSE(confirm_contact(app_, *id2, code2).ok());
  // The contacts held for confirmation are forgotten within two days; the
  // report keeps its reporter.
  EXPECT_EQ(count("SELECT COUNT(*) FROM contact_confirmations"), 2);
  clock_.advance(std::chrono::hours(49));
  sweep_deadlines(app_, clock_.now());
  EXPECT_EQ(count("SELECT COUNT(*) FROM contact_confirmations"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaint_intake_log"), 0);
  EXPECT_EQ(reveal_reporter(app_, desk_, c.id, "Klarifikasi nomor ponsel pelapor")->phone, "+6281234567890");
}

TEST_P(ComplaintDb, SubmissionsAreRateLimitedPerAddressAndContact) {
  app_.config.complaints.max_per_client_hour = 2;
  submit_ok(citizen_, report());
  submit_ok(citizen_, report());
  auto third = submit(app_, citizen_, report());
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ErrorKind::kTooManyRequests);
  clock_.advance(std::chrono::minutes(61));
  EXPECT_TRUE(submit(app_, citizen_, report()).ok());
  app_.config.complaints.max_per_client_hour = 100;
  app_.config.complaints.max_per_contact_day = 3;
  EXPECT_EQ(submit(app_, citizen_, report()).error().kind, ErrorKind::kTooManyRequests);
}

TEST_P(ComplaintDb, AttachmentsAreSniffedAndALyingTypeIsRefused) {
  auto in = report();
  in.attachments.push_back({"foto.png", "image/png", png_bytes()});
  Complaint c = submit_ok(citizen_, in);
  auto v = view_for_staff(app_, desk_, c.id);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->attachments.size(), 1u);
  EXPECT_EQ(v->attachments[0].mime, "image/png");
  EXPECT_TRUE(app_.files->get(v->attachments[0].sha256).ok());

  auto lying = report();
  lying.attachments.push_back({"foto.png", "image/png", "<script>alert(1)</script> not an image"});
  auto refused = submit(app_, citizen_, lying);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kValidation);
  EXPECT_EQ(refused.error().fields.at(0).field, "attachments");
  auto mislabelled = report();
  mislabelled.attachments.push_back({"foto.pdf", "application/pdf", png_bytes()});
  EXPECT_EQ(submit(app_, citizen_, mislabelled).error().kind, ErrorKind::kValidation);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaints"), 1);
}

// Files stored under the file store, wherever they are.
size_t stored_files_on_disk(const std::filesystem::path& root) {
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) n += e.is_regular_file();
  return n;
}

TEST_P(ComplaintDb, RefusedSubmissionsAndActionsWriteNoFiles) {
  const auto root = app_.files->root();
  // A guest without a confirmed contact.
  auto guest = report();
  guest.attachments.push_back({"foto.png", "image/png", png_bytes()});
  EXPECT_EQ(submit(app_, Principal{}, guest).error().kind, ErrorKind::kValidation);
  // An unknown service.
  auto unknown = report();
  unknown.service_id = 999999;
  unknown.attachments.push_back({"foto.png", "image/png", png_bytes()});
  EXPECT_EQ(submit(app_, citizen_, unknown).error().kind, ErrorKind::kValidation);
  // An address over its hourly limit.
  app_.config.complaints.max_per_client_hour = 1;
  Complaint c = submit_ok(citizen_, report());
  auto over = report();
  over.attachments.push_back({"foto.png", "image/png", png_bytes()});
  EXPECT_EQ(submit(app_, citizen_, over).error().kind, ErrorKind::kTooManyRequests);
  // An action with a file by someone who may not act on the report.
  ActionInput reply;
  reply.kind = Transition::kReporterReply;
  reply.message = "Foto tambahan";
  reply.attachments.push_back({"foto.png", "image/png", png_bytes()});
  EXPECT_EQ(act(app_, person(Role::kCitizen), c.id, reply).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(act(app_, other_officer_, c.id, reply).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(stored_files_on_disk(root), 0u);

  // The reporter's own reply with the file stores it.
  app_.config.complaints.max_per_client_hour = 20;
  auto with_file = act(app_, citizen_, c.id, reply);
  ASSERT_TRUE(with_file.ok()) << with_file.error().detail;
  EXPECT_EQ(stored_files_on_disk(root), 1u);
}

// The tracking code alone is no proof of being the reporter (it is shared,
// overheard, or public for Open311 clients that filed): it opens status and
// the staff's public replies, never the reporter's words or files.
TEST_P(ComplaintDb, TheCodeAloneOpensNeitherTheReportersRepliesNorTheirFiles) {
  auto in = report("anonim");
  in.attachments.push_back({"ktp.png", "image/png", png_bytes()});
  Complaint c = submit_ok(citizen_, in);
  act_ok(desk_, c.id, Transition::kVerify);
  act_ok(desk_, c.id, Transition::kDispositionToAgency);
  act_ok(agency_admin_, c.id, Transition::kDispositionToUnit);
  act_ok(officer_, c.id, Transition::kReply, "Kami tambah petugas.");
  ActionInput reply;
  reply.kind = Transition::kReporterReply;
  reply.message = "NIK saya 3201234567890001";
  reply.attachments.push_back({"kk.png", "image/png", png_bytes()});
  ASSERT_TRUE(act(app_, citizen_, c.id, reply).ok());

  for (const Principal& who : {Principal{}, person(Role::kCitizen), officer_}) {
    auto v = view_by_code(app_, who, c.tracking_code, "");
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->is_reporter);
    EXPECT_TRUE(v->attachments.empty()) << "no reporter file";
    EXPECT_FALSE(v->text_withheld) << "anonim and verified: public";
    bool staff_reply = false;
    for (const auto& e : v->events) {
      EXPECT_EQ(e.message.find("3201234567890001"), std::string::npos);
      staff_reply = staff_reply || e.message == "Kami tambah petugas.";
    }
    EXPECT_TRUE(staff_reply);
  }
  auto own = view_by_code(app_, citizen_, c.tracking_code, "");
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->is_reporter);
  EXPECT_EQ(own->attachments.size(), 2u);

  // A rahasia report's own words stay with its reporter.
  Complaint secret = submit_ok(citizen_, report("rahasia"));
  act_ok(desk_, secret.id, Transition::kVerify);
  auto by_code = view_by_code(app_, Principal{}, secret.tracking_code, "");
  ASSERT_TRUE(by_code.ok());
  EXPECT_TRUE(by_code->text_withheld);
  EXPECT_TRUE(by_code->complaint.title.empty());
  EXPECT_TRUE(by_code->complaint.description.empty());
  EXPECT_FALSE(by_code->complaint.verify_due_at.empty() && by_code->complaint.complete_due_at.empty())
      << "deadlines stay";
  EXPECT_EQ(view_by_code(app_, citizen_, secret.tracking_code, "")->complaint.title, secret.title);
}

TEST_P(ComplaintDb, AReporterAddsAFewRepliesAnHourAndALimitedNumberOfFiles) {
  app_.config.complaints.max_reporter_replies_hour = 2;
  app_.config.complaints.max_files_per_report = 2;
  app_.config.complaints.max_per_client_hour = 4;
  const auto root = app_.files->root();
  Complaint c = submit_ok(citizen_, report());  // the address's first submission
  auto reply = [&](size_t files) {
    ActionInput in;
    in.kind = Transition::kReporterReply;
    in.message = "Informasi tambahan";
    in.client_ip = "10.0.0.1";
    for (size_t i = 0; i < files; ++i) in.attachments.push_back({"f.png", "image/png", png_bytes()});
    return act(app_, citizen_, c.id, in);
  };
  auto too_many = reply(3);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().kind, ErrorKind::kValidation);
  EXPECT_EQ(too_many.error().fields.at(0).field, "attachments");
  EXPECT_EQ(stored_files_on_disk(root), 0u) << "a refused addition writes no file";
  ASSERT_TRUE(reply(1).ok());
  ASSERT_TRUE(reply(0).ok());
  auto third = reply(0);
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().kind, ErrorKind::kTooManyRequests);
  // An hour later the report takes replies again, up to its files.
  clock_.advance(std::chrono::minutes(61));
  EXPECT_EQ(reply(2).error().kind, ErrorKind::kValidation) << "1 file kept + 2 > 2";
  ASSERT_TRUE(reply(1).ok());
  // That reply counts against the address's hourly limit (4) like a
  // submission: three more submissions fit in this hour, not four.
  ASSERT_TRUE(submit(app_, citizen_, report()).ok());
  ASSERT_TRUE(submit(app_, citizen_, report()).ok());
  ASSERT_TRUE(submit(app_, citizen_, report()).ok());
  EXPECT_EQ(submit(app_, citizen_, report()).error().kind, ErrorKind::kTooManyRequests);
}

TEST_P(ComplaintDb, NotOurAuthorityTakesTheReportAwayFromTheAgency) {
  Complaint c = submit_ok(citizen_, report());
  act_ok(desk_, c.id, Transition::kVerify);
  act_ok(desk_, c.id, Transition::kDispositionToAgency);
  c = act_ok(agency_admin_, c.id, Transition::kNotOurAuthority, "Ini urusan DPMPTSP.");
  EXPECT_EQ(c.status, Status::kNotOurAuthority);
  EXPECT_FALSE(c.agency_id);
  EXPECT_EQ(view_for_staff(app_, officer_, c.id).error().kind, ErrorKind::kNotFound);
  ActionInput route;
  route.kind = Transition::kDispositionToAgency;
  route.agency_id = other_agency_;
  auto moved = act(app_, desk_, c.id, route);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->agency_id, other_agency_);
  EXPECT_TRUE(view_for_staff(app_, other_officer_, c.id).ok());
}

TEST_P(ComplaintDb, ListsAreScopedToTheViewer) {
  Complaint a = submit_ok(citizen_, report());
  Complaint b = submit_ok(person(Role::kCitizen), report());
  act_ok(desk_, a.id, Transition::kVerify);
  act_ok(desk_, a.id, Transition::kDispositionToAgency);
  act_ok(agency_admin_, a.id, Transition::kDispositionToUnit);
  ListQuery desk;
  desk.box = "desk";
  EXPECT_EQ(list(app_, desk_, desk)->total, 1);
  EXPECT_EQ(list(app_, officer_, desk).error().kind, ErrorKind::kForbidden);
  ListQuery inbox;
  inbox.box = "agency";
  auto mine = list(app_, officer_, inbox);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].id, a.id);
  EXPECT_EQ(list(app_, other_officer_, inbox)->total, 0);
  ListQuery own;
  own.box = "mine";
  EXPECT_EQ(list(app_, citizen_, own)->total, 1);
  inbox.q = "perekaman";
  EXPECT_EQ(list(app_, officer_, inbox)->total, 1);
  inbox.q = "sampah";
  EXPECT_EQ(list(app_, officer_, inbox)->total, 0);
  (void)b;
}

INSTANTIATE_TEST_SUITE_P(Databases, ComplaintDb, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::complaints
