#include "accounts/repo.hpp"

namespace layan::accounts::repo {
namespace {

// Typed destinations for one users row (soci::row types differ between the
// SQLite and PostgreSQL backends, typed into() does not).
struct UserRow {
  long long id = 0, agency = 0, unit = 0;
  std::string email, name, hash, role;
  int active = 0;
  soci::indicator agency_ind = soci::i_null, unit_ind = soci::i_null;

  User to_user() const {
    User u;
    u.id = id;
    u.email = email;
    u.name = name;
    u.password_hash = hash;
    u.role = parse_role(role).value_or(Role::kCitizen);
    if (agency_ind == soci::i_ok) u.agency_id = agency;
    if (unit_ind == soci::i_ok) u.unit_id = unit;
    u.active = active != 0;
    return u;
  }
};

// NOLINTNEXTLINE(bugprone-macro-parentheses): expands to a comma list of into() calls
#define LAYAN_USER_INTO(r)                                                                           \
  soci::into(r.id), soci::into(r.email), soci::into(r.name), soci::into(r.hash), soci::into(r.role), \
      soci::into(r.agency, r.agency_ind), soci::into(r.unit, r.unit_ind), soci::into(r.active)

constexpr const char* kUserColumns = "u.id, u.email, u.name, u.password_hash, u.role, u.agency_id, u.unit_id, u.active";

template <typename Key>
std::optional<User> one_user(soci::session& sql, const std::string& where, const Key& key) {
  UserRow r;
  sql << "SELECT " << kUserColumns << " FROM users u WHERE " << where, soci::use(key), LAYAN_USER_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_user();
}

// Typed destinations for one api_keys row.
struct ApiKeyRowData {
  long long id = 0, agency = 0;
  std::string name, prefix, created, used, revoked;
  soci::indicator agency_ind = soci::i_null, used_ind = soci::i_null, revoked_ind = soci::i_null;

