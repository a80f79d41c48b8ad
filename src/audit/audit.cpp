#include "audit/audit.hpp"

#include "core/crypto.hpp"

namespace layan::audit {
namespace {

constexpr long long kAuditLockKey = 0x6c61756474;  // "laudt"

std::string actor_label(const accounts::Principal& p) {
  if (p.user_id) return "user:" + std::to_string(p.user_id);
  if (p.api_key_id) return "api_key:" + std::to_string(p.api_key_id);
  if (p.role == accounts::Role::kMppAdmin) return "system";
  return "anonymous";
}

}  // namespace

std::string event_hash(const std::string& prev_hash, const std::string& at, const std::string& actor,
                       const std::string& action, const std::string& entity, int64_t entity_id,
                       const std::string& detail) {
  std::string s =
      prev_hash + '|' + at + '|' + actor + '|' + action + '|' + entity + '|' + std::to_string(entity_id) + '|' + detail;
  return crypto::sha256_hex(s);
}

void append(soci::session& sql, store::Dialect dialect, const accounts::Principal& actor, const std::string& at,
            const std::string& action, const std::string& entity, int64_t entity_id, const nlohmann::json& detail) {
  if (dialect == store::Dialect::kPostgres) sql << "SELECT pg_advisory_xact_lock(" << kAuditLockKey << ")";
  std::string prev;
  sql << "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1", soci::into(prev);
  if (!sql.got_data()) prev = std::string(64, '0');
  std::string label = actor_label(actor), d = detail.dump();
  std::string hash = event_hash(prev, at, label, action, entity, entity_id, d);
  long long uid = actor.user_id, eid = entity_id;
  soci::indicator uid_ind = actor.user_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO audit_events (at, actor_user_id, actor_label, action, entity, entity_id, detail, prev_hash, "
         "hash) VALUES (:at, :u, :l, :a, :e, :eid, :d, :p, :h)",
      soci::use(at), soci::use(uid, uid_ind), soci::use(label), soci::use(action), soci::use(entity), soci::use(eid),
      soci::use(d), soci::use(prev), soci::use(hash);
}

VerifyReport verify(soci::session& sql) {
  VerifyReport rep;
  std::string expected_prev(64, '0');
  long long id = 0, eid = 0;
  std::string at, label, action, entity, detail, prev, hash;
  soci::statement st = (sql.prepare << "SELECT id, at, actor_label, action, entity, entity_id, detail, prev_hash, "
                                       "hash FROM audit_events ORDER BY id",
                        soci::into(id), soci::into(at), soci::into(label), soci::into(action), soci::into(entity),
                        soci::into(eid), soci::into(detail), soci::into(prev), soci::into(hash));
  st.execute();
  while (st.fetch()) {
    rep.events++;
    if (rep.first_bad_id) continue;
    if (prev != expected_prev || event_hash(prev, at, label, action, entity, eid, detail) != hash) {
      rep.first_bad_id = id;
    }
    expected_prev = hash;
  }
  return rep;
}

}  // namespace layan::audit
