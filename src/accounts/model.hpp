#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/principal.hpp"

namespace layan::accounts {

// An account. Service functions that return a User to callers outside this
// module leave password_hash empty.
struct User {
  int64_t id = 0;
  std::string email;  // lower case
  std::string name;
  std::string password_hash;
  Role role = Role::kCitizen;
  std::optional<int64_t> agency_id;
  std::optional<int64_t> unit_id;
  bool active = true;
};

// Input for creating an account (CLI, admin pages, citizen sign-up).
struct NewUser {
  std::string email;
  std::string name;
  std::string password;
  std::string role;  // as stored: mpp_admin, agency_admin, ...
  std::optional<int64_t> agency_id;
  std::optional<int64_t> unit_id;
};

// Changes to an existing account (the admin pages, PUT /api/v1/users/{id}).
// The email is the account's identity and is not changed; the password is
// changed only by its owner (change_own_password).
struct UserUpdate {
  std::string name;
  std::string role;  // as stored: mpp_admin, agency_admin, ...
  std::optional<int64_t> agency_id;
  std::optional<int64_t> unit_id;
  bool active = true;
};

// Which accounts list_users returns; empty fields do not filter.
struct UserFilter {
  std::optional<Role> role;
  std::optional<int64_t> agency_id;
};

// An API key as listed: never its secret or its hash. Times are UTC text.
struct ApiKey {
  int64_t id = 0;
  std::string name;
  std::string prefix;  // the non-secret part shown in "lyn_<prefix>_..."
  std::optional<int64_t> agency_id;
  std::string created_at;
  std::optional<std::string> last_used_at;
  std::optional<std::string> revoked_at;
};

// A freshly created session. `token` goes to the browser and is stored only
// as its SHA-256.
struct NewSession {
  std::string token;
  std::string csrf_token;
  std::string expires_at;
  int max_age_seconds = 0;
};

// A freshly created API key, shown once: "lyn_" + prefix + "_" + secret.
struct NewApiKey {
  int64_t id = 0;
  std::string key;
};

}  // namespace layan::accounts
