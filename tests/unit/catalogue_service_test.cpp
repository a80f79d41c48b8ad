// The catalogue's service layer and repository on SQLite and PostgreSQL:
// versioning, management visibility, search, pagination, authorization,
// conflicts and atomic writes.
#include <gtest/gtest.h>

#include <cstdio>

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "catalogue/service.hpp"
#include "core/cursor.hpp"
#include "test_db.hpp"
#include "test_people.hpp"

namespace layan::catalogue {
namespace {

using accounts::Principal;
using accounts::Role;

TimePoint start_time() {
  TimePoint t;
  parse_utc("2026-01-05T01:00:00Z", t);
  return t;
}

StandardInput standard(const std::string& product = "Dokumen", int64_t fee = 0,
                       std::vector<Item> requirements = {{"Formulir permohonan", ""}}) {
  StandardInput s;
  s.requirements = std::move(requirements);
  s.procedure = {{"Ambil nomor antrean", ""}, {"Serahkan berkas", ""}};
  s.duration_value = 3;
  s.duration_unit = "working_days";
  s.fee_amount = fee;
  s.fee_basis = fee > 0 ? "Perda 5/2020" : "";
  s.product = product;
  s.complaint_channel = "Loket pengaduan";
  s.management.legal_basis = "UU 24/2013";
  s.management.staff_count = 4;
  s.change_note = "awal";
  return s;
}

class CatalogueDb : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    app_.db = std::move(db_);
    app_.clock = &clock_;
    system_ = accounts::system_principal();
    dukcapil_ = agency("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil");
    dpmptsp_ = agency("dpmptsp", "Dinas Penanaman Modal dan PTSP", "DPMPTSP");
    auto u = create_unit(app_, system_, dukcapil_, {"pendaftaran", "Bidang Pendaftaran Penduduk", "", ""});
    ASSERT_TRUE(u.ok());
    unit_ = u->id;
    auto u2 = create_unit(app_, system_, dukcapil_, {"pencatatan", "Bidang Pencatatan Sipil", "", ""});
    ASSERT_TRUE(u2.ok());
    unit2_ = u2->id;
  }

  int64_t agency(const std::string& slug, const std::string& name, const std::string& short_name) {
    auto a = create_agency(app_, system_, {slug, name, short_name, "district", "", "", "", ""});
    EXPECT_TRUE(a.ok());
    return a.ok() ? a->id : 0;
  }

  int64_t service(int64_t agency_id, const std::string& slug, const std::string& name, const std::string& summary = "",
                  std::optional<int64_t> unit = std::nullopt, const StandardInput& st = standard()) {
    ServiceInput in{slug, name, summary, "", unit, {"in_person"}, true};
    auto s = create_service(app_, system_, agency_id, in, st);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().detail);
    return s.ok() ? s->id : 0;
  }

  // A principal backed by a real account (timelines and audit name the actor).
  Principal person(Role role, std::optional<int64_t> agency = std::nullopt,
                   std::optional<int64_t> unit = std::nullopt) {
    return layan::testing::person(app_, role, agency, unit);
  }

  int count(const std::string& table) {
    soci::session sql(app_.db->pool());
    int n = 0;
    sql << "SELECT COUNT(*) FROM " << table, soci::into(n);
    return n;
  }

  std::vector<std::string> names(const Result<Page<ServiceSummary>>& page) {
    std::vector<std::string> out;
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().detail);
    if (!page.ok()) return out;
    for (const auto& s : page->items) out.push_back(s.name);
    return out;
  }

  Result<Page<ServiceSummary>> search(const std::string& q, std::optional<int64_t> agency = std::nullopt,
                                      const Principal& who = Principal{}) {
    ServiceQuery query;
    query.q = q;
    query.agency_id = agency;
    query.limit = 100;
    return search_services(app_, who, query);
  }

  ManualClock clock_{start_time()};
  App app_;
  Principal system_;
  int64_t dukcapil_ = 0, dpmptsp_ = 0, unit_ = 0, unit2_ = 0;
};

// ---------------------------------------------------------------- versioning

