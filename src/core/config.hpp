#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace layan {

// Complaint handling: time limits (DOMAIN.md, LAPOR!) and abuse limits.
// TOML table [complaints]; the limits also as LAYAN_COMPLAINTS_* variables.
struct ComplaintSettings {
  int verify_working_days = 3;
  int follow_up_working_days = 5;
  int auto_close_working_days = 10;
  int reopen_working_days = 10;
  int escalation_step_working_days = 2;
  // Completion targets in calendar days per type (Perpres 76/2013: 60).
  int complete_days_aspirasi = 60, complete_days_pengaduan = 60, complete_days_informasi = 60,
      complete_days_whistleblowing = 60;
  int max_per_client_hour = 20;    // submissions per client address
  int max_per_contact_day = 10;    // submissions per reporter contact
  int codes_per_contact_hour = 3;  // one-time codes sent to one contact
  int codes_per_client_hour = 10;  // one-time codes asked from one address
  int abuse_block_count = 3;       // reports marked abuse in 30 days that block a contact
  // What a reporter may add to one report (replies, completions, reopening):
  // at most this many in an hour, and at most max_files_per_report files on
  // the report in all. Each also counts against max_per_client_hour.
  int max_reporter_replies_hour = 5;
  int max_files_per_report = 20;
};

// Sign-in throttling (docs/api.md, Authentication): failed attempts slow the
// next one down instead of locking anybody out. After the free failures of a
// scope each attempt waits 2, 4, 8 ... seconds after the scope's last failure,
// up to the scope's cap. TOML table [login]; also LAYAN_LOGIN_* variables.
struct LoginSettings {
  int pair_free_failures = 3;      // one account from one address, in 24 hours
  int pair_max_delay_s = 900;      // 15 minutes
  int address_free_failures = 20;  // every account from one address, in one hour
  int account_free_failures = 20;  // one account from every address, in 24 hours
  // Cap of the address and account delays. Kept short: they also slow down
  // people who never failed, and only pairs that signed in before are spared.
  int shared_max_delay_s = 300;
};

// Lookups by a tracking code (web::RateLimit::kCodeLookup), per client
// address and per node (in memory). TOML table [lookup_limit]; also
// LAYAN_LOOKUP_LIMIT_PER_MINUTE and LAYAN_LOOKUP_LIMIT_MISSES_PER_MINUTE.
// Each is also the burst; 0 lifts that limit.
struct LookupLimit {
  int per_minute = 120;        // every lookup: a reporter's page and its files
  int misses_per_minute = 10;  // lookups that found nothing (404): guesses
};

// The source tree the binary was built from (templates/, static/, i18n/).
// Defined in config.cpp alone, so that the build path is compiled into one
// translation unit and the others stay identical between checkouts.
std::string default_share_dir();

// Server configuration. Precedence, lowest first: defaults, the TOML file
// (--config), LAYAN_* environment variables, command-line flags.
struct Config {
  std::string listen_address = "0.0.0.0";
  uint16_t port = 8080;  // 0 picks a free port; the chosen one is logged
  std::string db_url = "sqlite:./data/layan.db";
  std::string data_dir = "./data";              // uploaded files live in <data_dir>/files
  std::string share_dir = default_share_dir();  // templates/, static/, i18n/
  // Where citizens reach this mall (links in emails and SMS).
  std::string public_url = "http://localhost:8080";
  size_t worker_threads = 8;  // handlers run here (database calls block)
  size_t io_threads = 2;      // RESTinio's network threads
  size_t db_pool_size = 8;
  bool tls = false;  // behind a TLS-terminating proxy: sets Secure cookies
  // Behind a reverse proxy: take the client address from the rightmost
  // X-Forwarded-For entry (the one the proxy added) for login throttling.
  bool trust_proxy = false;
  std::string log_level = "info";
  std::string access_log = "";  // file for JSON access logs; empty: stdout

  // HTTP limits (RESTinio's defaults are unlimited).
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413 (routes without an upload limit)
  // Routes registered as uploads (Router::upload) accept multipart/form-data
  // bodies up to this size from a caller with a credential (see
  // body_allowance in app/pipeline.hpp): the whole request, all attachments
  // and their encoding included.
  size_t max_upload_bytes = 27 << 20;
  size_t max_attachment_bytes = 5 << 20;  // one attached file
  size_t max_attachments = 5;             // files attached to one record
  // The most of a body ever read (one over its limit is read and dropped): a
  // Content-Length beyond it is answered 413 unread and the connection closed,
  // a chunked body beyond it drops the connection. Never below max_upload_bytes.
  size_t max_transport_body_bytes = 32 << 20;
  size_t max_url_bytes = 8192;                // longer targets get 414
  size_t max_transport_url_bytes = 64 << 10;  // beyond this the connection is dropped
  size_t max_header_count = 100;
  size_t max_field_bytes = 8192;
  int read_timeout_s = 15;
  int write_timeout_s = 30;
  int handler_timeout_s = 30;

  // Public catalogue responses are cached this long (0 disables). Writes on
  // this node clear the cache at once; other nodes see a change within it.
  int public_cache_ms = 2000;

  // Sessions and login throttling.
  int session_hours = 12;
  LoginSettings login;
  LookupLimit lookup_limit;

  // /metrics answers `Authorization: Bearer <metrics_token>` when set, and
  // otherwise only requests from this host that no proxy forwarded
  // (web::operator_allowed). A secret: never logged.
  std::string metrics_token = "";

  // Notifications (see notify/). Without smtp_url, email is not sent: the
  // log names it (codes masked, no body, no recipient); likewise SMS without
  // sms_gateway_url. smtp_url: smtp://host:25 (STARTTLS when offered;
  // required when a username is set) or smtps://host:465. smtp_from:
  // "address" or "Name <address>". The password and the token are secrets:
  // never logged.
  std::string smtp_url = "";
  std::string smtp_from = "";
  std::string smtp_username = "";
  std::string smtp_password = "";
  // POST {"to", "text"} as JSON; a 2xx answer means sent.
  std::string sms_gateway_url = "";
  std::string sms_gateway_token = "";  // sent as `Authorization: Bearer` when set
  // Development and demo only: a message that no transport takes is
  // written in full (without its recipient) to <data_dir>/mailbox.log
  // (mode 0600), so a one-time code can be read there.
  bool notify_mailbox = false;
  ComplaintSettings complaints;
};

// Reads a TOML file into `cfg` (only keys present change). Errors name the key.
Status load_config_file(const std::string& path, Config& cfg);
// Applies LAYAN_PORT, LAYAN_DB, LAYAN_LISTEN, LAYAN_DATA_DIR, LAYAN_SMTP_URL, ...
// to `cfg`.
Status apply_environment(Config& cfg);

}  // namespace layan
