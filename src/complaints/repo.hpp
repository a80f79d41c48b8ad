#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "complaints/model.hpp"
#include "store/database.hpp"

// The complaints module's SQL. Every function runs on the caller's session,
// inside the caller's transaction when there is one. No function here checks
// authorization or privacy: the service layer does, before calling.
namespace layan::complaints::repo {

// ---- Complaints
struct NewComplaintRow {
  Complaint complaint;  // id, names and version ignored
  Reporter reporter;
  std::string contact_hash;
  std::string idempotency_hash;  // empty: none
  std::string search_text;
};
int64_t insert_complaint(soci::session& sql, const NewComplaintRow& row);
std::optional<Complaint> find_complaint(soci::session& sql, int64_t id);
std::optional<Complaint> find_by_code(soci::session& sql, const std::string& tracking_code);
std::optional<Complaint> find_by_public_id(soci::session& sql, const std::string& public_id);
// The complaints with these public ids, in one query (order unspecified;
// unknown ids are left out).
std::vector<Complaint> find_by_public_ids(soci::session& sql, store::Dialect dialect,
                                          const std::vector<std::string>& public_ids);
std::optional<Complaint> find_by_idempotency(soci::session& sql, const std::string& idempotency_hash);
std::optional<Complaint> find_by_lapor_id(soci::session& sql, const std::string& lapor_tracking_id);
// Writes every mutable field of `c` when its stored version is still
// `c.version`, and increments it. False when someone else changed it first.
bool update_complaint(soci::session& sql, const Complaint& c);
Reporter find_reporter(soci::session& sql, int64_t complaint_id);
void update_search_text(soci::session& sql, int64_t complaint_id, const std::string& search_text);

// Filters of the desk queue, the agency inboxes and the evaluator's list.
struct ListFilter {
  std::vector<std::string> statuses;  // empty: any
  std::optional<int64_t> agency_id;   // responsible agency
  std::optional<int64_t> unit_id;     // responsible unit
  std::optional<int64_t> reporter_user_id;
  std::optional<std::string> type;
  std::vector<std::string> terms;  // search_terms(); each must occur
  std::string overdue_at;          // non-empty: only those with a deadline before this time
  bool public_only = false;        // not rahasia, not whistle-blowing, verified or later
  std::optional<int64_t> service_id;
  std::string submitted_from, submitted_to;  // [from, to) UTC, empty: open
};
// Newest first by (submitted_at, id); `before` is the keyset cursor.
std::vector<Complaint> list_complaints(soci::session& sql, const ListFilter& f,
                                       const std::optional<std::pair<std::string, int64_t>>& before, int limit);
int64_t count_complaints(soci::session& sql, const ListFilter& f);

// Recent reports about the same service, agency or unit (candidates for
// duplicate detection), excluding `except_id`.
std::vector<Complaint> similar_candidates(soci::session& sql, const Complaint& c, const std::string& since, int limit);

// ---- Timeline and attachments
int64_t insert_event(soci::session& sql, const Event& e);
std::vector<Event> list_events(soci::session& sql, int64_t complaint_id);
// The events of several complaints in one query, by complaint, oldest first.
std::vector<Event> list_events_of(soci::session& sql, store::Dialect dialect, const std::vector<int64_t>& ids);
int64_t insert_attachment(soci::session& sql, const Attachment& a);
std::vector<Attachment> list_attachments(soci::session& sql, int64_t complaint_id);
// The attachments of several complaints in one query, by complaint.
std::vector<Attachment> list_attachments_of(soci::session& sql, store::Dialect dialect,
                                            const std::vector<int64_t>& ids);
std::optional<Attachment> find_attachment(soci::session& sql, int64_t id);

// ---- Deadlines and escalation
// Open complaints with a deadline at or before `now`.
std::vector<Complaint> overdue(soci::session& sql, const std::string& now, int limit);
// Records an escalation; false when that level was already recorded (by this
// or another node), so each level fires exactly once.
bool record_escalation(soci::session& sql, int64_t complaint_id, Deadline d, const std::string& due_at, int level,
                       const std::string& at);
int count_escalations(soci::session& sql, int64_t complaint_id);
// What the reporter added to one report since `since`: replies, completions
// and reopenings (the events a reporter writes words or files with).
int reporter_additions_since(soci::session& sql, int64_t complaint_id, const std::string& since);
int count_attachments(soci::session& sql, int64_t complaint_id);
// Resolved complaints whose auto-close time has passed.
std::vector<int64_t> due_for_auto_close(soci::session& sql, const std::string& now, int limit);

// Staff who hear about an escalation: level 1 the unit's head (its unit-scoped
// agency admins, else its officers), level 2 the agency's admins, level 3
// the mall's managers. Active accounts only; (email, name).
std::vector<std::pair<std::string, std::string>> escalation_recipients(soci::session& sql, int level,
                                                                       std::optional<int64_t> agency_id,
                                                                       std::optional<int64_t> unit_id);

// ---- Guest contacts and rate limits
struct ContactConfirmation {
  int64_t id = 0;
  std::string contact_hash, channel, contact, code_hash, client_hash, created_at, expires_at, confirmed_at;
  int attempts = 0;
};
int64_t insert_confirmation(soci::session& sql, const ContactConfirmation& c);
std::optional<ContactConfirmation> find_confirmation(soci::session& sql, int64_t id);
std::optional<ContactConfirmation> find_confirmation_by_token(soci::session& sql, const std::string& token_hash);
void count_attempt(soci::session& sql, int64_t id);
void confirm(soci::session& sql, int64_t id, const std::string& token_hash, const std::string& at);
int confirmations_since(soci::session& sql, const std::string& contact_hash, const std::string& client_hash,
                        const std::string& since, bool by_contact);
int submissions_by_contact_since(soci::session& sql, const std::string& contact_hash, const std::string& since);
int abuse_by_contact_since(soci::session& sql, const std::string& contact_hash, const std::string& since);
int submissions_by_client_since(soci::session& sql, const std::string& client_hash, const std::string& since);
void log_submission(soci::session& sql, const std::string& client_hash, const std::string& at);
// Forgets guest contact confirmations (and the contacts they hold) and intake
// log rows older than `before`: both only serve limits and tokens of hours.
void prune_intake(soci::session& sql, const std::string& before);

// ---- Statistics (no personal data)
struct StatusCount {
  std::string status;
  int64_t count = 0;
};
std::vector<StatusCount> count_by_status(soci::session& sql, const std::string& from, const std::string& to);
struct MonthRow {
  std::string month;      // YYYY-MM of submission, in the mall's local time
  int64_t agency_id = 0;  // 0: not (or no longer) with an agency: at the desk, rejected, ...
  std::string agency_name;
  int64_t received = 0, closed = 0, closed_in_time = 0;
};
// Complaints submitted in [from, to) by month of submission and responsible
// agency, every complaint counted once. closed: closed (or archived after
// closing); closed_in_time: of those, closed no later than complete_due_at.
// Months are local: submitted_at shifted by `utc_offset_hours` (the mall's
// zone, -12..14). Ordered by month, then agency name (agency 0 first).
std::vector<MonthRow> monthly_by_agency(soci::session& sql, store::Dialect dialect, const std::string& from,
                                        const std::string& to, int utc_offset_hours);

// ---- The SP4N-LAPOR! bridge
// Records the LAPOR! tracking number of a complaint that has none yet (bumps
// version and updated_at). False when it has one already.
bool set_lapor_tracking_id(soci::session& sql, int64_t complaint_id, const std::string& lapor_tracking_id,
                           const std::string& at);

}  // namespace layan::complaints::repo