TEST_P(CatalogueDb, EditingTheStandardCreatesANewVersionAndKeepsTheOld) {
  auto admin = person(Role::kAgencyAdmin, dukcapil_);
  int64_t id = service(dukcapil_, "ktp-el", "Penerbitan KTP-el");
  clock_.advance(std::chrono::hours(24));
  auto v2 = publish_standard(app_, admin, id, standard("KTP-el baru", 15000));
  ASSERT_TRUE(v2.ok()) << v2.error().detail;
  EXPECT_EQ(v2->version, 2);
  auto v3 = publish_standard(app_, admin, id, standard("KTP-el ketiga"));
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->version, 3);

  auto pub = get_service(app_, Principal{}, id);
  ASSERT_TRUE(pub.ok());
  ASSERT_TRUE(pub->standard);
  EXPECT_EQ(pub->standard->version, 3) << "the public sees the newest version";
  EXPECT_EQ(pub->standard->product, "KTP-el ketiga");

  auto versions = list_standard_versions(app_, admin, id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[0].version, 3);
  EXPECT_EQ((*versions)[0].created_by_name, admin.name);
  EXPECT_EQ((*versions)[2].version, 1);
  EXPECT_EQ((*versions)[2].created_by_name, "") << "the seed/system has no account";

  auto v1 = get_standard_version(app_, admin, id, 1);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->product, "Dokumen");
  EXPECT_EQ(v1->fee_amount, 0);
  ASSERT_TRUE(v1->management);
  EXPECT_EQ(v1->management->legal_basis, "UU 24/2013");
  auto old2 = get_standard_version(app_, admin, id, 2);
  ASSERT_TRUE(old2.ok());
  EXPECT_EQ(old2->fee_amount, 15000);
  EXPECT_EQ(get_standard_version(app_, admin, id, 4).error().kind, ErrorKind::kNotFound);

  EXPECT_EQ(get_standard_version(app_, Principal{}, id, 1).error().kind, ErrorKind::kUnauthenticated);
  EXPECT_EQ(list_standard_versions(app_, person(Role::kCitizen), id).error().kind, ErrorKind::kForbidden);
  EXPECT_EQ(list_standard_versions(app_, admin, 999999).error().kind, ErrorKind::kNotFound);
}

// ---------------------------------------------------------------- management

TEST_P(CatalogueDb, ManagementComponentsOnlyForThoseAllowed) {
  int64_t id = service(dukcapil_, "kk", "Penerbitan Kartu Keluarga", "", unit_);
  struct Case {
    const char* who;
    Principal p;
    bool sees;
  };
  Principal integration;
  integration.role = Role::kIntegration;
  integration.api_key_id = 1;
  std::vector<Case> cases = {
      {"anonymous", Principal{}, false},
      {"citizen", person(Role::kCitizen), false},
      {"integration", integration, false},
      {"officer of another agency", person(Role::kOfficer, dpmptsp_), false},
      {"admin of another agency", person(Role::kAgencyAdmin, dpmptsp_), false},
      {"officer of the agency", person(Role::kOfficer, dukcapil_), true},
      {"unit officer", person(Role::kOfficer, dukcapil_, unit_), true},
      {"agency admin", person(Role::kAgencyAdmin, dukcapil_), true},
      {"evaluator", person(Role::kEvaluator), true},
      {"mpp admin", person(Role::kMppAdmin), true},
  };
  for (const auto& c : cases) {
    auto s = get_service(app_, c.p, id);
    ASSERT_TRUE(s.ok()) << c.who;
    ASSERT_TRUE(s->standard) << c.who;
    EXPECT_EQ(s->standard->management.has_value(), c.sees) << c.who;
  }
}

