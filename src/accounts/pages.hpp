#pragma once

#include "web/router.hpp"

namespace layan::accounts {

// Account pages: /kelola/pengguna (list with filters), /kelola/pengguna/baru
// and /kelola/pengguna/{id}/ubah (the mall manager's forms), and /akun/sandi
// (any signed-in user changes their own password); /kelola/kunci-api (the
// mall manager lists, creates and revokes integration API keys; a new key is
// shown once, revoking asks for confirmation on its own page). Plain form POSTs that work
// without JavaScript; a rejected form is shown again (422) with the typed
// values, except passwords, and each error beside its field.
void register_pages(web::Router& router);

}  // namespace layan::accounts
