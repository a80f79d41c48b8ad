#include "core/config.hpp"

#include <toml++/toml.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

namespace layan {

std::string default_share_dir() {
  return LAYAN_SHARE_DIR;
}

namespace {

template <typename T>
void read(const toml::table& t, const char* key, T& out) {
  if (auto v = t[key].value<T>()) out = *v;
}

Status parse_size(const char* name, const char* text, size_t& out) {
  char* end = nullptr;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0') return Error::bad_request(std::string(name) + " must be a number");
  out = static_cast<size_t>(v);
  return ok_status();
}

// The [login] keys; LAYAN_LOGIN_ and the key in upper case in the environment.
std::array<std::pair<const char*, int*>, 5> login_fields(LoginSettings& l) {
  return {{{"pair_free_failures", &l.pair_free_failures},
           {"pair_max_delay_s", &l.pair_max_delay_s},
           {"address_free_failures", &l.address_free_failures},
           {"account_free_failures", &l.account_free_failures},
           {"shared_max_delay_s", &l.shared_max_delay_s}}};
}
constexpr int64_t kMaxLoginSetting = 86400;

}  // namespace

Status load_config_file(const std::string& path, Config& cfg) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Error::bad_request("config " + path + ": " + std::string(e.description()));
  }
  int64_t port = cfg.port;
  read(t, "port", port);
  if (port < 0 || port > 65535) return Error::bad_request("config: port out of range");
  cfg.port = static_cast<uint16_t>(port);
  read(t, "listen", cfg.listen_address);
  read(t, "db", cfg.db_url);
  read(t, "data_dir", cfg.data_dir);
  read(t, "share_dir", cfg.share_dir);
  read(t, "public_url", cfg.public_url);
  read(t, "tls", cfg.tls);
  read(t, "trust_proxy", cfg.trust_proxy);
  read(t, "log_level", cfg.log_level);
  read(t, "access_log", cfg.access_log);
  read(t, "smtp_url", cfg.smtp_url);
  read(t, "smtp_from", cfg.smtp_from);
  read(t, "smtp_username", cfg.smtp_username);
  read(t, "smtp_password", cfg.smtp_password);
  read(t, "sms_gateway_url", cfg.sms_gateway_url);
  read(t, "sms_gateway_token", cfg.sms_gateway_token);
  read(t, "notify_mailbox", cfg.notify_mailbox);
  read(t, "metrics_token", cfg.metrics_token);
  int64_t n = 0;
  if ((n = t["worker_threads"].value_or(int64_t{0})) > 0) cfg.worker_threads = static_cast<size_t>(n);
  if ((n = t["io_threads"].value_or(int64_t{0})) > 0) cfg.io_threads = static_cast<size_t>(n);
  if ((n = t["db_pool_size"].value_or(int64_t{0})) > 0) cfg.db_pool_size = static_cast<size_t>(n);
  if ((n = t["max_body_bytes"].value_or(int64_t{0})) > 0) cfg.max_body_bytes = static_cast<size_t>(n);
  if ((n = t["max_upload_bytes"].value_or(int64_t{0})) > 0) cfg.max_upload_bytes = static_cast<size_t>(n);
  if ((n = t["max_attachment_bytes"].value_or(int64_t{0})) > 0) cfg.max_attachment_bytes = static_cast<size_t>(n);
  if (auto v = t["max_attachments"].value<int64_t>(); v && *v >= 0) cfg.max_attachments = static_cast<size_t>(*v);
  if ((n = t["max_transport_body_bytes"].value_or(int64_t{0})) > 0) {
    cfg.max_transport_body_bytes = static_cast<size_t>(n);
  }
  if ((n = t["session_hours"].value_or(int64_t{0})) > 0) cfg.session_hours = static_cast<int>(n);
  if (auto v = t["public_cache_ms"].value<int64_t>(); v && *v >= 0) cfg.public_cache_ms = static_cast<int>(*v);
  if (const toml::table* l = t["lookup_limit"].as_table()) {
    for (auto [key, field] : std::initializer_list<std::pair<const char*, int*>>{
             {"per_minute", &cfg.lookup_limit.per_minute},
             {"misses_per_minute", &cfg.lookup_limit.misses_per_minute}}) {
      if (auto v = (*l)[key].value<int64_t>()) {
        if (*v < 0 || *v > 1000000)
          return Error::bad_request(std::string("config: lookup_limit.") + key + " out of range");
        *field = static_cast<int>(*v);
      }
    }
  }
  if (const toml::table* c = t["complaints"].as_table()) {
    auto& cs = cfg.complaints;
    for (auto [key, field] : std::initializer_list<std::pair<const char*, int*>>{
             {"verify_working_days", &cs.verify_working_days},
             {"follow_up_working_days", &cs.follow_up_working_days},
             {"auto_close_working_days", &cs.auto_close_working_days},
             {"reopen_working_days", &cs.reopen_working_days},
             {"escalation_step_working_days", &cs.escalation_step_working_days},
             {"complete_days_aspirasi", &cs.complete_days_aspirasi},
             {"complete_days_pengaduan", &cs.complete_days_pengaduan},
             {"complete_days_permintaan_informasi", &cs.complete_days_informasi},
             {"complete_days_whistleblowing", &cs.complete_days_whistleblowing},
             {"max_per_client_hour", &cs.max_per_client_hour},
             {"max_per_contact_day", &cs.max_per_contact_day},
             {"codes_per_contact_hour", &cs.codes_per_contact_hour},
             {"codes_per_client_hour", &cs.codes_per_client_hour},
             {"abuse_block_count", &cs.abuse_block_count},
             {"max_reporter_replies_hour", &cs.max_reporter_replies_hour},
             {"max_files_per_report", &cs.max_files_per_report}}) {
      if (auto v = (*c)[key].value<int64_t>()) {
        if (*v < 0 || *v > 100000)
          return Error::bad_request(std::string("config: complaints.") + key + " out of range");
        *field = static_cast<int>(*v);
      }
    }
  }
  if (const toml::table* l = t["login"].as_table()) {
    for (auto [key, field] : login_fields(cfg.login)) {
      if (auto v = (*l)[key].value<int64_t>()) {
        if (*v < 0 || *v > kMaxLoginSetting)
          return Error::bad_request(std::string("config: login.") + key + " out of range");
        *field = static_cast<int>(*v);
      }
    }
  }
  return ok_status();
}

