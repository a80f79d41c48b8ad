// complaints::list with box "public" (Open311's GET requests) on SQLite and
// PostgreSQL: anyone may list, and only public reports come back (verified
// or later, not rahasia, not whistle-blowing), filtered by service and by
// submission time.
#include <gtest/gtest.h>

#include <algorithm>

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "catalogue/service.hpp"
#include "complaints/service.hpp"
#include "store/group_commit.hpp"
#include "test_db.hpp"

namespace layan::complaints {
namespace {

using accounts::Principal;
using accounts::Role;

TimePoint at(const char* utc) {
  TimePoint t{};
  EXPECT_TRUE(parse_utc(utc, t));
  return t;
}

class ComplaintPublicList : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    app_.db = std::move(db_);
    app_.clock = &clock_;
    intake_ = std::make_unique<store::GroupCommitter>(*app_.db, store::GroupCommitter::Options{});
    app_.intake = intake_.get();
    const Principal system = accounts::system_principal();
    auto agency = catalogue::create_agency(app_, system,
                                           {"disdukcapil", "Dinas Dukcapil", "Dukcapil", "district", "", "", "", ""});
    ASSERT_TRUE(agency.ok());
    agency_ = agency->id;
    ktp_ = service("ktp", "KTP elektronik");
    kk_ = service("kk", "Kartu Keluarga");
    auto desk =
        accounts::create_user(app_, system, {"desk@example.org", "Meja", "long enough password", "mpp_admin", {}, {}});
    ASSERT_TRUE(desk.ok());
    desk_.role = Role::kMppAdmin;
    desk_.user_id = *desk;
    desk_.name = "Meja";
    auto key = accounts::create_api_key(app_, system, "open311", std::nullopt);
    ASSERT_TRUE(key.ok());
    auto who = accounts::authenticate(app_, std::nullopt, key->key);
    ASSERT_TRUE(who.ok());
    integration_ = *who;
  }

  int64_t service(const std::string& slug, const std::string& name) {
    catalogue::StandardInput st;
    st.requirements = {{"Formulir", ""}};
    st.procedure = {{"Ambil antrean", ""}};
    st.duration_value = 1;
    st.duration_unit = "working_days";
    st.product = "Dokumen";
    st.complaint_channel = "Loket pengaduan";
    auto s = catalogue::create_service(app_, accounts::system_principal(), agency_,
                                       {slug, name, "", "", std::nullopt, {"in_person"}, true}, st);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().detail);
    return s.ok() ? s->id : 0;
  }

  // A report from the integration at the clock's time, verified by the desk
  // when `verified`.
  Complaint report(const std::string& privacy, int64_t service_id, bool verified,
                   const std::string& type = "pengaduan") {
    NewComplaint in;
    in.type = type;
    in.privacy = privacy;
    in.title = "Laporan " + privacy;
    in.description = "Antrean tidak bergerak";
    in.service_id = service_id;
    in.reporter_name = "Siti Aminah";
    in.reporter_email = "siti@example.org";
    in.channel = "open311";
    auto done = submit(app_, integration_, in);
    EXPECT_TRUE(done.ok()) << (done.ok() ? "" : done.error().detail);
    if (!done.ok()) return {};
    if (!verified) return done->complaint;
    ActionInput verify;
    verify.kind = Transition::kVerify;
    auto c = act(app_, desk_, done->complaint.id, verify);
    EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().detail);
    return c.ok() ? *c : Complaint{};
  }

  std::vector<std::string> codes(const ListQuery& q, const Principal& who = Principal{}) {
    auto page = list(app_, who, q);
    EXPECT_TRUE(page.ok()) << (page.ok()                     ? ""
                               : page.error().fields.empty() ? page.error().detail
                                                             : page.error().fields[0].message_en);
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& c : page->items) {
        EXPECT_TRUE(c.contact_hash.empty());
        out.push_back(c.public_id);
      }
    }
    return out;
  }

  static ListQuery public_box() {
    ListQuery q;
    q.box = "public";
    return q;
  }

  ManualClock clock_{at("2026-03-02T02:00:00Z")};
  App app_;
  std::unique_ptr<store::GroupCommitter> intake_;
  int64_t agency_ = 0, ktp_ = 0, kk_ = 0;
  Principal desk_, integration_;
};

