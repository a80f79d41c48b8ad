#include "notify/email.hpp"

#include <sodium.h>

#include <cstdio>
#include <ctime>

namespace layan::notify {
namespace {

constexpr size_t kMaxLine = 78;  // RFC 5322 §2.1.1: lines SHOULD NOT exceed 78 characters
constexpr size_t kQpLine = 76;   // RFC 2045 §6.7 (5): encoded lines at most 76 characters
// Raw bytes per encoded-word: base64 of 39 bytes is 52 characters, so a word
// ("=?UTF-8?B?" + 52 + "?=") is 64, within RFC 2047's 75 on any header line.
constexpr size_t kWordBytes = 39;

bool is_printable_ascii(unsigned char c) {
  return c >= 0x20 && c < 0x7f;
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

std::string encode_header_text(std::string_view text, size_t used) {
  bool plain = used + text.size() <= kMaxLine && text.find("=?") == std::string_view::npos;
  for (unsigned char c : text) plain = plain && is_printable_ascii(c);
  if (plain) return std::string(text);

  // Control characters carry no meaning in a header value; dropping them
  // (rather than encoding them) keeps a stray CR or LF from reaching a reader.
  std::string clean;
  for (unsigned char c : text) {
    if (c >= 0x20 && c != 0x7f) clean += static_cast<char>(c);
  }
  std::string out;
  size_t i = 0;
  while (i < clean.size()) {
    size_t end = std::min(i + kWordBytes, clean.size());
    // Never split a UTF-8 sequence: back up past continuation bytes.
    while (end < clean.size() && end > i + 1 && (static_cast<unsigned char>(clean[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(clean).substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string quoted_printable(std::string_view text) {
  std::string out, line;
  auto flush_soft = [&] {
    out += line + "=\r\n";
    line.clear();
  };
  auto hex = [](unsigned char c) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "=%02X", c);
    return std::string(buf);
  };
  auto end_line = [&] {
    // Whitespace before a line break would be lost in transit: encode it.
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
      unsigned char last = static_cast<unsigned char>(line.back());
      line.pop_back();
      std::string enc = hex(last);
      if (line.size() + enc.size() > kQpLine) flush_soft();
      line += enc;
    }
    out += line + "\r\n";
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_line();
      continue;
    }
    std::string token;
    if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      token = std::string(1, static_cast<char>(c));
    } else {
      token = hex(c);
    }
    // One character is kept free for the "=" of a soft break.
    if (line.size() + token.size() > kQpLine - 1) flush_soft();
    if (line.empty() && token == ".") token = hex('.');
    line += token;
  }
  if (!line.empty()) end_line();
  return out;
}

std::string rfc5322_date(TimePoint t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string address_of(std::string_view mailbox) {
  auto open = mailbox.rfind('<');
  auto close = mailbox.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return trim(mailbox.substr(open + 1, close - open - 1));
  }
  return trim(mailbox);
}

std::string format_mailbox(std::string_view mailbox) {
  auto open = mailbox.rfind('<');
  if (open == std::string_view::npos) return address_of(mailbox);
  std::string name = trim(mailbox.substr(0, open));
  std::string addr = "<" + address_of(mailbox) + ">";
  if (name.empty()) return addr;
  bool ascii = true;
  for (unsigned char c : name) ascii = ascii && is_printable_ascii(c);
  if (ascii) return name + " " + addr;
  return encode_header_text(name, kMaxLine) + " " + addr;
}

bool is_valid_email_address(std::string_view addr) {
  if (addr.empty() || addr.size() > 254) return false;
  auto at = addr.find('@');
  if (at == 0 || at == std::string_view::npos || addr.find('@', at + 1) != std::string_view::npos) return false;
  if (at > 64) return false;
  for (unsigned char c : addr) {
    if (c <= 0x20 || c >= 0x7f) return false;
    if (c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '(' || c == ')' || c == '\\' || c == '[' ||
        c == ']' || c == ':')
      return false;
  }
  std::string_view domain = addr.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) {
    return false;
  }
  return domain.find('.') != std::string_view::npos || domain == "localhost";
}

bool is_valid_phone_number(std::string_view number) {
  size_t digits = 0;
  bool last_was_digit = false;
  for (size_t i = 0; i < number.size(); ++i) {
    char c = number[i];
    if (c == '+' && i == 0) continue;
    if (c >= '0' && c <= '9') {
      ++digits;
      last_was_digit = true;
    } else if ((c == ' ' || c == '-' || c == '.') && last_was_digit && i + 1 < number.size()) {
      last_was_digit = false;
    } else {
      return false;
    }
  }
  return digits >= 6 && digits <= 20 && last_was_digit;
}

std::string build_email(const Email& e) {
  std::string m;
  m += "Date: " + rfc5322_date(e.date) + "\r\n";
  m += "From: " + format_mailbox(e.from) + "\r\n";
  m += "To: <" + e.to + ">\r\n";
  m += "Subject: " + encode_header_text(e.subject, 9) + "\r\n";
  m += "Message-ID: <" + e.message_id + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += "Content-Transfer-Encoding: quoted-printable\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "\r\n";
  m += quoted_printable(e.body);
  return m;
}

}  // namespace layan::notify
