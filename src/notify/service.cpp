#include "notify/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "accounts/service.hpp"
#include "audit/audit.hpp"
#include "notify/email.hpp"
#include "notify/repo.hpp"
#include "notify/transport.hpp"

namespace layan::notify {
namespace {

constexpr std::chrono::seconds kMaxDelay = std::chrono::hours(6);
// No new message is started after this much wall time in one run.
constexpr std::chrono::seconds kRunBudget{60};

}  // namespace

std::chrono::seconds retry_delay(int attempt) {
  if (attempt < 1) attempt = 1;
  // 2^9 minutes already exceeds the cap; stop doubling before it overflows.
  if (attempt > 10) return kMaxDelay;
  return std::min<std::chrono::seconds>(std::chrono::minutes(1LL << (attempt - 1)), kMaxDelay);
}

int64_t enqueue(soci::session& sql, store::Dialect, const Message& m, const std::string& at_utc) {
  return repo::insert(sql, m, at_utc);
}

Result<int64_t> queue_operator_message(App& app, const Message& m) {
  if (m.channel != kEmail && m.channel != kSms) {
    return Error::validation({{"channel", "invalid", "Kanal harus email atau sms", "Channel must be email or sms"}});
  }
  if (m.channel == kEmail ? !is_valid_email_address(m.recipient) : !is_valid_phone_number(m.recipient)) {
    return Error::validation({{"to", "invalid", "Alamat tujuan tidak valid", "The recipient is not valid"}});
  }
  const std::string at = format_utc(app.clock->now());
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  int64_t id = enqueue(sql, app.db->dialect(), m, at);
  audit::append(sql, app.db->dialect(), accounts::system_principal(), at, "outbox.queue", "outbox", id,
                {{"channel", m.channel}});
  tx.commit();
  return id;
}

DeliveryReport deliver_due(App& app, TimePoint now, size_t max_batch) {
  DeliveryReport report;
  const std::string at = format_utc(now);
  std::vector<OutboxEntry> due;
  {
    soci::session sql(app.db->pool());
    due = repo::due(sql, at, max_batch);
  }
  const auto started = std::chrono::steady_clock::now();
  std::set<std::string> stalled;  // channels that failed in this run
  const auto system = accounts::system_principal();
  for (const auto& m : due) {
    if (stalled.count(m.channel)) continue;
    if (std::chrono::steady_clock::now() - started > kRunBudget) break;
    const int attempt = m.attempts + 1;
    {
      soci::session sql(app.db->pool());
      if (!repo::claim(sql, m.id, m.attempts, at, format_utc(now + retry_delay(attempt)))) continue;
    }

    SendResult result = send(app.config, m, now);

    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    const nlohmann::json detail = {{"channel", m.channel}, {"attempt", attempt}};
    if (result.status == SendStatus::kSent) {
      repo::mark_sent(sql, m.id, at);
      audit::append(sql, app.db->dialect(), system, at, "outbox.sent", "outbox", m.id, detail);
      report.sent++;
    } else if (result.status == SendStatus::kPermanent || attempt >= kMaxAttempts) {
      repo::mark_failed(sql, m.id, result.error);
      audit::append(sql, app.db->dialect(), system, at, "outbox.failed", "outbox", m.id, detail);
      spdlog::warn("notification {} ({}) failed for good after {} attempt(s): {}", m.id, m.channel, attempt,
                   result.error);
      if (result.status == SendStatus::kTransient) stalled.insert(m.channel);
      report.failed++;
    } else {
      repo::record_error(sql, m.id, result.error);
      spdlog::warn("notification {} ({}) attempt {} failed, retrying in {} s: {}", m.id, m.channel, attempt,
                   retry_delay(attempt).count(), result.error);
      stalled.insert(m.channel);
      report.retried++;
    }
    tx.commit();
  }
  return report;
}

void outbox_job(App& app, TimePoint now) {
  auto r = deliver_due(app, now, kOutboxBatch);
  if (r.sent || r.retried || r.failed) {
    spdlog::info("outbox: {} sent, {} to retry, {} failed", r.sent, r.retried, r.failed);
  }
}

}  // namespace layan::notify
