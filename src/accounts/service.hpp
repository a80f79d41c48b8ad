#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// Checks changed account fields with the same rules as validate_new_user
// (name, known role, agency required for staff roles and not allowed for the
// others; a unit needs an agency). Pure.
Status validate_user_update(const UserUpdate& u);

// Rules for changing an existing account beyond its fields, so the mall is
// never left without a manager: an mpp_admin cannot deactivate their own
// account, and the last active mpp_admin can be neither deactivated nor given
// another role. `active_admins` counts active mpp_admin accounts, `before`
// included. Field errors name "active" or "role". Pure.
Status check_user_change(const Principal& actor, const User& before, const UserUpdate& after, int active_admins);

// Password rules for a new password (>= 10 characters, <= 1024); errors name
// `field`. Pure.
Status validate_password(const std::string& password, const std::string& field);

// Accounts matching `filter`, ordered by name (kManageUsers). password_hash is
// always empty.
Result<std::vector<User>> list_users(App& app, const Principal& who, const UserFilter& filter);

// One account (kManageUsers); kNotFound when unknown. password_hash is empty.
Result<User> get_user(App& app, const Principal& who, int64_t id);

// Changes an account (kManageUsers): validate_user_update, the agency and unit
// must exist (the unit in that agency), then check_user_change. Deactivating
// ends all of the account's sessions at once; other changes (role, agency)
// apply from the account's next request, since every request re-reads it.
// Returns the account as stored (password_hash empty).
Result<User> update_user(App& app, const Principal& who, int64_t id, const UserUpdate& u);

// Changes the password of the signed-in user `who` (any role with an account;
// API keys are kForbidden). Checking `current` is a sign-in attempt of the
// account from `client_address`: while the login throttle says wait it is
// kTooManyRequests (with the wait) before `current` is checked, and a wrong
// `current` is a field error on "current_password" that counts as a failure.
// Ends every other session of the user and keeps the one whose token is
// `keep_session_token` (may be empty: ends all).
Status change_own_password(App& app, const Principal& who, const std::string& keep_session_token,
                           const std::string& current, const std::string& next, const std::string& client_address);

// (id, name) of every agency, for choosing a staff account's agency
// (kManageUsers).
Result<std::vector<std::pair<int64_t, std::string>>> agency_choices(App& app, const Principal& who);

// Creates an account. `actor` must be allowed kManageUsers; the command line
// passes system_principal(). Emails are stored lower-cased; a duplicate is
// kConflict.
Result<int64_t> create_user(App& app, const Principal& actor, const NewUser& u);

// The principal used by command-line tools run by the operator.
Principal system_principal();

// Signs in by email and password from `client_address`. While the login
// throttle (accounts/throttle.hpp) says wait, the answer is kTooManyRequests
// with the wait in retry_after_s, before the password is checked; a wrong
// email or password gives kUnauthenticated without saying which, and counts
// as a failure. A successful sign-in clears the pair's failures.
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

// Every API key, newest first, without secrets (kManageUsers).
Result<std::vector<ApiKey>> list_api_keys(App& app, const Principal& who);

// One API key without its secret (kManageUsers); kNotFound when unknown.
Result<ApiKey> get_api_key(App& app, const Principal& who, int64_t id);

// Revokes an API key (kManageUsers); kNotFound when unknown, Ok when already
// revoked. A revoked key is refused (401) from its next request on.
Status revoke_api_key(App& app, const Principal& who, int64_t id);

}  // namespace layan::accounts
