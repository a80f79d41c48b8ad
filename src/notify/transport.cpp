#include "notify/transport.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "notify/email.hpp"

namespace layan::notify {
namespace {

// One slow or silent server must not hold up the delivery run for long.
constexpr long kConnectTimeoutS = 10;
constexpr long kTotalTimeoutS = 30;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t read_upload(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* up = static_cast<Upload*>(userdata);
  size_t n = std::min(size * nitems, up->data->size() - up->offset);
  std::copy_n(up->data->data() + up->offset, n, buffer);
  up->offset += n;
  return n;
}

// Gateway answers are not needed (and might echo the number): discard them.
size_t discard(char*, size_t size, size_t nmemb, void*) {
  return size * nmemb;
}

CurlPtr new_handle(char* errbuf) {
  global_init_once();
  CurlPtr curl(curl_easy_init());
  if (!curl) return curl;
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);  // timeouts without signals: we run on threads
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, kConnectTimeoutS);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, kTotalTimeoutS);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard);
  return curl;
}

std::string curl_failure(const char* what, CURLcode rc, const char* errbuf, long reply) {
  std::string out = std::string(what) + ": " + curl_easy_strerror(rc);
  if (errbuf[0]) out += " (" + std::string(errbuf) + ")";
  if (reply) out += ", reply " + std::to_string(reply);
  return out;
}

SendResult send_smtp(const Config& cfg, const OutboxEntry& m, TimePoint now) {
  Email e;
  e.from = cfg.smtp_from;
  e.to = m.recipient;
  e.subject = m.subject;
  e.body = m.body;
  e.message_id = message_id(m, cfg.smtp_from);
  e.date = now;
  const std::string text = build_email(e);

  char errbuf[CURL_ERROR_SIZE] = {0};
  CurlPtr curl = new_handle(errbuf);
  if (!curl) return {SendStatus::kTransient, "smtp: cannot create a libcurl handle"};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, cfg.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // Never send a password in the clear: with credentials STARTTLS is required.
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   cfg.smtp_username.empty() ? static_cast<long>(CURLUSESSL_TRY) : static_cast<long>(CURLUSESSL_ALL));
  if (!cfg.smtp_username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, cfg.smtp_username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, cfg.smtp_password.c_str());
  }
  const std::string from = "<" + address_of(cfg.smtp_from) + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  SlistPtr rcpt(curl_slist_append(nullptr, ("<" + m.recipient + ">").c_str()));
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  Upload up{&text};
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text.size()));

  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return {SendStatus::kSent, ""};
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  return {smtp_refusal_status(errbuf, reply), redact(curl_failure("smtp", rc, errbuf, reply), m.recipient)};
}

SendResult send_sms(const Config& cfg, const OutboxEntry& m) {
  const std::string payload = nlohmann::json{{"to", m.recipient}, {"text", m.body}}.dump();
  char errbuf[CURL_ERROR_SIZE] = {0};
  CurlPtr curl = new_handle(errbuf);
  if (!curl) return {SendStatus::kTransient, "sms: cannot create a libcurl handle"};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, cfg.sms_gateway_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_slist* raw = curl_slist_append(nullptr, "Content-Type: application/json");
  raw = curl_slist_append(raw, "Accept: application/json");
  const std::string auth = "Authorization: Bearer " + cfg.sms_gateway_token;
  if (!cfg.sms_gateway_token.empty()) raw = curl_slist_append(raw, auth.c_str());
  SlistPtr headers(raw);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (rc != CURLE_OK) return {SendStatus::kTransient, redact(curl_failure("sms", rc, errbuf, 0), m.recipient)};
  if (status >= 200 && status < 300) return {SendStatus::kSent, ""};
  return {sms_refusal_status(status), "sms: gateway answered HTTP " + std::to_string(status)};
}

// Appends `text` with one write(2) on a descriptor opened O_APPEND, so that
// records of concurrent writers (threads, `layan jobs run`) never interleave.
Status append_private(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Error::unavailable(std::string("cannot open the mailbox: ") + std::strerror(errno));
  // A file made by someone else, or before this rule, is narrowed too.
  const bool ok = ::fchmod(fd, 0600) == 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int err = errno;
  ::close(fd);
  if (!ok) return Error::unavailable(std::string("cannot write the mailbox: ") + std::strerror(err));
  return ok_status();
}

SendResult send_to_log(const Config& cfg, const OutboxEntry& m, const char* missing_key, TimePoint now) {
  if (!cfg.notify_mailbox) {
    spdlog::info("notification {} ({}) not sent: no {} configured; subject: {}; body not logged ({} bytes)", m.id,
                 m.channel, missing_key, mask_codes(m.subject), m.body.size());
    return {SendStatus::kSent, ""};
  }
  const std::string path = mailbox_path(cfg);
  const std::string record = "--- notification " + std::to_string(m.id) + " (" + m.channel + ") " + format_utc(now) +
                             "\nSubject: " + m.subject + "\n\n" + m.body + "\n\n";
  if (auto s = append_private(path, record); !s) return {SendStatus::kTransient, s.error().detail};
  spdlog::info("notification {} ({}) not sent: no {} configured; subject: {}; written to {}", m.id, m.channel,
               missing_key, mask_codes(m.subject), path);
  return {SendStatus::kSent, ""};
}

