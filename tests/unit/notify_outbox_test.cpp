// The outbox on both databases: enqueue inside the caller's transaction,
// delivery with retries and backoff by a ManualClock, real SMTP to an
// in-process sink, and the rule that recipients never reach the log.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "app/app.hpp"
#include "notify/repo.hpp"
#include "notify/service.hpp"
#include "smtp_sink.hpp"
#include "test_db.hpp"

namespace layan::notify {
namespace {

using namespace std::chrono_literals;

TimePoint at(const char* utc) {
  TimePoint t;
  EXPECT_TRUE(parse_utc(utc, t)) << utc;
  return t;
}

// Captures everything spdlog's default logger writes while alive.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return out_.str(); }

 private:
  std::ostringstream out_;
  std::shared_ptr<spdlog::logger> previous_;
};

class Outbox : public layan::testing::BothDatabases {
 protected:
  void SetUp() override {
    BothDatabases::SetUp();
    app_.db = std::move(db_);
    app_.clock = &clock_;
  }

  int64_t queue(const Message& m) {
    soci::session sql(app_.db->pool());
    store::Transaction tx(sql, app_.db->dialect());
    int64_t id = enqueue(sql, app_.db->dialect(), m, format_utc(clock_.now()));
    tx.commit();
    return id;
  }

  repo::StoredMessage stored(int64_t id) {
    soci::session sql(app_.db->pool());
    auto m = repo::find(sql, id);
    EXPECT_TRUE(m.has_value());
    return m.value_or(repo::StoredMessage{});
  }

  int audit_count(const std::string& action, int64_t id) {
    soci::session sql(app_.db->pool());
    int n = 0;
    long long eid = id;
    sql << "SELECT COUNT(*) FROM audit_events WHERE action = :a AND entity = 'outbox' AND entity_id = :id",
        soci::use(action), soci::use(eid), soci::into(n);
    return n;
  }

  static Message email(const std::string& to = "warga@example.id") {
    return {kEmail, to, "Pengaduan diverifikasi — ADU-42", "Pengaduan Anda sudah diverifikasi.", "complaint", 42};
  }

  ManualClock clock_{at("2026-12-01T00:00:00Z")};
  App app_;
};

TEST_P(Outbox, EnqueueCommitsWithTheCallersTransactionOnly) {
  {
    soci::session sql(app_.db->pool());
    store::Transaction tx(sql, app_.db->dialect());
    enqueue(sql, app_.db->dialect(), email(), format_utc(clock_.now()));
    // no commit: the change it reports did not happen
  }
  {
    soci::session sql(app_.db->pool());
    int n = -1;
    sql << "SELECT COUNT(*) FROM outbox", soci::into(n);
    EXPECT_EQ(n, 0) << "a rolled-back transaction leaves no message";
  }
  int64_t id = queue(email());
  auto m = stored(id);
  EXPECT_EQ(m.channel, "email");
  EXPECT_EQ(m.recipient, "warga@example.id");
  EXPECT_EQ(m.subject, "Pengaduan diverifikasi — ADU-42");
  EXPECT_EQ(m.status, "pending");
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.next_attempt_at, "2026-12-01T00:00:00Z");
  EXPECT_EQ(m.created_at, "2026-12-01T00:00:00Z");
  EXPECT_FALSE(m.sent_at.has_value());
  EXPECT_EQ(m.entity, "complaint");
  EXPECT_EQ(m.entity_id, 42);
  soci::session sql(app_.db->pool());
  EXPECT_EQ(repo::list_for(sql, "complaint", 42).size(), 1u);
  EXPECT_TRUE(repo::list_for(sql, "complaint", 43).empty());
}

TEST_P(Outbox, TheDatabaseRefusesAnUnknownChannel) {
  Message m = email();
  m.channel = "pigeon";
  EXPECT_THROW(queue(m), std::exception);
}

TEST_P(Outbox, LogTransportSendsWithoutEverPrintingTheRecipientTheBodyOrACode) {
  const std::string secret_email = "rahasia.pelapor@example.id", secret_phone = "+6281299887766";
  int64_t e = queue(email(secret_email));
  int64_t s =
      queue({kSms, secret_phone, "Kode [K7M2-9QXR-4TPA]", "Kode pengaduan Anda: K7M2-9QXR-4TPA", "complaint", 42});
  LogCapture log;
  auto report = deliver_due(app_, clock_.now(), 10);
  EXPECT_EQ(report.sent, 2u);
  EXPECT_EQ(report.retried, 0u);
  EXPECT_EQ(report.failed, 0u);
  for (int64_t id : {e, s}) {
    auto m = stored(id);
    EXPECT_EQ(m.status, "sent");
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.sent_at.value_or(""), "2026-12-01T00:00:00Z");
    EXPECT_EQ(audit_count("outbox.sent", id), 1);
  }
  std::string text = log.text();
  EXPECT_NE(text.find("notification " + std::to_string(e) + " (email) not sent"), std::string::npos) << text;
  EXPECT_NE(text.find("subject: Kode [****-****-****]; body not logged"), std::string::npos) << text;
  EXPECT_EQ(text.find("Pengaduan Anda sudah diverifikasi."), std::string::npos) << "the body is not logged";
  EXPECT_EQ(text.find("K7M2-9QXR-4TPA"), std::string::npos) << text;
  EXPECT_EQ(text.find(secret_email), std::string::npos) << text;
  EXPECT_EQ(text.find("rahasia.pelapor"), std::string::npos) << text;
  EXPECT_EQ(text.find("6281299887766"), std::string::npos) << text;
  EXPECT_EQ(deliver_due(app_, clock_.now(), 10).sent, 0u) << "nothing is sent twice";
}

