#include "complaints/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "accounts/authz.hpp"
#include "accounts/repo.hpp"
#include "accounts/service.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "calendar/service.hpp"
#include "catalogue/repo.hpp"
#include "catalogue/service.hpp"
#include "complaints/lifecycle.hpp"
#include "complaints/repo.hpp"
#include "core/crypto.hpp"
#include "core/cursor.hpp"
#include "core/time_zone.hpp"
#include "core/validation.hpp"
#include "core/working_days.hpp"
#include "files/attachment.hpp"
#include "files/repo.hpp"
#include "files/store.hpp"
#include "notify/service.hpp"
#include "store/database.hpp"
#include "store/group_commit.hpp"

namespace layan::complaints {
namespace {

using accounts::Action;
using accounts::Role;
using accounts::Scope;
using validation::Errors;
using validation::Label;

constexpr size_t kTitleMax = 150;
constexpr size_t kDescriptionMax = 4000;  // Open311 allows 4,000 characters
constexpr size_t kMessageMax = 4000;
constexpr size_t kAddressMax = 300;
constexpr int kCodeMinutes = 15;
constexpr int kCodeTries = 5;
constexpr int kTokenHours = 2;

// Contacts and client addresses are kept as hashes wherever they are only
// compared (rate limits, abuse counts, ownership by contact).
std::string contact_hash(const std::string& normalized) {
  return crypto::sha256_hex("layan-contact\n" + normalized);
}
std::string code_hash(const std::string& contact_hash, const std::string& code) {
  return crypto::sha256_hex("layan-code\n" + contact_hash + "\n" + code);
}
std::string client_hash(const std::string& ip) {
  return crypto::sha256_hex("layan-client\n" + ip);
}

Scope scope_of(const Complaint& c) {
  return Scope{c.agency_id, c.unit_id};
}

// The ways `who` may act on `c`. `reporter` is true when the caller proved to
// be its reporter.
std::vector<ActorKind> actor_kinds(const Principal& who, const Complaint& c, bool reporter) {
  std::vector<ActorKind> kinds;
  if (c.agency_id) {
    if (accounts::authorize(who, Action::kRouteComplaints, scope_of(c))) kinds.push_back(ActorKind::kAgency);
    if (accounts::authorize(who, Action::kHandleComplaints, scope_of(c))) kinds.push_back(ActorKind::kUnit);
  }
  if (accounts::authorize(who, Action::kVerifyComplaints)) kinds.push_back(ActorKind::kDesk);
  if (reporter) kinds.push_back(ActorKind::kReporter);
  return kinds;
}

bool staff_may_read(const Principal& who, const Complaint& c) {
  if (accounts::authorize(who, Action::kVerifyComplaints)) return true;
  if (who.role == Role::kEvaluator) return true;
  return c.agency_id && accounts::authorize(who, Action::kReadComplaints, scope_of(c));
}

// Whether a staff viewer may see the reporter's identity: only for kBiasa
// reports, and never for evaluators (they see data, not people).
bool identity_visible_to_staff(const Principal& who, const Complaint& c) {
  if (c.privacy != Privacy::kBiasa || c.type == Type::kWhistleblowing) return false;
  return who.role == Role::kMppAdmin || who.role == Role::kAgencyAdmin || who.role == Role::kOfficer;
}

bool is_public(const Complaint& c) {
  return c.privacy != Privacy::kRahasia && c.type != Type::kWhistleblowing &&
         (c.status == Status::kVerified || c.status == Status::kAtAgency || c.status == Status::kAtUnit ||
          c.status == Status::kInProgress || c.status == Status::kResolved || c.status == Status::kClosed);
}

// Proof that the caller is the reporter: the signed-in owner, or a confirmed
// contact token for the report's contact.
// The confirmation a guest's contact token stands for, while it is valid.
std::optional<repo::ContactConfirmation> confirmed_by_token(soci::session& sql, const std::string& contact_token,
                                                            TimePoint now) {
  if (contact_token.empty() || contact_token.size() > 200) return std::nullopt;
  auto conf = repo::find_confirmation_by_token(sql, crypto::sha256_hex(contact_token));
  TimePoint confirmed{};
  if (!conf || !parse_utc(conf->confirmed_at, confirmed) || confirmed + std::chrono::hours(kTokenHours) < now) {
    return std::nullopt;
  }
  return conf;
}

bool proves_reporter(soci::session& sql, const Principal& who, const Complaint& c, const Reporter& r,
                     const std::string& contact_token, TimePoint now) {
  if (who.role == Role::kCitizen && who.user_id && r.user_id && *r.user_id == who.user_id) return true;
  auto conf = confirmed_by_token(sql, contact_token, now);
  return conf && !c.contact_hash.empty() && crypto::equal_constant_time(conf->contact_hash, c.contact_hash);
}

// The ways `who` may act on `c`, or the answer when there is none: 403 for
// staff who may read it, 401 for a guest without a contact token, otherwise
// 404 (nobody learns that a report exists).
Result<std::vector<ActorKind>> acting_kinds(soci::session& sql, const Principal& who, const Complaint& c,
                                            const std::string& contact_token, TimePoint now) {
  const bool reporter = proves_reporter(sql, who, c, repo::find_reporter(sql, c.id), contact_token, now);
  auto kinds = actor_kinds(who, c, reporter);
  if (!kinds.empty()) return kinds;
  if (staff_may_read(who, c)) return Error::forbidden("not allowed to act on this complaint");
  if (!who.authenticated() && contact_token.empty()) return Error::unauthenticated("confirm your contact first");
  return Error::not_found("no such complaint");
}

// A deadline as staff messages name it.
const char* deadline_words(Deadline d) {
  switch (d) {
    case Deadline::kVerify:
      return "verifikasi oleh meja pengaduan";
    case Deadline::kFollowUp:
      return "tindak lanjut pertama";
    case Deadline::kComplete:
      return "penyelesaian";
  }
  return "";
}

// The text a reporter's message links to.
std::string tracking_link(const App& app, const std::string& code) {
  return app.config.public_url + "/pengaduan/lacak?kode=" + code;
}

// Queues a message to the reporter's contact, if there is one. Inside the
// caller's transaction.
void tell(soci::session& sql, App& app, const Complaint& c, const Reporter& r, const std::string& subject,
          const std::string& body, const std::string& now) {
  notify::Message m;
  m.entity = "complaint";
  m.entity_id = c.id;
  m.subject = subject + " [" + c.tracking_code + "]";
  m.body = body + "\n\nKode pelacakan / tracking code: " + c.tracking_code + "\n" +
           tracking_link(app, c.tracking_code) + "\n\n-- \nMal Pelayanan Publik (layan)\n";
  if (!r.email.empty()) {
    m.channel = notify::kEmail;
    m.recipient = r.email;
  } else if (!r.phone.empty()) {
    m.channel = notify::kSms;
    m.recipient = r.phone;
    m.body = subject + ". " + body + " Kode: " + c.tracking_code;
  } else {
    return;
  }
  notify::enqueue(sql, app.db->dialect(), m, now);
}

void tell_reporter(soci::session& sql, App& app, const Complaint& c, const std::string& subject,
                   const std::string& body, const std::string& now) {
  tell(sql, app, c, repo::find_reporter(sql, c.id), subject, body, now);
}

// Queues a message to staff: the agency's admins on a disposition, the
// recipients of an escalation level.
void tell_staff(soci::session& sql, App& app, const std::vector<std::pair<std::string, std::string>>& recipients,
                const Complaint& c, const std::string& subject, const std::string& body, const std::string& now) {
  for (const auto& [email, name] : recipients) {
    notify::Message m;
    m.channel = notify::kEmail;
    m.recipient = email;
    m.entity = "complaint";
    m.entity_id = c.id;
    m.subject = subject + " [" + c.tracking_code + "]";
    m.body = "Yth. " + name + ",\n\n" + body + "\n\n" + app.config.public_url + "/kelola/pengaduan/" +
             std::to_string(c.id) + "\n\n-- \nMal Pelayanan Publik (layan)\n";
    notify::enqueue(sql, app.db->dialect(), m, now);
  }
}

struct StoredUploads {
  std::vector<files::AcceptedFile> accepted;
};

// Checks every upload (count, sniffed type, size, name); writes nothing.
Result<StoredUploads> accept_uploads(App& app, const std::vector<Upload>& uploads) {
  StoredUploads out;
  if (uploads.empty()) return out;
  if (auto s = files::check_attachment_count(uploads.size(), app.config.max_attachments); !s) return s.error();
  std::vector<FieldError> errors;
  const auto limits = files::attachment_limits(app.config);
  for (const auto& u : uploads) {
    auto a = files::accept_attachment(u.filename, u.content_type, u.data, limits);
    if (!a) {
      for (const auto& f : a.error().fields) errors.push_back(f);
      continue;
    }
    out.accepted.push_back(*a);
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  if (!app.files) return Error{ErrorKind::kBadRequest, "this command stores no files", {}};
  return out;
}

// Writes accepted uploads to the file store, before any transaction (fsyncs
// must not hold the write lock). A file written for a request that then
// fails has no stored_files row: the file_sweep job removes it.
void put_uploads(App& app, const StoredUploads& accepted, const std::vector<Upload>& uploads) {
  for (size_t i = 0; i < accepted.accepted.size(); ++i) {
    if (auto s = app.files->put(accepted.accepted[i].sha256, uploads[i].data); !s) {
      throw std::logic_error("file store refused an accepted upload: " + s.error().detail);
    }
  }
}

void record_uploads(soci::session& sql, const StoredUploads& uploads, int64_t complaint_id,
                    std::optional<int64_t> event_id, const std::string& now) {
  for (const auto& f : uploads.accepted) {
    files::repo::record_file(sql, files::StoredFile{f.sha256, f.mime, f.size, now});
    Attachment a;
    a.complaint_id = complaint_id;
    a.event_id = event_id;
    a.sha256 = f.sha256;
    a.filename = f.filename;
    a.mime = f.mime;
    a.size = f.size;
    a.created_at = now;
    repo::insert_attachment(sql, a);
  }
}

layan::Status validate_new(const NewComplaint& in, bool reporter_given, bool desk) {
  Errors e;
  if (desk && std::none_of(std::begin(kRecordedChannels), std::end(kRecordedChannels),
                           [&](const char* ch) { return in.received_via == ch; })) {
    e.add("received_via", "invalid", "Pilih cara laporan diterima: loket, telepon, atau surat",
          "Choose how the report was received: counter, phone or letter");
  }
  if (!parse_type(in.type)) {
    e.add("type", "invalid", "Jenis laporan tidak dikenal", "Unknown report type");
  }
  if (!parse_privacy(in.privacy)) {
    e.add("privacy", "invalid", "Pilihan kerahasiaan tidak dikenal", "Unknown privacy choice");
  }
  e.text("title", in.title, Label{"Judul", "Title"}, true, kTitleMax);
  if (!validation::blank(in.title) && in.title.size() < 5) {
    e.add("title", "too_short", "Judul minimal 5 karakter", "Title must be at least 5 characters");
  }
  e.text("description", in.description, Label{"Isi laporan", "Description"}, true, kDescriptionMax, true);
  e.text("address", in.address, Label{"Alamat lokasi", "Address"}, false, kAddressMax);
  if (in.latitude.has_value() != in.longitude.has_value()) {
    e.add("latitude", "incomplete", "Isi lintang dan bujur bersama-sama", "Give latitude and longitude together");
  }
  if (in.latitude && (*in.latitude < -90 || *in.latitude > 90 || std::isnan(*in.latitude))) {
    e.add("latitude", "out_of_range", "Lintang harus antara -90 dan 90", "Latitude must be between -90 and 90");
  }
  if (in.longitude && (*in.longitude < -180 || *in.longitude > 180 || std::isnan(*in.longitude))) {
    e.add("longitude", "out_of_range", "Bujur harus antara -180 dan 180", "Longitude must be between -180 and 180");
  }
  if (!in.event_date.empty()) {
    TimePoint t{};
    if (in.event_date.size() != 10 || !parse_utc(in.event_date + "T00:00:00Z", t) || format_date(t) != in.event_date) {
      e.add("event_date", "invalid", "Tanggal kejadian harus berbentuk TTTT-BB-HH",
            "Event date must be a date YYYY-MM-DD");
    }
  }
  if (!in.service_id && !in.agency_id) {
    e.add("service_id", "required", "Pilih layanan atau instansi yang dilaporkan",
          "Choose the service or the agency the report is about");
  }
  if (reporter_given) {
    e.text("reporter_name", in.reporter_name, Label{"Nama pelapor", "Reporter name"}, false, 120);
    if (!in.reporter_email.empty() &&
        (!parse_contact(in.reporter_email) || parse_contact(in.reporter_email)->channel != "email")) {
      e.add("reporter_email", "invalid", "Alamat email pelapor tidak sah", "Reporter email is not valid");
    }
    if (!in.reporter_phone.empty() &&
        (!parse_contact(in.reporter_phone) || parse_contact(in.reporter_phone)->channel != "sms")) {
      e.add("reporter_phone", "invalid", "Nomor ponsel pelapor tidak sah", "Reporter phone is not valid");
    }
  }
  return e.result();
}

Error rate_limited(const char* what_id, const char* what_en) {
  return Error{ErrorKind::kTooManyRequests, what_en, {{"", "rate_limited", what_id, what_en}}};
}

std::string hours_ago(TimePoint now, int hours) {
  return format_utc(now - std::chrono::hours(hours));
}

// The reporter's transitions that add words or files to a report.
bool adds_to_report(Transition t) {
  return t == Transition::kReporterReply || t == Transition::kComplete || t == Transition::kReopen;
}

// What a reporter may still add to report `c` at `now` from address hash
// `client`: a few additions an hour per report, a cap on the report's files,
// and the address's hourly intake limit, which every addition counts against.
layan::Status reporter_may_add(soci::session& sql, const ComplaintSettings& limits, const Complaint& c, size_t files,
                               const std::string& client, TimePoint now) {
  if (repo::reporter_additions_since(sql, c.id, hours_ago(now, 1)) >= limits.max_reporter_replies_hour) {
    return rate_limited("Terlalu banyak tanggapan untuk laporan ini. Coba lagi dalam satu jam.",
                        "Too many replies to this report. Try again in an hour.");
  }
  if (repo::submissions_by_client_since(sql, client, hours_ago(now, 1)) >= limits.max_per_client_hour) {
    return rate_limited("Terlalu banyak laporan dan tanggapan dari alamat ini. Coba lagi nanti.",
                        "Too many reports and replies from this address. Try again later.");
  }
  if (files > 0 && static_cast<size_t>(repo::count_attachments(sql, c.id)) + files >
                       static_cast<size_t>(limits.max_files_per_report)) {
    const std::string max = std::to_string(limits.max_files_per_report);
    return Error::validation({{"attachments", "too_many", "Laporan ini sudah mencapai batas " + max + " lampiran",
                               "This report has reached its limit of " + max + " files"}});
  }
  return ok_status();
}

// Fills names for display after a write (the stored row has them joined).
Complaint reload(soci::session& sql, int64_t id) {
  return *repo::find_complaint(sql, id);
}

std::string search_text_of(const Complaint& c) {
  std::string out;
  for (const auto& t : catalogue::search_terms(c.title + " " + c.description + " " + c.tracking_code)) {
    out += (out.empty() ? "" : " ") + t;
  }
  return " " + out + " ";
}

// The timeline, audit trail and messages of a report that arrives already
// verified and dispositioned (the SP4N-LAPOR! bridge): LAPOR!'s desk did
// both, so the agency's follow-up deadline runs from now.
void record_arrival_at_agency(soci::session& sql, App& app, const Principal& who, const Complaint& c,
                              const std::string& now_s) {
  const std::pair<Transition, Status> steps[] = {{Transition::kVerify, Status::kVerified},
                                                 {Transition::kDispositionToAgency, Status::kAtAgency}};
  Status from = Status::kSubmitted;
  for (const auto& [kind, to] : steps) {
    Event ev;
    ev.complaint_id = c.id;
    ev.at = now_s;
    ev.kind = kind;
    ev.actor = ActorKind::kSystem;
    ev.actor_label = "SP4N-LAPOR!";
    ev.from_status = to_string(from);
    ev.to_status = to_string(to);
    ev.message = kind == Transition::kVerify ? "Diverifikasi di SP4N-LAPOR! / verified in SP4N-LAPOR!"
                                             : "Didisposisikan melalui SP4N-LAPOR! / dispositioned through SP4N-LAPOR!";
    ev.agency_id = kind == Transition::kDispositionToAgency ? c.agency_id : std::nullopt;
    repo::insert_event(sql, ev);
    nlohmann::json detail = {{"from", to_string(from)}, {"to", to_string(to)}, {"as", "lapor"}};
    if (kind == Transition::kDispositionToAgency) detail["agency_id"] = *c.agency_id;
    audit::append(sql, app.db->dialect(), who, now_s, std::string("complaint.") + to_string(kind), "complaint", c.id,
                  detail);
    from = to;
  }
  tell_staff(sql, app, repo::escalation_recipients(sql, 2, c.agency_id, std::nullopt), c,
             "Laporan baru dari SP4N-LAPOR! / New report from SP4N-LAPOR!",
             "Laporan \"" + c.title + "\" (SP4N-LAPOR! " + c.lapor_tracking_id +
                 ") didisposisikan ke instansi Anda. Tindak lanjut pertama paling lambat " +
                 local_time_text(c.follow_up_due_at, calendar::working_days(app, sql)->utc_offset_hours()) + ".",
             now_s);
  tell_reporter(sql, app, c, "Laporan SP4N-LAPOR! Anda diteruskan / Your SP4N-LAPOR! report was forwarded",
                "Laporan Anda di SP4N-LAPOR! (" + c.lapor_tracking_id + ") telah diteruskan kepada " + c.agency_name +
                    " untuk ditindaklanjuti.\nYour SP4N-LAPOR! report was forwarded to the agency for follow-up.",
                now_s);
}

}  // namespace

// ---- Intake

Result<Submitted> submit(App& app, const Principal& who, NewComplaint in) {
  const bool integration = who.role == Role::kIntegration;
  // The desk's reports are ones it records for a citizen.
  const bool desk = who.is_staff() && accounts::authorize(who, Action::kVerifyComplaints).ok();
  if (!in.received_via.empty() && !desk) {
    return Error::forbidden("only the MPP desk records reports received at the counter, by phone or by letter");
  }
  if (who.is_staff() && !desk) {
    return Error::forbidden("staff report through the desk's own channels, not as citizens");
  }
  // Integrations and the desk give the reporter; nobody proves a contact.
  const bool reporter_given = integration || desk;
  if (auto s = validate_new(in, reporter_given, desk); !s) return s.error();
  if (in.arrives_dispositioned && (!integration || !in.agency_id)) {
    return Error::forbidden("only the LAPOR! bridge delivers reports dispositioned to a named agency");
  }
  const TimePoint now = app.clock->now();
  const std::string now_s = format_utc(now);
  const auto& limits = app.config.complaints;

  Complaint c;
  c.type = *parse_type(in.type);
  c.privacy = *parse_privacy(in.privacy);
  // Whistle-blowing is confidential whatever was asked.
  if (c.type == Type::kWhistleblowing) c.privacy = Privacy::kRahasia;
  c.title = in.title;
  c.description = in.description;
  c.service_id = in.service_id;
  c.target_agency_id = in.agency_id;
  c.location = Location{in.latitude, in.longitude, in.address};
  c.event_date = in.event_date;
  c.channel = desk ? in.received_via : in.channel;
  c.lapor_tracking_id = in.lapor_tracking_id;
  c.status = Status::kSubmitted;
  c.public_id = new_public_id();
  c.tracking_code = new_tracking_code();

  auto uploads = accept_uploads(app, in.attachments);
  if (!uploads) return uploads.error();

  const std::string idem_hash =
      in.idempotency_key.empty()
          ? ""
          : crypto::sha256_hex("complaint\n" + std::string(accounts::role_name(who.role)) + "\n" +
                               std::to_string(who.user_id) + "\n" + std::to_string(who.api_key_id) + "\n" +
                               (who.authenticated() ? "" : in.contact_token) + "\n" + in.idempotency_key);
  const std::string client = client_hash(in.client_ip);
  const auto cal = calendar::working_days(app);
  const DeadlinePolicy& policy = app.config.complaints;

  const auto address_over_limit = [&](soci::session& sql) {
    return repo::submissions_by_client_since(sql, client, hours_ago(now, 1)) >= limits.max_per_client_hour;
  };
  const auto address_limited = [] {
    return rate_limited("Terlalu banyak laporan dari alamat ini. Coba lagi nanti.",
                        "Too many reports from this address. Try again later.");
  };

  // Reads that need no lock run before the shared transaction, so that its
  // leader spends its time on writes; the limits and the Idempotency-Key
  // lookup stay inside it, where they hold under concurrency.
  std::string service_name;
  Reporter reporter;
  std::string contact;
  {
    soci::session sql(app.db->pool());
    Errors e;
    if (c.service_id) {
      auto svc = catalogue::repo::find_service(sql, *c.service_id);
      if (!svc || !svc->active) {
        e.add("service_id", "not_found", "Layanan tidak ditemukan", "No such service");
      } else {
        service_name = svc->name;
        if (!c.target_agency_id) c.target_agency_id = svc->agency_id;
        if (*c.target_agency_id != svc->agency_id) {
          e.add("agency_id", "mismatch", "Layanan itu bukan milik instansi yang dipilih",
                "That service does not belong to the chosen agency");
        }
      }
    } else if (c.target_agency_id && !catalogue::repo::find_agency(sql, *c.target_agency_id)) {
      e.add("agency_id", "not_found", "Instansi tidak ditemukan", "No such agency");
    }
    if (reporter_given) {
      reporter.name = in.reporter_name;
      if (!in.reporter_email.empty()) reporter.email = parse_contact(in.reporter_email)->value;
      if (!in.reporter_phone.empty()) reporter.phone = parse_contact(in.reporter_phone)->value;
      contact = !reporter.email.empty() ? reporter.email : reporter.phone;
    } else if (who.role == Role::kCitizen) {
      auto user = accounts::repo::find_user(sql, who.user_id);
      if (!user) return Error::unauthenticated("the account no longer exists");
      reporter.user_id = who.user_id;
      reporter.name = user->name;
      reporter.email = user->email;
      contact = user->email;
    } else {
      auto conf = confirmed_by_token(sql, in.contact_token, now);
      if (!conf) {
        e.add("contact_token", "unconfirmed", "Konfirmasi dulu email atau nomor ponsel Anda dengan kode",
              "Confirm your email or phone number with the code first");
      } else {
        (conf->channel == "email" ? reporter.email : reporter.phone) = conf->contact;
        contact = conf->contact;
      }
    }
    if (auto s = e.result(); !s) return s.error();
    if (!uploads->accepted.empty()) {
      // Files are written only for a submission that is not refused at once:
      // the address's hourly limit is read here too (the transaction below
      // checks it again, where it holds under concurrency).
      if (!reporter_given && address_over_limit(sql)) return address_limited();
      put_uploads(app, *uploads, in.attachments);
    }
  }
  const std::string chash = contact.empty() ? "" : contact_hash(contact);

  // The limits run inside the shared transaction, so that they hold under
  // concurrent submissions too.
  auto work = [&](soci::session& sql) -> Result<Submitted> {
    if (!idem_hash.empty()) {
      if (auto first = repo::find_by_idempotency(sql, idem_hash)) return Submitted{*first, true, {}};
    }
    if (!in.lapor_tracking_id.empty()) {
      if (auto first = repo::find_by_lapor_id(sql, in.lapor_tracking_id)) return Submitted{*first, true, {}};
    }
    if (!reporter_given) {
      if (address_over_limit(sql)) return address_limited();
      if (!chash.empty()) {
        if (repo::submissions_by_contact_since(sql, chash, hours_ago(now, 24)) >= limits.max_per_contact_day) {
          return rate_limited("Terlalu banyak laporan dari kontak ini hari ini.",
                              "Too many reports from this contact today.");
        }
        if (limits.abuse_block_count > 0 &&
            repo::abuse_by_contact_since(sql, chash, hours_ago(now, 24 * 30)) >= limits.abuse_block_count) {
          return Error::forbidden("reports from this contact were marked as abuse; contact the MPP desk");
        }
      }
      repo::log_submission(sql, client, now_s);
    }
    Complaint row = c;
    start_deadlines(row, now, *cal, policy);
    if (in.arrives_dispositioned) {
      apply_transition(row, Transition::kVerify, Status::kVerified, now, *cal, policy);
      apply_transition(row, Transition::kDispositionToAgency, Status::kAtAgency, now, *cal, policy);
      row.agency_id = row.target_agency_id;
    }
    row.contact_hash = chash;
    repo::NewComplaintRow nr{row, reporter, chash, idem_hash, search_text_of(row)};
    row.id = repo::insert_complaint(sql, nr);
    Event ev;
    ev.complaint_id = row.id;
    ev.at = now_s;
    ev.kind = Transition::kSubmit;
    // A recorded report's first event names the desk officer who took it.
    ev.actor = integration ? ActorKind::kSystem : desk ? ActorKind::kDesk : ActorKind::kReporter;
    ev.actor_label = integration ? "integration" : desk ? who.name : "";
    if (desk) ev.actor_user_id = who.user_id;
    ev.to_status = to_string(Status::kSubmitted);
    ev.message = in.intake_note;
    repo::insert_event(sql, ev);
    record_uploads(sql, *uploads, row.id, std::nullopt, now_s);
    audit::append(sql, app.db->dialect(), who, now_s, "complaint.submit", "complaint", row.id,
                  {{"type", to_string(row.type)}, {"privacy", to_string(row.privacy)}, {"channel", row.channel}});
    if (in.arrives_dispositioned) {
      record_arrival_at_agency(sql, app, who, reload(sql, row.id), now_s);
    } else {
      tell(sql, app, row, reporter, "Laporan Anda kami terima / Report received",
           "Laporan Anda telah kami terima dan akan diverifikasi dalam " + std::to_string(policy.verify_working_days) +
               " hari kerja.\nYour report was received.",
           now_s);
    }
    if (in.arrives_dispositioned) return Submitted{reload(sql, row.id), false, {}};
    row.service_name = service_name;
    row.contact_hash.clear();
    return Submitted{row, false, {}};
  };
  std::optional<Result<Submitted>> result;
  try {
    result.emplace(app.intake->run<Submitted>(work));
  } catch (const soci::soci_error& e) {
    // The shared commit, or this report's own statements, failed: nothing of
    // the report was kept. A retry (with the same Idempotency-Key) is safe.
    spdlog::error("complaint intake failed, nothing kept: {}", store::loggable_error(e));
    return Error::unavailable("the report could not be stored; nothing was kept, send it again");
  }
  if (*result && !(*result)->replayed && app.wake_outbox) app.wake_outbox();
  return std::move(*result);
}

// ---- Guest contacts

Result<int64_t> request_contact_code(App& app, const std::string& contact_text, const std::string& client_ip) {
  auto contact = parse_contact(contact_text);
  if (!contact) {
    return Error::validation({{"contact", "invalid", "Isi alamat email atau nomor ponsel (08…) yang benar",
                               "Enter a valid email address or mobile number (08…)"}});
  }
  const TimePoint now = app.clock->now();
  const std::string now_s = format_utc(now);
  const auto& limits = app.config.complaints;
  repo::ContactConfirmation conf;
  conf.contact_hash = contact_hash(contact->value);
  conf.client_hash = client_hash(client_ip);
  conf.channel = contact->channel;
  conf.contact = contact->value;
  const std::string code = crypto::random_code(6, "0123456789");
  conf.code_hash = code_hash(conf.contact_hash, code);
  conf.created_at = now_s;
  conf.expires_at = format_utc(now + std::chrono::minutes(kCodeMinutes));
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  if (repo::confirmations_since(sql, conf.contact_hash, conf.client_hash, hours_ago(now, 1), true) >=
          limits.codes_per_contact_hour ||
      repo::confirmations_since(sql, conf.contact_hash, conf.client_hash, hours_ago(now, 1), false) >=
          limits.codes_per_client_hour) {
    return rate_limited("Terlalu banyak permintaan kode. Coba lagi dalam satu jam.",
                        "Too many code requests. Try again in an hour.");
  }
  conf.id = repo::insert_confirmation(sql, conf);
  notify::Message m;
  m.channel = contact->channel;
  m.recipient = contact->value;
  m.entity = "contact_confirmation";
  m.entity_id = conf.id;
  m.subject = "Kode konfirmasi layan / confirmation code";
  m.body = "Kode konfirmasi Anda: " + code + " (berlaku " + std::to_string(kCodeMinutes) +
           " menit). Jangan berikan kode ini kepada siapa pun.\nYour confirmation code: " + code + ".";
  notify::enqueue(sql, app.db->dialect(), m, now_s);
  tx.commit();
  if (app.wake_outbox) app.wake_outbox();
  return conf.id;
}

Result<std::string> confirm_contact(App& app, int64_t confirmation_id, const std::string& code) {
  const TimePoint now = app.clock->now();
  const std::string now_s = format_utc(now);
  auto wrong = [] {
    return Error::validation(
        {{"code", "wrong", "Kode salah atau sudah kedaluwarsa", "The code is wrong or has expired"}});
  };
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  auto conf = repo::find_confirmation(sql, confirmation_id);
  if (!conf) return wrong();
  if (!conf->confirmed_at.empty() || conf->expires_at < now_s || conf->attempts >= kCodeTries) return wrong();
  repo::count_attempt(sql, conf->id);
  const std::string given = code_hash(conf->contact_hash, code);
  if (!crypto::equal_constant_time(given, conf->code_hash)) {
    tx.commit();  // the attempt counts
    return wrong();
  }
  const std::string token = crypto::random_token(32);
  repo::confirm(sql, conf->id, crypto::sha256_hex(token), now_s);
  tx.commit();
  return token;
}

std::optional<std::string> confirmed_contact(App& app, const std::string& contact_token) {
  soci::session sql(app.db->pool());
  auto conf = confirmed_by_token(sql, contact_token, app.clock->now());
  if (!conf) return std::nullopt;
  return mask_contact(conf->contact);
}

// ---- Reading

namespace {

std::vector<Transition> available_transitions(const Complaint& c, const std::vector<ActorKind>& kinds,
                                              bool reopen_open) {
  std::vector<Transition> out;
  for (Transition t : kAllTransitions) {
    if (t == Transition::kSubmit || t == Transition::kAutoClose) continue;
    if (t == Transition::kReopen && !reopen_open) continue;
    for (ActorKind k : kinds) {
      if (next_status(c.status, t, k)) {
        out.push_back(t);
        break;
      }
    }
  }
  return out;
}

// Whether the reporter may still reopen: while resolved, or within the window
// after closing.
bool reopen_window_open(const Complaint& c, TimePoint now, const WorkingDayCalendar& cal, const DeadlinePolicy& p) {
  if (c.status == Status::kResolved) return true;
  if (c.status != Status::kClosed || c.closed_at.empty()) return false;
  TimePoint closed{};
  if (!parse_utc(c.closed_at, closed)) return false;
  return now <= cal.deadline_after(closed, p.reopen_working_days);
}

// What a reporter or the public may see of the timeline: no internal notes,
// no staff names, and messages only of public events (and, for the public,
// not the reporter's own replies, which may hold personal details).
void filter_for_citizens(ComplaintView& v, bool reporter) {
  std::vector<Event> events;
  std::vector<int64_t> public_event_ids;
  for (auto e : v.events) {
    if (e.internal) continue;
    if (!is_public_event(e.kind)) e.message.clear();
    if (!reporter && e.actor == ActorKind::kReporter) e.message.clear();
    e.actor_label.clear();
    e.actor_user_id.reset();
    if (e.actor != ActorKind::kReporter && !e.message.empty()) public_event_ids.push_back(e.id);
    events.push_back(std::move(e));
  }
  v.events = std::move(events);
  if (!reporter) {
    std::erase_if(v.attachments, [&](const Attachment& a) {
      return !a.event_id ||
             std::find(public_event_ids.begin(), public_event_ids.end(), *a.event_id) == public_event_ids.end();
    });
  }
  v.complaint.contact_hash.clear();
}

// What anyone sees without proving to be the reporter, by public id or by
// tracking code alike: filter_for_citizens() for the public, and the report's
// own words, place and rating comment only when the report is public
// (is_public()); otherwise they are withheld.
void filter_for_anyone(ComplaintView& v) {
  filter_for_citizens(v, false);
  if (is_public(v.complaint)) return;
  Complaint& c = v.complaint;
  c.title.clear();
  c.description.clear();
  c.location = Location{};
  c.event_date.clear();
  c.rating_comment.clear();
  v.text_withheld = true;
}

ComplaintView load_view(soci::session& sql, const Complaint& c) {
  ComplaintView v;
  v.complaint = c;
  v.events = repo::list_events(sql, c.id);
  v.attachments = repo::list_attachments(sql, c.id);
  return v;
}

}  // namespace

Result<ComplaintView> view_for_staff(App& app, const Principal& who, int64_t id) {
  if (!who.is_staff()) return Error::not_found("no such complaint");
  soci::session sql(app.db->pool());
  auto c = repo::find_complaint(sql, id);
  if (!c || !staff_may_read(who, *c)) return Error::not_found("no such complaint");
  ComplaintView v = load_view(sql, *c);
  if (identity_visible_to_staff(who, *c)) v.reporter = repo::find_reporter(sql, id);
  v.complaint.contact_hash.clear();
  v.acting_as = actor_kinds(who, *c, false);
  const TimePoint now = app.clock->now();
  v.available = available_transitions(*c, v.acting_as, false);
  v.overdue = missed_deadline(*c, now);
  v.escalations = repo::count_escalations(sql, id);
  return v;
}

Result<ComplaintView> view_by_code(App& app, const Principal& who, const std::string& tracking_code,
                                   const std::string& contact_token) {
  auto code = normalize_tracking_code(tracking_code);
  if (!code) return Error::not_found("no report with this code");
  soci::session sql(app.db->pool());
  auto c = repo::find_by_code(sql, *code);
  if (!c) return Error::not_found("no report with this code");
  const TimePoint now = app.clock->now();
  ComplaintView v = load_view(sql, *c);
  const Reporter r = repo::find_reporter(sql, c->id);
  const bool reporter = proves_reporter(sql, who, *c, r, contact_token, now);
  // The code alone is no proof: it may have been shared, overheard or, for
  // a public report, learnt elsewhere. The reporter's own words and files
  // need the contact check or the reporter's account.
  if (!reporter) {
    filter_for_anyone(v);
    return v;
  }
  filter_for_citizens(v, true);
  v.is_reporter = true;
  v.reporter_contact_masked = mask_contact(!r.email.empty() ? r.email : r.phone);
  v.acting_as = {ActorKind::kReporter};
  const auto cal = calendar::working_days(app, sql);
  v.available = available_transitions(*c, v.acting_as, reopen_window_open(*c, now, *cal, app.config.complaints));
  return v;
}

std::vector<ComplaintView> views_public(App& app, const std::vector<std::string>& public_ids) {
  std::vector<std::string> wanted;
  for (const auto& t : public_ids) {
    if (auto id = normalize_public_id(t)) wanted.push_back(*id);
  }
  soci::session sql(app.db->pool());
  // One snapshot: the reports, their events and their files agree.
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  std::map<std::string, ComplaintView> by_public_id;
  std::map<int64_t, ComplaintView*> by_id;
  std::vector<int64_t> ids;
  for (auto& c : repo::find_by_public_ids(sql, app.db->dialect(), wanted)) {
    if (!is_public(c)) continue;
    ids.push_back(c.id);
    ComplaintView& v = by_public_id[c.public_id];
    v.complaint = std::move(c);
    by_id[v.complaint.id] = &v;
  }
  for (auto& e : repo::list_events_of(sql, app.db->dialect(), ids)) by_id.at(e.complaint_id)->events.push_back(e);
  for (auto& a : repo::list_attachments_of(sql, app.db->dialect(), ids)) {
    by_id.at(a.complaint_id)->attachments.push_back(a);
  }
  tx.commit();
  std::vector<ComplaintView> out;
  for (const auto& public_id : wanted) {
    auto it = by_public_id.find(public_id);
    if (it == by_public_id.end()) continue;
    filter_for_anyone(it->second);
    out.push_back(std::move(it->second));
    by_public_id.erase(it);  // an id asked twice is answered once
  }
  return out;
}

namespace {

// The report a public id or a tracking code names.
std::optional<Complaint> find_by_reference(soci::session& sql, const std::string& reference) {
  if (auto id = normalize_public_id(reference)) return repo::find_by_public_id(sql, *id);
  if (auto code = normalize_tracking_code(reference)) return repo::find_by_code(sql, *code);
  return std::nullopt;
}

}  // namespace

Result<ComplaintView> view_anyone(App& app, const std::string& reference) {
  soci::session sql(app.db->pool());
  auto c = find_by_reference(sql, reference);
  if (!c) return Error::not_found("no report with this id");
  ComplaintView v = load_view(sql, *c);
  filter_for_anyone(v);
  return v;
}

std::optional<int64_t> find_reference(App& app, const std::string& reference) {
  soci::session sql(app.db->pool());
  auto c = find_by_reference(sql, reference);
  if (!c) return std::nullopt;
  return c->id;
}

Result<ListPage> list(App& app, const Principal& who, const ListQuery& q) {
  if (q.limit < 1 || q.limit > 100) {
    return Error::validation({{"limit", "out_of_range", "Batas harus 1 sampai 100", "Limit must be 1 to 100"}});
  }
  if (q.q.size() > 200) {
    return Error::validation({{"q", "too_long", "Kata kunci maksimal 200 karakter", "Query at most 200 bytes"}});
  }
  repo::ListFilter f;
  if (q.box == "desk") {
    if (auto s = accounts::authorize(who, Action::kVerifyComplaints); !s) return s.error();
    f.statuses = {"submitted", "verified", "not_our_authority"};
  } else if (q.box == "agency") {
    if (!who.agency_id) return Error::forbidden("only an agency's staff have an inbox");
    if (auto s = accounts::authorize(who, Action::kHandleComplaints, Scope{who.agency_id, who.unit_id}); !s) {
      return s.error();
    }
    f.agency_id = who.agency_id;
    f.unit_id = who.unit_id ? who.unit_id : q.unit_id;
    f.statuses = {"at_agency", "at_unit", "in_progress"};
  } else if (q.box == "mine") {
    if (who.role != Role::kCitizen) return Error::forbidden("only citizens have their own reports");
    f.reporter_user_id = who.user_id;
  } else if (q.box == "all") {
    if (who.role != Role::kMppAdmin && who.role != Role::kEvaluator) {
      return Error::forbidden("only the mall's managers and evaluators see every report");
    }
  } else if (q.box == "public") {
    f.public_only = true;  // the same rule as is_public(): anyone may list these
  } else {
    return Error::validation({{"box", "invalid", "Kotak tidak dikenal", "Unknown box"}});
  }
  if (!q.statuses.empty()) {
    for (const auto& st : q.statuses) {
      if (!parse_status(st)) {
        return Error::validation({{"status", "invalid", "Status tidak dikenal", "Unknown status"}});
      }
    }
    f.statuses = q.statuses;
  }
  if (q.type) {
    if (!parse_type(*q.type)) return Error::validation({{"type", "invalid", "Jenis tidak dikenal", "Unknown type"}});
    f.type = q.type;
  }
  for (const auto* bound : {&q.submitted_from, &q.submitted_to}) {
    TimePoint t{};
    if (!bound->empty() && (!parse_utc(*bound, t) || format_utc(t) != *bound)) {
      return Error::validation({{"submitted", "invalid", "Waktu harus berbentuk TTTT-BB-HHTjj:mm:ddZ",
                                 "Times must be UTC as YYYY-MM-DDTHH:MM:SSZ"}});
    }
  }
  f.service_id = q.service_id;
  f.submitted_from = q.submitted_from;
  f.submitted_to = q.submitted_to;
  f.terms = catalogue::search_terms(q.q);
  if (f.terms.size() > 8) f.terms.resize(8);
  if (q.overdue_only) f.overdue_at = format_utc(app.clock->now());
  std::optional<std::pair<std::string, int64_t>> before;
  if (!q.cursor.empty()) {
    auto pos = decode_cursor(q.cursor);
    if (!pos) return pos.error();
    auto t = pos->find("t");
    auto i = pos->find("i");
    if (t == pos->end() || i == pos->end() || !t->is_string() || !i->is_number_integer()) {
      return Error::bad_request("the cursor is malformed");
    }
    before = std::make_pair(t->get<std::string>(), i->get<int64_t>());
  }
  soci::session sql(app.db->pool());
  ListPage page;
  page.items = repo::list_complaints(sql, f, before, q.limit + 1);
  if (static_cast<int>(page.items.size()) > q.limit) {
    page.items.resize(q.limit);
    const auto& last = page.items.back();
    page.next_cursor = encode_cursor({{"t", last.submitted_at}, {"i", last.id}});
  }
  page.total = repo::count_complaints(sql, f);
  for (auto& c : page.items) c.contact_hash.clear();
  return page;
}

Result<std::vector<SimilarReport>> similar(App& app, const Principal& who, int64_t id) {
  if (!who.is_staff()) return Error::not_found("no such complaint");
  soci::session sql(app.db->pool());
  auto c = repo::find_complaint(sql, id);
  if (!c || !staff_may_read(who, *c)) return Error::not_found("no such complaint");
  TimePoint submitted{};
  parse_utc(c->submitted_at, submitted);
  auto candidates = repo::similar_candidates(sql, *c, format_utc(submitted - std::chrono::hours(24 * 90)), 300);
  std::vector<SimilarReport> out;
  for (auto& other : candidates) {
    // Staff see only what they may read.
    if (!staff_may_read(who, other)) continue;
    double score = similarity(*c, other);
    if (score >= 0.3) {
      other.contact_hash.clear();
      out.push_back({std::move(other), score});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  if (out.size() > 10) out.resize(10);
  return out;
}

// ---- Acting

namespace {

layan::Status check_message(const ActionInput& in) {
  Errors e;
  e.text("message", in.message, Label{"Pesan", "Message"}, needs_message(in.kind), kMessageMax, true);
  return e.result();
}

}  // namespace

Result<Complaint> act(App& app, const Principal& who, int64_t id, const ActionInput& in,
                      const std::string& contact_token) {
  if (in.kind == Transition::kSubmit || in.kind == Transition::kAutoClose) {
    return Error::forbidden("this transition is not available to callers");
  }
  if (auto s = check_message(in); !s) return s.error();
  auto uploads = accept_uploads(app, in.attachments);
  if (!uploads) return uploads.error();
  const TimePoint now = app.clock->now();
  const std::string now_s = format_utc(now);
  const DeadlinePolicy& policy = app.config.complaints;

  const std::string client = client_hash(in.client_ip);
  const size_t files = uploads->accepted.size();
  soci::session sql(app.db->pool());
  const auto cal = calendar::working_days(app, sql);
  if (files > 0) {
    // Files are written only for a caller who may act on the report, within
    // the reporter's limits (both checked again in the transaction), and
    // outside it.
    auto seen = repo::find_complaint(sql, id);
    if (!seen) return Error::not_found("no such complaint");
    auto k = acting_kinds(sql, who, *seen, contact_token, now);
    if (!k) return k.error();
    if (adds_to_report(in.kind) && std::find(k->begin(), k->end(), ActorKind::kReporter) != k->end()) {
      if (auto s = reporter_may_add(sql, policy, *seen, files, client, now); !s) return s.error();
    }
    put_uploads(app, *uploads, in.attachments);
  }
  store::Transaction tx(sql, app.db->dialect());
  auto found = repo::find_complaint(sql, id);
  if (!found) return Error::not_found("no such complaint");
  Complaint c = *found;
  const auto kinds = acting_kinds(sql, who, c, contact_token, now);
  if (!kinds) return kinds.error();
  std::optional<ActorKind> actor;
  std::optional<Status> to;
  for (ActorKind k : *kinds) {
    if ((to = next_status(c.status, in.kind, k))) {
      actor = k;
      break;
    }
  }
  if (!actor) {
    return Error::conflict(std::string(to_string(in.kind)) + " is not possible for you while the report is " +
                           to_string(c.status));
  }
  if (in.expected_version && *in.expected_version != c.version) {
    return Error::conflict("the report changed since you opened it; reload and try again");
  }
  const bool reporter_adds = *actor == ActorKind::kReporter && adds_to_report(in.kind);
  if (reporter_adds) {
    if (auto s = reporter_may_add(sql, policy, c, files, client, now); !s) return s.error();
  }

  // Conditions beyond the table.
  Errors e;
  std::optional<int64_t> related;
  switch (in.kind) {
    case Transition::kDispositionToAgency:
    case Transition::kForwardToAgency:
      if (!in.agency_id) {
        e.add("agency_id", "required", "Pilih instansi tujuan", "Choose the agency");
      } else if (!catalogue::repo::find_agency(sql, *in.agency_id)) {
        e.add("agency_id", "not_found", "Instansi tidak ditemukan", "No such agency");
      } else if (in.kind == Transition::kForwardToAgency && c.agency_id == in.agency_id) {
        e.add("agency_id", "same", "Laporan sudah berada di instansi ini", "The report is already with this agency");
      }
      break;
    case Transition::kDispositionToUnit: {
      auto unit_agency = in.unit_id ? accounts::repo::unit_agency(sql, *in.unit_id) : std::nullopt;
      if (!in.unit_id) {
        e.add("unit_id", "required", "Pilih unit tujuan", "Choose the unit");
      } else if (!unit_agency || unit_agency != c.agency_id) {
        e.add("unit_id", "not_found", "Unit tidak ditemukan di instansi ini", "No such unit in this agency");
      } else if (c.unit_id == in.unit_id) {
        e.add("unit_id", "same", "Laporan sudah berada di unit ini", "The report is already with this unit");
      } else if (c.unit_id && validation::blank(in.message)) {
        e.add("message", "required", "Tulis alasan pemindahan unit", "Give the reason for moving it to another unit");
      }
      break;
    }
    case Transition::kMarkDuplicate: {
      auto original = in.related_id ? repo::find_complaint(sql, *in.related_id) : std::nullopt;
      if (!original || original->id == c.id) {
        e.add("related_id", "not_found", "Pilih laporan asli yang lain", "Choose another, original report");
      } else if (original->status == Status::kDuplicate || original->duplicate_of) {
        e.add("related_id", "duplicate", "Laporan itu sendiri duplikat; pilih aslinya",
              "That report is itself a duplicate; choose its original");
      } else {
        related = original->id;
      }
      break;
    }
    case Transition::kRate:
      if (!in.rating || *in.rating < 1 || *in.rating > 5) {
        e.add("rating", "out_of_range", "Beri nilai 1 sampai 5", "Give a rating from 1 to 5");
      }
      break;
    case Transition::kReopen:
      if (!reopen_window_open(c, now, *cal, policy)) {
        return Error::conflict("the time to reopen this report has passed; submit a new report");
      }
      break;
    default:
      break;
  }
  if (auto s = e.result(); !s) return s.error();

  const Status from = c.status;
  apply_transition(c, in.kind, *to, now, *cal, policy);
  switch (in.kind) {
    case Transition::kDispositionToAgency:
    case Transition::kForwardToAgency:
      c.agency_id = in.agency_id;
      c.unit_id.reset();
      break;
    case Transition::kDispositionToUnit:
      c.unit_id = in.unit_id;
      break;
    case Transition::kNotOurAuthority:
      // Back to the desk: the agency no longer holds it, nor sees it.
      c.agency_id.reset();
      c.unit_id.reset();
      break;
    case Transition::kMarkDuplicate:
      c.duplicate_of = related;
      break;
    case Transition::kRate:
      c.rating = in.rating;
      c.rating_comment = in.message;
      break;
    default:
      break;
  }
  if (!repo::update_complaint(sql, c)) {
    return Error::conflict("the report changed at the same time; reload and try again");
  }
  Event ev;
  ev.complaint_id = c.id;
  ev.at = now_s;
  ev.kind = in.kind;
  ev.actor = *actor;
  if (*actor != ActorKind::kReporter) {
    ev.actor_user_id = who.user_id ? std::optional<int64_t>(who.user_id) : std::nullopt;
    ev.actor_label = who.name;
  }
  ev.from_status = to_string(from);
  ev.to_status = to_string(c.status);
  ev.internal = in.kind == Transition::kNote;
  ev.message = in.kind == Transition::kRate ? "" : in.message;
  ev.agency_id = c.agency_id;
  ev.unit_id = c.unit_id;
  ev.related_id = related;
  const int64_t event_id = repo::insert_event(sql, ev);
  record_uploads(sql, *uploads, c.id, event_id, now_s);
  if (reporter_adds) repo::log_submission(sql, client, now_s);
  nlohmann::json detail = {{"from", to_string(from)}, {"to", to_string(c.status)}, {"as", to_string(*actor)}};
  if (c.agency_id) detail["agency_id"] = *c.agency_id;
  if (c.unit_id) detail["unit_id"] = *c.unit_id;
  if (related) detail["related_id"] = *related;
  audit::append(sql, app.db->dialect(), who, now_s, std::string("complaint.") + to_string(in.kind), "complaint", c.id,
                detail);

  // Who hears about it.
  switch (in.kind) {
    case Transition::kVerify:
      tell_reporter(sql, app, c, "Laporan Anda terverifikasi / Report verified",
                    "Laporan Anda telah diverifikasi dan akan diteruskan kepada instansi yang berwenang.\n"
                    "Your report was verified and will be forwarded to the responsible agency.",
                    now_s);
      break;
    case Transition::kReturnForCompletion:
      tell_reporter(sql, app, c, "Laporan Anda perlu dilengkapi / Please complete your report",
                    "Mohon lengkapi laporan Anda:\n" + in.message, now_s);
      break;
    case Transition::kReject:
      tell_reporter(sql, app, c, "Laporan Anda tidak dapat diproses / Report rejected", "Alasan: " + in.message, now_s);
      break;
    case Transition::kReply:
      tell_reporter(sql, app, c, "Tanggapan atas laporan Anda / A reply to your report", in.message, now_s);
      break;
    case Transition::kResolve:
      tell_reporter(sql, app, c, "Laporan Anda selesai ditindaklanjuti / Your report was resolved",
                    in.message + "\n\nMohon konfirmasi atau buka kembali dalam " +
                        std::to_string(policy.auto_close_working_days) +
                        " hari kerja; setelah itu laporan ditutup otomatis.",
                    now_s);
      break;
    case Transition::kDispositionToAgency:
    case Transition::kForwardToAgency:
      tell_staff(sql, app, repo::escalation_recipients(sql, 2, c.agency_id, std::nullopt), c,
                 "Laporan baru untuk instansi Anda / New report for your agency",
                 "Laporan \"" + c.title + "\" didisposisikan ke instansi Anda. Tindak lanjut pertama paling lambat " +
                     local_time_text(c.follow_up_due_at, cal->utc_offset_hours()) + ".",
                 now_s);
      break;
    case Transition::kDispositionToUnit:
      tell_staff(sql, app, repo::escalation_recipients(sql, 1, c.agency_id, c.unit_id), c,
                 "Laporan baru untuk unit Anda / New report for your unit",
                 "Laporan \"" + c.title + "\" didisposisikan ke unit Anda.", now_s);
      break;
    default:
      break;
  }
  if (in.kind == Transition::kReply || in.kind == Transition::kReporterReply || in.kind == Transition::kComplete) {
    repo::update_search_text(sql, c.id, search_text_of(c));
  }
  tx.commit();
  if (app.wake_outbox) app.wake_outbox();
  Complaint out = reload(sql, c.id);
  out.contact_hash.clear();
  return out;
}

Result<Reporter> reveal_reporter(App& app, const Principal& who, int64_t id, const std::string& reason) {
  if (auto s = accounts::authorize(who, Action::kRevealReporter); !s) return s.error();
  Errors e;
  e.text("reason", reason, Label{"Alasan", "Reason"}, true, 500, true);
  if (!validation::blank(reason) && reason.size() < 10) {
    e.add("reason", "too_short", "Jelaskan alasannya (minimal 10 karakter)", "Explain why (at least 10 characters)");
  }
  if (auto s = e.result(); !s) return s.error();
  const std::string now_s = format_utc(app.clock->now());
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  auto c = repo::find_complaint(sql, id);
  if (!c) return Error::not_found("no such complaint");
  Reporter r = repo::find_reporter(sql, id);
  // The reason goes to the complaint's internal timeline; the audit event
  // records that it happened, by whom, without the identity.
  Event ev;
  ev.complaint_id = id;
  ev.at = now_s;
  ev.kind = Transition::kNote;
  ev.actor = ActorKind::kDesk;
  ev.actor_user_id = who.user_id;
  ev.actor_label = who.name;
  ev.from_status = ev.to_status = to_string(c->status);
  ev.internal = true;
  ev.message = "Identitas pelapor dibuka / reporter identity revealed: " + reason;
  repo::insert_event(sql, ev);
  audit::append(sql, app.db->dialect(), who, now_s, "complaint.reveal_reporter", "complaint", id,
                {{"privacy", to_string(c->privacy)}});
  tx.commit();
  return r;
}

// ---- Background jobs

SweepReport sweep_deadlines(App& app, TimePoint now) {
  SweepReport report;
  const std::string now_s = format_utc(now);
  const DeadlinePolicy& policy = app.config.complaints;
  accounts::Principal system = accounts::system_principal();
  soci::session sql(app.db->pool());
  const auto cal = calendar::working_days(app, sql);

  {
    // Guests' contacts are kept no longer than their tokens are useful.
    store::Transaction tx(sql, app.db->dialect());
    repo::prune_intake(sql, format_utc(now - std::chrono::hours(48)));
    tx.commit();
  }
  for (int64_t id : repo::due_for_auto_close(sql, now_s, 500)) {
    store::Transaction tx(sql, app.db->dialect());
    auto c = repo::find_complaint(sql, id);
    if (!c || c->status != Status::kResolved) continue;
    const Status from = c->status;
    apply_transition(*c, Transition::kAutoClose, Status::kClosed, now, *cal, policy);
    if (!repo::update_complaint(sql, *c)) continue;
    Event ev;
    ev.complaint_id = id;
    ev.at = now_s;
    ev.kind = Transition::kAutoClose;
    ev.actor = ActorKind::kSystem;
    ev.from_status = to_string(from);
    ev.to_status = to_string(c->status);
    repo::insert_event(sql, ev);
    audit::append(sql, app.db->dialect(), system, now_s, "complaint.auto_close", "complaint", id,
                  {{"from", to_string(from)}, {"to", to_string(c->status)}});
    tell_reporter(sql, app, *c, "Laporan Anda ditutup / Your report was closed",
                  "Laporan ditutup otomatis karena tidak ada tanggapan dalam " +
                      std::to_string(policy.auto_close_working_days) + " hari kerja setelah tindak lanjut.",
                  now_s);
    tx.commit();
    ++report.auto_closed;
  }

  for (const Complaint& c : repo::overdue(sql, now_s, 1000)) {
    auto missed = missed_deadline(c, now);
    if (!missed) continue;
    TimePoint due{};
    if (!parse_utc(missed->due_at, due)) continue;
    const int reached = escalation_level(missed->deadline, due, now, *cal, policy);
    const int first = missed->deadline == Deadline::kVerify ? 3 : 1;
    for (int level = first; level <= reached; ++level) {
      store::Transaction tx(sql, app.db->dialect());
      if (!repo::record_escalation(sql, c.id, missed->deadline, missed->due_at, level, now_s)) continue;
      audit::append(sql, app.db->dialect(), system, now_s, "complaint.escalate", "complaint", c.id,
                    {{"deadline", to_string(missed->deadline)}, {"level", level}, {"due_at", missed->due_at}});
      tell_staff(sql, app, repo::escalation_recipients(sql, level, c.agency_id, c.unit_id), c,
                 "Laporan melewati batas waktu / Report overdue",
                 "Laporan \"" + c.title + "\" melewati batas waktu " + deadline_words(missed->deadline) + " (" +
                     local_time_text(missed->due_at, cal->utc_offset_hours()) + "). Eskalasi tingkat " +
                     std::to_string(level) + ".",
                 now_s);
      tx.commit();
      ++report.escalated;
    }
  }
  return report;
}

void deadlines_job(App& app, TimePoint now) {
  auto r = sweep_deadlines(app, now);
  if (r.escalated || r.auto_closed) {
    spdlog::info("complaint deadlines: {} escalations, {} auto-closed", r.escalated, r.auto_closed);
  }
}

}  // namespace layan::complaints
