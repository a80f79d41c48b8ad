#include "complaints/lifecycle.hpp"

namespace layan::complaints {
namespace {

using S = Status;
using T = Transition;
using A = ActorKind;

bool in(Status s, std::initializer_list<Status> set) {
  for (Status x : set) {
    if (x == s) return true;
  }
  return false;
}

constexpr std::initializer_list<Status> kHandling = {S::kAtAgency, S::kAtUnit, S::kInProgress};

std::optional<Status> desk(Status from, Transition t) {
  switch (t) {
    case T::kVerify:
    case T::kReturnForCompletion:
      if (from == S::kSubmitted) return t == T::kVerify ? S::kVerified : S::kReturned;
      return std::nullopt;
    case T::kReject:
      if (in(from, {S::kSubmitted, S::kVerified, S::kNotOurAuthority})) return S::kRejected;
      return std::nullopt;
    case T::kMarkDuplicate:
      if (in(from, {S::kSubmitted, S::kReturned, S::kVerified, S::kNotOurAuthority})) return S::kDuplicate;
      return std::nullopt;
    case T::kMarkAbuse:
      if (in(from, {S::kSubmitted, S::kReturned, S::kVerified, S::kNotOurAuthority})) return S::kAbuse;
      return std::nullopt;
    case T::kDispositionToAgency:
      if (in(from, {S::kVerified, S::kNotOurAuthority})) return S::kAtAgency;
      return std::nullopt;
    case T::kForwardToAgency:  // the desk re-routes a report already with an agency
      if (in(from, kHandling)) return S::kAtAgency;
      return std::nullopt;
    case T::kReply:
      if (in(from, {S::kSubmitted, S::kReturned, S::kVerified, S::kNotOurAuthority})) return from;
      return std::nullopt;
    case T::kNote:
      if (from != S::kArchived) return from;
      return std::nullopt;
    case T::kArchive:
      if (in(from, {S::kReturned, S::kRejected, S::kDuplicate, S::kAbuse, S::kClosed})) return S::kArchived;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// What an officer of the responsible agency or unit may do.
std::optional<Status> unit(Status from, Transition t) {
  switch (t) {
    case T::kStartWork:
      if (in(from, {S::kAtAgency, S::kAtUnit})) return S::kInProgress;
      return std::nullopt;
    case T::kReply:
      if (in(from, kHandling)) return S::kInProgress;
      return std::nullopt;
    case T::kNote:
      if (in(from, kHandling) || in(from, {S::kResolved, S::kClosed})) return from;
      return std::nullopt;
    case T::kResolve:
      if (in(from, kHandling)) return S::kResolved;
      return std::nullopt;
    case T::kMarkAbuse:
      if (in(from, kHandling)) return S::kAbuse;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

// An agency administrator: everything an officer may do, and routing.
std::optional<Status> agency(Status from, Transition t) {
  switch (t) {
    case T::kDispositionToUnit:
      if (in(from, kHandling)) return S::kAtUnit;
      return std::nullopt;
    case T::kForwardToAgency:
      if (in(from, kHandling)) return S::kAtAgency;
      return std::nullopt;
    case T::kNotOurAuthority:
      if (in(from, kHandling)) return S::kNotOurAuthority;
      return std::nullopt;
    default:
      return unit(from, t);
  }
}

std::optional<Status> reporter(Status from, Transition t) {
  switch (t) {
    case T::kComplete:
      if (from == S::kReturned) return S::kSubmitted;
      return std::nullopt;
    case T::kReporterReply:
      if (in(from, {S::kSubmitted, S::kVerified, S::kNotOurAuthority}) || in(from, kHandling)) return from;
      return std::nullopt;
    case T::kConfirm:
      if (from == S::kResolved) return S::kClosed;
      return std::nullopt;
    case T::kReopen:
      if (in(from, {S::kResolved, S::kClosed})) return S::kInProgress;
      return std::nullopt;
    case T::kRate:
      if (in(from, {S::kResolved, S::kClosed})) return from;
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<Status> next_status(Status from, Transition t, ActorKind actor) {
  switch (actor) {
    case A::kDesk:
      return desk(from, t);
    case A::kAgency:
      return agency(from, t);
    case A::kUnit:
      return unit(from, t);
    case A::kReporter:
      return reporter(from, t);
    case A::kSystem:
      if (t == T::kAutoClose && from == S::kResolved) return S::kClosed;
      return std::nullopt;
  }
  return std::nullopt;
}

bool is_final(Status s) {
  return in(s, {S::kClosed, S::kRejected, S::kDuplicate, S::kAbuse, S::kArchived});
}

bool is_open(Status s) {
  return !is_final(s) && s != S::kResolved;
}

bool is_at_desk(Status s) {
  return in(s, {S::kSubmitted, S::kVerified, S::kNotOurAuthority});
}

bool is_at_agency(Status s) {
  return in(s, kHandling);
}

bool needs_message(Transition t) {
  switch (t) {
    case T::kReturnForCompletion:
    case T::kComplete:
    case T::kReject:
    case T::kMarkAbuse:
    case T::kForwardToAgency:
    case T::kNotOurAuthority:
    case T::kReply:
    case T::kNote:
    case T::kReporterReply:
    case T::kResolve:
    case T::kReopen:
      return true;
    default:
      return false;
  }
}

bool is_public_event(Transition t) {
  switch (t) {
    case T::kNote:
    case T::kMarkAbuse:
    case T::kNotOurAuthority:
    case T::kForwardToAgency:
    case T::kDispositionToUnit:
      return false;
    default:
      return true;
  }
}

}  // namespace layan::complaints