TEST_P(CatalogueDb, InactiveServicesAreHiddenFromThePublic) {
  int64_t id = service(dukcapil_, "ikd", "Aktivasi Identitas Kependudukan Digital");
  auto admin = person(Role::kAgencyAdmin, dukcapil_);
  ASSERT_TRUE(
      update_service(app_, admin, id,
                     {"ikd", "Aktivasi Identitas Kependudukan Digital", "", "", std::nullopt, {"online"}, false})
          .ok());
  EXPECT_EQ(get_service(app_, Principal{}, id).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(get_service(app_, person(Role::kAgencyAdmin, dpmptsp_), id).error().kind, ErrorKind::kNotFound);
  EXPECT_TRUE(get_service(app_, admin, id).ok());
  EXPECT_TRUE(names(search("identitas")).empty());

  ServiceQuery staff_list;
  staff_list.include_inactive = true;
  staff_list.agency_id = dukcapil_;
  EXPECT_EQ(names(search_services(app_, admin, staff_list)),
            std::vector<std::string>{"Aktivasi Identitas Kependudukan Digital"});
  staff_list.q = "identitas";
  EXPECT_EQ(names(search_services(app_, admin, staff_list)).size(), 1u);
  EXPECT_EQ(search_services(app_, Principal{}, staff_list).error().kind, ErrorKind::kUnauthenticated);
  EXPECT_EQ(search_services(app_, person(Role::kAgencyAdmin, dpmptsp_), staff_list).error().kind,
            ErrorKind::kForbidden);
  // Without an agency filter, agency staff still see only their own inactive services.
  staff_list.agency_id.reset();
  staff_list.q.clear();
  EXPECT_TRUE(names(search_services(app_, person(Role::kOfficer, dpmptsp_), staff_list)).empty());
  EXPECT_EQ(names(search_services(app_, person(Role::kEvaluator), staff_list)).size(), 1u);
}

// ---------------------------------------------------------------- search

TEST_P(CatalogueDb, SearchMatchesPrefixesAccentsAndRanksNamesFirst) {
  service(dukcapil_, "ktp-el", "Penerbitan KTP-el", "Kartu tanda penduduk elektronik");
  service(dukcapil_, "kk", "Penerbitan Kartu Keluarga (KK)", "Kartu keluarga baru atau perubahan");
  service(dukcapil_, "akta-lahir", "Penerbitan Kutipan Akta Kelahiran", "Pencatatan kelahiran", std::nullopt,
          standard("Akta", 0, {{"Kartu Keluarga asli", ""}, {"Surat keterangan lahir", ""}}));
  service(dpmptsp_, "nib", "Pendampingan Nomor Induk Berusaha (NIB)", "Perizinan berusaha melalui OSS");
  service(dpmptsp_, "reklame", "Izin Reklame", "Izin penyelenggaraan reklame");

  EXPECT_EQ(names(search("KTP")), std::vector<std::string>{"Penerbitan KTP-el"}) << "KTP matches KTP-el";
  EXPECT_EQ(names(search("ktp-el")), std::vector<std::string>{"Penerbitan KTP-el"});
  auto kk = names(search("kartu keluarga"));
  ASSERT_EQ(kk.size(), 2u) << "the KK service and the one requiring a Kartu Keluarga";
  EXPECT_EQ(kk[0], "Penerbitan Kartu Keluarga (KK)") << "a match in the name ranks first";
  EXPECT_EQ(names(search("KELAHÍRAN")), std::vector<std::string>{"Penerbitan Kutipan Akta Kelahiran"});
  EXPECT_EQ(names(search("kelah")), std::vector<std::string>{"Penerbitan Kutipan Akta Kelahiran"}) << "prefix";
  EXPECT_EQ(names(search("berusaha nib")).size(), 1u) << "all terms, any order";
  EXPECT_TRUE(names(search("berusaha ktp")).empty()) << "every term must match";
  EXPECT_EQ(names(search("disdukcapil")).size(), 3u) << "the agency's short name is indexed";
  EXPECT_EQ(names(search("penanaman modal")).size(), 2u) << "the agency's name is indexed";
  EXPECT_EQ(names(search("izin", dpmptsp_)), std::vector<std::string>{"Izin Reklame"});
  EXPECT_TRUE(names(search("izin", dukcapil_)).empty()) << "agency filter";
  EXPECT_EQ(names(search("penerbitan")).size(), 3u);
  // Query syntax in user text is never interpreted.
  for (const char* hostile : {"\"", "\"ktp", "ktp*", "*", "ktp:*", "NEAR(ktp kk)", "ktp OR kk", "ktp & !kk",
                              "'; DROP TABLE services; --", "(", "^ktp", "-ktp", "ktp AND", "{name}:ktp"}) {
    auto r = search(hostile);
    EXPECT_TRUE(r.ok()) << hostile;
  }
  EXPECT_EQ(names(search("ktp OR kk")).size(), 0u) << "OR is a word to match, not an operator";
  EXPECT_TRUE(names(search("!!!")).empty());
  EXPECT_EQ(search(std::string(201, 'a')).error().kind, ErrorKind::kValidation);
}

TEST_P(CatalogueDb, SearchIndexFollowsEveryWrite) {
  auto admin = person(Role::kMppAdmin);
  int64_t id = service(dukcapil_, "ktp-el", "Penerbitan KTP-el");
  ASSERT_EQ(names(search("disdukcapil")).size(), 1u);

  // Renaming the agency re-indexes its services.
  ASSERT_TRUE(update_agency(app_, admin, dukcapil_,
                            {"disdukcapil", "Dinas Kependudukan Sukamaju", "Dukcapil", "district", "", "", "", ""})
                  .ok());
  EXPECT_TRUE(names(search("disdukcapil")).empty());
  EXPECT_EQ(names(search("dukcapil sukamaju")).size(), 1u);

  // A new standard's requirements and product are searchable; the old ones not.
  ASSERT_TRUE(publish_standard(app_, admin, id, standard("Kartu elektronik", 0, {{"Surat pengantar desa", ""}})).ok());
  EXPECT_EQ(names(search("pengantar desa")).size(), 1u);
  EXPECT_TRUE(names(search("formulir")).empty());

  ASSERT_TRUE(
      update_service(app_, admin, id, {"ktp-el", "Rekam Identitas", "", "", std::nullopt, {"in_person"}, true}).ok());
  EXPECT_EQ(names(search("rekam")), std::vector<std::string>{"Rekam Identitas"});

  ASSERT_TRUE(delete_service(app_, admin, id).ok());
  EXPECT_TRUE(names(search("rekam")).empty());
  EXPECT_EQ(count("service_search"), 0);

  service(dpmptsp_, "nib", "Nomor Induk Berusaha");
  ASSERT_TRUE(delete_agency(app_, admin, dpmptsp_).ok());
  EXPECT_EQ(count("service_search"), 0) << "deleting an agency removes its services from the index";
  EXPECT_TRUE(names(search("berusaha")).empty());
}

// ---------------------------------------------------------------- pagination

TEST_P(CatalogueDb, PaginationWalksEveryServiceOnceInOrder) {
  std::vector<std::string> expected;
  for (int i = 0; i < 23; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "Layanan Uji %02d", i);
    service(i % 2 ? dukcapil_ : dpmptsp_, "uji-" + std::to_string(i), name);
    expected.push_back(name);
  }
  for (bool ranked : {false, true}) {
    ServiceQuery q;
    q.q = ranked ? "layanan uji" : "";
    q.limit = 5;
    std::vector<std::string> seen;
    int pages = 0;
    for (;;) {
      auto page = search_services(app_, Principal{}, q);
      ASSERT_TRUE(page.ok()) << page.error().detail;
      ++pages;
      for (const auto& s : page->items) seen.push_back(s.name);
      if (!page->next_cursor) break;
      EXPECT_EQ(page->items.size(), 5u);
      q.cursor = *page->next_cursor;
      ASSERT_LT(pages, 10);
    }
    EXPECT_EQ(pages, 5) << (ranked ? "ranked" : "list");
    EXPECT_EQ(seen, expected) << (ranked ? "ranked: equal ranks by name" : "list by name");
  }
}

