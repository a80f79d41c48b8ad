#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace layan::accounts {

// Who is acting. kAnonymous for a visitor; kIntegration for an API key.
enum class Role { kAnonymous, kCitizen, kOfficer, kAgencyAdmin, kEvaluator, kMppAdmin, kIntegration };

// The authenticated caller of one request. Built once per request by the
// accounts module (session cookie or API key) and passed to every service call.
struct Principal {
  Role role = Role::kAnonymous;
  int64_t user_id = 0;               // 0 for anonymous and integrations
  int64_t api_key_id = 0;            // set for integrations
  std::optional<int64_t> agency_id;  // staff: the agency they work for
  std::optional<int64_t> unit_id;    // staff: optionally narrowed to one unit
  std::string name;                  // display name (never logged)
  std::string session_csrf;          // the session's CSRF token, empty without a session

  bool authenticated() const { return role != Role::kAnonymous; }
  bool is_staff() const {
    return role == Role::kOfficer || role == Role::kAgencyAdmin || role == Role::kEvaluator || role == Role::kMppAdmin;
  }
};

// "mpp_admin", "agency_admin", ... as stored in users.role.
const char* role_name(Role r);
std::optional<Role> parse_role(const std::string& s);

}  // namespace layan::accounts
