#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "notify/model.hpp"

namespace layan::notify::repo {

// All SQL of the outbox. Callers own transactions; times are format_utc()
// text, which compares correctly as text on both databases.

// Inserts a pending message due at `at`; returns its id.
int64_t insert(soci::session& sql, const Message& m, const std::string& at);

// Pending messages with next_attempt_at <= now, oldest due first, at most `limit`.
std::vector<OutboxEntry> due(soci::session& sql, const std::string& now, size_t limit);

// Starts attempt `attempts + 1` of a message that is still pending, due at
// `now` and has had exactly `attempts` attempts (so two deliverers never
// both claim it): counts the attempt and moves next_attempt_at to
// `retry_at`, when it is retried should this attempt not be recorded (a
// crash while sending). True when this caller claimed it.
bool claim(soci::session& sql, int64_t id, int attempts, const std::string& now, const std::string& retry_at);

void mark_sent(soci::session& sql, int64_t id, const std::string& at);
// Keeps the message pending (its retry time was set by claim()).
void record_error(soci::session& sql, int64_t id, const std::string& error);
void mark_failed(soci::session& sql, int64_t id, const std::string& error);

// One row as stored, for operators and tests.
struct StoredMessage {
  int64_t id = 0;
  std::string channel, recipient, subject, body, status;
  int attempts = 0;
  std::string next_attempt_at, last_error, created_at;
  std::optional<std::string> sent_at;
  std::string entity;
  std::optional<int64_t> entity_id;
};
std::optional<StoredMessage> find(soci::session& sql, int64_t id);
// Messages about one entity, oldest first.
std::vector<StoredMessage> list_for(soci::session& sql, const std::string& entity, int64_t entity_id);

}  // namespace layan::notify::repo
