#include "accounts/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/repo.hpp"
#include "accounts/throttle.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "core/crypto.hpp"

namespace layan::accounts {
namespace {

// How stale an API key's "last used" may get before a request rewrites it.
constexpr auto kApiKeyTouchInterval = std::chrono::minutes(1);

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at != e.rfind('@') || e.size() > 254) return false;
  auto dot = e.find('.', at);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < e.size() &&
         e.find_first_of(" \t\r\n<>\"") == std::string::npos;
}

FieldError field(std::string name, std::string code, std::string id, std::string en) {
  return {std::move(name), std::move(code), std::move(id), std::move(en)};
}

// A key for counting login failures that holds no personal data in clear.
std::string throttle_key(const std::string& kind, const std::string& value) {
  return crypto::sha256_hex("login-throttle:" + kind + ":" + value);
}

// The keys a sign-in attempt is counted under (accounts/throttle.hpp).
struct AttemptKeys {
  std::string pair, address, account;
  int64_t lock = 0;  // serialises the attempts on one account (PostgreSQL)
};

AttemptKeys attempt_keys(const std::string& email, const std::string& client_address) {
  AttemptKeys k;
  // A client address never holds a newline, so the pair's text is unambiguous.
  k.pair = throttle_key("pair", email + "\n" + client_address);
  k.address = throttle_key("address", client_address);
  k.account = throttle_key("account", email);
  k.lock = static_cast<int64_t>(std::stoull(k.account.substr(0, 16), nullptr, 16));
  return k;
}

// An attempt that went ahead. Until it succeeds it counts as a failure.
struct Attempt {
  int64_t address_row = 0, account_row = 0;
};

// Refuses an attempt that must wait (kTooManyRequests with the wait), or
// records it as a failure before its password is checked: concurrent attempts
// then cannot all pass the check before any of them is counted. One write
// transaction, serialised per account.
Result<Attempt> begin_attempt(App& app, soci::session& sql, const AttemptKeys& keys, TimePoint now_tp) {
  const LoginThrottle rules = login_throttle(app.config.login);
  const std::string now = format_utc(now_tp);
  auto since = [&](std::chrono::seconds window) { return format_utc(now_tp - window); };
  store::Transaction tx(sql, app.db->dialect());
  repo::lock_sign_in_attempts(sql, app.db->dialect(), keys.lock);
  bool known = repo::pair_known(sql, keys.pair, since(std::chrono::days(kKnownPairDays)));
  auto wait = wait_before_attempt(rules, repo::count_failures(sql, keys.pair, since(rules.pair.window)),
                                  repo::count_failures(sql, keys.address, since(rules.address.window)),
                                  repo::count_failures(sql, keys.account, since(rules.account.window)), known, now_tp);
  if (wait.count() > 0) {
    std::string in = wait.count() == 1 ? "1 second" : std::to_string(wait.count()) + " seconds";
    return Error::too_many_requests("too many failed sign-in attempts; try again in " + in,
                                    static_cast<int>(wait.count()));
  }
  auto horizon = std::max({rules.pair.window, rules.address.window, rules.account.window});
  repo::prune_failures(sql, since(horizon));
  repo::add_failure(sql, keys.pair, now);
  Attempt a{repo::add_failure(sql, keys.address, now), repo::add_failure(sql, keys.account, now)};
  tx.commit();
  return a;
}

// The attempt proved the password: it is no failure, the pair's failures are
// cleared and the pair is known from now on. Call inside the caller's
// transaction.
void attempt_succeeded(soci::session& sql, const AttemptKeys& keys, const Attempt& a, TimePoint now_tp) {
  repo::delete_failure(sql, a.address_row);
  repo::delete_failure(sql, a.account_row);
  repo::clear_failures(sql, keys.pair);
  repo::prune_known_pairs(sql, format_utc(now_tp - std::chrono::days(kKnownPairDays)));
  repo::remember_pair(sql, keys.pair, format_utc(now_tp));
}

void check_name(const std::string& name, std::vector<FieldError>& errs) {
  std::string n = trim(name);
  if (n.empty()) {
    errs.push_back(field("name", "required", "Nama wajib diisi", "Name is required"));
  } else if (n.size() > 200) {
    errs.push_back(field("name", "too_long", "Nama maksimal 200 karakter", "Name must be at most 200 characters"));
  }
}

