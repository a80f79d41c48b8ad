// The SP4N-LAPOR! bridge's pure rules: category and privacy-flag mapping,
// tracking-number syntax, and the export document (above all: no identity
// unless the report is biasa).
#include <gtest/gtest.h>

#include "complaints/lapor.hpp"

namespace layan::complaints {
namespace {

TEST(LaporMapping, CategoryOfEachType) {
  EXPECT_STREQ(lapor_category(Type::kAspirasi), "aspirasi");
  EXPECT_STREQ(lapor_category(Type::kPengaduan), "pengaduan");
  EXPECT_STREQ(lapor_category(Type::kPermintaanInformasi), "permintaan_informasi");
  EXPECT_STREQ(lapor_category(Type::kWhistleblowing), "pengaduan");
}

struct FlagCase {
  Type type;
  Privacy privacy;
  bool anonim, rahasia;
};

TEST(LaporMapping, PrivacyFlagsForEveryTypeAndPrivacy) {
  const FlagCase cases[] = {
      {Type::kPengaduan, Privacy::kBiasa, false, false},
      {Type::kPengaduan, Privacy::kAnonim, true, false},
      {Type::kPengaduan, Privacy::kRahasia, true, true},
      {Type::kAspirasi, Privacy::kBiasa, false, false},
      {Type::kPermintaanInformasi, Privacy::kAnonim, true, false},
      // Whistle-blowing is always confidential, whatever is stored.
      {Type::kWhistleblowing, Privacy::kBiasa, true, true},
      {Type::kWhistleblowing, Privacy::kAnonim, true, true},
      {Type::kWhistleblowing, Privacy::kRahasia, true, true},
  };
  for (const auto& c : cases) {
    Complaint x;
    x.type = c.type;
    x.privacy = c.privacy;
    auto f = lapor_flags(x);
    EXPECT_EQ(f.anonim, c.anonim) << to_string(c.type) << "/" << to_string(c.privacy);
    EXPECT_EQ(f.rahasia, c.rahasia) << to_string(c.type) << "/" << to_string(c.privacy);
  }
}

TEST(LaporMapping, TrackingNumbers) {
  for (const char* ok : {"1234567", "#1234567", "LAP-2026-000123", "lapor/2026/07/12", "A", "a_b.c",
                         "0123456789012345678901234567890123456789012345678901234567890123"}) {
    EXPECT_TRUE(valid_lapor_tracking_id(ok)) << ok;
  }
  for (const char* bad : {"", " 123", "123 ", "-123", "/123", "12 34", "123;DROP", "<b>1</b>", "12\n3", "üêû",
                          "01234567890123456789012345678901234567890123456789012345678901234"}) {
    EXPECT_FALSE(valid_lapor_tracking_id(bad)) << bad;
  }
}

LaporExport sample(Privacy privacy, Type type, bool with_reporter) {
  LaporExport e;
  Complaint& c = e.view.complaint;
  c.id = 42;
  c.tracking_code = "K7M2-9QXR-4TPA";
  c.type = type;
  c.privacy = privacy;
  c.status = Status::kVerified;
  c.title = "Antrean KTP-el terlalu lama";
  c.description = "Saya menunggu lima jam.";
  c.service_id = 3;
  c.service_name = "Penerbitan KTP-el Baru";
  c.location = {-6.2, 106.8, "Jl. Merdeka 1"};
  c.event_date = "2026-03-02";
  c.submitted_at = "2026-03-03T01:02:03Z";
  c.channel = "web";
  Attachment a;
  a.id = 7;
  a.complaint_id = 42;
  a.sha256 = "ab12";
  a.filename = "foto.jpg";
  a.mime = "image/jpeg";
  a.size = 1234;
  e.view.attachments = {a};
  if (with_reporter) e.view.reporter = Reporter{std::nullopt, "Wawan Warga", "warga@example.id", "+628123456789"};
  e.agency_id = 5;
  e.agency_name = "Disdukcapil";
  e.public_url = "https://mpp.example.go.id";
  e.generated_at = "2026-03-04T00:00:00Z";
  return e;
}

TEST(LaporExportDocument, HasEveryFieldWithAbsoluteAttachmentUrls) {
  auto j = to_json(sample(Privacy::kBiasa, Type::kAspirasi, true));
  EXPECT_EQ(j["format"], "layan-lapor-export/1");
  EXPECT_EQ(j["tracking_code"], "K7M2-9QXR-4TPA");
  EXPECT_EQ(j["source"]["complaint_id"], 42);
  EXPECT_EQ(j["title"], "Antrean KTP-el terlalu lama");
  EXPECT_EQ(j["description"], "Saya menunggu lima jam.");
  EXPECT_EQ(j["category"], "aspirasi");
  EXPECT_EQ(j["type"], "aspirasi");
  EXPECT_EQ(j["agency"]["id"], 5);
  EXPECT_EQ(j["agency"]["name"], "Disdukcapil");
  EXPECT_TRUE(j["agency"].contains("lapor_instansi"));
  EXPECT_TRUE(j["agency"]["lapor_instansi"].is_null());
  EXPECT_EQ(j["service"]["name"], "Penerbitan KTP-el Baru");
  EXPECT_EQ(j["location"]["address"], "Jl. Merdeka 1");
  EXPECT_DOUBLE_EQ(j["location"]["latitude"].get<double>(), -6.2);
  EXPECT_EQ(j["event_date"], "2026-03-02");
  EXPECT_EQ(j["submitted_at"], "2026-03-03T01:02:03Z");
  EXPECT_EQ(j["anonim"], false);
  EXPECT_EQ(j["rahasia"], false);
  ASSERT_EQ(j["attachments"].size(), 1u);
  EXPECT_EQ(j["attachments"][0]["url"], "https://mpp.example.go.id/api/v1/complaints/42/attachments/7");
  EXPECT_EQ(j["attachments"][0]["content_type"], "image/jpeg");
  EXPECT_EQ(j["reporter"]["name"], "Wawan Warga");
  EXPECT_EQ(j["reporter"]["email"], "warga@example.id");
  EXPECT_TRUE(j["lapor_tracking_id"].is_null());
}

TEST(LaporExportDocument, NoReporterMeansNoIdentityAnywhere) {
  for (Privacy p : {Privacy::kAnonim, Privacy::kRahasia}) {
    auto j = to_json(sample(p, Type::kPengaduan, false));
    EXPECT_TRUE(j["reporter"].is_null());
    EXPECT_EQ(j["anonim"], true);
    const std::string text = j.dump();
    EXPECT_EQ(text.find("Wawan"), std::string::npos);
    EXPECT_EQ(text.find("warga@example.id"), std::string::npos);
  }
  auto empty = sample(Privacy::kRahasia, Type::kPengaduan, false);
  empty.agency_id.reset();
  empty.view.complaint.location = {};
  empty.view.complaint.service_id.reset();
  auto j = to_json(empty);
  EXPECT_TRUE(j["agency"].is_null());
  EXPECT_TRUE(j["location"].is_null());
  EXPECT_TRUE(j["service"].is_null());
}

}  // namespace
}  // namespace layan::complaints
