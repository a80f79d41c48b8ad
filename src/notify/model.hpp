#pragma once

#include <cstdint>
#include <string>

namespace layan::notify {

// A notification to one recipient, as the caller enqueues it.
//   channel:   "email" or "sms"
//   recipient: an email address or a phone number (personal data: stored in
//              the outbox, never logged)
//   subject:   email subject (UTF-8); not sent by SMS
//   body:      plain UTF-8 text
//   entity, entity_id: what the message is about, e.g. "complaint", 42
struct Message {
  std::string channel, recipient, subject, body, entity;
  int64_t entity_id = 0;
};

inline constexpr const char* kEmail = "email";
inline constexpr const char* kSms = "sms";

// One outbox row picked for delivery.
struct OutboxEntry {
  int64_t id = 0;
  std::string channel, recipient, subject, body;
  int attempts = 0;  // attempts started before this one
  std::string created_at;
};

// What one delivery run did: messages sent, attempts that failed and will be
// retried, and messages that failed for good (after the last attempt, or
// rejected as undeliverable).
struct DeliveryReport {
  size_t sent = 0;
  size_t retried = 0;
  size_t failed = 0;
};

}  // namespace layan::notify
