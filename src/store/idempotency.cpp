#include "store/idempotency.hpp"

namespace layan::store {

Result<std::optional<StoredResponse>> IdempotencyStore::claim(const std::string& scope_hash,
                                                              const std::string& request_hash, const std::string& now,
                                                              const std::string& prune_before) {
  soci::session sql(db_.pool());
  sql << "DELETE FROM idempotency_keys WHERE created_at < :t", soci::use(prune_before);
  try {
    sql << "INSERT INTO idempotency_keys (scope_hash, request_hash, status, created_at) VALUES (:s, :r, 0, :t)",
        soci::use(scope_hash), soci::use(request_hash), soci::use(now);
    return std::optional<StoredResponse>{};
  } catch (const soci::soci_error& e) {
    if (!is_constraint_violation(e)) throw;
  }
  StoredResponse stored;
  std::string first_request;
  sql << "SELECT request_hash, status, content_type, location, body FROM idempotency_keys WHERE scope_hash = :s",
      soci::use(scope_hash), soci::into(first_request), soci::into(stored.status), soci::into(stored.content_type),
      soci::into(stored.location), soci::into(stored.body);
  if (!sql.got_data()) return Error::conflict("the first request with this Idempotency-Key has just ended; retry");
  if (first_request != request_hash) {
    return Error::validation({{"Idempotency-Key", "reused", "Kunci idempotensi sudah dipakai untuk permintaan lain",
                               "This Idempotency-Key was used for a different request"}});
  }
  if (stored.status == 0) return Error::conflict("a request with this Idempotency-Key is still being processed");
  return std::optional<StoredResponse>{std::move(stored)};
}

void IdempotencyStore::complete(const std::string& scope_hash, const StoredResponse& r) {
  soci::session sql(db_.pool());
  sql << "UPDATE idempotency_keys SET status = :st, content_type = :ct, location = :l, body = :b "
         "WHERE scope_hash = :s",
      soci::use(r.status), soci::use(r.content_type), soci::use(r.location), soci::use(r.body), soci::use(scope_hash);
}

void IdempotencyStore::release(const std::string& scope_hash) {
  soci::session sql(db_.pool());
  sql << "DELETE FROM idempotency_keys WHERE scope_hash = :s", soci::use(scope_hash);
}

}  // namespace layan::store
