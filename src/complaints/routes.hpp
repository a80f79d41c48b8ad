#pragma once

#include "web/router.hpp"

namespace layan::complaints {

// The complaints JSON API: intake, lists, staff views and actions, tracking
// by code, guest contact confirmation.
void register_routes(web::Router& router);
// The pages: submit, track and act by code, the desk's queue, the agency
// inbox and the complaint page for staff, the public statistics.
void register_pages(web::Router& router);
// The SP4N-LAPOR! bridge: export, forward marking, incoming dispositions
// (lapor_routes.cpp; registered by register_routes).
void register_lapor_routes(web::Router& router);
// The public statistics: JSON and the page /pengaduan/statistik
// (statistics_routes.cpp; registered by register_routes).
void register_statistics_routes(web::Router& router);

}  // namespace layan::complaints
