#include "accounts/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/repo.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "core/crypto.hpp"

namespace layan::accounts {
namespace {

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

}  // namespace

Principal system_principal() {
  Principal p;
  p.role = Role::kMppAdmin;
  p.name = "system";
  return p;
}

Status validate_new_user(const NewUser& u) {
  std::vector<FieldError> errs;
  if (!plausible_email(trim(u.email))) {
    errs.push_back(field("email", "invalid", "Alamat email tidak valid", "Email address is invalid"));
  }
  if (trim(u.name).empty()) errs.push_back(field("name", "required", "Nama wajib diisi", "Name is required"));
  if (u.password.size() < 10) {
    errs.push_back(
        field("password", "too_short", "Kata sandi minimal 10 karakter", "Password must be at least 10 characters"));
  }
  if (u.password.size() > 1024) {
    errs.push_back(field("password", "too_long", "Kata sandi terlalu panjang", "Password is too long"));
  }
  auto role = parse_role(u.role);
  if (!role) {
    errs.push_back(field("role", "invalid", "Peran tidak dikenal", "Unknown role"));
  } else {
    bool staff = *role == Role::kAgencyAdmin || *role == Role::kOfficer;
    if (staff && !u.agency_id) {
      errs.push_back(field("agency_id", "required", "Petugas dan admin instansi wajib memiliki instansi",
                           "Officers and agency admins must belong to an agency"));
    }
    if (!staff && (u.agency_id || u.unit_id)) {
      errs.push_back(field("agency_id", "not_allowed", "Peran ini tidak terikat pada instansi",
                           "This role is not tied to an agency"));
    }
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
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
  if (u.agency_id && !repo::agency_exists(sql, *u.agency_id)) {
    return Error::validation({field("agency_id", "unknown", "Instansi tidak ditemukan", "No such agency")});
  }
  if (u.unit_id && repo::unit_agency(sql, *u.unit_id) != u.agency_id) {
    return Error::validation(
        {field("unit_id", "unknown", "Unit tidak ditemukan pada instansi ini", "No such unit in this agency")});
  }
  user.password_hash = crypto::hash_password(u.password);
  std::string now = format_utc(app.clock->now());
  int64_t id = repo::insert_user(sql, user, now);
  audit::append(sql, app.db->dialect(), actor, now, "user.create", "user", id,
                {{"role", u.role}, {"agency_id", u.agency_id ? nlohmann::json(*u.agency_id) : nlohmann::json()}});
  tx.commit();
  return id;
}

Result<NewSession> login(App& app, const std::string& email_in, const std::string& password,
                         const std::string& client_address) {
  const auto& cfg = app.config;
  std::string email = lower(trim(email_in));
  auto now_tp = app.clock->now();
  std::string now = format_utc(now_tp);
  std::string since = format_utc(now_tp - std::chrono::minutes(cfg.login_window_minutes));
  std::string account_key = throttle_key("account", email), address_key = throttle_key("address", client_address);

  soci::session sql(app.db->pool());
  if (repo::count_failures(sql, account_key, since) >= cfg.login_max_failures ||
      repo::count_failures(sql, address_key, since) >= cfg.login_max_failures * 4) {
    return Error{ErrorKind::kTooManyRequests, "too many failed sign-in attempts; try again later", {}};
  }
  auto user = repo::find_user_by_email(sql, email);
  // Verify against a fixed hash when the account does not exist, so the
  // response time does not reveal which emails have accounts.
  static const std::string kDummyHash = crypto::hash_password("layan-dummy-password");
  bool ok = crypto::verify_password(password, user ? user->password_hash : kDummyHash) && user && user->active;
  store::Transaction tx(sql, app.db->dialect());
  if (!ok) {
    repo::prune_failures(sql, format_utc(now_tp - std::chrono::hours(24)));
    repo::add_failure(sql, account_key, now);
    repo::add_failure(sql, address_key, now);
    tx.commit();
    return Error::unauthenticated("wrong email or password");
  }
  repo::clear_failures(sql, account_key);
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
    repo::touch_api_key(sql, key->id, format_utc(app.clock->now()));
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

}  // namespace layan::accounts