TEST_P(CatalogueDb, ListCursorIsAKeySoInsertsCauseNoDuplicates) {
  for (const char* n : {"Bravo", "Delta", "Foxtrot", "Hotel"}) service(dukcapil_, fold_for_search(n), n);
  ServiceQuery q;
  q.limit = 2;
  auto first = search_services(app_, Principal{}, q);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(names(first), (std::vector<std::string>{"Bravo", "Delta"}));
  service(dukcapil_, "alpha", "Alpha");  // before the cursor: not repeated, not shifting
  service(dukcapil_, "echo", "Echo");    // after the cursor: shows up in its place
  q.cursor = *first->next_cursor;
  EXPECT_EQ(names(search_services(app_, Principal{}, q)), (std::vector<std::string>{"Echo", "Foxtrot"}));
}

TEST_P(CatalogueDb, BadCursorsAndLimits) {
  service(dukcapil_, "a", "A");
  ServiceQuery q;
  for (const std::string& bad : {std::string("garbage!"), std::string("eyJ"), encode_cursor({{"o", 5}}),
                                 encode_cursor({{"n", 5}, {"i", 1}}), encode_cursor({{"n", "A"}, {"i", -1}})}) {
    q.cursor = bad;
    auto r = search_services(app_, Principal{}, q);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kBadRequest) << bad;
  }
  q.q = "a";
  for (const std::string& bad : {encode_cursor({{"n", "A"}, {"i", 1}}), encode_cursor({{"o", -1}}),
                                 encode_cursor({{"o", 1000000}}), encode_cursor({{"o", "1"}})}) {
    q.cursor = bad;
    auto r = search_services(app_, Principal{}, q);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kBadRequest) << bad;
  }
  q.cursor.clear();
  for (int limit : {0, -1, 101}) {
    q.limit = limit;
    auto r = search_services(app_, Principal{}, q);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, ErrorKind::kValidation);
    EXPECT_EQ(r.error().fields[0].field, "limit");
  }
}

