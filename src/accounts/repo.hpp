#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "accounts/model.hpp"
#include "accounts/throttle.hpp"
#include "store/database.hpp"

namespace layan::accounts::repo {

// All SQL of the accounts module. Callers own transactions.

std::optional<User> find_user_by_email(soci::session& sql, const std::string& email);
std::optional<User> find_user(soci::session& sql, int64_t id);
int64_t insert_user(soci::session& sql, const User& u, const std::string& now);
// Accounts matching `filter`, ordered by name then id. password_hash is not
// read (left empty).
std::vector<User> list_users(soci::session& sql, const UserFilter& filter);
// Writes name, role, agency_id, unit_id and active of account `u.id`.
void update_user(soci::session& sql, const User& u);
void set_password_hash(soci::session& sql, int64_t user_id, const std::string& hash);
// Active mpp_admin accounts. On PostgreSQL their rows are locked until the
// transaction ends, so two concurrent demotions cannot both see a second
// admin (SQLite write transactions are already serialised).
int count_active_admins_for_update(soci::session& sql, store::Dialect dialect);
// (id, name) of every agency, ordered by name.
std::vector<std::pair<int64_t, std::string>> agency_names(soci::session& sql);
void touch_login(soci::session& sql, int64_t user_id, const std::string& now);
bool agency_exists(soci::session& sql, int64_t agency_id);
// The agency the unit belongs to, if the unit exists.
std::optional<int64_t> unit_agency(soci::session& sql, int64_t unit_id);

void insert_session(soci::session& sql, const std::string& token_hash, int64_t user_id, const std::string& csrf,
                    const std::string& now, const std::string& expires_at);
// The active user behind an unexpired session, and the session's CSRF token.
std::optional<std::pair<User, std::string>> find_session(soci::session& sql, const std::string& token_hash,
                                                         const std::string& now);
void delete_session(soci::session& sql, const std::string& token_hash);
// Ends every session of the user except the one whose token hash is
// `keep_token_hash` (empty: ends them all).
void delete_user_sessions(soci::session& sql, int64_t user_id, const std::string& keep_token_hash = "");
void delete_expired_sessions(soci::session& sql, const std::string& now);

// Sign-in throttling (accounts/throttle.hpp). Keys are hashes.
// The failures under `key_hash` after `since`, and the time of the latest.
FailureCount count_failures(soci::session& sql, const std::string& key_hash, const std::string& since);
// Records a failure at `now`; returns its id.
int64_t add_failure(soci::session& sql, const std::string& key_hash, const std::string& now);
void delete_failure(soci::session& sql, int64_t id);
void clear_failures(soci::session& sql, const std::string& key_hash);
void prune_failures(soci::session& sql, const std::string& before);
// Makes sign-in attempts that take the same `key` wait for each other until
// the transaction ends (PostgreSQL; SQLite write transactions already do).
void lock_sign_in_attempts(soci::session& sql, store::Dialect dialect, int64_t key);
// Whether the pair `key_hash` signed in after `since`.
bool pair_known(soci::session& sql, const std::string& key_hash, const std::string& since);
// Marks the pair as having signed in at `now`.
void remember_pair(soci::session& sql, const std::string& key_hash, const std::string& now);
void prune_known_pairs(soci::session& sql, const std::string& before);

int64_t insert_api_key(soci::session& sql, const std::string& name, const std::string& prefix,
                       const std::string& key_hash, std::optional<int64_t> agency_id, const std::string& now);
struct ApiKeyRow {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> agency_id;
  std::optional<std::string> last_used_at;
};
std::optional<ApiKeyRow> find_active_api_key(soci::session& sql, const std::string& key_hash);
void touch_api_key(soci::session& sql, int64_t id, const std::string& now);
// Every API key, newest first (revoked ones included).
std::vector<ApiKey> list_api_keys(soci::session& sql);
std::optional<ApiKey> find_api_key(soci::session& sql, int64_t id);
// Marks the key revoked at `now` unless it already is; true when it changed.
bool revoke_api_key(soci::session& sql, int64_t id, const std::string& now);

}  // namespace layan::accounts::repo
