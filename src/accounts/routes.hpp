#pragma once

#include "web/router.hpp"

namespace layan::accounts {

inline constexpr const char* kSessionCookie = "layan_session";

// Sign-in and sign-out pages (/masuk, /keluar) and the session API
// (/api/v1/session).
void register_routes(web::Router& router);

}  // namespace layan::accounts
