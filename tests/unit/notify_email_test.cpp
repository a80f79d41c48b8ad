// Pure rules of notifications: retry backoff, RFC 5322 message building
// (RFC 2047 subjects, quoted-printable bodies) and address checks.
#include "notify/email.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "notify/service.hpp"
#include "notify/transport.hpp"

namespace layan::notify {
namespace {

// ---- Independent decoders, so that the tests check what a mail reader sees.

std::string base64_decode(const std::string& in) {
  static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    if (c == '=') break;
    auto pos = kAlphabet.find(c);
    if (pos == std::string::npos) continue;
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((val >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

// Decodes a header value made of RFC 2047 B-encoded words (and unfolds it).
std::string decode_header(const std::string& value) {
  std::string unfolded;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      unfolded += ' ';
      continue;
    }
    unfolded += value[i];
  }
  if (unfolded.rfind("=?", 0) != 0) return unfolded;
  std::string out;
  std::istringstream words(unfolded);
  std::string w;
  while (words >> w) {
    EXPECT_EQ(w.rfind("=?UTF-8?B?", 0), 0u) << w;
    EXPECT_EQ(w.substr(w.size() - 2), "?=") << w;
    EXPECT_LE(w.size(), 75u) << "RFC 2047: an encoded-word is at most 75 characters";
    out += base64_decode(w.substr(10, w.size() - 12));
  }
  return out;
}

std::string qp_decode(const std::string& in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && in.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else if (in[i] == '=') {
      out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::vector<std::string> crlf_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t pos; (pos = text.find("\r\n", start)) != std::string::npos; start = pos + 2) {
    out.push_back(text.substr(start, pos - start));
  }
  EXPECT_EQ(start, text.size()) << "text must end with CRLF";
  return out;
}

void expect_clean_lines(const std::string& text, size_t limit) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      EXPECT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
    }
    if (text[i] == '\r') {
      EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  for (const auto& line : crlf_lines(text)) {
    EXPECT_LE(line.size(), limit) << line;
    EXPECT_NE(line.rfind(".", 0), 0u) << "a line starting with '.' needs SMTP dot-stuffing: " << line;
  }
}

// ---- Backoff

struct DelayCase {
  int attempt;
  long long seconds;
};

TEST(NotifyRetryDelay, DoublesFromOneMinuteUpToSixHours) {
  const std::vector<DelayCase> cases = {
      {0, 60},   {1, 60},   {2, 120},   {3, 240},    {4, 480},    {5, 960},    {6, 1920},
      {7, 3840}, {8, 7680}, {9, 15360}, {10, 21600}, {11, 21600}, {64, 21600}, {1000, 21600},
  };
  for (const auto& c : cases) EXPECT_EQ(retry_delay(c.attempt).count(), c.seconds) << "attempt " << c.attempt;
}

TEST(NotifyRetryDelay, TenAttemptsSpanAboutSevenAndAHalfHours) {
  long long total = 0;
  for (int k = 1; k < kMaxAttempts; ++k) total += retry_delay(k).count();
  EXPECT_EQ(total, 511 * 60) << "waits between the 10 attempts: 1+2+...+256 minutes";
}

// ---- Headers

TEST(NotifyHeader, PlainAsciiIsKept) {
  EXPECT_EQ(encode_header_text("Complaint 42 verified", 9), "Complaint 42 verified");
  EXPECT_EQ(encode_header_text("", 9), "");
}

TEST(NotifyHeader, Utf8SubjectBecomesEncodedWordsThatDecodeBack) {
  const std::string subject = "Pengaduan Anda telah diverifikasi — nomor ADU-2026-000042 (Dinas Kependudukan)";
  std::string enc = encode_header_text(subject, 9);
  EXPECT_EQ(enc.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_NE(enc.find("\r\n "), std::string::npos) << "long subjects are folded";
  EXPECT_EQ(decode_header(enc), subject);
  for (const auto& line : crlf_lines("Subject: " + enc + "\r\n")) EXPECT_LE(line.size(), 78u);
}

TEST(NotifyHeader, NeverSplitsAUtf8Character) {
  // 3-byte characters do not divide the 39-byte word size evenly at every offset.
  for (const std::string prefix : {"", "a", "ab"}) {
    std::string subject = prefix;
    for (int i = 0; i < 40; ++i) subject += "€";
    std::string enc = encode_header_text(subject, 9);
    std::istringstream words(enc);
    std::string w;
    while (words >> w) {
      std::string raw = base64_decode(w.substr(10, w.size() - 12));
      ASSERT_FALSE(raw.empty());
      EXPECT_NE(static_cast<unsigned char>(raw.front()) & 0xC0, 0x80) << "word starts inside a character";
    }
    EXPECT_EQ(decode_header(enc), subject);
  }
}

TEST(NotifyHeader, LongAsciiAndLookalikesAreEncodedToo) {
  std::string longer(100, 'x');
  EXPECT_EQ(decode_header(encode_header_text(longer, 9)), longer);
  EXPECT_NE(encode_header_text("=?UTF-8?B?abc?=", 9), "=?UTF-8?B?abc?=") << "text that looks encoded is encoded";
}

TEST(NotifyHeader, LineBreaksCannotInjectHeaders) {
  std::string enc = encode_header_text("Hello\r\nBcc: victim@example.com", 9);
  for (size_t pos = 0; (pos = enc.find("\r\n", pos)) != std::string::npos; pos += 2) {
    EXPECT_EQ(enc[pos + 2], ' ') << "every line break is a fold";
  }
  EXPECT_EQ(decode_header(enc), "HelloBcc: victim@example.com");
}

TEST(NotifyHeader, DateIsRfc5322InUtc) {
  TimePoint t;
  ASSERT_TRUE(parse_utc("2026-12-01T00:00:00Z", t));
  EXPECT_EQ(rfc5322_date(t), "Tue, 01 Dec 2026 00:00:00 +0000");
  ASSERT_TRUE(parse_utc("2027-02-28T23:59:07Z", t));
  EXPECT_EQ(rfc5322_date(t), "Sun, 28 Feb 2027 23:59:07 +0000");
}

TEST(NotifyHeader, Mailboxes) {
  EXPECT_EQ(address_of("Mal Pelayanan Publik <noreply@mpp.example>"), "noreply@mpp.example");
  EXPECT_EQ(address_of("  noreply@mpp.example "), "noreply@mpp.example");
  EXPECT_EQ(format_mailbox("MPP Sukamaju <noreply@mpp.example>"), "MPP Sukamaju <noreply@mpp.example>");
  EXPECT_EQ(format_mailbox("noreply@mpp.example"), "noreply@mpp.example");
  std::string enc = format_mailbox("Layanan Pengaduan — MPP <noreply@mpp.example>");
  EXPECT_EQ(enc.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(enc.substr(enc.size() - 22), " <noreply@mpp.example>");
}

// ---- Body

TEST(NotifyQuotedPrintable, EncodesWhatMustBeEncoded) {
  EXPECT_EQ(quoted_printable("Hello"), "Hello\r\n");
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db\r\n");
  EXPECT_EQ(quoted_printable("café"), "caf=C3=A9\r\n");
  EXPECT_EQ(quoted_printable("line one\nline two"), "line one\r\nline two\r\n");
  EXPECT_EQ(quoted_printable("a\r\nb\rc"), "a\r\nb\r\nc\r\n");
  EXPECT_EQ(quoted_printable("trailing \nspace\t"), "trailing=20\r\nspace=09\r\n");
  EXPECT_EQ(quoted_printable(".\n.. dots"), "=2E\r\n=2E. dots\r\n");
  EXPECT_EQ(quoted_printable(""), "");
}

TEST(NotifyQuotedPrintable, LongLinesGetSoftBreaksAndDecodeBack) {
  std::string body;
  for (int i = 0; i < 30; ++i) body += "Pelayanan publik yang prima — ";
  body += "\n\nSalam,\nMPP Sukamaju \n.";
  std::string enc = quoted_printable(body);
  expect_clean_lines(enc, 76);
  std::string expected;
  for (char c : body) {
    if (c == '\n')
      expected += "\r\n";
    else
      expected += c;
  }
  EXPECT_EQ(qp_decode(enc), expected + "\r\n");
}

TEST(NotifyQuotedPrintable, SoftBreakNeverSplitsAnEscape) {
  for (size_t pad = 0; pad < 6; ++pad) {
    std::string body = std::string(70 + pad, 'x') + "éééé=====";
    std::string enc = quoted_printable(body);
    expect_clean_lines(enc, 76);
    EXPECT_EQ(qp_decode(enc), body + "\r\n");
  }
}

// ---- The whole message

TEST(NotifyEmail, BuildsAnRfc5322Message) {
  Email e;
  e.from = "MPP Sukamaju <noreply@mpp.example>";
  e.to = "warga@example.id";
  e.subject = "Balasan atas pengaduan Anda — ADU-2026-000042";
  e.body = "Yth. Bapak/Ibu,\n\nPengaduan Anda sudah ditindaklanjuti: biaya = Rp0.\n.\nTerima kasih.";
  e.message_id = "outbox.7.20261201000000@mpp.example";
  ASSERT_TRUE(parse_utc("2026-12-01T00:00:00Z", e.date));
  std::string m = build_email(e);
  expect_clean_lines(m, 78);

  auto split = m.find("\r\n\r\n");
  ASSERT_NE(split, std::string::npos);
  std::string head = m.substr(0, split + 2), body = m.substr(split + 4);
  // Unfold headers, then index them by name.
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& line : crlf_lines(head)) {
    if (!line.empty() && line[0] == ' ') {
      ASSERT_FALSE(headers.empty());
      headers.back().second += "\r\n" + line;
      continue;
    }
    auto colon = line.find(": ");
    ASSERT_NE(colon, std::string::npos) << line;
    headers.emplace_back(line.substr(0, colon), line.substr(colon + 2));
  }
  auto header = [&](const std::string& name) {
    int n = 0;
    std::string v;
    for (const auto& [k, val] : headers) {
      if (k == name) {
        ++n;
        v = val;
      }
    }
    EXPECT_EQ(n, 1) << name << " must appear exactly once";
    return v;
  };
  EXPECT_EQ(header("Date"), "Tue, 01 Dec 2026 00:00:00 +0000");
  EXPECT_EQ(header("From"), "MPP Sukamaju <noreply@mpp.example>");
  EXPECT_EQ(header("To"), "<warga@example.id>");
  EXPECT_EQ(decode_header(header("Subject")), e.subject);
  EXPECT_EQ(header("Message-ID"), "<outbox.7.20261201000000@mpp.example>");
  EXPECT_EQ(header("MIME-Version"), "1.0");
  EXPECT_EQ(header("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(header("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(header("Auto-Submitted"), "auto-generated");
  EXPECT_EQ(qp_decode(body),
            "Yth. Bapak/Ibu,\r\n\r\nPengaduan Anda sudah ditindaklanjuti: biaya = Rp0.\r\n.\r\nTerima kasih.\r\n");
}

// ---- Addresses

TEST(NotifyAddress, EmailAddresses) {
  for (const char* ok : {"warga@example.id", "a.b+tag@sub.example.co.id", "x@localhost", "o'brien@example.com"}) {
    EXPECT_TRUE(is_valid_email_address(ok)) << ok;
  }
  for (const char* bad :
       {"", "plain", "@example.id", "a@", "a@b", "a@@b.id", "a@b@c.id", "a b@c.id", "a@c.id\r\nBcc: x@y.id", "<a@c.id>",
        "a@.c.id", "a@c..id", "a@c.id.", "\"q\"@c.id", "a,b@c.id", "a@c.id>"}) {
    EXPECT_FALSE(is_valid_email_address(bad)) << bad;
  }
  EXPECT_FALSE(is_valid_email_address(std::string(65, 'a') + "@example.id")) << "local part over 64";
  EXPECT_FALSE(is_valid_email_address("a@" + std::string(250, 'b') + ".id")) << "over 254";
}

TEST(NotifyAddress, PhoneNumbers) {
  for (const char* ok : {"+6281234567890", "081234567890", "0812-3456-7890", "+62 812 3456 7890", "021.555.1234"}) {
    EXPECT_TRUE(is_valid_phone_number(ok)) << ok;
  }
  for (const char* bad : {"", "+", "12345", "0812 ", " 0812345678", "0812--345678", "08123x45678", "++6281234567",
                          "6281+234567", "081234567890123456789012"}) {
    EXPECT_FALSE(is_valid_phone_number(bad)) << bad;
  }
}

// ---- Keeping recipients out of errors and logs

TEST(NotifyRedact, RemovesTheRecipientInAnyCase) {
  EXPECT_EQ(redact("550 5.1.1 <Rahasia.Pelapor@Example.id>: unknown; rahasia.pelapor@example.id",
                   "rahasia.pelapor@example.id"),
            "550 5.1.1 <<recipient>>: unknown; <recipient>");
  EXPECT_EQ(redact("timeout", "a@b.id"), "timeout");
  EXPECT_EQ(redact("x", ""), "x");
  EXPECT_EQ(redact("aaaa", "aa"), "<recipient><recipient>") << "no overlap, no endless loop";
}

TEST(NotifyRedact, AnyPlaceholder) {
  EXPECT_EQ(redact("login failed for pa55word", "pa55word", "***"), "login failed for ***");
}

TEST(NotifyMaskCodes, Cases) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Laporan Anda kami terima / Report received [7K3M-Q9XA-2B4D]",
       "Laporan Anda kami terima / Report received [****-****-****]"},
      {"kode=7k3m-q9xa-2b4d&lang=en", "kode=****-****-****&lang=en"},
      {"/pengaduan/lacak?kode=ABCD-EFGH-JKMN\n", "/pengaduan/lacak?kode=****-****-****\n"},
      {"Kode konfirmasi Anda: 482913 (berlaku 15 menit)", "Kode konfirmasi Anda: **** (berlaku 15 menit)"},
      {"+6281299887766", "+****"},
      {"2026-07-03", "****-07-03"},
      {"ABCD-EFGH-JKMN-PQRS", "****-****-****-PQRS"},  // more than a code: masked all the same
      {"XABCD-EFGH-JKMN", "X****-****-****"},
      {"ABC-EFGH-JKMN", "ABC-EFGH-JKMN"},
      {"Eskalasi tingkat 2", "Eskalasi tingkat 2"},
      {"", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(mask_codes(in), want) << in;
}

TEST(NotifyLogTransport, WithoutAMailboxTheBodyGoesNowhere) {
  Config cfg;
  cfg.data_dir = (std::filesystem::temp_directory_path() / ("layan-mailbox-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(cfg.data_dir);
  OutboxEntry m{7, kEmail, "pelapor@example.id", "Laporan [ABCD-EFGH-JKMN]", "Judul rahasia", 0, ""};
  EXPECT_EQ(send(cfg, m, TimePoint{}).status, SendStatus::kSent);
  EXPECT_FALSE(std::filesystem::exists(mailbox_path(cfg)));

  cfg.notify_mailbox = true;
  EXPECT_EQ(send(cfg, m, TimePoint{}).status, SendStatus::kSent);
  m.id = 8;
  m.channel = kSms;
  m.recipient = "+6281299887766";
  m.body = "Kode konfirmasi Anda: 482913";
  EXPECT_EQ(send(cfg, m, TimePoint{}).status, SendStatus::kSent);
  std::ifstream in(mailbox_path(cfg));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            "--- notification 7 (email) 1970-01-01T00:00:00Z\nSubject: Laporan [ABCD-EFGH-JKMN]\n\nJudul rahasia\n\n"
            "--- notification 8 (sms) 1970-01-01T00:00:00Z\nSubject: Laporan [ABCD-EFGH-JKMN]\n\n"
            "Kode konfirmasi Anda: 482913\n\n");
  EXPECT_EQ(std::filesystem::status(mailbox_path(cfg)).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  cfg.data_dir += "/missing";
  EXPECT_EQ(send(cfg, m, TimePoint{}).status, SendStatus::kTransient) << "retried once the mailbox can be written";
  std::filesystem::remove_all(std::filesystem::path(cfg.data_dir).parent_path());
}

TEST(NotifyRefusal, OnlyARecipientsPermanentRefusalIsFinal) {
  EXPECT_EQ(smtp_refusal_status("RCPT failed: 550", 550), SendStatus::kPermanent);
  EXPECT_EQ(smtp_refusal_status("RCPT failed: 553", 553), SendStatus::kPermanent);
  EXPECT_EQ(smtp_refusal_status("RCPT failed: 552", 552), SendStatus::kTransient);
  EXPECT_EQ(smtp_refusal_status("RCPT failed: 451", 451), SendStatus::kTransient);
  EXPECT_EQ(smtp_refusal_status("MAIL failed: 550", 550), SendStatus::kTransient) << "our sender: configuration";
  EXPECT_EQ(smtp_refusal_status("Login denied", 535), SendStatus::kTransient) << "our credentials: configuration";
  EXPECT_EQ(smtp_refusal_status("", 0), SendStatus::kTransient) << "no server at all";
  for (long s : {400L, 404L, 410L, 422L}) EXPECT_EQ(sms_refusal_status(s), SendStatus::kPermanent) << s;
  for (long s : {401L, 403L, 408L, 429L, 500L, 502L, 503L})
    EXPECT_EQ(sms_refusal_status(s), SendStatus::kTransient) << s;
}

TEST(NotifyMessageId, IsStablePerMessageAndUsesTheSenderDomain) {
  OutboxEntry m;
  m.id = 7;
  m.created_at = "2026-12-01T00:00:00Z";
  EXPECT_EQ(message_id(m, "MPP <noreply@mpp.example>"), "outbox.7.20261201000000@mpp.example");
  EXPECT_EQ(message_id(m, ""), "outbox.7.20261201000000@layan.invalid");
}

TEST(NotifyConfig, ChecksSchemesAndTheSender) {
  Config cfg;
  EXPECT_TRUE(check_config(cfg).ok()) << "nothing configured: the log transport";
  cfg.smtp_url = "smtps://mail.example:465";
  EXPECT_FALSE(check_config(cfg).ok()) << "smtp_from is required with smtp_url";
  cfg.smtp_from = "MPP <noreply@mpp.example>";
  EXPECT_TRUE(check_config(cfg).ok());
  cfg.smtp_url = "file:///etc/passwd";
  EXPECT_FALSE(check_config(cfg).ok());
  cfg.smtp_url = "smtp://127.0.0.1:25";
  cfg.smtp_password = "s3cret-password";
  cfg.sms_gateway_url = "ftp://gw.example";
  auto s = check_config(cfg);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().detail.find("s3cret"), std::string::npos);
  cfg.sms_gateway_url = "https://gw.example/send";
  EXPECT_TRUE(check_config(cfg).ok());
}

}  // namespace
}  // namespace layan::notify
