#pragma once

#include <optional>
#include <string>
#include <vector>

#include "accounts/principal.hpp"
#include "complaints/model.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"

namespace layan {
struct App;
class WorkingDayCalendar;
}  // namespace layan

namespace layan::complaints {

using accounts::Principal;

// ---- Pure rules

// Time limits (DOMAIN.md "Complaints"), as configured: Config::complaints.
using DeadlinePolicy = ComplaintSettings;
// The completion target of a report type, in calendar days.
int complete_days(const DeadlinePolicy& p, Type t);

// Updates the status, the timestamps and the running deadlines of `c` for
// transition `t` to status `to` at `now` (pure). Every deadline is a working
// day deadline on `cal`, except completion (calendar days).
void apply_transition(Complaint& c, Transition t, Status to, TimePoint now, const WorkingDayCalendar& cal,
                      const DeadlinePolicy& p);
// Deadlines of a new report submitted at `now`.
void start_deadlines(Complaint& c, TimePoint now, const WorkingDayCalendar& cal, const DeadlinePolicy& p);

// The deadline a complaint has missed at `now`, if any, with its due time:
// verification, follow-up or completion, the earliest first.
struct Missed {
  Deadline deadline;
  std::string due_at;
};
std::optional<Missed> missed_deadline(const Complaint& c, TimePoint now);
// The escalation level reached at `now` for a deadline missed at `due`: 1 at
// the deadline, 2 after `step` more working days, 3 after 2 * step. A missed
// verification is the desk's, so it goes to the mall manager (level 3) at once.
int escalation_level(Deadline d, TimePoint due, TimePoint now, const WorkingDayCalendar& cal, const DeadlinePolicy& p);

// Similarity of two reports in [0, 1] for duplicate detection: shared search
// terms of title and description (Jaccard), raised when both have locations
// within 500 m of each other.
double similarity(const Complaint& a, const Complaint& b);
// Great-circle distance in metres.
double distance_m(double lat1, double lon1, double lat2, double lon2);

// A random tracking code such as "K7M2-9QXR-4TPA": 12 Crockford base32
// characters (60 bits), easy to read aloud and to type on a phone.
std::string new_tracking_code();
// Upper-cases, maps the ambiguous I/L/O to 1/1/0 and re-inserts dashes;
// nullopt when it cannot be a tracking code.
std::optional<std::string> normalize_tracking_code(const std::string& text);

// A random public id such as "LAP-7K3M9-Q2XT4": what lists, public pages and
// Open311 (`service_request_id`) show. Unlike the tracking code it opens
// nothing but what the report's privacy already makes public.
std::string new_public_id();
// Upper-cases, forgives the I/L/O typos after the prefix and re-inserts the
// dashes; nullopt when it cannot be a public id.
std::optional<std::string> normalize_public_id(const std::string& text);

// A contact as given: an email address, or an Indonesian phone number
// normalised to +62… ("0812-3456-789" → "+628123456789"). nullopt when it is
// neither.
struct Contact {
  std::string channel;  // "email" or "sms"
  std::string value;
};
std::optional<Contact> parse_contact(const std::string& text);
// "b***@gmail.com", "+62812****789": enough for the reporter to recognise.
std::string mask_contact(const std::string& contact);

// ---- Intake

struct Upload {
  std::string filename, content_type, data;
};

struct NewComplaint {
  std::string type = "pengaduan";
  std::string privacy = "rahasia";  // privacy by default
  std::string title, description, event_date, address;
  std::optional<int64_t> service_id, agency_id;
  std::optional<double> latitude, longitude;
  std::string contact_token;  // a guest's confirmed contact (confirm_contact())
  // Only integrations (Open311, the LAPOR! bridge) and the desk give the
  // reporter directly (each optional).
  std::string reporter_name, reporter_email, reporter_phone;
  std::string channel = "web";
  // The desk only: how the mall received a report it records for a citizen
  // (kRecordedChannels: at the counter, by phone, by letter). It becomes the
  // report's channel.
  std::string received_via;
  std::string lapor_tracking_id;
  // The SP4N-LAPOR! bridge only (an integration, with agency_id): LAPOR!
  // verified the report and chose the agency, so it arrives at_agency with
  // the follow-up deadline running.
  bool arrives_dispositioned = false;
  std::string intake_note;  // integrations: the message of the first timeline event (shown to the reporter)
  std::vector<Upload> attachments;
  std::string idempotency_key;  // a retry with the same key returns the first record
  std::string client_ip;
};

struct Submitted {
  Complaint complaint;
  bool replayed = false;  // an Idempotency-Key retry: the first record
  std::vector<int64_t> similar_ids;
};

// How the desk may have received a report it records.
inline constexpr const char* kRecordedChannels[] = {"counter", "phone", "letter"};

// Validates and stores a report; its attachments are sniffed and stored
// first. Citizens report as themselves; guests need a confirmed contact
// token; integrations give the reporter; the desk (kVerifyComplaints) records
// a report a citizen brought to the counter, phoned in or wrote, with
// `received_via` and the reporter as the citizen gave it (other staff are
// refused). Whistle-blowing is always rahasia. Guests and citizens are rate
// limited per client address and per contact (kTooManyRequests).
Result<Submitted> submit(App& app, const Principal& who, NewComplaint in);

// A guest asks for a one-time code at `contact`. Returns the confirmation id
// to send back with the code. The code goes out through the outbox.
Result<int64_t> request_contact_code(App& app, const std::string& contact, const std::string& client_ip);
// Checks the code (at most 5 tries, valid 15 minutes) and returns a token
// that proves the contact for 2 hours.
Result<std::string> confirm_contact(App& app, int64_t confirmation_id, const std::string& code);
// Where a guest's contact token travels: the API's header and the pages'
// cookie (HttpOnly).
inline constexpr const char* kContactTokenHeader = "x-contact-token";
inline constexpr const char* kContactCookie = "layan_contact";
// The contact a guest's token proves, masked ("b***@gmail.com"), while the
// token is valid (confirmed, at most 2 hours old); nullopt otherwise. Lets a
// page say who is reporting, and ask for a new code once it has expired.
std::optional<std::string> confirmed_contact(App& app, const std::string& contact_token);

// ---- Reading, with privacy applied

// What the viewer may see of one complaint. The reporter is present only when
// the viewer may see the identity (see Privacy); events are filtered
// (internal notes for staff only).
struct ComplaintView {
  Complaint complaint;
  std::vector<Event> events;
  std::vector<Attachment> attachments;
  std::optional<Reporter> reporter;
  std::string reporter_contact_masked;  // for the reporter's own view
  std::vector<ActorKind> acting_as;     // how the viewer may act on it
  std::vector<Transition> available;    // what the viewer may do now
  std::optional<Missed> overdue;
  int escalations = 0;  // levels escalated so far (staff views)
  bool is_reporter = false;
  // The report's own words (title, description), place, event date and
  // rating comment were left out: the viewer is not the reporter and the
  // report is not public.
  bool text_withheld = false;
};

// Staff (desk, the responsible agency/unit, evaluators): by id.
Result<ComplaintView> view_for_staff(App& app, const Principal& who, int64_t id);
// By tracking code (docs/api.md, "Identifiers"). The reporter (the signed-in
// owner, or a guest whose `contact_token` proves the report's contact) sees
// the whole report with their own replies and files and may act on it.
// Anyone else holding the code sees what view_anyone() shows: the code alone
// never opens the reporter's words, files or identity.
Result<ComplaintView> view_by_code(App& app, const Principal& who, const std::string& tracking_code,
                                   const std::string& contact_token);
// Anyone, by public id (or tracking code): status, deadlines, the staff's
// public replies and their files, never an identity or the reporter's own
// replies and files. The report's text and place only when it is public (not
// rahasia, not whistle-blowing, verified or later); otherwise text_withheld.
// kNotFound when no report has this id.
Result<ComplaintView> view_anyone(App& app, const std::string& reference);
// The public reports among `public_ids`, as view_anyone() shows them, in the
// order given (others are left out), in three queries.
std::vector<ComplaintView> views_public(App& app, const std::vector<std::string>& public_ids);
// The id of the report a public id or tracking code names, for staff forms
// that refer to another report; nullopt when none. Reveals nothing: callers
// pass the id to an operation that authorizes.
std::optional<int64_t> find_reference(App& app, const std::string& reference);

struct ListQuery {
  // "desk", "agency", "mine", "all" (evaluators, the desk), or "public"
  // (anyone: the public reports views_public() shows, for Open311).
  std::string box;
  std::vector<std::string> statuses;
  std::optional<std::string> type;
  bool overdue_only = false;
  std::string q;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> service_id;
  std::string submitted_from, submitted_to;  // [from, to), format_utc() text; empty: open
  std::string cursor;
  int limit = 20;
};
struct ListPage {
  std::vector<Complaint> items;
  std::string next_cursor;
  int64_t total = 0;
};
Result<ListPage> list(App& app, const Principal& who, const ListQuery& q);

// Reports similar to `id` for the verifying desk (score >= 0.3, best first).
struct SimilarReport {
  Complaint complaint;
  double score = 0;
};
Result<std::vector<SimilarReport>> similar(App& app, const Principal& who, int64_t id);

// ---- Acting

struct ActionInput {
  Transition kind = Transition::kNote;
  std::string message;
  std::optional<int64_t> agency_id, unit_id, related_id;
  std::optional<int> rating;
  std::vector<Upload> attachments;
  std::optional<int> expected_version;  // stale form → kConflict
  std::string client_ip;                // a reporter's additions count against its hourly limit
};
// Performs one transition on complaint `id` as `who` (a reporter proves
// themselves by account or `contact_token`). What a reporter adds (replies,
// completions, reopening) is limited per report and hour, the files per
// report, and counts against the client address's hourly intake limit
// (kTooManyRequests, or kValidation on `attachments`). Records the timeline event and an
// audit event, updates deadlines and queues notifications, in one transaction.
Result<Complaint> act(App& app, const Principal& who, int64_t id, const ActionInput& in,
                      const std::string& contact_token = "");

// The verification desk reveals a confidential or anonymous reporter's
// identity, with a reason. Audited; the only way to see it.
Result<Reporter> reveal_reporter(App& app, const Principal& who, int64_t id, const std::string& reason);

// ---- Background jobs (run under jobs::run_exclusively)

struct SweepReport {
  int escalated = 0, auto_closed = 0;
};
// Auto-closes resolved reports past their time and records each escalation
// level reached (exactly once per level), notifying the recipients.
SweepReport sweep_deadlines(App& app, TimePoint now);
// The background job: sweep_deadlines(), logging what it did.
void deadlines_job(App& app, TimePoint now);

}  // namespace layan::complaints