TEST_P(Outbox, RetriesWithBackoffAndFailsAfterTenAttempts) {
  app_.config.smtp_url = "smtp://127.0.0.1:" + std::to_string(layan::testing::closed_port());
  app_.config.smtp_from = "noreply@mpp.example";
  const TimePoint start = clock_.now();
  int64_t id = queue(email());
  LogCapture log;
  std::chrono::seconds waited{0};
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto r = deliver_due(app_, clock_.now(), 10);
    auto m = stored(id);
    EXPECT_EQ(m.attempts, attempt);
    EXPECT_FALSE(m.last_error.empty());
    if (attempt < kMaxAttempts) {
      EXPECT_EQ(r.retried, 1u) << "attempt " << attempt;
      EXPECT_EQ(m.status, "pending");
      EXPECT_EQ(m.next_attempt_at, format_utc(clock_.now() + retry_delay(attempt)));
      // Not due a second before its time...
      clock_.advance(retry_delay(attempt) - 1s);
      auto early = deliver_due(app_, clock_.now(), 10);
      EXPECT_EQ(early.retried + early.sent + early.failed, 0u) << "attempt " << attempt;
      // ...and due at it.
      clock_.advance(1s);
      waited += retry_delay(attempt);
    } else {
      EXPECT_EQ(r.failed, 1u);
      EXPECT_EQ(m.status, "failed");
      EXPECT_FALSE(m.sent_at.has_value());
    }
  }
  EXPECT_EQ(clock_.now() - start, waited);
  EXPECT_EQ(waited, 511min);
  EXPECT_EQ(audit_count("outbox.failed", id), 1);
  clock_.advance(24h);
  auto after = deliver_due(app_, clock_.now(), 10);
  EXPECT_EQ(after.retried + after.sent + after.failed, 0u) << "a failed message is never tried again";
  EXPECT_EQ(log.text().find("warga@example.id"), std::string::npos);
}

TEST_P(Outbox, AFailingChannelHoldsItsOtherMessagesButNotTheOtherChannel) {
  app_.config.smtp_url = "smtp://127.0.0.1:" + std::to_string(layan::testing::closed_port());
  app_.config.smtp_from = "noreply@mpp.example";
  int64_t first = queue(email("a@example.id"));
  int64_t second = queue(email("b@example.id"));
  int64_t sms = queue({kSms, "081234567890", "", "Kode: ADU-42", "complaint", 42});
  LogCapture log;
  auto r = deliver_due(app_, clock_.now(), 10);
  EXPECT_EQ(r.retried, 1u);
  EXPECT_EQ(r.sent, 1u);
  EXPECT_EQ(stored(first).attempts, 1);
  EXPECT_EQ(stored(second).attempts, 0) << "not attempted once the SMTP server failed in this run";
  EXPECT_EQ(stored(second).status, "pending");
  EXPECT_EQ(stored(sms).status, "sent");
}

TEST_P(Outbox, AMalformedRecipientFailsAtOnce) {
  int64_t bad_email = queue(email("not an address"));
  int64_t bad_phone = queue({kSms, "call me", "", "x", "complaint", 42});
  LogCapture log;
  auto r = deliver_due(app_, clock_.now(), 10);
  EXPECT_EQ(r.failed, 2u);
  EXPECT_EQ(stored(bad_email).status, "failed");
  EXPECT_EQ(stored(bad_email).attempts, 1);
  EXPECT_EQ(stored(bad_phone).status, "failed");
  EXPECT_EQ(log.text().find("not an address"), std::string::npos);
}

TEST_P(Outbox, BatchesAreOldestFirstAndBounded) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(queue(email()));
    clock_.advance(1s);
  }
  LogCapture log;
  EXPECT_EQ(deliver_due(app_, clock_.now(), 3).sent, 3u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(stored(ids[i]).status, i < 3 ? "sent" : "pending") << i;
  EXPECT_EQ(deliver_due(app_, clock_.now(), 3).sent, 2u);
}

