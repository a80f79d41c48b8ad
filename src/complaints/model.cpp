#include "complaints/model.hpp"

#include <array>
#include <utility>

namespace layan::complaints {
namespace {

template <typename E, size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& names, E value) {
  for (const auto& [e, n] : names) {
    if (e == value) return n;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> parse_name(const std::array<std::pair<E, const char*>, N>& names, const std::string& s) {
  for (const auto& [e, n] : names) {
    if (s == n) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Type, const char*>, 4> kTypes{{{Type::kAspirasi, "aspirasi"},
                                                              {Type::kPengaduan, "pengaduan"},
                                                              {Type::kPermintaanInformasi, "permintaan_informasi"},
                                                              {Type::kWhistleblowing, "whistleblowing"}}};

constexpr std::array<std::pair<Privacy, const char*>, 3> kPrivacies{
    {{Privacy::kBiasa, "biasa"}, {Privacy::kAnonim, "anonim"}, {Privacy::kRahasia, "rahasia"}}};

constexpr std::array<std::pair<Status, const char*>, 13> kStatuses{{{Status::kSubmitted, "submitted"},
                                                                    {Status::kReturned, "returned"},
                                                                    {Status::kVerified, "verified"},
                                                                    {Status::kNotOurAuthority, "not_our_authority"},
                                                                    {Status::kAtAgency, "at_agency"},
                                                                    {Status::kAtUnit, "at_unit"},
                                                                    {Status::kInProgress, "in_progress"},
                                                                    {Status::kResolved, "resolved"},
                                                                    {Status::kClosed, "closed"},
                                                                    {Status::kRejected, "rejected"},
                                                                    {Status::kDuplicate, "duplicate"},
                                                                    {Status::kAbuse, "abuse"},
                                                                    {Status::kArchived, "archived"}}};

constexpr std::array<std::pair<ActorKind, const char*>, 5> kActors{{{ActorKind::kReporter, "reporter"},
                                                                    {ActorKind::kDesk, "desk"},
                                                                    {ActorKind::kAgency, "agency"},
                                                                    {ActorKind::kUnit, "unit"},
                                                                    {ActorKind::kSystem, "system"}}};

constexpr std::array<std::pair<Transition, const char*>, 21> kTransitions{
    {{Transition::kSubmit, "submit"},
     {Transition::kVerify, "verify"},
     {Transition::kReturnForCompletion, "return_for_completion"},
     {Transition::kComplete, "complete"},
     {Transition::kReject, "reject"},
     {Transition::kMarkDuplicate, "mark_duplicate"},
     {Transition::kMarkAbuse, "mark_abuse"},
     {Transition::kDispositionToAgency, "disposition_to_agency"},
     {Transition::kDispositionToUnit, "disposition_to_unit"},
     {Transition::kForwardToAgency, "forward_to_agency"},
     {Transition::kNotOurAuthority, "not_our_authority"},
     {Transition::kStartWork, "start_work"},
     {Transition::kReply, "reply"},
     {Transition::kNote, "note"},
     {Transition::kReporterReply, "reporter_reply"},
     {Transition::kResolve, "resolve"},
     {Transition::kConfirm, "confirm"},
     {Transition::kAutoClose, "auto_close"},
     {Transition::kReopen, "reopen"},
     {Transition::kRate, "rate"},
     {Transition::kArchive, "archive"}}};

}  // namespace

const char* to_string(Type t) {
  return name_of(kTypes, t);
}
std::optional<Type> parse_type(const std::string& s) {
  return parse_name(kTypes, s);
}
const char* to_string(Privacy p) {
  return name_of(kPrivacies, p);
}
std::optional<Privacy> parse_privacy(const std::string& s) {
  return parse_name(kPrivacies, s);
}
const char* to_string(Status s) {
  return name_of(kStatuses, s);
}
std::optional<Status> parse_status(const std::string& s) {
  return parse_name(kStatuses, s);
}
const char* to_string(ActorKind a) {
  return name_of(kActors, a);
}
const char* to_string(Transition t) {
  return name_of(kTransitions, t);
}
std::optional<Transition> parse_transition(const std::string& s) {
  return parse_name(kTransitions, s);
}
const char* to_string(Deadline d) {
  switch (d) {
    case Deadline::kVerify:
      return "verify";
    case Deadline::kFollowUp:
      return "follow_up";
    case Deadline::kComplete:
      return "complete";
  }
  return "";
}

}  // namespace layan::complaints