TEST_P(ComplaintPublicList, AnyoneSeesOnlyPublicReports) {
  Complaint anonim = report("anonim", ktp_, true);
  Complaint biasa = report("biasa", ktp_, true);
  report("rahasia", ktp_, true);
  report("anonim", ktp_, false);                   // not verified yet
  report("anonim", ktp_, true, "whistleblowing");  // forced rahasia
  EXPECT_EQ(codes(public_box()), (std::vector<std::string>{biasa.public_id, anonim.public_id}));
  Principal citizen;
  citizen.role = Role::kCitizen;
  EXPECT_EQ(codes(public_box(), citizen).size(), 2u);
  EXPECT_EQ(codes(public_box(), integration_).size(), 2u);
  // A status filter cannot widen the box.
  ListQuery submitted = public_box();
  submitted.statuses = {"submitted"};
  EXPECT_TRUE(codes(submitted).empty());
  // The other boxes still refuse the public.
  ListQuery all;
  all.box = "all";
  EXPECT_FALSE(list(app_, Principal{}, all).ok());
}

TEST_P(ComplaintPublicList, FiltersByServiceAndSubmissionWindow) {
  Complaint first = report("anonim", ktp_, true);  // 2026-03-02T02:00:00Z
  clock_.advance(std::chrono::hours(24));
  Complaint second = report("biasa", kk_, true);  // 2026-03-03T02:00:00Z
  clock_.advance(std::chrono::hours(24));
  Complaint third = report("anonim", ktp_, true);  // 2026-03-04T02:00:00Z

  ListQuery by_service = public_box();
  by_service.service_id = ktp_;
  EXPECT_EQ(codes(by_service), (std::vector<std::string>{third.public_id, first.public_id}));
  by_service.service_id = kk_;
  EXPECT_EQ(codes(by_service), std::vector<std::string>{second.public_id});

  ListQuery window = public_box();
  window.submitted_from = "2026-03-03T02:00:00Z";  // inclusive
  window.submitted_to = "2026-03-04T02:00:00Z";    // exclusive
  EXPECT_EQ(codes(window), std::vector<std::string>{second.public_id});
  window.submitted_to.clear();
  EXPECT_EQ(codes(window), (std::vector<std::string>{third.public_id, second.public_id}));

  // Pages follow the cursor within the filters.
  ListQuery paged = public_box();
  paged.limit = 2;
  auto page = list(app_, Principal{}, paged);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 2u);
  paged.cursor = page->next_cursor;
  EXPECT_EQ(codes(paged), std::vector<std::string>{first.public_id});

  ListQuery bad = public_box();
  bad.submitted_from = "2026-03-03";
  auto refused = list(app_, Principal{}, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kValidation);
  bad.submitted_from = "2026-03-03T02:00:00Z' OR 1=1 --";
  EXPECT_FALSE(list(app_, Principal{}, bad).ok());
}

// Many public reports read at once answer as view_anyone() does one by one.
TEST_P(ComplaintPublicList, ManyAtOnceAnswerAsOneByOne) {
  Complaint first = report("anonim", ktp_, true);
  Complaint hidden = report("rahasia", ktp_, true);
  Complaint second = report("biasa", kk_, true);
  // A public reply and an internal note on the second: only the reply is shown.
  ActionInput note;
  note.kind = Transition::kNote;
  note.message = "Catatan internal";
  ASSERT_TRUE(act(app_, desk_, second.id, note).ok());
  const std::string asked_lowercase = second.public_id;
  std::string lower = asked_lowercase;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));

  auto many = views_public(app_, {lower, hidden.public_id, "BUKAN-KODE", first.tracking_code, first.public_id, lower});
  ASSERT_EQ(many.size(), 2u) << "the rahasia, a tracking code and the unknown left out, the repeat answered once";
  EXPECT_EQ(many[0].complaint.id, second.id) << "in the order asked (ids are forgiving about case)";
  EXPECT_EQ(many[1].complaint.id, first.id);
  for (auto& v : many) {
    EXPECT_FALSE(v.text_withheld);
    auto one = view_anyone(app_, v.complaint.public_id);
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(v.events.size(), one->events.size());
    for (size_t i = 0; i < v.events.size(); ++i) {
      EXPECT_EQ(v.events[i].id, one->events[i].id);
      EXPECT_EQ(v.events[i].message, one->events[i].message);
    }
    EXPECT_EQ(v.attachments.size(), one->attachments.size());
    for (const auto& e : v.events) EXPECT_NE(e.message, "Catatan internal");
  }
  EXPECT_TRUE(views_public(app_, {}).empty());
}

INSTANTIATE_TEST_SUITE_P(Db, ComplaintPublicList, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::complaints