// ---------------------------------------------------------------- authorization

TEST_P(CatalogueDb, WhoMayWriteWhat) {
  int64_t in_unit = service(dukcapil_, "kk", "Kartu Keluarga", "", unit_);
  int64_t in_unit2 = service(dukcapil_, "akta", "Akta Kelahiran", "", unit2_);
  int64_t other = service(dpmptsp_, "nib", "NIB");
  auto admin = person(Role::kAgencyAdmin, dukcapil_);
  auto unit_admin = person(Role::kAgencyAdmin, dukcapil_, unit_);
  auto officer = person(Role::kOfficer, dukcapil_);
  auto foreign = person(Role::kAgencyAdmin, dpmptsp_);
  auto evaluator = person(Role::kEvaluator);
  ServiceInput edit{"kk", "Kartu Keluarga", "diubah", "", unit_, {"in_person"}, true};

  auto kind = [](const auto& r) { return r.ok() ? std::optional<ErrorKind>() : r.error().kind; };
  const std::optional<ErrorKind> allowed;
  EXPECT_EQ(kind(publish_standard(app_, admin, in_unit, standard())), allowed);
  EXPECT_EQ(kind(publish_standard(app_, unit_admin, in_unit, standard())), allowed);
  EXPECT_EQ(kind(publish_standard(app_, unit_admin, in_unit2, standard())), ErrorKind::kForbidden);
  EXPECT_EQ(kind(publish_standard(app_, officer, in_unit, standard())), ErrorKind::kForbidden);
  EXPECT_EQ(kind(publish_standard(app_, foreign, in_unit, standard())), ErrorKind::kForbidden);
  EXPECT_EQ(kind(publish_standard(app_, evaluator, in_unit, standard())), ErrorKind::kForbidden);
  EXPECT_EQ(kind(publish_standard(app_, Principal{}, in_unit, standard())), ErrorKind::kUnauthenticated);
  EXPECT_EQ(kind(publish_standard(app_, admin, other, standard())), ErrorKind::kForbidden);

  EXPECT_EQ(kind(update_service(app_, unit_admin, in_unit, edit)), allowed);
  ServiceInput move = edit;
  move.unit_id = unit2_;
  EXPECT_EQ(kind(update_service(app_, unit_admin, in_unit, move)), ErrorKind::kForbidden)
      << "a unit admin cannot move a service out of their unit";
  move.unit_id.reset();
  EXPECT_EQ(kind(update_service(app_, unit_admin, in_unit, move)), ErrorKind::kForbidden);
  EXPECT_EQ(kind(update_service(app_, foreign, in_unit, edit)), ErrorKind::kForbidden);

  ServiceInput fresh{"baru", "Layanan Baru", "", "", unit_, {"in_person"}, true};
  EXPECT_EQ(kind(create_service(app_, unit_admin, dukcapil_, fresh, standard())), allowed);
  fresh.slug = "baru-2";
  fresh.unit_id.reset();
  EXPECT_EQ(kind(create_service(app_, unit_admin, dukcapil_, fresh, standard())), ErrorKind::kForbidden);
  EXPECT_EQ(kind(create_service(app_, officer, dukcapil_, fresh, standard())), ErrorKind::kForbidden);
  EXPECT_EQ(kind(create_service(app_, foreign, dukcapil_, fresh, standard())), ErrorKind::kForbidden);
  fresh.unit_id = unit_;
  fresh.slug = "baru-3";
  EXPECT_EQ(kind(create_service(app_, admin, dpmptsp_, fresh, standard())), ErrorKind::kForbidden);

  EXPECT_EQ(kind(create_unit(app_, admin, dukcapil_, {"baru", "Unit Baru", "", ""})), allowed);
  EXPECT_EQ(kind(create_unit(app_, unit_admin, dukcapil_, {"baru2", "Unit Baru 2", "", ""})), ErrorKind::kForbidden);
  EXPECT_EQ(kind(update_unit(app_, unit_admin, unit_, {"pendaftaran", "Bidang Pendaftaran", "Neneng", ""})), allowed);
  EXPECT_EQ(kind(update_unit(app_, unit_admin, unit2_, {"pencatatan", "X", "", ""})), ErrorKind::kForbidden);
  EXPECT_EQ(kind(delete_unit(app_, unit_admin, unit_)), ErrorKind::kForbidden);
  MaklumatInput mk{"Kami sanggup melayani sesuai standar.", "Neneng", "Kepala Bidang", "2026-01-02"};
  EXPECT_EQ(kind(publish_maklumat(app_, unit_admin, unit_, mk)), allowed);
  EXPECT_EQ(kind(publish_maklumat(app_, unit_admin, unit2_, mk)), ErrorKind::kForbidden);
  EXPECT_EQ(kind(publish_maklumat(app_, foreign, unit_, mk)), ErrorKind::kForbidden);

  AgencyInput agency_in{"disdukcapil", "Dinas Kependudukan", "Disdukcapil", "district", "", "", "", ""};
  EXPECT_EQ(kind(update_agency(app_, admin, dukcapil_, agency_in)), allowed);
  EXPECT_EQ(kind(update_agency(app_, unit_admin, dukcapil_, agency_in)), ErrorKind::kForbidden);
  EXPECT_EQ(kind(update_agency(app_, foreign, dukcapil_, agency_in)), ErrorKind::kForbidden);
  EXPECT_EQ(kind(delete_agency(app_, admin, dukcapil_)), ErrorKind::kForbidden);
  EXPECT_EQ(kind(create_agency(app_, admin, {"baru", "Baru", "", "private", "", "", "", ""})), ErrorKind::kForbidden);
  EXPECT_EQ(kind(create_location(app_, admin, {"mpp", "MPP", "", "", "", ""})), ErrorKind::kForbidden);
  auto location = create_location(app_, system_, {"mpp", "MPP", "", "", "", ""});
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(location->timezone, "Asia/Jakarta");
  EXPECT_EQ(kind(set_presence(app_, admin, dukcapil_, {location->id, "Loket 1", "", ""})), ErrorKind::kForbidden);
  EXPECT_EQ(kind(set_presence(app_, system_, dukcapil_, {location->id, "Loket 1", "Lantai 1", ""})), allowed);
  EXPECT_EQ(kind(set_presence(app_, system_, dukcapil_, {location->id, "Loket 1-3", "Lantai 1", ""})), allowed)
      << "setting presence again replaces it";
  auto a = get_agency(app_, Principal{}, dukcapil_);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->presence.size(), 1u);
  EXPECT_EQ(a->presence[0].counters, "Loket 1-3");
  EXPECT_EQ(a->presence[0].location_name, "MPP");
  auto bad_location = set_presence(app_, system_, dukcapil_, {999999, "", "", ""});
  ASSERT_FALSE(bad_location.ok());
  EXPECT_EQ(bad_location.error().fields[0].field, "location_id");

  EXPECT_EQ(kind(delete_service(app_, officer, in_unit)), ErrorKind::kForbidden);
  EXPECT_EQ(kind(delete_service(app_, unit_admin, in_unit)), allowed);
  EXPECT_EQ(kind(delete_service(app_, admin, 999999)), ErrorKind::kNotFound);
}

