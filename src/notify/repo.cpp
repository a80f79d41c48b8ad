#include "notify/repo.hpp"

namespace layan::notify::repo {
namespace {

struct StoredRow {
  long long id = 0, entity_id = 0;
  int attempts = 0;
  std::string channel, recipient, subject, body, status, next_attempt_at, last_error, created_at, sent_at, entity;
  soci::indicator sent_ind = soci::i_null, entity_ind = soci::i_null;

  StoredMessage to_message() const {
    StoredMessage m;
    m.id = id;
    m.channel = channel;
    m.recipient = recipient;
    m.subject = subject;
    m.body = body;
    m.status = status;
    m.attempts = attempts;
    m.next_attempt_at = next_attempt_at;
    m.last_error = last_error;
    m.created_at = created_at;
    if (sent_ind == soci::i_ok) m.sent_at = sent_at;
    m.entity = entity;
    if (entity_ind == soci::i_ok) m.entity_id = entity_id;
    return m;
  }
};

#define LAYAN_OUTBOX_INTO(r)                                                                                   \
  soci::into((r).id), soci::into((r).channel), soci::into((r).recipient), soci::into((r).subject),             \
      soci::into((r).body), soci::into((r).status), soci::into((r).attempts), soci::into((r).next_attempt_at), \
      soci::into((r).last_error), soci::into((r).created_at), soci::into((r).sent_at, (r).sent_ind),           \
      soci::into((r).entity), soci::into((r).entity_id, (r).entity_ind)

constexpr const char* kSelect =
    "SELECT id, channel, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at, "
    "sent_at, entity, entity_id FROM outbox ";

}  // namespace

int64_t insert(soci::session& sql, const Message& m, const std::string& at) {
  long long entity_id = m.entity_id, id = 0;
  soci::indicator entity_ind = m.entity_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, next_attempt_at, created_at, "
         "entity, entity_id) VALUES (:c, :r, :s, :b, 'pending', 0, :n, :t, :e, :eid) RETURNING id",
      soci::use(m.channel), soci::use(m.recipient), soci::use(m.subject), soci::use(m.body), soci::use(at),
      soci::use(at), soci::use(m.entity), soci::use(entity_id, entity_ind), soci::into(id);
  return id;
}

std::vector<OutboxEntry> due(soci::session& sql, const std::string& now, size_t limit) {
  std::vector<OutboxEntry> out;
  OutboxEntry e;
  long long id = 0, lim = static_cast<long long>(limit);
  soci::statement st =
      (sql.prepare << "SELECT id, channel, recipient, subject, body, attempts, created_at FROM outbox "
                      "WHERE status = 'pending' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :n",
       soci::into(id), soci::into(e.channel), soci::into(e.recipient), soci::into(e.subject), soci::into(e.body),
       soci::into(e.attempts), soci::into(e.created_at), soci::use(now), soci::use(lim));
  st.execute();
  while (st.fetch()) {
    e.id = id;
    out.push_back(e);
  }
  return out;
}

bool claim(soci::session& sql, int64_t id, int attempts, const std::string& now, const std::string& retry_at) {
  long long lid = id;
  soci::statement st = (sql.prepare << "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :r "
                                       "WHERE id = :id AND status = 'pending' AND attempts = :a "
                                       "AND next_attempt_at <= :now",
                        soci::use(retry_at), soci::use(lid), soci::use(attempts), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void mark_sent(soci::session& sql, int64_t id, const std::string& at) {
  long long lid = id;
  sql << "UPDATE outbox SET status = 'sent', sent_at = :t, last_error = '' WHERE id = :id", soci::use(at),
      soci::use(lid);
}

void record_error(soci::session& sql, int64_t id, const std::string& error) {
  long long lid = id;
  sql << "UPDATE outbox SET last_error = :e WHERE id = :id", soci::use(error), soci::use(lid);
}

void mark_failed(soci::session& sql, int64_t id, const std::string& error) {
  long long lid = id;
  sql << "UPDATE outbox SET status = 'failed', last_error = :e WHERE id = :id", soci::use(error), soci::use(lid);
}

std::optional<StoredMessage> find(soci::session& sql, int64_t id) {
  StoredRow r;
  long long lid = id;
  sql << std::string(kSelect) + "WHERE id = :id", LAYAN_OUTBOX_INTO(r), soci::use(lid);
  if (!sql.got_data()) return std::nullopt;
  return r.to_message();
}

std::vector<StoredMessage> list_for(soci::session& sql, const std::string& entity, int64_t entity_id) {
  std::vector<StoredMessage> out;
  StoredRow r;
  long long eid = entity_id;
  soci::statement st = (sql.prepare << std::string(kSelect) + "WHERE entity = :e AND entity_id = :eid ORDER BY id",
                        LAYAN_OUTBOX_INTO(r), soci::use(entity), soci::use(eid));
  st.execute();
  while (st.fetch()) out.push_back(r.to_message());
  return out;
}

}  // namespace layan::notify::repo
