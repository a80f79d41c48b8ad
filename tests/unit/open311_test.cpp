// Open311 GeoReport v2: the XML writer, the error format, the status mapping
// and the parsing of parameters (pure; the endpoints are tested in
// tests/api/open311.test.mjs).
#include <gtest/gtest.h>

#include "core/utf8.hpp"
#include "open311/format.hpp"
#include "open311/mapping.hpp"

namespace layan::open311 {
namespace {

using complaints::Status;

TimePoint at(const char* utc) {
  TimePoint t{};
  EXPECT_TRUE(parse_utc(utc, t)) << utc;
  return t;
}

web::Pairs form(std::initializer_list<std::pair<std::string, std::string>> fields) {
  return web::Pairs(fields);
}

web::Pairs valid_form() {
  return form({{"service_code", "12"},
               {"lat", "-6.2"},
               {"long", "106.8"},
               {"description", "Antrean loket KTP tidak bergerak sejak pagi"},
               {"attribute[type]", "pengaduan"}});
}

std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields) out.push_back(f.field);
  return out;
}

TEST(Open311Xml, EscapesMarkupQuotesAndForbiddenCharacters) {
  EXPECT_EQ(xml_escape("a < b && c > \"d\" 'e'"), "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &apos;e&apos;");
  EXPECT_EQ(xml_escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(xml_escape("]]>"), "]]&gt;");
  EXPECT_EQ(xml_escape("baris 1\nbaris 2\tx\r\n"), "baris 1\nbaris 2\tx&#13;\n");
  // Characters XML 1.0 cannot carry, and bytes that are not UTF-8, become U+FFFD.
  const std::string controls = {'a', '\x01', 'b', '\x1f', 'c', '\x7f'};
  EXPECT_EQ(xml_escape(controls), "a\uFFFDb\uFFFDc\x7f");
  EXPECT_EQ(xml_escape(std::string("\x00", 1)), "\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("\xC3\x28"), "\xEF\xBF\xBD(");
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE"), "\xEF\xBF\xBD");  // U+FFFE
  EXPECT_EQ(xml_escape("Jalan Sudirman \xE2\x80\x94 Kantor \xF0\x9F\x8F\xA2"),
            "Jalan Sudirman \xE2\x80\x94 Kantor \xF0\x9F\x8F\xA2");
}

TEST(Open311Xml, WritesListsWithTheSpecificationsElementNames) {
  Document services = Document::array();
  services.push_back({{"service_code", "1"}, {"service_name", "KTP & KK <baru>"}, {"metadata", true}});
  EXPECT_EQ(to_xml(services, "services"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<services><service><service_code>1</service_code><service_name>KTP &amp; KK &lt;baru&gt;</service_name>"
            "<metadata>true</metadata></service></services>\n");

  Document requests = Document::array(
      {Document{{"service_request_id", "K7M2-9QXR-4TPA"}, {"account_id", nullptr}, {"lat", -6.25}, {"n", 3}}});
  EXPECT_EQ(to_xml(requests, "service_requests"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<service_requests><request><service_request_id>K7M2-9QXR-4TPA</service_request_id><account_id/>"
            "<lat>-6.25</lat><n>3</n></request></service_requests>\n");

  Document def = service_definition(7);
  std::string xml = to_xml(def, "service_definition");
  EXPECT_NE(xml.find("<service_definition><service_code>7</service_code><attributes><attribute><variable>true"
                     "</variable><code>type</code><datatype>singlevaluelist</datatype><required>false</required>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<values><value><key>aspirasi</key>"), std::string::npos);
  Document discovery = discovery_document("https://mpp.example.go.id");
  xml = to_xml(discovery, "discovery");
  EXPECT_NE(xml.find("<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>"
                     "<url>https://mpp.example.go.id/open311/v2</url>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<formats><format>application/json</format><format>text/xml</format></formats>"),
            std::string::npos);
}

TEST(Open311Errors, UseTheSpecificationsStatusesAndOneEntryPerField) {
  EXPECT_EQ(status_of(Error::validation({{"lat", "required", "", "A location is required"}})), 400);
  EXPECT_EQ(status_of(Error::unauthenticated("x")), 403);
  EXPECT_EQ(status_of(Error::forbidden("x")), 403);
  EXPECT_EQ(status_of(Error::not_found("x")), 404);
  EXPECT_EQ(status_of(Error::bad_request("x")), 400);
  EXPECT_EQ(status_of({ErrorKind::kMethodNotAllowed, "", {}}), 405);
  EXPECT_EQ(status_of({ErrorKind::kPayloadTooLarge, "", {}}), 413);
  EXPECT_EQ(status_of({ErrorKind::kTooManyRequests, "", {}}), 429);

  Document list = errors_document(
      Error::validation({{"lat", "required", "Lokasi wajib", "A location is required"}, {"", "x", "y", "Generic"}}));
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["code"], 400);
  EXPECT_EQ(list[0]["description"], "lat: A location is required");
  EXPECT_EQ(list[1]["description"], "Generic");
  EXPECT_EQ(errors_document(Error::not_found("no such service"))[0]["description"], "no such service");
  EXPECT_EQ(errors_document({ErrorKind::kMethodNotAllowed, "", {}})[0]["description"], "Method not allowed");

  auto xml = error_response(Format::kXml, Error::forbidden("invalid api_key <&>"));
  EXPECT_EQ(xml.status, 403);
  EXPECT_EQ(xml.header("content-type"), "text/xml; charset=utf-8");
  EXPECT_EQ(xml.body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors><error><code>403</code><description>invalid api_key "
            "&lt;&amp;&gt;</description></error></errors>\n");
  auto json = error_response(Format::kJson, Error::not_found("gone"));
  EXPECT_EQ(json.status, 404);
  EXPECT_EQ(json.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(json.body, R"([{"code":404,"description":"gone"}])");
  EXPECT_EQ(internal_error_response(Format::kJson).status, 500);
}

TEST(Open311Paths, FormatComesFromTheSuffix) {
  EXPECT_TRUE(is_open311_path("/open311/v2/services.json"));
  EXPECT_TRUE(is_open311_path("/open311/anything"));
  EXPECT_FALSE(is_open311_path("/open3110"));
  EXPECT_FALSE(is_open311_path("/api/v1/open311/"));
  EXPECT_EQ(format_of_path("/open311/v2/services.xml"), Format::kXml);
  EXPECT_EQ(format_of_path("/open311/v2/services.json"), Format::kJson);
  EXPECT_EQ(format_of_path("/open311/v2/services.html"), Format::kJson);
  auto named = split_format("K7M2-9QXR-4TPA.xml");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->first, "K7M2-9QXR-4TPA");
  EXPECT_EQ(named->second, Format::kXml);
  EXPECT_EQ(split_format("12.json")->second, Format::kJson);
  EXPECT_FALSE(split_format("12"));
  EXPECT_FALSE(split_format(".json"));
  EXPECT_FALSE(split_format("12.html"));
}

TEST(Open311Status, OpenWhileHandledClosedWhenResolvedOrEnded) {
  const std::pair<Status, const char*> table[] = {
      {Status::kSubmitted, "open"},       {Status::kReturned, "open"},    {Status::kVerified, "open"},
      {Status::kNotOurAuthority, "open"}, {Status::kAtAgency, "open"},    {Status::kAtUnit, "open"},
      {Status::kInProgress, "open"},      {Status::kResolved, "closed"},  {Status::kClosed, "closed"},
      {Status::kRejected, "closed"},      {Status::kDuplicate, "closed"}, {Status::kAbuse, "closed"},
      {Status::kArchived, "closed"},
  };
  ASSERT_EQ(std::size(table), std::size(complaints::kAllStatuses));
  for (const auto& [s, want] : table) EXPECT_STREQ(status_name(s), want) << complaints::to_string(s);

  auto open = statuses_for("open");
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(*open, (std::vector<std::string>{"submitted", "returned", "verified", "not_our_authority", "at_agency",
                                             "at_unit", "in_progress"}));
  auto closed = statuses_for(" closed ");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(*closed, (std::vector<std::string>{"resolved", "closed", "rejected", "duplicate", "abuse", "archived"}));
  EXPECT_TRUE(statuses_for("open,closed")->empty());
  EXPECT_TRUE(statuses_for("")->empty());
  EXPECT_FALSE(statuses_for("pending").ok());
  EXPECT_FALSE(statuses_for("open,done").ok());
}

TEST(Open311Dates, ParsesIso8601WithAZoneOnly) {
  struct Case {
    const char* text;
    const char* utc;  // nullptr: rejected
  };
  const Case cases[] = {
      {"2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z"},
      {"2026-05-01T08:00:00+07:00", "2026-05-01T01:00:00Z"},
      {"2026-05-01T08:00:00 07:00", "2026-05-01T01:00:00Z"},  // '+' decoded as a space
      {"2026-05-01T01:30:00-0800", "2026-05-01T09:30:00Z"},
      {"2026-05-01T00:00+09", "2026-04-30T15:00:00Z"},
      {"2026-05-01T08:00:00.123Z", "2026-05-01T08:00:00Z"},
      {"2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"},
      {"2026-05-01T08:00:00", nullptr},  // no zone
      {"2026-05-01", nullptr},
      {"2026-02-29T00:00:00Z", nullptr},
      {"2026-13-01T00:00:00Z", nullptr},
      {"2026-05-01T24:00:00Z", nullptr},
      {"2026-05-01T08:60:00Z", nullptr},
      {"2026-05-01 08:00:00Z", nullptr},
      {"2026-05-01T08:00:00+7", nullptr},
      {"2026-05-01T08:00:00.Z", nullptr},
      {"2026-05-01T08:00:00ZZ", nullptr},
      {"", nullptr},
      {"kemarin", nullptr},
  };
  for (const auto& c : cases) {
    auto t = parse_datetime(c.text);
    if (c.utc) {
      ASSERT_TRUE(t) << c.text;
      EXPECT_EQ(format_utc(*t), c.utc) << c.text;
    } else {
      EXPECT_FALSE(t) << c.text;
    }
  }
}

TEST(Open311Window, DefaultsToTheLast90DaysAndRefusesLongerWindows) {
  const TimePoint now = at("2026-05-10T12:00:00Z");
  auto w = request_window(std::nullopt, std::nullopt, now);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->from, "2026-02-09T12:00:00Z");
  EXPECT_EQ(w->to, "");

  w = request_window("2026-05-01T00:00:00+07:00", "2026-05-02T00:00:00+07:00", now);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->from, "2026-04-30T17:00:00Z");
  EXPECT_EQ(w->to, "2026-05-01T17:00:01Z");  // end_date is inclusive

  w = request_window("2026-01-01T00:00:00Z", std::nullopt, now);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->to, "2026-04-01T00:00:01Z");
  w = request_window(std::nullopt, "2026-04-01T00:00:00Z", now);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->from, "2026-01-01T00:00:00Z");

  EXPECT_TRUE(request_window("2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", now).ok());  // exactly 90 days
  auto long_window = request_window("2026-01-01T00:00:00Z", "2026-04-01T00:00:01Z", now);
  ASSERT_FALSE(long_window.ok());
  EXPECT_EQ(status_of(long_window.error()), 400);
  EXPECT_EQ(fields_of(long_window.error()), std::vector<std::string>{"end_date"});
  EXPECT_FALSE(request_window("2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", now).ok());
  auto bad = request_window("2026-01-01", "soon", now);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(fields_of(bad.error()), (std::vector<std::string>{"start_date", "end_date"}));
}

