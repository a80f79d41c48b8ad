#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "notify/model.hpp"

namespace layan::notify {

// How one attempt to hand a message over ended.
enum class SendStatus {
  kSent,       // accepted by the SMTP server or the SMS gateway, or left to the log transport
  kTransient,  // network, timeout, server refusal: worth retrying
  kPermanent,  // cannot ever be delivered (malformed recipient): do not retry
};

struct SendResult {
  SendStatus status = SendStatus::kSent;
  // Why it was not sent, for the outbox row and the log. Holds no recipient:
  // server replies are stripped of it.
  std::string error;
};

// Sends one outbox message through its channel: email over SMTP when
// cfg.smtp_url is set, SMS through the HTTP gateway when
// cfg.sms_gateway_url is set. Otherwise the message is not delivered: the log
// gets its id, channel and subject with codes masked (mask_codes), never the
// body, which may hold a report's title, a one-time code or a reply; with
// cfg.notify_mailbox the whole message (without its recipient) is appended
// to mailbox_path(cfg) instead. Either way it is reported sent (transient
// when the mailbox cannot be written). Blocks for at most about 40 s
// (libcurl connect and total timeouts). Thread-safe, also across processes
// sharing the mailbox. Never logs the recipient, the body, the SMTP password
// or the gateway token.
SendResult send(const Config& cfg, const OutboxEntry& m, TimePoint now);

// <data_dir>/mailbox.log: where messages go that no transport takes, with
// cfg.notify_mailbox. Created with mode 0600 (it holds codes that open
// confidential reports): development and demonstrations only.
std::string mailbox_path(const Config& cfg);

// `text` fit for a log: every tracking code (three groups of four letters or
// digits joined by hyphens, as complaints::new_tracking_code() makes them, in
// any case, also inside a longer word) becomes "****-****-****", and every
// run of four or more digits left (one-time codes, phone numbers) becomes
// "****". Pure.
std::string mask_codes(std::string_view text);

// How a refused attempt is classified. SMTP: a 5xx reply to RCPT TO (the
// recipient does not exist; 552 excepted, which RFC 5321 treats as a full
// mailbox) is permanent; every other refusal (4xx, or a 5xx to MAIL FROM or
// AUTH, which is our configuration) is transient. `curl_error` is libcurl's
// error buffer. SMS gateway: 400, 404, 410 and 422 are permanent, other
// statuses transient. Pure.
SendStatus smtp_refusal_status(std::string_view curl_error, long reply);
SendStatus sms_refusal_status(long http_status);

// The Message-ID an outbox message carries: the same on every attempt, so a
// receiver can tell a repeat after a crash mid-delivery.
std::string message_id(const OutboxEntry& m, const std::string& from);

// `text` with every occurrence of `secret` (compared case-insensitively)
// replaced by "<recipient>": SMTP servers echo the recipient in refusals
// ("550 <a@b.id>: unknown"), and errors are stored and logged. Pure.
std::string redact(std::string text, const std::string& secret, std::string_view placeholder = "<recipient>");

// Checks the notification settings: smtp_url is smtp:// or smtps:// and
// then smtp_from holds a valid address; sms_gateway_url is http(s)://.
// Errors name the key, never its value (it may carry a password).
Status check_config(const Config& cfg);

}  // namespace layan::notify