// ---------------------------------------------------------------- conflicts and atomicity

TEST_P(CatalogueDb, DuplicateSlugsConflict) {
  auto kind = [](const auto& r) { return r.ok() ? std::optional<ErrorKind>() : r.error().kind; };
  EXPECT_EQ(kind(create_agency(app_, system_, {"disdukcapil", "Lain", "", "district", "", "", "", ""})),
            ErrorKind::kConflict);
  EXPECT_EQ(kind(create_unit(app_, system_, dukcapil_, {"pendaftaran", "Lain", "", ""})), ErrorKind::kConflict);
  EXPECT_TRUE(create_unit(app_, system_, dpmptsp_, {"pendaftaran", "Lain", "", ""}).ok())
      << "unit slugs are unique per agency";
  service(dukcapil_, "kk", "Kartu Keluarga");
  int64_t other = service(dukcapil_, "akta", "Akta");
  ServiceInput dup{"kk", "Lain", "", "", std::nullopt, {"in_person"}, true};
  EXPECT_EQ(kind(create_service(app_, system_, dukcapil_, dup, standard())), ErrorKind::kConflict);
  EXPECT_EQ(kind(update_service(app_, system_, other, dup)), ErrorKind::kConflict);
  EXPECT_TRUE(create_service(app_, system_, dpmptsp_, dup, standard()).ok()) << "service slugs are per agency";
  EXPECT_EQ(kind(update_agency(app_, system_, dpmptsp_, {"disdukcapil", "X", "", "district", "", "", "", ""})),
            ErrorKind::kConflict);
  EXPECT_TRUE(create_location(app_, system_, {"mpp", "MPP", "", "", "", ""}).ok());
  EXPECT_EQ(kind(create_location(app_, system_, {"mpp", "MPP 2", "", "", "", ""})), ErrorKind::kConflict);
}

