#pragma once

#include <cstdint>
#include <string>

#include <soci/soci.h>

#include "store/database.hpp"

namespace layan::jobs::repo {

// SQL of job exclusion. See jobs/exclusive.hpp.

// PostgreSQL session-level advisory locks.
bool try_advisory_lock(soci::session& sql, int64_t key);
void advisory_unlock(soci::session& sql, int64_t key);

// Takes the lease `name` for `holder` until `until` when nobody holds it or
// its lease ended at or before `now`; true when `holder` has it. Runs its
// own write transaction.
bool take_lease(soci::session& sql, store::Dialect d, const std::string& name, const std::string& holder,
                const std::string& now, const std::string& until);
// Gives the lease up if `holder` still has it.
void release_lease(soci::session& sql, const std::string& name, const std::string& holder);

}  // namespace layan::jobs::repo