TEST(Open311Query, ReadsFiltersAndLetsRequestIdsOverrideTheRest) {
  const TimePoint now = at("2026-05-10T12:00:00Z");
  auto q = parse_requests_query({{"service_code", "3, 5"}, {"status", "closed"}}, now);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->service_ids, (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(q->statuses.size(), 6u);
  EXPECT_EQ(q->window.from, "2026-02-09T12:00:00Z");

  q = parse_requests_query({{"service_request_id", "AAAA-BBBB-CCCC,DDDD-EEEE-FFFF"},
                            {"start_date", "2020-01-01T00:00:00Z"},
                            {"end_date", "2026-01-01T00:00:00Z"}},
                           now);
  ASSERT_TRUE(q.ok()) << "service_request_id overrides the (too long) window";
  EXPECT_EQ(q->request_ids, (std::vector<std::string>{"AAAA-BBBB-CCCC", "DDDD-EEEE-FFFF"}));

  EXPECT_FALSE(parse_requests_query({{"service_code", "abc"}}, now).ok());
  EXPECT_FALSE(parse_requests_query({{"service_code", "0"}}, now).ok());
  EXPECT_FALSE(parse_requests_query({{"status", "pending"}}, now).ok());
  EXPECT_FALSE(
      parse_requests_query({{"start_date", "2026-01-01T00:00:00Z"}, {"end_date", "2026-05-01T00:00:00Z"}}, now).ok());
  std::string many;
  for (int i = 0; i < 101; ++i) many += "AAAA-BBBB-CCCC,";
  EXPECT_FALSE(parse_requests_query({{"service_request_id", many}}, now).ok());
}

TEST(Open311NewRequest, MapsTheFormToANewComplaint) {
  auto form_fields = valid_form();
  form_fields.push_back({"email", "warga@example.org"});
  form_fields.push_back({"phone", "0812-3456-7890"});
  form_fields.push_back({"first_name", " Siti "});
  form_fields.push_back({"last_name", "Aminah"});
  form_fields.push_back({"attribute[privacy]", "anonim"});
  form_fields.push_back({"attribute[event_date]", "2026-05-01T20:00:00+07:00"});
  form_fields.push_back({"media_url", "https://foto.example.org/a.jpg"});
  form_fields.push_back({"device_id", "ignored"});
  auto in = parse_new_request(form_fields);
  ASSERT_TRUE(in.ok()) << in.error().detail;
  EXPECT_EQ(in->channel, "open311");
  EXPECT_EQ(in->service_id, 12);
  EXPECT_EQ(in->latitude, -6.2);
  EXPECT_EQ(in->longitude, 106.8);
  EXPECT_EQ(in->type, "pengaduan");
  EXPECT_EQ(in->privacy, "anonim");
  EXPECT_EQ(in->reporter_name, "Siti Aminah");
  EXPECT_EQ(in->reporter_email, "warga@example.org");
  EXPECT_EQ(in->reporter_phone, "0812-3456-7890");
  EXPECT_EQ(in->event_date, "2026-05-01");  // the date as written, not converted to UTC
  EXPECT_EQ(in->title, "Antrean loket KTP tidak bergerak sejak pagi");
  EXPECT_EQ(in->description, "Antrean loket KTP tidak bergerak sejak pagi\n\nMedia: https://foto.example.org/a.jpg");

  auto address_only = form({{"service_code", "1"},
                            {"address_string", "Jl. Merdeka 1"},
                            {"description", "Tidak ada kursi"},
                            {"attribute[type]", "aspirasi"},
                            {"attribute[title]", "Kursi ruang tunggu"}});
  in = parse_new_request(address_only);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->address, "Jl. Merdeka 1");
  EXPECT_FALSE(in->latitude);
  EXPECT_EQ(in->privacy, "rahasia") << "privacy by default";
  EXPECT_EQ(in->title, "Kursi ruang tunggu");
  EXPECT_EQ(in->reporter_name, "");

  // A generic client that never read the definition: a complaint.
  in = parse_new_request(form({{"service_code", "1"}, {"lat", "-6.2"}, {"long", "106.8"}, {"description", "Rusak"}}));
  ASSERT_TRUE(in.ok()) << in.error().detail;
  EXPECT_EQ(in->type, "pengaduan");
}

