#pragma once

#include <optional>

#include "complaints/model.hpp"

namespace layan::complaints {

// The complaint lifecycle as a pure transition table (SP4N-LAPOR!):
//
//   submitted ─verify→ verified ─disposition→ at_agency ─disposition→ at_unit
//       │                  │                      │  ↖ forward (reason) ↙ │
//       ├─return→ returned ─complete→ submitted   ├─start/reply→ in_progress
//       ├─reject/duplicate/abuse                  ├─not_our_authority→ back to the desk
//   in_progress ─resolve→ resolved ─confirm/auto-close→ closed
//   resolved/closed ─reopen (reporter, within a window)→ in_progress
//   returned/rejected/duplicate/abuse/closed ─archive→ archived
//
// Returns the status after `t` performed by `actor` on a complaint in `from`,
// or nullopt when that actor may not do that there. Replies, notes and
// ratings return `from` (or in_progress for the first staff reply). Conditions
// beyond the table (reasons, the reopen window, the right agency) are checked
// by the service.
std::optional<Status> next_status(Status from, Transition t, ActorKind actor);

// No transition leaves these except archive (and reopen from closed).
bool is_final(Status s);
// Open311 maps statuses to `open` / `closed`: handled or ended is closed.
bool is_open(Status s);
// Waiting for the verification desk (its queue).
bool is_at_desk(Status s);
// Handled by an agency (its inbox).
bool is_at_agency(Status s);

// Transitions that need a reason or message from the actor (its text is
// stored in the timeline).
bool needs_message(Transition t);
// Transitions whose message is shown to the reporter and, for public
// reports, the public (a staff reply, a resolution, a rejection reason).
bool is_public_event(Transition t);

}  // namespace layan::complaints
