#pragma once

#include "web/router.hpp"

namespace layan::calendar {

// The working-day calendar's JSON API: GET /api/v1/holidays?year=YYYY and
// GET /api/v1/holidays/{day} (public), POST /api/v1/holidays,
// PUT and DELETE /api/v1/holidays/{day} (the mall manager). Documented in
// docs/openapi.json and docs/api.md.
void register_routes(web::Router& router);

// The mall manager's pages: /kelola/hari-libur (a year's holidays with the
// year selector and the add form), /kelola/hari-libur/{day}/ubah (edit name
// and kind) and /kelola/hari-libur/{day}/hapus (confirm, then delete). Plain
// form POSTs that work without JavaScript; a rejected form is shown again
// (422) with the typed values and each error beside its field.
void register_pages(web::Router& router);

}  // namespace layan::calendar