bool is_code_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// True when text[at..] is a tracking code: 4 + '-' + 4 + '-' + 4 alphanumerics.
bool tracking_code_at(std::string_view text, size_t at) {
  if (at + 14 > text.size()) return false;
  for (size_t i = 0; i < 14; ++i) {
    const char c = text[at + i];
    if (i == 4 || i == 9 ? c != '-' : !is_code_char(c)) return false;
  }
  return true;
}

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

SendStatus smtp_refusal_status(std::string_view curl_error, long reply) {
  // RFC 5321 4.2.5: a 552 to RCPT is really a temporary "mailbox full".
  const bool recipient_refused = curl_error.find("RCPT failed") != std::string_view::npos;
  return recipient_refused && reply >= 500 && reply < 600 && reply != 552 ? SendStatus::kPermanent
                                                                          : SendStatus::kTransient;
}

SendStatus sms_refusal_status(long http_status) {
  switch (http_status) {
    case 400:  // the gateway cannot take this message or number
    case 404:
    case 410:
    case 422:
      return SendStatus::kPermanent;
    default:  // 401/403 (our configuration), 408, 429, 5xx: may pass later
      return SendStatus::kTransient;
  }
}

std::string mask_codes(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    // No word boundaries: masking a little more than a code is harmless.
    if (tracking_code_at(text, i)) {
      out += "****-****-****";
      i += 14;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      size_t end = i;
      while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
      out += end - i >= 4 ? std::string("****") : std::string(text.substr(i, end - i));
      i = end;
      continue;
    }
    out += text[i++];
  }
  return out;
}

std::string mailbox_path(const Config& cfg) {
  return (std::filesystem::path(cfg.data_dir) / "mailbox.log").string();
}

std::string redact(std::string text, const std::string& secret, std::string_view placeholder) {
  if (secret.empty()) return text;
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  const std::string needle = lower(secret);
  for (size_t pos = 0;;) {
    pos = lower(text).find(needle, pos);
    if (pos == std::string::npos) break;
    text.replace(pos, secret.size(), placeholder);
    pos += placeholder.size();
  }
  return text;
}

std::string message_id(const OutboxEntry& m, const std::string& from) {
  std::string addr = address_of(from);
  auto at = addr.rfind('@');
  std::string domain = at == std::string::npos || at + 1 == addr.size() ? "layan.invalid" : addr.substr(at + 1);
  std::string stamp;
  for (char c : m.created_at) {
    if (std::isdigit(static_cast<unsigned char>(c))) stamp += c;
  }
  return "outbox." + std::to_string(m.id) + "." + stamp + "@" + domain;
}

SendResult send(const Config& cfg, const OutboxEntry& m, TimePoint now) {
  SendResult r;
  if (m.channel == kEmail) {
    if (!is_valid_email_address(m.recipient)) return {SendStatus::kPermanent, "email: malformed recipient address"};
    if (cfg.smtp_url.empty()) return send_to_log(cfg, m, "smtp_url", now);
    r = send_smtp(cfg, m, now);
  } else if (m.channel == kSms) {
    if (!is_valid_phone_number(m.recipient)) return {SendStatus::kPermanent, "sms: malformed phone number"};
    if (cfg.sms_gateway_url.empty()) return send_to_log(cfg, m, "sms_gateway_url", now);
    r = send_sms(cfg, m);
  } else {
    return {SendStatus::kPermanent, "unknown channel"};
  }
  // The error is stored and logged: no library message may carry a secret.
  r.error = redact(redact(std::move(r.error), cfg.smtp_password, "***"), cfg.sms_gateway_token, "***");
  return r;
}

Status check_config(const Config& cfg) {
  if (!cfg.smtp_url.empty()) {
    if (!starts_with(cfg.smtp_url, "smtp://") && !starts_with(cfg.smtp_url, "smtps://")) {
      return Error::bad_request("smtp_url must start with smtp:// or smtps://");
    }
    if (!is_valid_email_address(address_of(cfg.smtp_from))) {
      return Error::bad_request("smtp_from must hold a valid sender address when smtp_url is set");
    }
  }
  if (!cfg.sms_gateway_url.empty() && !starts_with(cfg.sms_gateway_url, "http://") &&
      !starts_with(cfg.sms_gateway_url, "https://")) {
    return Error::bad_request("sms_gateway_url must start with http:// or https://");
  }
  return ok_status();
}

}  // namespace layan::notify
