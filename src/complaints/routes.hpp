#pragma once

#include "web/router.hpp"

namespace layan::complaints {

// The complaints JSON API: intake, lists, staff views and actions, tracking
// by code, guest contact confirmation.
void register_routes(web::Router& router);
// The pages: submit, track and act by code, the desk's queue, the agency
// inbox and the complaint page for staff, the public statistics.
void register_pages(web::Router& router);

}  // namespace layan::complaints