TEST_P(CatalogueDb, FailedWritesLeaveNothingBehind) {
  int services = count("services"), standards = count("service_standards"), events = count("audit_events");
  StandardInput bad = standard();
  bad.product = "";
  ServiceInput in{"kk", "Kartu Keluarga", "", "", std::nullopt, {"in_person"}, true};
  auto r = create_service(app_, system_, dukcapil_, in, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kValidation);
  EXPECT_EQ(r.error().fields[0].field, "standard.product");
  in.unit_id = unit_ + 1000;
  r = create_service(app_, system_, dukcapil_, in, standard());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields[0].field, "unit_id");
  in.unit_id = std::nullopt;
  EXPECT_EQ(create_service(app_, system_, 999999, in, standard()).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(count("services"), services);
  EXPECT_EQ(count("service_standards"), standards);
  EXPECT_EQ(count("service_search"), services);
  EXPECT_EQ(count("audit_events"), events);

  // Deleting an agency that accounts still belong to fails half-way in the
  // database (after its search rows were removed): everything is rolled back.
  service(dukcapil_, "kk", "Kartu Keluarga");
  person(Role::kOfficer, dukcapil_);
  int search_rows = count("service_search");
  events = count("audit_events");
  auto del = delete_agency(app_, system_, dukcapil_);
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().kind, ErrorKind::kConflict);
  EXPECT_TRUE(get_agency(app_, Principal{}, dukcapil_).ok());
  EXPECT_EQ(count("service_search"), search_rows);
  EXPECT_EQ(names(search("kartu keluarga")).size(), 1u);
  EXPECT_EQ(count("audit_events"), events);
}

TEST_P(CatalogueDb, EveryWriteIsAudited) {
  int before = count("audit_events");
  int64_t id = service(dukcapil_, "kk", "Kartu Keluarga");
  ASSERT_TRUE(publish_standard(app_, system_, id, standard()).ok());
  ASSERT_TRUE(publish_maklumat(app_, system_, unit_, {"Kami sanggup.", "Neneng", "", "2026-01-02"}).ok());
  ASSERT_TRUE(delete_service(app_, system_, id).ok());
  EXPECT_EQ(count("audit_events"), before + 4);
  soci::session sql(app_.db->pool());
  EXPECT_EQ(audit::verify(sql).first_bad_id, 0);
}

TEST_P(CatalogueDb, ReadsOfUnknownIdsAreNotFound) {
  Principal anyone;
  EXPECT_EQ(get_agency(app_, anyone, 999999).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(list_units(app_, anyone, 999999).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(get_unit(app_, anyone, 999999).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(get_service(app_, anyone, 999999).error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(current_maklumat(app_, anyone, 999999).error().kind, ErrorKind::kNotFound);
  auto none = current_maklumat(app_, anyone, unit_);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(publish_maklumat(app_, system_, unit_, {"Pertama.", "A", "", "2026-01-01"}).ok());
  ASSERT_TRUE(publish_maklumat(app_, system_, unit_, {"Kedua.", "B", "", "2026-02-01"}).ok());
  auto current = current_maklumat(app_, anyone, unit_);
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ((*current)->body, "Kedua.") << "the latest maklumat is the current one";
  auto agencies = list_agencies(app_, anyone);
  ASSERT_TRUE(agencies.ok());
  EXPECT_EQ(agencies->size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Db, CatalogueDb, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::catalogue