TEST_P(Outbox, AMessageNotYetDueWaits) {
  queue(email());
  LogCapture log;
  EXPECT_EQ(deliver_due(app_, clock_.now() - 1s, 10).sent, 0u);
  EXPECT_EQ(deliver_due(app_, clock_.now(), 10).sent, 1u);
}

TEST_P(Outbox, AClaimIsExclusive) {
  int64_t id = queue(email());
  soci::session sql(app_.db->pool());
  const std::string now = format_utc(clock_.now()), retry = format_utc(clock_.now() + 1min);
  EXPECT_TRUE(repo::claim(sql, id, 0, now, retry));
  EXPECT_FALSE(repo::claim(sql, id, 0, now, retry)) << "a second deliverer with the same view loses";
  EXPECT_FALSE(repo::claim(sql, id, 1, now, retry)) << "not due again before its retry time";
  EXPECT_TRUE(repo::claim(sql, id, 1, retry, format_utc(clock_.now() + 3min)));
}

TEST_P(Outbox, DeliversRealSmtpToASink) {
  layan::testing::SmtpSink sink;
  app_.config.smtp_url = sink.url();
  app_.config.smtp_from = "MPP Sukamaju <noreply@mpp.example>";
  Message m = email("warga@example.id");
  m.body = "Yth. Bapak/Ibu,\n\nPengaduan ADU-42 sudah diverifikasi.\n.\nBiaya = Rp0 — gratis.";
  int64_t id = queue(m);
  LogCapture log;
  auto r = deliver_due(app_, clock_.now(), 10);
  ASSERT_EQ(r.sent, 1u) << log.text();
  auto mails = sink.mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].mail_from, "noreply@mpp.example");
  EXPECT_EQ(mails[0].rcpt_to, std::vector<std::string>{"warga@example.id"});
  const std::string& data = mails[0].data;
  EXPECT_NE(data.find("From: MPP Sukamaju <noreply@mpp.example>\r\n"), std::string::npos) << data;
  EXPECT_NE(data.find("To: <warga@example.id>\r\n"), std::string::npos);
  EXPECT_NE(data.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(data.find("Date: Tue, 01 Dec 2026 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(data.find("Message-ID: <outbox." + std::to_string(id) + ".20261201000000@mpp.example>\r\n"),
            std::string::npos);
  EXPECT_NE(data.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
  EXPECT_NE(data.find("Content-Transfer-Encoding: quoted-printable\r\n"), std::string::npos);
  EXPECT_NE(
      data.find("\r\n\r\nYth. Bapak/Ibu,\r\n\r\nPengaduan ADU-42 sudah diverifikasi.\r\n=2E\r\nBiaya =3D Rp0 =E2=80=94 "
                "gratis.\r\n"),
      std::string::npos)
      << data;
  EXPECT_EQ(stored(id).status, "sent");
  EXPECT_EQ(log.text().find("warga@example.id"), std::string::npos);
}

TEST_P(Outbox, AnUnknownRecipientFailsAtOnceAndStaysOutOfLogsAndErrors) {
  layan::testing::SmtpSink sink("550 5.1.1");
  app_.config.smtp_url = sink.url();
  app_.config.smtp_from = "noreply@mpp.example";
  int64_t id = queue(email("Rahasia.Pelapor@example.id"));
  LogCapture log;
  auto r = deliver_due(app_, clock_.now(), 10);
  EXPECT_EQ(r.failed, 1u);
  auto m = stored(id);
  EXPECT_EQ(m.status, "failed") << "a 5xx to RCPT TO will not change by retrying";
  EXPECT_EQ(m.attempts, 1);
  EXPECT_NE(m.last_error.find("550"), std::string::npos) << m.last_error;
  EXPECT_EQ(m.last_error.find("elapor@"), std::string::npos) << m.last_error;
  EXPECT_EQ(log.text().find("elapor@"), std::string::npos) << log.text();
  EXPECT_TRUE(sink.mails().empty());
}

TEST_P(Outbox, AFullOrBusyMailboxIsRetried) {
  for (const char* refusal : {"452 4.2.2", "450 4.2.1", "552 5.2.2"}) {
    layan::testing::SmtpSink sink(refusal);
    app_.config.smtp_url = sink.url();
    app_.config.smtp_from = "noreply@mpp.example";
    int64_t id = queue(email("penuh@example.id"));
    LogCapture log;
    auto r = deliver_due(app_, clock_.now(), 10);
    EXPECT_EQ(r.retried, 1u) << refusal;
    EXPECT_EQ(stored(id).status, "pending") << refusal;
    EXPECT_EQ(stored(id).attempts, 1) << refusal;
  }
}

INSTANTIATE_TEST_SUITE_P(Db, Outbox, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace layan::notify
