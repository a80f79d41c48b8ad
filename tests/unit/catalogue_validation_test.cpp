// Pure rules of the catalogue: validation of every input, search folding and
// terms, cursors, and reading JSON bodies into inputs.
#include <gtest/gtest.h>

#include <functional>

#include "catalogue/json.hpp"
#include "catalogue/service.hpp"
#include "core/cursor.hpp"

namespace layan::catalogue {
namespace {

// The fields named by a failed Status, in order; empty when it is ok.
std::vector<std::string> fields_of(const Status& s) {
  std::vector<std::string> out;
  if (s.ok()) return out;
  for (const auto& f : s.error().fields) out.push_back(f.field);
  return out;
}

template <typename Input>
struct Case {
  const char* name;
  std::function<void(Input&)> change;
  std::vector<std::string> fields;  // expected bad fields; empty = valid
};

template <typename Input>
void check_cases(const Input& good, const std::vector<Case<Input>>& cases, Status (*validate)(const Input&)) {
  ASSERT_TRUE(validate(good).ok()) << "the base input must be valid";
  for (const auto& c : cases) {
    Input in = good;
    c.change(in);
    Status s = validate(in);
    EXPECT_EQ(fields_of(s), c.fields) << c.name;
    if (!s.ok()) {
      EXPECT_EQ(s.error().kind, ErrorKind::kValidation) << c.name;
      for (const auto& f : s.error().fields) {
        EXPECT_FALSE(f.message.empty()) << c.name << ": Indonesian message";
        EXPECT_FALSE(f.message_en.empty()) << c.name << ": English message";
        EXPECT_FALSE(f.code.empty()) << c.name;
      }
    }
  }
}

TEST(ValidateAgency, Table) {
  AgencyInput good{"disdukcapil",     "Dinas Kependudukan", "Disdukcapil", "district", "",
                   "https://x.go.id", "(0263) 281170",      "info@x.go.id"};
  check_cases<AgencyInput>(
      good,
      {
          {"optional fields empty", [](auto& a) { a.short_name = a.website = a.phone = a.email = ""; }, {}},
          {"every kind", [](auto& a) { a.kind = "soe"; }, {}},
          {"slug missing", [](auto& a) { a.slug = ""; }, {"slug"}},
          {"slug upper case", [](auto& a) { a.slug = "Dukcapil"; }, {"slug"}},
          {"slug with space", [](auto& a) { a.slug = "dinas x"; }, {"slug"}},
          {"slug leading hyphen", [](auto& a) { a.slug = "-x"; }, {"slug"}},
          {"slug double hyphen", [](auto& a) { a.slug = "a--b"; }, {"slug"}},
          {"slug too long", [](auto& a) { a.slug = std::string(65, 'a'); }, {"slug"}},
          {"name blank", [](auto& a) { a.name = "   "; }, {"name"}},
          {"name too long", [](auto& a) { a.name = std::string(201, 'n'); }, {"name"}},
          {"name with a line break", [](auto& a) { a.name = "Dinas\nX"; }, {"name"}},
          {"name invalid UTF-8", [](auto& a) { a.name = "Dinas \xC3\x28"; }, {"name"}},
          {"short name too long", [](auto& a) { a.short_name = std::string(51, 's'); }, {"short_name"}},
          {"kind unknown", [](auto& a) { a.kind = "ministry"; }, {"kind"}},
          {"kind missing", [](auto& a) { a.kind = ""; }, {"kind"}},
          {"description may span lines", [](auto& a) { a.description = "a\nb\n"; }, {}},
          {"description with a NUL", [](auto& a) { a.description = std::string("a\0b", 3); }, {"description"}},
          {"website without scheme", [](auto& a) { a.website = "x.go.id"; }, {"website"}},
          {"website javascript", [](auto& a) { a.website = "javascript:alert(1)"; }, {"website"}},
          {"phone with letters", [](auto& a) { a.phone = "call me"; }, {"phone"}},
          {"email without at", [](auto& a) { a.email = "info.x.go.id"; }, {"email"}},
          {"everything wrong at once",
           [](auto& a) {
             a.slug = "";
             a.name = "";
             a.kind = "x";
             a.email = "x";
           },
           {"slug", "name", "kind", "email"}},
      },
      validate_agency);
}

TEST(ValidateUnit, Table) {
  UnitInput good{"pendaftaran", "Bidang Pendaftaran Penduduk", "Neneng", "Kepala Bidang"};
  check_cases<UnitInput>(
      good,
      {
          {"head optional", [](auto& u) { u.head_name = u.head_title = ""; }, {}},
          {"slug missing", [](auto& u) { u.slug = ""; }, {"slug"}},
          {"name missing", [](auto& u) { u.name = ""; }, {"name"}},
          {"head title too long", [](auto& u) { u.head_title = std::string(201, 'x'); }, {"head_title"}},
      },
      validate_unit);
}

TEST(ValidateService, Table) {
  ServiceInput good{"ktp-el",     "Penerbitan KTP-el",     "Ringkasan", "Kependudukan",
                    std::nullopt, {"in_person", "online"}, true};
  check_cases<ServiceInput>(
      good,
      {
          {"with a unit", [](auto& s) { s.unit_id = 3; }, {}},
          {"every mode",
           [](auto& s) {
             s.delivery_modes = {"in_person", "online", "self_service", "mobile"};
           },
           {}},
          {"slug missing", [](auto& s) { s.slug = ""; }, {"slug"}},
          {"name missing", [](auto& s) { s.name = ""; }, {"name"}},
          {"summary too long", [](auto& s) { s.summary = std::string(2001, 'x'); }, {"summary"}},
          {"category too long", [](auto& s) { s.category = std::string(101, 'x'); }, {"category"}},
          {"unit id zero", [](auto& s) { s.unit_id = 0; }, {"unit_id"}},
          {"no delivery mode", [](auto& s) { s.delivery_modes.clear(); }, {"delivery_modes"}},
          {"unknown delivery mode",
           [](auto& s) {
             s.delivery_modes = {"in_person", "fax"};
           },
           {"delivery_modes[1]"}},
          {"duplicate delivery mode",
           [](auto& s) {
             s.delivery_modes = {"online", "online"};
           },
           {"delivery_modes[1]"}},
      },
      validate_service);
}

StandardInput good_standard() {
  StandardInput s;
  s.requirements = {{"Fotokopi KK", ""}, {"Surat pengantar RT/RW", "asli"}};
  s.procedure = {{"Ambil nomor antrean", ""}, {"Serahkan berkas", ""}};
  s.duration_value = 1;
  s.duration_unit = "working_days";
  s.fee_amount = 0;
  s.product = "KTP-el";
  s.complaint_channel = "Loket pengaduan, SP4N-LAPOR!";
  s.management.legal_basis = "UU 24/2013";
  s.management.staff_count = 4;
  return s;
}

TEST(ValidateStandard, Table) {
  check_cases<StandardInput>(
      good_standard(),
      {
          {"paid with basis",
           [](auto& s) {
             s.fee_amount = 30000;
             s.fee_basis = "Perda 5/2020";
           },
           {}},
          {"minutes", [](auto& s) { s.duration_unit = "minutes"; }, {}},
          {"management all empty", [](auto& s) { s.management = {}; }, {}},
          {"no requirements", [](auto& s) { s.requirements.clear(); }, {"requirements"}},
          {"too many requirements",
           [](auto& s) {
             s.requirements.assign(101, {"x", ""});
           },
           {"requirements"}},
          {"blank requirement text", [](auto& s) { s.requirements[1].text = " "; }, {"requirements[1].text"}},
          {"requirement note too long",
           [](auto& s) { s.requirements[0].note = std::string(1001, 'x'); },
           {"requirements[0].note"}},
          {"no procedure", [](auto& s) { s.procedure.clear(); }, {"procedure"}},
          {"blank step", [](auto& s) { s.procedure[0].text = ""; }, {"procedure[0].text"}},
          {"duration zero", [](auto& s) { s.duration_value = 0; }, {"duration.value"}},
          {"duration too long", [](auto& s) { s.duration_value = 1001; }, {"duration.value"}},
          {"duration unit unknown", [](auto& s) { s.duration_unit = "days"; }, {"duration.unit"}},
          {"negative fee", [](auto& s) { s.fee_amount = -1; }, {"fee.amount"}},
          {"absurd fee",
           [](auto& s) {
             s.fee_amount = 1'000'000'000'001;
             s.fee_basis = "Perda";
           },
           {"fee.amount"}},
          {"paid without basis", [](auto& s) { s.fee_amount = 5000; }, {"fee.basis"}},
          {"product missing", [](auto& s) { s.product = ""; }, {"product"}},
          {"complaint channel missing", [](auto& s) { s.complaint_channel = ""; }, {"complaint_channel"}},
          {"negative staff count", [](auto& s) { s.management.staff_count = -1; }, {"management.staff_count"}},
          {"legal basis too long",
           [](auto& s) { s.management.legal_basis = std::string(10001, 'x'); },
           {"management.legal_basis"}},
          {"change note too long", [](auto& s) { s.change_note = std::string(501, 'x'); }, {"change_note"}},
      },
      validate_standard);
}

TEST(ValidateMaklumat, Table) {
  MaklumatInput good{"Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar.", "Neneng",
                     "Kepala Bidang", "2026-01-15"};
  check_cases<MaklumatInput>(good,
                             {
                                 {"leap day", [](auto& m) { m.signed_on = "2024-02-29"; }, {}},
                                 {"body missing", [](auto& m) { m.body = ""; }, {"body"}},
                                 {"signer missing", [](auto& m) { m.signer_name = ""; }, {"signer_name"}},
                                 {"date missing", [](auto& m) { m.signed_on = ""; }, {"signed_on"}},
                                 {"not a leap year", [](auto& m) { m.signed_on = "2026-02-29"; }, {"signed_on"}},
                                 {"month 13", [](auto& m) { m.signed_on = "2026-13-01"; }, {"signed_on"}},
                                 {"day-first", [](auto& m) { m.signed_on = "15-01-2026"; }, {"signed_on"}},
                                 {"timestamp", [](auto& m) { m.signed_on = "2026-01-15T00:00:00Z"; }, {"signed_on"}},
                             },
                             validate_maklumat);
}

TEST(ValidateLocation, Table) {
  LocationInput good{"mpp-sukamaju", "MPP Sukamaju", "Jl. Raya 1", "Sukamaju", "Asia/Jakarta", "08.00-15.00"};
  check_cases<LocationInput>(good,
                             {
                                 {"default zone", [](auto& l) { l.timezone = ""; }, {}},
                                 {"WITA", [](auto& l) { l.timezone = "Asia/Makassar"; }, {}},
                                 {"WIT", [](auto& l) { l.timezone = "Asia/Jayapura"; }, {}},
                                 {"foreign zone", [](auto& l) { l.timezone = "Europe/Paris"; }, {"timezone"}},
                                 {"slug missing", [](auto& l) { l.slug = ""; }, {"slug"}},
                                 {"name missing", [](auto& l) { l.name = ""; }, {"name"}},
                             },
                             validate_location);
}

TEST(ValidatePresence, Table) {
  PresenceInput good{1, "Loket 1-6", "Lantai 1", "Senin-Jumat"};
  check_cases<PresenceInput>(
      good,
      {
          {"all text optional", [](auto& p) { p.counters = p.floor = p.service_hours = ""; }, {}},
          {"no location", [](auto& p) { p.location_id = 0; }, {"location_id"}},
          {"floor too long", [](auto& p) { p.floor = std::string(51, 'x'); }, {"floor"}},
      },
      validate_presence);
}

TEST(FoldForSearch, Table) {
  struct {
    const char* in;
    const char* out;
  } cases[] = {
      {"PENGESAHAN akta kelahíran", "pengesahan akta kelahiran"},
      {"Pengesahan Akta Kelahiran", "pengesahan akta kelahiran"},
      {"KTP-el", "ktp-el"},
      {"Ãçéñtö ÀÉÎÕÜ", "acento aeiou"},
      {"Łódź Świętokrzyskie", "lodz swietokrzyskie"},
      {"straße Æon Œuvre", "strasse aeon oeuvre"},
      {"e\xCC\x81", "e"},  // decomposed: e + combining acute
      {"Rp 30.000", "rp 30.000"},
      {"日本", "日本"},  // other scripts pass through
      {"bad \xFF byte", "bad   byte"},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(fold_for_search(c.in), c.out) << c.in;
}

TEST(SearchTerms, Table) {
  using V = std::vector<std::string>;
  struct {
    const char* in;
    V out;
  } cases[] = {
      {"KTP-el", {"ktp", "el"}},
      {"kartu keluarga", {"kartu", "keluarga"}},
      {"  Akta   Kelahíran  ", {"akta", "kelahiran"}},
      {"PBB-P2 (balik nama)", {"pbb", "p2", "balik", "nama"}},
      {"\"ktp\" OR *", {"ktp", "or"}},
      {"ktp:* & !kk | (x)", {"ktp", "kk", "x"}},
      {"a'b;c--d", {"a", "b", "c", "d"}},
      {"“kutip” — em dash…", {"kutip", "em", "dash"}},
      {"🙂 emoji", {"emoji"}},
      {"日本 語", {"日本", "語"}},
      {"!!!", {}},
      {"", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(search_terms(c.in), c.out) << c.in;
  // Whatever the input, a term holds only characters that are not query syntax.
  for (const char* hostile : {"\"", "*", ":", "&", "|", "!", "(", ")", "'", "\\", "-", "^", "+", "NEAR(", "{"}) {
    for (const auto& t : search_terms(std::string("x") + hostile + "y")) {
      EXPECT_EQ(t.find_first_of("\"*:&|!()'\\-^+{}"), std::string::npos) << hostile;
    }
  }
}

TEST(Cursor, RoundTrips) {
  nlohmann::json pos = {{"n", "Penerbitan KTP-el — baru"}, {"i", 42}};
  std::string c = encode_cursor(pos);
  EXPECT_EQ(c.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos)
      << "URL-safe without padding";
  auto back = decode_cursor(c);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, pos);
}

TEST(Cursor, MalformedIsBadRequest) {
  const std::string not_object = encode_cursor(nlohmann::json::array({1, 2}));
  std::string padded = encode_cursor({{"o", 20}}) + "=";
  for (const std::string& bad :
       {std::string(""), std::string("%%%"), std::string("eyJvIjoy"), std::string("bm90IGpzb24"), not_object, padded,
        std::string("a"), std::string(2000, 'A')}) {
    auto r = decode_cursor(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kBadRequest) << bad;
    EXPECT_NE(r.error().detail.find("cursor"), std::string::npos);
  }
}

// ---- JSON bodies

std::vector<std::string> parse_fields(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

TEST(ParseJson, NewServiceReadsEveryMember) {
  auto body = nlohmann::json::parse(R"({
    "slug": " ktp-el ", "name": "Penerbitan KTP-el", "summary": "s", "category": "c", "unit_id": 7,
    "delivery_modes": ["in_person", "online"], "active": false,
    "standard": {
      "requirements": [{"text": "KK", "note": "asli"}], "procedure": [{"text": "Datang"}],
      "duration": {"value": 3, "unit": "working_days"}, "fee": {"amount": 1e3, "basis": "Perda"},
      "product": "KTP-el", "complaint_channel": "Loket",
      "management": {"legal_basis": "UU 24/2013", "staff_count": 5}, "change_note": "awal"}})");
  auto r = parse_new_service(body);
  ASSERT_TRUE(r.ok());
  const auto& [svc, std] = *r;
  EXPECT_EQ(svc.slug, "ktp-el") << "strings are trimmed";
  EXPECT_EQ(svc.unit_id, 7);
  EXPECT_EQ(svc.delivery_modes, (std::vector<std::string>{"in_person", "online"}));
  EXPECT_FALSE(svc.active);
  ASSERT_EQ(std.requirements.size(), 1u);
  EXPECT_EQ(std.requirements[0].note, "asli");
  EXPECT_EQ(std.duration_value, 3);
  EXPECT_EQ(std.fee_amount, 1000) << "an integral float is a whole number";
  EXPECT_EQ(std.management.legal_basis, "UU 24/2013");
  EXPECT_EQ(std.management.staff_count, 5);
  EXPECT_EQ(std.change_note, "awal");
}

TEST(ParseJson, DefaultsForMissingMembers) {
  auto r = parse_service(nlohmann::json::object());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->delivery_modes, std::vector<std::string>{"in_person"});
  EXPECT_TRUE(r->active);
  EXPECT_FALSE(r->unit_id.has_value());
  auto nulls = parse_service({{"unit_id", nullptr}, {"summary", nullptr}});
  ASSERT_TRUE(nulls.ok());
  EXPECT_FALSE(nulls->unit_id.has_value());
}

TEST(ParseJson, WrongTypesAreFieldErrors) {
  struct {
    const char* body;
    std::vector<std::string> fields;
  } cases[] = {
      {R"({"standard": {"fee": {"amount": "abc"}}})", {"standard.fee.amount"}},
      {R"({"standard": {"fee": {"amount": 1.5}}})", {"standard.fee.amount"}},
      {R"({"standard": {"fee": "gratis"}})", {"standard.fee"}},
      {R"({"standard": {"duration": {"value": "2"}}})", {"standard.duration.value"}},
      {R"({"standard": {"duration": {"value": 99999999999}}})", {"standard.duration.value"}},
      {R"({"standard": {"requirements": "KK"}})", {"standard.requirements"}},
      {R"({"standard": {"requirements": ["KK"]}})", {"standard.requirements[0]"}},
      {R"({"standard": {"procedure": [{"text": 5}]}})", {"standard.procedure[0].text"}},
      {R"({"standard": {"management": {"staff_count": "tiga"}}})", {"standard.management.staff_count"}},
      {R"({"standard": []})", {"standard"}},
      {R"({"name": 5, "slug": true, "active": "yes"})", {"slug", "name", "active"}},
      {R"({"unit_id": "3"})", {"unit_id"}},
      {R"({"unit_id": -3})", {"unit_id"}},
      {R"({"delivery_modes": "online"})", {"delivery_modes"}},
      {R"({"delivery_modes": ["online", 3]})", {"delivery_modes[1]"}},
  };
  for (const auto& c : cases) {
    auto r = parse_new_service(nlohmann::json::parse(c.body));
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().kind, ErrorKind::kValidation) << c.body;
    EXPECT_EQ(parse_fields(r.error()), c.fields) << c.body;
  }
}

TEST(ParseJson, NonObjectBodyIsBadRequest) {
  for (const char* body : {"[]", "\"x\"", "5", "null", "true"}) {
    auto j = nlohmann::json::parse(body);
    EXPECT_EQ(parse_agency(j).error().kind, ErrorKind::kBadRequest) << body;
    EXPECT_EQ(parse_unit(j).error().kind, ErrorKind::kBadRequest) << body;
    EXPECT_EQ(parse_standard(j).error().kind, ErrorKind::kBadRequest) << body;
    EXPECT_EQ(parse_maklumat(j).error().kind, ErrorKind::kBadRequest) << body;
    EXPECT_EQ(parse_location(j).error().kind, ErrorKind::kBadRequest) << body;
    EXPECT_EQ(parse_presence(j, 1).error().kind, ErrorKind::kBadRequest) << body;
  }
}

TEST(ToJson, ManagementOnlyWhenPresent) {
  Standard s;
  s.version = 2;
  s.fee_amount = 0;
  auto pub = to_json(s);
  EXPECT_FALSE(pub.contains("management"));
  EXPECT_TRUE(pub["fee"]["free"].get<bool>());
  s.management = StandardManagement{"UU", "", "", "", 3, "", "", ""};
  auto staff = to_json(s);
  ASSERT_TRUE(staff.contains("management"));
  EXPECT_EQ(staff["management"]["staff_count"], 3);
  for (const char* key :
       {"requirements", "procedure", "duration", "fee", "product", "complaint_channel", "version", "published_at"}) {
    EXPECT_TRUE(pub.contains(key)) << key;
  }
}

}  // namespace
}  // namespace layan::catalogue