// Staff roles (agency_admin, officer) belong to an agency and optionally one
// of its units; mpp_admin, evaluator and citizen belong to neither.
void check_role_scope(const std::string& role_text, std::optional<int64_t> agency_id, std::optional<int64_t> unit_id,
                      std::vector<FieldError>& errs) {
  auto role = parse_role(role_text);
  if (!role) {
    errs.push_back(field("role", "invalid", "Peran tidak dikenal", "Unknown role"));
    return;
  }
  bool staff = *role == Role::kAgencyAdmin || *role == Role::kOfficer;
  if (staff && !agency_id) {
    errs.push_back(field("agency_id", "required", "Petugas dan admin instansi wajib memiliki instansi",
                         "Officers and agency admins must belong to an agency"));
  }
  if (!staff && agency_id) {
    errs.push_back(field("agency_id", "not_allowed", "Peran ini tidak terikat pada instansi",
                         "This role is not tied to an agency"));
  }
  if (!staff && unit_id) {
    errs.push_back(
        field("unit_id", "not_allowed", "Peran ini tidak terikat pada unit", "This role is not tied to a unit"));
  }
}

// The agency must exist and the unit, when given, must belong to it.
Status check_scope_exists(soci::session& sql, std::optional<int64_t> agency_id, std::optional<int64_t> unit_id) {
  if (agency_id && !repo::agency_exists(sql, *agency_id)) {
    return Error::validation({field("agency_id", "unknown", "Instansi tidak ditemukan", "No such agency")});
  }
  if (unit_id && repo::unit_agency(sql, *unit_id) != agency_id) {
    return Error::validation(
        {field("unit_id", "unknown", "Unit tidak ditemukan pada instansi ini", "No such unit in this agency")});
  }
  return ok_status();
}

nlohmann::json id_or_null(std::optional<int64_t> id) {
  return id ? nlohmann::json(*id) : nlohmann::json();
}

}  // namespace

Principal system_principal() {
  Principal p;
  p.role = Role::kMppAdmin;
  p.name = "system";
  return p;
}

Status validate_password(const std::string& password, const std::string& name) {
  if (password.size() < 10) {
    return Error::validation(
        {field(name, "too_short", "Kata sandi minimal 10 karakter", "Password must be at least 10 characters")});
  }
  if (password.size() > 1024) {
    return Error::validation({field(name, "too_long", "Kata sandi terlalu panjang", "Password is too long")});
  }
  return ok_status();
}

Status validate_new_user(const NewUser& u) {
  std::vector<FieldError> errs;
  if (!plausible_email(trim(u.email))) {
    errs.push_back(field("email", "invalid", "Alamat email tidak valid", "Email address is invalid"));
  }
  check_name(u.name, errs);
  if (auto s = validate_password(u.password, "password"); !s) {
    for (auto& f : std::move(s).error().fields) errs.push_back(std::move(f));
  }
  check_role_scope(u.role, u.agency_id, u.unit_id, errs);
  if (!errs.empty()) return Error::validation(std::move(errs));
  return ok_status();
}

Status validate_user_update(const UserUpdate& u) {
  std::vector<FieldError> errs;
  check_name(u.name, errs);
  check_role_scope(u.role, u.agency_id, u.unit_id, errs);
  if (!errs.empty()) return Error::validation(std::move(errs));
  return ok_status();
}

Status check_user_change(const Principal& actor, const User& before, const UserUpdate& after, int active_admins) {
  if (!after.active && actor.user_id != 0 && actor.user_id == before.id) {
    return Error::validation({field("active", "self", "Anda tidak dapat menonaktifkan akun Anda sendiri",
                                    "You cannot deactivate your own account")});
  }
  bool was_admin = before.active && before.role == Role::kMppAdmin;
  if (was_admin && active_admins <= 1) {
    if (!after.active) {
      return Error::validation(
          {field("active", "last_admin", "Ini pengelola MPP aktif terakhir; akun tidak dapat dinonaktifkan",
                 "This is the last active MPP manager; the account cannot be deactivated")});
    }
    if (after.role != role_name(Role::kMppAdmin)) {
      return Error::validation(
          {field("role", "last_admin", "Ini pengelola MPP aktif terakhir; perannya tidak dapat diubah",
                 "This is the last active MPP manager; the role cannot be changed")});
    }
  }
  return ok_status();
}