TEST(Open311NewRequest, RefusesWhatItCannotTake) {
  auto without = [](std::initializer_list<std::string> names) {
    web::Pairs f;
    for (const auto& p : valid_form()) {
      if (std::find(names.begin(), names.end(), p.first) == names.end()) f.push_back(p);
    }
    return f;
  };
  auto with = [](web::Pairs f, std::string name, std::string value) {
    f.emplace_back(std::move(name), std::move(value));
    return f;
  };
  auto fields = [](const web::Pairs& f) {
    auto r = parse_new_request(f);
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::vector<std::string>{} : fields_of(r.error());
  };
  EXPECT_EQ(fields(without({"lat", "long"})), std::vector<std::string>{"lat"});
  EXPECT_EQ(fields(with(without({"lat", "long"}), "address_id", "545483")), std::vector<std::string>{"lat"});
  EXPECT_EQ(fields(without({"long"})), std::vector<std::string>{"lat"});
  EXPECT_EQ(fields(with(without({"lat"}), "lat", "north")), std::vector<std::string>{"lat"});
  EXPECT_EQ(fields(without({"service_code"})), std::vector<std::string>{"service_code"});
  EXPECT_EQ(fields(with(without({"attribute[type]"}), "attribute[type]", "whistleblowing")),
            std::vector<std::string>{"attribute[type]"});
  EXPECT_EQ(fields(with(valid_form(), "attribute[privasi]", "anonim")), std::vector<std::string>{"attribute[privasi]"});
  EXPECT_EQ(fields(with(valid_form(), "attribute[event_date]", "1 Mei")),
            std::vector<std::string>{"attribute[event_date]"});
  EXPECT_EQ(fields(with(valid_form(), "media_url", "javascript:alert(1)")), std::vector<std::string>{"media_url"});
  EXPECT_EQ(fields(with(valid_form(), "media_url", "https://a.example/x y")), std::vector<std::string>{"media_url"});
  std::string long_text;
  for (int i = 0; i < 4001; ++i) long_text += "\xC3\xA9";  // 4,001 characters
  EXPECT_EQ(fields(with(without({"description"}), "description", long_text)), std::vector<std::string>{"description"});
  std::string ok_text;
  for (int i = 0; i < 4000; ++i) ok_text += "a";
  EXPECT_TRUE(parse_new_request(with(without({"description"}), "description", ok_text)).ok());

  auto unknown = parse_new_request(with(without({"service_code"}), "service_code", "LAMPU"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(status_of(unknown.error()), 404);
}

TEST(Open311NewRequest, DefaultTitleIsTheFirst80CharactersOnOneLine) {
  EXPECT_EQ(title_from("  Lampu\n\njalan   mati\t"), "Lampu jalan mati");
  std::string text;
  for (int i = 0; i < 100; ++i) text += "\xC3\xA9";  // é, two bytes each
  auto title = title_from(text);
  EXPECT_EQ(utf8_length(title), 80u);
  EXPECT_EQ(title_from("a\xFF"
                       "b"),
            "ab");
  EXPECT_EQ(title_from(""), "");
}

TEST(Open311NewRequest, ServiceErrorsUseOpen311Names) {
  auto e = with_open311_fields(Error::validation({{"service_id", "not_found", "", ""},
                                                  {"latitude", "out_of_range", "", ""},
                                                  {"reporter_email", "invalid", "", ""},
                                                  {"title", "too_short", "", ""},
                                                  {"description", "required", "", ""}}));
  EXPECT_EQ(fields_of(e),
            (std::vector<std::string>{"service_code", "lat", "email", "attribute[title]", "description"}));
}

TEST(Open311Documents, RequestCarriesNoIdentityAndServiceFieldsFollowTheSpecification) {
  complaints::Complaint c;
  c.public_id = "LAP-7K3M9-Q2XT4";
  c.tracking_code = "K7M2-9QXR-4TPA";
  c.status = Status::kResolved;
  c.service_id = 4;
  c.service_name = "Kartu Keluarga";
  c.description = "Isi";
  c.submitted_at = "2026-05-01T01:00:00Z";
  c.updated_at = "2026-05-02T01:00:00Z";
  c.complete_due_at = "2026-06-30T01:00:00Z";
  c.location.latitude = -6.2;
  c.location.longitude = 106.8;
  Document r = request_document(c, "Sudah diperbaiki", "Disdukcapil", "notice", false);
  std::vector<std::string> keys;
  for (const auto& [k, v] : r.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"service_request_id", "status", "status_notes", "service_name", "service_code",
                                      "description", "agency_responsible", "service_notice", "requested_datetime",
                                      "updated_datetime", "expected_datetime", "address", "lat", "long", "media_url"}));
  EXPECT_EQ(r["service_request_id"], "LAP-7K3M9-Q2XT4") << "the public id, never the tracking code";
  EXPECT_EQ(r.dump().find("K7M2"), std::string::npos);
  EXPECT_TRUE(r["media_url"].is_null()) << "the GeoReport v2 JSON schema's null, not \"\"";
  EXPECT_EQ(r["status"], "closed");
  EXPECT_EQ(r["service_code"], "4");
  EXPECT_EQ(r["expected_datetime"], "2026-06-30T01:00:00Z");
  EXPECT_EQ(r["lat"], -6.2);
  c.location = {};
  c.complete_due_at.clear();
  // A report that is not public: its status fields only.
  Document status_only = request_document(c, "Sedang ditangani", "Disdukcapil", "notice", true);
  keys.clear();
  for (const auto& [k, v] : status_only.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"service_request_id", "status", "status_notes", "service_name",
                                            "service_code", "agency_responsible", "requested_datetime",
                                            "updated_datetime", "expected_datetime"}));
  r = request_document(c, "", "", "", false);
  EXPECT_TRUE(r["lat"].is_null());
  EXPECT_TRUE(r["status_notes"].is_null());
  EXPECT_TRUE(r["expected_datetime"].is_null());

  catalogue::ServiceSummary s;
  s.id = 9;
  s.name = "Akta Kelahiran";
  s.summary = "Penerbitan akta";
  s.category = "Kependudukan";
  s.agency_name = "Disdukcapil";
  Document d = service_document(s);
  EXPECT_EQ(d.dump(), R"({"service_code":"9","service_name":"Akta Kelahiran","description":"Penerbitan akta",)"
                      R"("metadata":true,"type":"realtime","keywords":"Kependudukan","group":"Disdukcapil"})");

  Document def = service_definition(9);
  ASSERT_EQ(def["attributes"].size(), 4u);
  const char* codes[] = {"type", "privacy", "title", "event_date"};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(def["attributes"][i]["code"], codes[i]);
    EXPECT_EQ(def["attributes"][i]["order"], static_cast<int>(i) + 1);
    EXPECT_EQ(def["attributes"][i]["variable"], true);
  }
  EXPECT_EQ(def["attributes"][0]["required"], false) << "generic clients file without it: pengaduan";
  EXPECT_EQ(def["attributes"][1]["required"], false);
  EXPECT_NE(def["attributes"][1]["description"].get<std::string>().find("default: rahasia"), std::string::npos);
  EXPECT_EQ(def["attributes"][3]["datatype"], "datetime");
}

TEST(Open311Documents, ServiceNoticeStatesTheConfiguredLimits) {
  ComplaintSettings limits;
  limits.verify_working_days = 2;
  limits.complete_days_aspirasi = 30;
  EXPECT_EQ(service_notice(limits, complaints::Type::kAspirasi, true),
            "The MPP desk verifies a report within 2 working days; it is completed within 30 days.");
  EXPECT_EQ(service_notice(limits, complaints::Type::kPengaduan, false),
            "Laporan diverifikasi meja pengaduan MPP dalam 2 hari kerja dan diselesaikan paling lama 60 hari.");
}

}  // namespace
}  // namespace layan::open311
