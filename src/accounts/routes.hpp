#pragma once

#include "web/router.hpp"

namespace layan::accounts {

inline constexpr const char* kSessionCookie = "layan_session";

// Sign-in and sign-out pages (/masuk, /keluar), the session API
// (/api/v1/session, /api/v1/session/password), account and API key
// management (/api/v1/users, /api/v1/apikeys) and the account pages
// (/kelola/pengguna, /akun/sandi; see pages.hpp).
void register_routes(web::Router& router);

}  // namespace layan::accounts
