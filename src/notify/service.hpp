#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include <soci/soci.h>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "notify/model.hpp"
#include "store/database.hpp"

namespace layan::notify {

// After this many attempts a message is marked failed.
inline constexpr int kMaxAttempts = 10;

// How long after attempt `attempt` (1-based) fails the next one starts:
// min(2^(attempt-1) minutes, 6 hours). Pure.
std::chrono::seconds retry_delay(int attempt);

// Puts a message in the outbox, due at once. Must be called INSIDE the
// caller's write transaction on `sql`, so the message exists exactly when the
// change it reports commits (a rollback leaves nothing to send). `at_utc` is
// format_utc() of the change. `m.channel` must be kEmail or kSms (anything
// else is a programming error: the database refuses it with an exception).
// The recipient is checked when sending; a malformed one fails the message.
// Returns the outbox id.
int64_t enqueue(soci::session& sql, store::Dialect d, const Message& m, const std::string& at_utc);

// Queues a message an operator asked for (`layan notify send`, to check the
// SMTP or SMS settings): checks the channel and the recipient (validation
// errors on "channel" and "to"), then enqueues it with an audit event
// (outbox.queue, by the system) in one transaction. Returns the outbox id.
Result<int64_t> queue_operator_message(App& app, const Message& m);

// Delivers up to `max_batch` pending messages due at `now`, oldest first.
// Each is claimed (its attempt counted) in a short write, sent OUTSIDE any
// transaction and without holding a pooled session, then its outcome is
// recorded with an audit event (outbox.sent / outbox.failed) in one
// transaction. A failed attempt is retried after retry_delay(); the
// kMaxAttempts-th failure, or a malformed recipient, marks it failed. Once a
// channel fails in a run its remaining messages wait for the next run, and
// no new message is started after about a minute, so one slow server
// cannot hold the job for long. Delivery is at least once: a crash between
// sending and recording sends the message again at its retry time, with
// the same Message-ID. Safe to call concurrently (claims are exclusive);
// the jobs runner still keeps it on one node. Throws only for broken
// infrastructure (database errors).
DeliveryReport deliver_due(App& app, TimePoint now, size_t max_batch);

// The background job: deliver_due(app, now, kOutboxBatch), logging what it did.
inline constexpr size_t kOutboxBatch = 100;
void outbox_job(App& app, TimePoint now);

}  // namespace layan::notify
