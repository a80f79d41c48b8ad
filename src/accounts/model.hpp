#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "accounts/principal.hpp"

namespace layan::accounts {

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
