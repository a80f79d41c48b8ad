#pragma once

#include <optional>
#include <string>

#include "accounts/authz.hpp"
#include "accounts/model.hpp"
#include "core/result.hpp"

namespace layan {
struct App;
}

namespace layan::accounts {

// Checks a new account's fields: email shape, name, password length (>= 10),
// known role, and that staff roles (agency_admin, officer) carry an agency
// while mpp_admin, evaluator and citizen carry none. Pure.
Status validate_new_user(const NewUser& u);

// Creates an account. `actor` must be allowed kManageUsers; the command line
// passes system_principal(). Emails are stored lower-cased; a duplicate is
// kConflict.
Result<int64_t> create_user(App& app, const Principal& actor, const NewUser& u);

// The principal used by command-line tools run by the operator.
Principal system_principal();

// Signs in by email and password. Too many failures for the account or the
// client address within the configured window give kTooManyRequests (before
// the password is checked); a wrong email or password gives kUnauthenticated
// without saying which.
Result<NewSession> login(App& app, const std::string& email, const std::string& password,
                         const std::string& client_address);

// Ends the session with this token (no-op when unknown).
void logout(App& app, const std::string& session_token);

// Resolves the caller of a request from a session token (cookie) or an API key
// (Authorization: Bearer). Unknown or expired credentials give an anonymous
// principal; an unknown bearer key gives kUnauthenticated.
Result<Principal> authenticate(App& app, const std::optional<std::string>& session_token,
                               const std::optional<std::string>& bearer_key);

// Creates an API key for an integration, optionally tied to an agency.
Result<NewApiKey> create_api_key(App& app, const Principal& actor, const std::string& name,
                                 std::optional<int64_t> agency_id);

}  // namespace layan::accounts
