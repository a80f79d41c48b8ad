#pragma once

#include "web/router.hpp"

namespace layan::catalogue {

// The catalogue's JSON API (/api/v1/agencies, /api/v1/services, ...) and its
// pages (home, agencies, service page, staff editing pages).
void register_routes(web::Router& router);

}  // namespace layan::catalogue