Result<int64_t> create_user(App& app, const Principal& actor, const NewUser& u) {
  if (auto s = authorize(actor, Action::kManageUsers); !s) return std::move(s).error();
  if (auto s = validate_new_user(u); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  User user;
  user.email = lower(trim(u.email));
  user.name = trim(u.name);
  user.role = *parse_role(u.role);
  user.agency_id = u.agency_id;
  user.unit_id = u.unit_id;
  if (repo::find_user_by_email(sql, user.email)) return Error::conflict("an account with this email exists");
  if (auto s = check_scope_exists(sql, u.agency_id, u.unit_id); !s) return std::move(s).error();
  user.password_hash = crypto::hash_password(u.password);
  std::string now = format_utc(app.clock->now());
  int64_t id = 0;
  try {
    id = repo::insert_user(sql, user, now);
  } catch (const soci::soci_error& e) {
    // A concurrent sign-up with the same email got there first.
    if (!store::is_constraint_violation(e)) throw;
    return Error::conflict("an account with this email exists");
  }
  audit::append(sql, app.db->dialect(), actor, now, "user.create", "user", id,
                {{"role", u.role}, {"agency_id", id_or_null(u.agency_id)}});
  tx.commit();
  return id;
}

Result<std::vector<User>> list_users(App& app, const Principal& who, const UserFilter& filter) {
  if (auto s = authorize(who, Action::kManageUsers); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  return repo::list_users(sql, filter);
}

Result<User> get_user(App& app, const Principal& who, int64_t id) {
  if (auto s = authorize(who, Action::kManageUsers); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  auto user = repo::find_user(sql, id);
  if (!user) return Error::not_found("no such user");
  user->password_hash.clear();
  return *user;
}

Result<User> update_user(App& app, const Principal& who, int64_t id, const UserUpdate& in) {
  if (auto s = authorize(who, Action::kManageUsers); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  auto before = repo::find_user(sql, id);
  if (!before) return Error::not_found("no such user");
  if (auto s = validate_user_update(in); !s) return std::move(s).error();
  if (auto s = check_scope_exists(sql, in.agency_id, in.unit_id); !s) return std::move(s).error();
  int admins = repo::count_active_admins_for_update(sql, app.db->dialect());
  if (auto s = check_user_change(who, *before, in, admins); !s) return std::move(s).error();

  User after = *before;
  after.name = trim(in.name);
  after.role = *parse_role(in.role);
  after.agency_id = in.agency_id;
  after.unit_id = in.unit_id;
  after.active = in.active;
  std::string now = format_utc(app.clock->now());
  repo::update_user(sql, after);
  if (!after.active) repo::delete_user_sessions(sql, id);
  audit::append(sql, app.db->dialect(), who, now, "user.update", "user", id,
                {{"role", in.role},
                 {"agency_id", id_or_null(in.agency_id)},
                 {"unit_id", id_or_null(in.unit_id)},
                 {"active", in.active}});
  tx.commit();
  after.password_hash.clear();
  return after;
}

Status change_own_password(App& app, const Principal& who, const std::string& keep_session_token,
                           const std::string& current, const std::string& next, const std::string& client_address) {
  if (!who.authenticated()) return Error::unauthenticated("sign in to change your password");
  if (who.user_id == 0) return Error::forbidden("only a signed-in person has a password");
  auto now_tp = app.clock->now();
  std::string now = format_utc(now_tp);
  soci::session sql(app.db->pool());
  auto user = repo::find_user(sql, who.user_id);
  if (!user || !user->active) return Error::unauthenticated("the account is no longer active");
  AttemptKeys keys = attempt_keys(user->email, client_address);
  auto attempt = begin_attempt(app, sql, keys, now_tp);
  if (!attempt) return std::move(attempt).error();
  if (!crypto::verify_password(current, user->password_hash)) {
    return Error::validation(
        {field("current_password", "wrong", "Kata sandi saat ini salah", "The current password is incorrect")});
  }
  {
    store::Transaction tx(sql, app.db->dialect());
    attempt_succeeded(sql, keys, *attempt, now_tp);
    tx.commit();
  }
  if (auto s = validate_password(next, "new_password"); !s) return std::move(s).error();
  if (next == current) {
    return Error::validation({field("new_password", "unchanged", "Kata sandi baru harus berbeda dari yang sekarang",
                                    "The new password must differ from the current one")});
  }
  std::string hash = crypto::hash_password(next);
  store::Transaction tx(sql, app.db->dialect());
  repo::set_password_hash(sql, user->id, hash);
  repo::delete_user_sessions(sql, user->id, keep_session_token.empty() ? "" : crypto::sha256_hex(keep_session_token));
  audit::append(sql, app.db->dialect(), who, now, "user.password_change", "user", user->id, nlohmann::json::object());
  tx.commit();
  return ok_status();
}

Result<std::vector<std::pair<int64_t, std::string>>> agency_choices(App& app, const Principal& who) {
  if (auto s = authorize(who, Action::kManageUsers); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  return repo::agency_names(sql);
}

Result<NewSession> login(App& app, const std::string& email_in, const std::string& password,
                         const std::string& client_address) {
  const auto& cfg = app.config;
  std::string email = lower(trim(email_in));
  auto now_tp = app.clock->now();
  std::string now = format_utc(now_tp);
  AttemptKeys keys = attempt_keys(email, client_address);

  soci::session sql(app.db->pool());
  auto attempt = begin_attempt(app, sql, keys, now_tp);
  if (!attempt) return std::move(attempt).error();
  auto user = repo::find_user_by_email(sql, email);
  // Verify against a fixed hash when the account does not exist, so the
  // response time does not reveal which emails have accounts.
  static const std::string kDummyHash = crypto::hash_password("layan-dummy-password");
  bool ok = crypto::verify_password(password, user ? user->password_hash : kDummyHash) && user && user->active;
  if (!ok) return Error::unauthenticated("wrong email or password");
  store::Transaction tx(sql, app.db->dialect());
  attempt_succeeded(sql, keys, *attempt, now_tp);
  repo::delete_expired_sessions(sql, now);
  NewSession s;
  s.token = crypto::random_token(32);
  s.csrf_token = crypto::random_token(24);
  s.max_age_seconds = cfg.session_hours * 3600;
  s.expires_at = format_utc(now_tp + std::chrono::hours(cfg.session_hours));
  repo::insert_session(sql, crypto::sha256_hex(s.token), user->id, s.csrf_token, now, s.expires_at);
  repo::touch_login(sql, user->id, now);
  tx.commit();
  return s;
}

void logout(App& app, const std::string& session_token) {
  soci::session sql(app.db->pool());
  repo::delete_session(sql, crypto::sha256_hex(session_token));
}

Result<Principal> authenticate(App& app, const std::optional<std::string>& session_token,
                               const std::optional<std::string>& bearer_key) {
  Principal p;
  if (bearer_key) {
    soci::session sql(app.db->pool());
    auto key = repo::find_active_api_key(sql, crypto::sha256_hex(*bearer_key));
    if (!key) return Error::unauthenticated("unknown or revoked API key");
    // "Last used" is shown to the minute. Writing it on every request would
    // make each one a durable commit of its own, outside any group commit.
    const TimePoint now = app.clock->now();
    TimePoint last;
    if (!key->last_used_at || !parse_utc(*key->last_used_at, last) || now - last >= kApiKeyTouchInterval) {
      repo::touch_api_key(sql, key->id, format_utc(now));
    }
    p.role = Role::kIntegration;
    p.api_key_id = key->id;
    p.agency_id = key->agency_id;
    p.name = key->name;
    return p;
  }
  if (!session_token || session_token->empty() || session_token->size() > 128) return p;
  soci::session sql(app.db->pool());
  auto found = repo::find_session(sql, crypto::sha256_hex(*session_token), format_utc(app.clock->now()));
  if (!found) return p;
  const auto& [user, csrf] = *found;
  p.role = user.role;
  p.user_id = user.id;
  p.agency_id = user.agency_id;
  p.unit_id = user.unit_id;
  p.name = user.name;
  p.session_csrf = csrf;
  return p;
}

Result<NewApiKey> create_api_key(App& app, const Principal& actor, const std::string& name_in,
                                 std::optional<int64_t> agency_id) {
  if (auto s = authorize(actor, Action::kManageUsers); !s) return std::move(s).error();
  std::string name = trim(name_in);
  if (name.empty() || name.size() > 100) {
    return Error::validation({field("name", "required", "Nama kunci API wajib diisi (maks. 100 karakter)",
                                    "An API key needs a name (at most 100 characters)")});
  }
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  if (agency_id && !repo::agency_exists(sql, *agency_id)) {
    return Error::validation({field("agency_id", "unknown", "Instansi tidak ditemukan", "No such agency")});
  }
  std::string prefix = crypto::random_token(6).substr(0, 8);
  std::string key = "lyn_" + prefix + "_" + crypto::random_token(32);
  std::string now = format_utc(app.clock->now());
  NewApiKey out;
  out.id = repo::insert_api_key(sql, name, prefix, crypto::sha256_hex(key), agency_id, now);
  out.key = key;
  audit::append(sql, app.db->dialect(), actor, now, "api_key.create", "api_key", out.id, {{"name", name}});
  tx.commit();
  return out;
}

Result<std::vector<ApiKey>> list_api_keys(App& app, const Principal& who) {
  if (auto s = authorize(who, Action::kManageUsers); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  return repo::list_api_keys(sql);
}

Result<ApiKey> get_api_key(App& app, const Principal& who, int64_t id) {
  if (auto s = authorize(who, Action::kManageUsers); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  auto key = repo::find_api_key(sql, id);
  if (!key) return Error::not_found("no such API key");
  return *key;
}

Status revoke_api_key(App& app, const Principal& who, int64_t id) {
  if (auto s = authorize(who, Action::kManageUsers); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  if (!repo::find_api_key(sql, id)) return Error::not_found("no such API key");
  std::string now = format_utc(app.clock->now());
  if (repo::revoke_api_key(sql, id, now)) {
    audit::append(sql, app.db->dialect(), who, now, "api_key.revoke", "api_key", id, nlohmann::json::object());
  }
  tx.commit();
  return ok_status();
}

}  // namespace layan::accounts
