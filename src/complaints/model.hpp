#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace layan::complaints {

// SP4N-LAPOR! report types; whistle-blowing is its own confidential path.
enum class Type { kAspirasi, kPengaduan, kPermintaanInformasi, kWhistleblowing };

// Who may see what (privacy by default: kRahasia unless the reporter chooses
// otherwise).
//   kBiasa:   public report; the handling unit sees the reporter's identity.
//   kAnonim:  public report; nobody but the verification desk (by an audited
//             reveal) sees the reporter's identity.
//   kRahasia: never public; identity as for kAnonim.
// Public pages and APIs never show any reporter's identity, whatever the level.
enum class Privacy { kBiasa, kAnonim, kRahasia };

// The lifecycle (see lifecycle.hpp for the transitions).
enum class Status {
  kSubmitted,        // diajukan: waiting for the mall's verification desk
  kReturned,         // dikembalikan: the reporter must complete it
  kVerified,         // terverifikasi: waiting for disposition to an agency
  kNotOurAuthority,  // bukan wewenang: an agency sent it back to the desk
  kAtAgency,         // didisposisikan ke instansi
  kAtUnit,           // didisposisikan ke unit
  kInProgress,       // ditindaklanjuti
  kResolved,         // selesai ditindaklanjuti: waiting for the reporter
  kClosed,           // ditutup
  kRejected,         // ditolak
  kDuplicate,        // duplikat of another report
  kAbuse,            // penyalahgunaan (spam, abuse)
  kArchived,         // diarsipkan
};

// The role an actor plays towards one complaint.
enum class ActorKind {
  kReporter,  // the citizen who reported it (account, or guest with a confirmed contact)
  kDesk,      // the mall's verification desk (mpp_admin)
  kAgency,    // an administrator of the responsible agency
  kUnit,      // an officer of the responsible agency or unit
  kSystem,    // background jobs (auto-close)
};

// What happens to a complaint. Each is one row in the complaint's timeline
// and one audit event.
enum class Transition {
  kSubmit,  // the report is created (not a move between statuses)
  kVerify,
  kReturnForCompletion,
  kComplete,  // the reporter completes a returned report
  kReject,
  kMarkDuplicate,
  kMarkAbuse,
  kDispositionToAgency,
  kDispositionToUnit,
  kForwardToAgency,
  kNotOurAuthority,
  kStartWork,
  kReply,          // public reply by staff
  kNote,           // internal note by staff
  kReporterReply,  // the reporter adds information
  kResolve,
  kConfirm,  // the reporter confirms the resolution
  kAutoClose,
  kReopen,
  kRate,
  kArchive,
};

const char* to_string(Type t);  // "aspirasi", "pengaduan", "permintaan_informasi", "whistleblowing"
std::optional<Type> parse_type(const std::string& s);
const char* to_string(Privacy p);  // "biasa", "anonim", "rahasia"
std::optional<Privacy> parse_privacy(const std::string& s);
const char* to_string(Status s);  // "submitted", "returned", ...
std::optional<Status> parse_status(const std::string& s);
const char* to_string(ActorKind a);   // "reporter", "desk", ...
const char* to_string(Transition t);  // "verify", "return_for_completion", ...
std::optional<Transition> parse_transition(const std::string& s);

inline constexpr Status kAllStatuses[] = {
    Status::kSubmitted, Status::kReturned,   Status::kVerified, Status::kNotOurAuthority, Status::kAtAgency,
    Status::kAtUnit,    Status::kInProgress, Status::kResolved, Status::kClosed,          Status::kRejected,
    Status::kDuplicate, Status::kAbuse,      Status::kArchived};
inline constexpr Transition kAllTransitions[] = {Transition::kSubmit,
                                                 Transition::kVerify,
                                                 Transition::kReturnForCompletion,
                                                 Transition::kComplete,
                                                 Transition::kReject,
                                                 Transition::kMarkDuplicate,
                                                 Transition::kMarkAbuse,
                                                 Transition::kDispositionToAgency,
                                                 Transition::kDispositionToUnit,
                                                 Transition::kForwardToAgency,
                                                 Transition::kNotOurAuthority,
                                                 Transition::kStartWork,
                                                 Transition::kReply,
                                                 Transition::kNote,
                                                 Transition::kReporterReply,
                                                 Transition::kResolve,
                                                 Transition::kConfirm,
                                                 Transition::kAutoClose,
                                                 Transition::kReopen,
                                                 Transition::kRate,
                                                 Transition::kArchive};
inline constexpr ActorKind kAllActors[] = {ActorKind::kReporter, ActorKind::kDesk, ActorKind::kAgency, ActorKind::kUnit,
                                           ActorKind::kSystem};

// The deadlines a complaint can miss (DOMAIN.md, LAPOR! time limits).
enum class Deadline { kVerify, kFollowUp, kComplete };
const char* to_string(Deadline d);  // "verify", "follow_up", "complete"

// The reporter as stored. Never leaves the service layer unless the viewer may
// see it (see service.hpp, reporter_visible()).
struct Reporter {
  std::optional<int64_t> user_id;  // a signed-in citizen
  std::string name;                // may be empty for guests
  std::string email, phone;        // the confirmed contact (one of them at least)
};

struct Location {
  std::optional<double> latitude, longitude;
  std::string address;
};

struct Complaint {
  int64_t id = 0;
  // Two identifiers (docs/api.md, "Identifiers"): the public id that lists,
  // public pages and Open311 show, and the tracking code, the reporter's
  // secret that no list ever shows.
  std::string public_id;
  std::string tracking_code;
  Type type = Type::kPengaduan;
  Privacy privacy = Privacy::kRahasia;
  Status status = Status::kSubmitted;
  std::string title, description;
  std::optional<int64_t> service_id;
  std::optional<int64_t> target_agency_id;  // the agency the reporter named
  std::optional<int64_t> agency_id;         // currently responsible
  std::optional<int64_t> unit_id;
  Location location;
  std::string event_date;       // YYYY-MM-DD or empty
  std::string channel = "web";  // web, api, open311, lapor
  std::string lapor_tracking_id;
  std::optional<int64_t> duplicate_of;
  std::string submitted_at, verified_at, dispositioned_at, first_response_at, resolved_at, closed_at, updated_at;
  // Deadlines (UTC); empty when not running.
  std::string verify_due_at, follow_up_due_at, auto_close_at, complete_due_at;
  std::optional<int> rating;  // 1..5, the reporter's rating of the handling
  std::string rating_comment;
  int version = 1;           // optimistic concurrency for transitions
  std::string contact_hash;  // of the reporter's contact; never leaves the service layer
  // Names for display, filled on read.
  std::string service_name, agency_name, unit_name;
};

// One timeline entry.
struct Event {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::string at;
  Transition kind = Transition::kNote;
  ActorKind actor = ActorKind::kSystem;
  std::optional<int64_t> actor_user_id;
  std::string actor_label;  // staff name (internal) or the agency name
  std::string from_status, to_status;
  bool internal = false;  // internal notes are never shown to the reporter or the public
  std::string message;
  std::optional<int64_t> agency_id, unit_id, related_id;
};

struct Attachment {
  int64_t id = 0;
  int64_t complaint_id = 0;
  std::optional<int64_t> event_id;
  std::string sha256, filename, mime;
  int64_t size = 0;
  std::string created_at;
};

}  // namespace layan::complaints
