#pragma once

#include "web/router.hpp"

namespace layan::catalogue {

// The catalogue's HTML pages, in Indonesian URLs: home (/), search (/cari),
// agencies (/instansi, /instansi/{id}), the service page (/layanan/{id}) with
// its version history for staff, a unit's maklumat (/unit/{id}/maklumat) and
// the staff editing pages under /kelola. Every page works without JavaScript;
// authorization is the service layer's, the pages only show its answer.
void register_pages(web::Router& router);

}  // namespace layan::catalogue
