#pragma once

#include "web/router.hpp"

namespace layan::open311 {

// Open311 GeoReport v2 under /open311/v2/ (docs/api.md, "Open311 GeoReport
// v2"): discovery, services, service definitions, requests (GET and POST),
// one request, tokens; each as .json and .xml.
void register_routes(web::Router& router);

}  // namespace layan::open311