  ApiKey to_key() const {
    ApiKey k;
    k.id = id;
    k.name = name;
    k.prefix = prefix;
    k.created_at = created;
    if (agency_ind == soci::i_ok) k.agency_id = agency;
    if (used_ind == soci::i_ok) k.last_used_at = used;
    if (revoked_ind == soci::i_ok) k.revoked_at = revoked;
    return k;
  }
};

// NOLINTNEXTLINE(bugprone-macro-parentheses): expands to a comma list of into() calls
#define LAYAN_API_KEY_INTO(r)                                                                     \
  soci::into(r.id), soci::into(r.name), soci::into(r.prefix), soci::into(r.agency, r.agency_ind), \
      soci::into(r.created), soci::into(r.used, r.used_ind), soci::into(r.revoked, r.revoked_ind)

constexpr const char* kApiKeyColumns = "id, name, prefix, agency_id, created_at, last_used_at, revoked_at";

}  // namespace

std::optional<User> find_user_by_email(soci::session& sql, const std::string& email) {
  return one_user(sql, "u.email = :k", email);
}

std::optional<User> find_user(soci::session& sql, int64_t id) {
  long long key = id;
  return one_user(sql, "u.id = :k", key);
}

int64_t insert_user(soci::session& sql, const User& u, const std::string& now) {
  long long id = 0;
  std::string role = role_name(u.role);
  long long agency = u.agency_id.value_or(0), unit = u.unit_id.value_or(0);
  soci::indicator agency_ind = u.agency_id ? soci::i_ok : soci::i_null;
  soci::indicator unit_ind = u.unit_id ? soci::i_ok : soci::i_null;
  int active = u.active ? 1 : 0;
  sql << "INSERT INTO users (email, name, password_hash, role, agency_id, unit_id, active, created_at) "
         "VALUES (:e, :n, :p, :r, :a, :u, :act, :t) RETURNING id",
      soci::use(u.email), soci::use(u.name), soci::use(u.password_hash), soci::use(role), soci::use(agency, agency_ind),
      soci::use(unit, unit_ind), soci::use(active), soci::use(now), soci::into(id);
  return id;
}

std::vector<User> list_users(soci::session& sql, const UserFilter& filter) {
  std::vector<User> out;
  UserRow r;
  // Unused filters bind neutral values ('' and 0) so the statement text and
  // the number of parameters never change.
  std::string role = filter.role ? role_name(*filter.role) : "", role2 = role;
  long long agency = filter.agency_id.value_or(0), agency2 = agency;
  soci::statement st =
      (sql.prepare << "SELECT u.id, u.email, u.name, '', u.role, u.agency_id, u.unit_id, u.active FROM users u "
                      "WHERE (:r = '' OR u.role = :r2) AND (:a = 0 OR u.agency_id = :a2) ORDER BY u.name, u.id",
       soci::use(role), soci::use(role2), soci::use(agency), soci::use(agency2), LAYAN_USER_INTO(r));
  st.execute();
  while (st.fetch()) out.push_back(r.to_user());
  return out;
}

void update_user(soci::session& sql, const User& u) {
  long long id = u.id;
  std::string role = role_name(u.role);
  long long agency = u.agency_id.value_or(0), unit = u.unit_id.value_or(0);
  soci::indicator agency_ind = u.agency_id ? soci::i_ok : soci::i_null;
  soci::indicator unit_ind = u.unit_id ? soci::i_ok : soci::i_null;
  int active = u.active ? 1 : 0;
  sql << "UPDATE users SET name = :n, role = :r, agency_id = :a, unit_id = :u, active = :act WHERE id = :id",
      soci::use(u.name), soci::use(role), soci::use(agency, agency_ind), soci::use(unit, unit_ind), soci::use(active),
      soci::use(id);
}

void set_password_hash(soci::session& sql, int64_t user_id, const std::string& hash) {
  long long id = user_id;
  sql << "UPDATE users SET password_hash = :h WHERE id = :id", soci::use(hash), soci::use(id);
}

int count_active_admins_for_update(soci::session& sql, store::Dialect dialect) {
  if (dialect == store::Dialect::kPostgres) {
    // Lock the admin rows; the count is taken afterwards.
    long long id = 0;
    soci::statement st =
        (sql.prepare << "SELECT id FROM users WHERE role = 'mpp_admin' AND active = 1 ORDER BY id FOR UPDATE",
         soci::into(id));
    st.execute();
    while (st.fetch()) {
    }
  }
  int n = 0;
  sql << "SELECT COUNT(*) FROM users WHERE role = 'mpp_admin' AND active = 1", soci::into(n);
  return n;
}

std::vector<std::pair<int64_t, std::string>> agency_names(soci::session& sql) {
  std::vector<std::pair<int64_t, std::string>> out;
  long long id = 0;
  std::string name;
  soci::statement st =
      (sql.prepare << "SELECT id, name FROM agencies ORDER BY name, id", soci::into(id), soci::into(name));
  st.execute();
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

void touch_login(soci::session& sql, int64_t user_id, const std::string& now) {
  long long id = user_id;
  sql << "UPDATE users SET last_login_at = :t WHERE id = :id", soci::use(now), soci::use(id);
}

bool agency_exists(soci::session& sql, int64_t agency_id) {
  long long id = agency_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM agencies WHERE id = :id", soci::use(id), soci::into(n);
  return n > 0;
}

std::optional<int64_t> unit_agency(soci::session& sql, int64_t unit_id) {
  long long id = unit_id, agency = 0;
  sql << "SELECT agency_id FROM units WHERE id = :id", soci::use(id), soci::into(agency);
  if (!sql.got_data()) return std::nullopt;
  return agency;
}

void insert_session(soci::session& sql, const std::string& token_hash, int64_t user_id, const std::string& csrf,
                    const std::string& now, const std::string& expires_at) {
  long long uid = user_id;
  sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
         "VALUES (:h, :u, :c, :n, :e)",
      soci::use(token_hash), soci::use(uid), soci::use(csrf), soci::use(now), soci::use(expires_at);
}

std::optional<std::pair<User, std::string>> find_session(soci::session& sql, const std::string& token_hash,
                                                         const std::string& now) {
  UserRow r;
  std::string csrf;
  sql << "SELECT " << kUserColumns
      << ", s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
         "WHERE s.token_hash = :h AND s.expires_at > :now AND u.active = 1",
      soci::use(token_hash), soci::use(now), LAYAN_USER_INTO(r), soci::into(csrf);
  if (!sql.got_data()) return std::nullopt;
  return std::make_pair(r.to_user(), csrf);
}

void delete_session(soci::session& sql, const std::string& token_hash) {
  sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(token_hash);
}

void delete_user_sessions(soci::session& sql, int64_t user_id, const std::string& keep_token_hash) {
  long long id = user_id;
  sql << "DELETE FROM sessions WHERE user_id = :u AND token_hash <> :keep", soci::use(id), soci::use(keep_token_hash);
}

void delete_expired_sessions(soci::session& sql, const std::string& now) {
  sql << "DELETE FROM sessions WHERE expires_at <= :now", soci::use(now);
}

FailureCount count_failures(soci::session& sql, const std::string& key_hash, const std::string& since) {
  int n = 0;
  std::string last;
  soci::indicator last_ind = soci::i_null;
  sql << "SELECT COUNT(*), MAX(failed_at) FROM login_failures WHERE key_hash = :k AND failed_at > :s",
      soci::use(key_hash), soci::use(since), soci::into(n), soci::into(last, last_ind);
  FailureCount out;
  if (n > 0 && last_ind == soci::i_ok && parse_utc(last, out.last)) out.count = n;
  return out;
}

int64_t add_failure(soci::session& sql, const std::string& key_hash, const std::string& now) {
  long long id = 0;
  sql << "INSERT INTO login_failures (key_hash, failed_at) VALUES (:k, :t) RETURNING id", soci::use(key_hash),
      soci::use(now), soci::into(id);
  return id;
}

void delete_failure(soci::session& sql, int64_t id) {
  long long row = id;
  sql << "DELETE FROM login_failures WHERE id = :i", soci::use(row);
}

void clear_failures(soci::session& sql, const std::string& key_hash) {
  sql << "DELETE FROM login_failures WHERE key_hash = :k", soci::use(key_hash);
}

void prune_failures(soci::session& sql, const std::string& before) {
  sql << "DELETE FROM login_failures WHERE failed_at <= :b", soci::use(before);
}

void lock_sign_in_attempts(soci::session& sql, store::Dialect dialect, int64_t key) {
  if (dialect != store::Dialect::kPostgres) return;
  long long k = key;
  sql << "SELECT pg_advisory_xact_lock(:k)", soci::use(k);
}

bool pair_known(soci::session& sql, const std::string& key_hash, const std::string& since) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM login_known_pairs WHERE key_hash = :k AND signed_in_at > :s", soci::use(key_hash),
      soci::use(since), soci::into(n);
  return n > 0;
}

void remember_pair(soci::session& sql, const std::string& key_hash, const std::string& now) {
  sql << "INSERT INTO login_known_pairs (key_hash, signed_in_at) VALUES (:k, :t) "
         "ON CONFLICT (key_hash) DO UPDATE SET signed_in_at = excluded.signed_in_at",
      soci::use(key_hash), soci::use(now);
}

void prune_known_pairs(soci::session& sql, const std::string& before) {
  sql << "DELETE FROM login_known_pairs WHERE signed_in_at <= :b", soci::use(before);
}

int64_t insert_api_key(soci::session& sql, const std::string& name, const std::string& prefix,
                       const std::string& key_hash, std::optional<int64_t> agency_id, const std::string& now) {
  long long id = 0, agency = agency_id.value_or(0);
  soci::indicator ind = agency_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO api_keys (name, prefix, key_hash, agency_id, created_at) VALUES (:n, :p, :h, :a, :t) "
         "RETURNING id",
      soci::use(name), soci::use(prefix), soci::use(key_hash), soci::use(agency, ind), soci::use(now), soci::into(id);
  return id;
}

std::optional<ApiKeyRow> find_active_api_key(soci::session& sql, const std::string& key_hash) {
  long long id = 0, agency = 0;
  std::string name, used;
  soci::indicator agency_ind = soci::i_null, used_ind = soci::i_null;
  sql << "SELECT id, name, agency_id, last_used_at FROM api_keys WHERE key_hash = :h AND revoked_at IS NULL",
      soci::use(key_hash), soci::into(id), soci::into(name), soci::into(agency, agency_ind), soci::into(used, used_ind);
  if (!sql.got_data()) return std::nullopt;
  ApiKeyRow row{id, name, std::nullopt, std::nullopt};
  if (agency_ind == soci::i_ok) row.agency_id = agency;
  if (used_ind == soci::i_ok) row.last_used_at = used;
  return row;
}

void touch_api_key(soci::session& sql, int64_t id, const std::string& now) {
  long long key = id;
  sql << "UPDATE api_keys SET last_used_at = :t WHERE id = :id", soci::use(now), soci::use(key);
}

std::vector<ApiKey> list_api_keys(soci::session& sql) {
  std::vector<ApiKey> out;
  ApiKeyRowData r;
  soci::statement st =
      (sql.prepare << "SELECT " << kApiKeyColumns << " FROM api_keys ORDER BY id DESC", LAYAN_API_KEY_INTO(r));
  st.execute();
  while (st.fetch()) out.push_back(r.to_key());
  return out;
}

std::optional<ApiKey> find_api_key(soci::session& sql, int64_t id) {
  long long key = id;
  ApiKeyRowData r;
  sql << "SELECT " << kApiKeyColumns << " FROM api_keys WHERE id = :id", soci::use(key), LAYAN_API_KEY_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_key();
}

bool revoke_api_key(soci::session& sql, int64_t id, const std::string& now) {
  long long key = id;
  soci::statement st = (sql.prepare << "UPDATE api_keys SET revoked_at = :t WHERE id = :id AND revoked_at IS NULL",
                        soci::use(now), soci::use(key));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace layan::accounts::repo