Status apply_environment(Config& cfg) {
  auto env = [](const char* k) -> const char* {
    const char* v = std::getenv(k);
    return (v && *v) ? v : nullptr;
  };
  if (auto v = env("LAYAN_PORT")) {
    size_t p = 0;
    if (auto s = parse_size("LAYAN_PORT", v, p); !s) return s;
    if (p > 65535) return Error::bad_request("LAYAN_PORT out of range");
    cfg.port = static_cast<uint16_t>(p);
  }
  if (auto v = env("LAYAN_LISTEN")) cfg.listen_address = v;
  if (auto v = env("LAYAN_DB")) cfg.db_url = v;
  if (auto v = env("LAYAN_DATA_DIR")) cfg.data_dir = v;
  if (auto v = env("LAYAN_SHARE_DIR")) cfg.share_dir = v;
  if (auto v = env("LAYAN_PUBLIC_URL")) cfg.public_url = v;
  if (auto v = env("LAYAN_LOG_LEVEL")) cfg.log_level = v;
  if (auto v = env("LAYAN_ACCESS_LOG")) cfg.access_log = v;
  if (auto v = env("LAYAN_SMTP_URL")) cfg.smtp_url = v;
  if (auto v = env("LAYAN_SMTP_FROM")) cfg.smtp_from = v;
  if (auto v = env("LAYAN_SMTP_USERNAME")) cfg.smtp_username = v;
  if (auto v = env("LAYAN_SMTP_PASSWORD")) cfg.smtp_password = v;
  if (auto v = env("LAYAN_SMS_GATEWAY_URL")) cfg.sms_gateway_url = v;
  if (auto v = env("LAYAN_SMS_GATEWAY_TOKEN")) cfg.sms_gateway_token = v;
  if (auto v = env("LAYAN_METRICS_TOKEN")) cfg.metrics_token = v;
  if (auto v = env("LAYAN_NOTIFY_MAILBOX")) cfg.notify_mailbox = std::string(v) == "1" || std::string(v) == "true";
  if (auto v = env("LAYAN_TLS")) cfg.tls = std::string(v) == "1" || std::string(v) == "true";
  if (auto v = env("LAYAN_TRUST_PROXY")) cfg.trust_proxy = std::string(v) == "1" || std::string(v) == "true";
  if (auto v = env("LAYAN_PUBLIC_CACHE_MS")) {
    size_t ms = 0;
    if (auto s = parse_size("LAYAN_PUBLIC_CACHE_MS", v, ms); !s) return s;
    cfg.public_cache_ms = static_cast<int>(std::min<size_t>(ms, 3600000));
  }
  if (auto v = env("LAYAN_WORKER_THREADS")) {
    if (auto s = parse_size("LAYAN_WORKER_THREADS", v, cfg.worker_threads); !s) return s;
  }
  if (auto v = env("LAYAN_DB_POOL_SIZE")) {
    if (auto s = parse_size("LAYAN_DB_POOL_SIZE", v, cfg.db_pool_size); !s) return s;
  }
  if (auto v = env("LAYAN_MAX_UPLOAD_BYTES")) {
    if (auto s = parse_size("LAYAN_MAX_UPLOAD_BYTES", v, cfg.max_upload_bytes); !s) return s;
  }
  if (auto v = env("LAYAN_MAX_ATTACHMENT_BYTES")) {
    if (auto s = parse_size("LAYAN_MAX_ATTACHMENT_BYTES", v, cfg.max_attachment_bytes); !s) return s;
  }
  if (auto v = env("LAYAN_MAX_ATTACHMENTS")) {
    if (auto s = parse_size("LAYAN_MAX_ATTACHMENTS", v, cfg.max_attachments); !s) return s;
  }
  for (auto [name, field] : std::initializer_list<std::pair<const char*, int*>>{
           {"LAYAN_COMPLAINTS_MAX_PER_CLIENT_HOUR", &cfg.complaints.max_per_client_hour},
           {"LAYAN_COMPLAINTS_MAX_PER_CONTACT_DAY", &cfg.complaints.max_per_contact_day},
           {"LAYAN_COMPLAINTS_CODES_PER_CONTACT_HOUR", &cfg.complaints.codes_per_contact_hour},
           {"LAYAN_COMPLAINTS_CODES_PER_CLIENT_HOUR", &cfg.complaints.codes_per_client_hour},
           {"LAYAN_COMPLAINTS_MAX_REPORTER_REPLIES_HOUR", &cfg.complaints.max_reporter_replies_hour},
           {"LAYAN_COMPLAINTS_MAX_FILES_PER_REPORT", &cfg.complaints.max_files_per_report},
           {"LAYAN_LOOKUP_LIMIT_PER_MINUTE", &cfg.lookup_limit.per_minute},
           {"LAYAN_LOOKUP_LIMIT_MISSES_PER_MINUTE", &cfg.lookup_limit.misses_per_minute}}) {
    if (auto v = env(name)) {
      size_t n = 0;
      if (auto s = parse_size(name, v, n); !s) return s;
      *field = static_cast<int>(std::min<size_t>(n, 1000000));
    }
  }
  for (auto [key, field] : login_fields(cfg.login)) {
    std::string name = "LAYAN_LOGIN_" + std::string(key);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
    if (auto v = env(name.c_str())) {
      size_t n = 0;
      if (auto s = parse_size(name.c_str(), v, n); !s) return s;
      if (n > kMaxLoginSetting) return Error::bad_request(name + " out of range");
      *field = static_cast<int>(n);
    }
  }
  return ok_status();
}

}  // namespace layan
