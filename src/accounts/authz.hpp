#pragma once

#include <cstdint>
#include <optional>

#include "accounts/principal.hpp"
#include "core/result.hpp"

namespace layan::accounts {

// What a caller wants to do. Every service-layer read and write that is not
// public asks authorize() first; there is no other authorization check.
enum class Action {
  kReadPublic,      // published catalogue: anyone
  kReadManagement,  // management components, standard history, staff pages
  kEditCatalogue,   // services, standards, units, maklumat of an agency/unit
  kEditAgency,      // an agency's own record and its units
  kManageAgencies,  // create or delete agencies, MPP locations, counters' presence
  kManageUsers,     // create users and API keys
  kManageCalendar,  // add, edit and delete holidays of the working-day calendar
  // Complaints. Scope: the complaint's responsible agency and unit.
  kReadComplaints,    // staff views (never a confidential reporter's identity)
  kHandleComplaints,  // reply, note, start, resolve: the agency's or unit's staff
  kRouteComplaints,   // assign to a unit, forward, "not our authority": agency admins
  kVerifyComplaints,  // the mall's verification desk
  kRevealReporter,    // the desk reveals a confidential reporter (audited)
  // SP4N-LAPOR! sends a disposition in: an API key; a key tied to an agency
  // only for that agency. Scope: the receiving agency.
  kReceiveDispositions,
};

// The agency and unit a resource belongs to. Empty fields mean "not tied to
// one" (e.g. creating a new agency).
struct Scope {
  std::optional<int64_t> agency_id;
  std::optional<int64_t> unit_id;
};

// Ok when `who` may perform `action` on a resource in `scope`; otherwise
// kUnauthenticated (anonymous caller) or kForbidden. Pure: no I/O.
Status authorize(const Principal& who, Action action, const Scope& scope = {});

}  // namespace layan::accounts
