#include "complaints/lapor.hpp"

#include <algorithm>
#include <set>

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "calendar/service.hpp"
#include "catalogue/repo.hpp"
#include "complaints/repo.hpp"
#include "core/time_zone.hpp"
#include "core/validation.hpp"

namespace layan::complaints {
namespace {

using accounts::Action;
using accounts::Scope;
using nlohmann::json;

constexpr size_t kLaporIdMax = 64;

json nullable(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

// Attachments that came from the reporter: those of the report itself and of
// the reporter's later events. Files that staff attached stay in the mall.
std::vector<Attachment> reporter_attachments(const ComplaintView& v) {
  std::set<int64_t> reporter_events;
  for (const auto& e : v.events) {
    if (e.actor == ActorKind::kReporter) reporter_events.insert(e.id);
  }
  std::vector<Attachment> out;
  for (const auto& a : v.attachments) {
    if (!a.event_id || reporter_events.count(*a.event_id)) out.push_back(a);
  }
  return out;
}

std::string trim_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// The API names the location and the reporter as nested objects; the intake
// validation names their fields flat.
Error renamed_for_lapor(Error e) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"latitude", "location.latitude"},  {"longitude", "location.longitude"},  {"address", "location.address"},
      {"reporter_name", "reporter.name"}, {"reporter_email", "reporter.email"}, {"reporter_phone", "reporter.phone"}};
  for (auto& f : e.fields) {
    for (const auto& [from, to] : kNames) {
      if (f.field == from) f.field = to;
    }
  }
  return e;
}

}  // namespace

const char* lapor_category(Type t) {
  switch (t) {
    case Type::kAspirasi:
      return "aspirasi";
    case Type::kPermintaanInformasi:
      return "permintaan_informasi";
    case Type::kPengaduan:
    case Type::kWhistleblowing:
      return "pengaduan";
  }
  return "pengaduan";
}

LaporFlags lapor_flags(const Complaint& c) {
  if (c.type == Type::kWhistleblowing) return {true, true};
  switch (c.privacy) {
    case Privacy::kBiasa:
      return {false, false};
    case Privacy::kAnonim:
      return {true, false};
    case Privacy::kRahasia:
      return {true, true};
  }
  return {true, true};
}

bool valid_lapor_tracking_id(const std::string& id) {
  if (id.empty() || id.size() > kLaporIdMax) return false;
  auto alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  if (!alnum(id.front()) && id.front() != '#') return false;
  return std::all_of(id.begin(), id.end(),
                     [&](char c) { return alnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == '#'; });
}

// ---- Export

Result<LaporExport> lapor_export(App& app, const Principal& who, int64_t id) {
  if (auto s = accounts::authorize(who, Action::kVerifyComplaints); !s) return s.error();
  auto v = view_for_staff(app, who, id);
  if (!v) return v.error();
  LaporExport e;
  e.view = std::move(*v);
  const Complaint& c = e.view.complaint;
  // view_for_staff decides who sees an identity; the document leaves the
  // mall, so it repeats the rule rather than trust any other path.
  if (c.privacy != Privacy::kBiasa || c.type == Type::kWhistleblowing) e.view.reporter.reset();
  e.view.attachments = reporter_attachments(e.view);
  if (c.agency_id) {
    e.agency_id = c.agency_id;
    e.agency_name = c.agency_name;
  } else if (c.target_agency_id) {
    soci::session sql(app.db->pool());
    if (auto a = catalogue::repo::find_agency(sql, *c.target_agency_id)) {
      e.agency_id = a->id;
      e.agency_name = a->name;
    }
  }
  e.public_url = trim_slash(app.config.public_url);
  e.generated_at = format_utc(app.clock->now());
  // The document leaves the mall, with the identity when the report is biasa:
  // who took it, and whether it named the reporter, is on the audit chain.
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect());
  audit::append(sql, app.db->dialect(), who, e.generated_at, "complaint.lapor_export", "complaint", id,
                {{"with_reporter", e.view.reporter ? "yes" : "no"}});
  tx.commit();
  return e;
}

json to_json(const LaporExport& e) {
  const Complaint& c = e.view.complaint;
  const LaporFlags flags = lapor_flags(c);
  json attachments = json::array();
  for (const auto& a : e.view.attachments) {
    attachments.push_back({{"filename", a.filename},
                           {"content_type", a.mime},
                           {"size", a.size},
                           {"sha256", a.sha256},
                           {"url", e.public_url + "/api/v1/complaints/" + std::to_string(c.id) + "/attachments/" +
                                       std::to_string(a.id)}});
  }
  json location = nullptr;
  if (c.location.latitude || !c.location.address.empty()) {
    location = {{"latitude", c.location.latitude ? json(*c.location.latitude) : json(nullptr)},
                {"longitude", c.location.longitude ? json(*c.location.longitude) : json(nullptr)},
                {"address", c.location.address}};
  }
  json agency = nullptr;
  if (e.agency_id) agency = {{"id", *e.agency_id}, {"name", e.agency_name}, {"lapor_instansi", nullptr}};
  json service = nullptr;
  if (c.service_id) service = {{"id", *c.service_id}, {"name", c.service_name}};
  json reporter = nullptr;
  if (e.view.reporter) {
    reporter = {{"name", e.view.reporter->name}, {"email", e.view.reporter->email}, {"phone", e.view.reporter->phone}};
  }
  return {{"format", kLaporExportFormat},
          {"generated_at", e.generated_at},
          {"source",
           {{"system", "layan"},
            {"url", e.public_url},
            {"complaint_id", c.id},
            {"public_id", c.public_id},
            {"tracking_code", c.tracking_code},
            {"channel", c.channel}}},
          {"tracking_code", c.tracking_code},
          {"title", c.title},
          {"description", c.description},
          {"category", lapor_category(c.type)},
          {"type", to_string(c.type)},
          {"agency", agency},
          {"service", service},
          {"location", location},
          {"event_date", nullable(c.event_date)},
          {"submitted_at", c.submitted_at},
          {"status", to_string(c.status)},
          {"privacy", to_string(c.privacy)},
          {"anonim", flags.anonim},
          {"rahasia", flags.rahasia},
          {"attachments", attachments},
          {"reporter", reporter},
          {"lapor_tracking_id", nullable(c.lapor_tracking_id)}};
}

Result<Complaint> mark_forwarded(App& app, const Principal& who, int64_t id, const std::string& lapor_tracking_id) {
  if (auto s = accounts::authorize(who, Action::kVerifyComplaints); !s) return s.error();
  if (validation::blank(lapor_tracking_id)) {
    return Error::validation({{"lapor_tracking_id", "required", "Nomor pelacakan SP4N-LAPOR! wajib diisi",
                               "The SP4N-LAPOR! tracking number is required"}});
  }
  if (!valid_lapor_tracking_id(lapor_tracking_id)) {
    return Error::validation({{"lapor_tracking_id", "invalid",
                               "Nomor SP4N-LAPOR! hanya berisi huruf, angka dan - _ . / #, maksimal 64 karakter",
                               "A SP4N-LAPOR! number has only letters, digits and - _ . / #, at most 64 characters"}});
  }
  const std::string now_s = format_utc(app.clock->now());
  soci::session sql(app.db->pool());
  try {
    store::Transaction tx(sql, app.db->dialect());
    auto c = repo::find_complaint(sql, id);
    if (!c) return Error::not_found("no such complaint");
    if (!c->lapor_tracking_id.empty()) {
      return Error::conflict("this complaint was forwarded to SP4N-LAPOR! already, as " + c->lapor_tracking_id);
    }
    if (repo::find_by_lapor_id(sql, lapor_tracking_id)) {
      return Error::conflict("another complaint has this SP4N-LAPOR! number");
    }
    if (!repo::set_lapor_tracking_id(sql, id, lapor_tracking_id, now_s)) {
      return Error::conflict("the complaint changed at the same time; reload and try again");
    }
    Event ev;
    ev.complaint_id = id;
    ev.at = now_s;
    ev.kind = Transition::kNote;
    ev.actor = ActorKind::kDesk;
    ev.actor_user_id = who.user_id ? std::optional<int64_t>(who.user_id) : std::nullopt;
    ev.actor_label = who.name;
    ev.from_status = ev.to_status = to_string(c->status);
    ev.internal = true;
    ev.message = "Diteruskan ke SP4N-LAPOR! dengan nomor " + lapor_tracking_id + " / forwarded to SP4N-LAPOR! as " +
                 lapor_tracking_id;
    repo::insert_event(sql, ev);
    audit::append(sql, app.db->dialect(), who, now_s, "complaint.lapor_forward", "complaint", id,
                  {{"lapor_tracking_id", lapor_tracking_id}});
    tx.commit();
  } catch (const soci::soci_error& e) {
    // Two desks recording the same number at once: the UNIQUE column decides.
    if (store::is_constraint_violation(e)) return Error::conflict("another complaint has this SP4N-LAPOR! number");
    throw;
  }
  Complaint out = *repo::find_complaint(sql, id);
  out.contact_hash.clear();
  return out;
}

// ---- Incoming dispositions

Result<Received> receive_disposition(App& app, const Principal& who, LaporDisposition in) {
  // Only an API key gets this far; whose agency is checked once it is known.
  if (auto s = accounts::authorize(who, Action::kReceiveDispositions, Scope{who.agency_id, std::nullopt}); !s) {
    return s.error();
  }
  validation::Errors e;
  if (validation::blank(in.lapor_tracking_id)) {
    e.add("lapor_tracking_id", "required", "Nomor pelacakan SP4N-LAPOR! wajib diisi",
          "The SP4N-LAPOR! tracking number is required");
  } else if (!valid_lapor_tracking_id(in.lapor_tracking_id)) {
    e.add("lapor_tracking_id", "invalid",
          "Nomor SP4N-LAPOR! hanya berisi huruf, angka dan - _ . / #, maksimal 64 karakter",
          "A SP4N-LAPOR! number has only letters, digits and - _ . / #, at most 64 characters");
  }
  if (!in.submitted_at.empty()) {
    TimePoint t{};
    if (!parse_utc(in.submitted_at, t)) {
      e.add("submitted_at", "invalid", "Waktu lapor harus berbentuk TTTT-BB-HHTjj:mm:ssZ (UTC)",
            "submitted_at must be a UTC time YYYY-MM-DDTHH:MM:SSZ");
    }
  }
  std::optional<int64_t> agency = in.agency_id;
  if (!in.agency_slug.empty()) {
    soci::session sql(app.db->pool());
    std::optional<int64_t> by_slug;
    for (const auto& a : catalogue::repo::list_agencies(sql)) {
      if (a.slug == in.agency_slug) by_slug = a.id;
    }
    if (!by_slug) {
      e.add("agency_slug", "not_found", "Instansi tidak ditemukan", "No such agency");
    } else if (agency && *agency != *by_slug) {
      e.add("agency_slug", "mismatch", "agency_id dan agency_slug menunjuk instansi yang berbeda",
            "agency_id and agency_slug name different agencies");
    } else {
      agency = by_slug;
    }
  } else if (!agency) {
    e.add("agency_id", "required", "Sebutkan instansi tujuan (agency_id atau agency_slug)",
          "Give the receiving agency (agency_id or agency_slug)");
  }
  if (auto s = e.result(); !s) return s.error();
  if (auto s = accounts::authorize(who, Action::kReceiveDispositions, Scope{agency, std::nullopt}); !s) {
    return s.error();
  }

  NewComplaint n;
  n.type = in.type;
  n.privacy = in.privacy;
  n.title = in.title;
  n.description = in.description;
  n.event_date = in.event_date;
  n.address = in.address;
  n.service_id = in.service_id;
  n.agency_id = agency;
  n.latitude = in.latitude;
  n.longitude = in.longitude;
  n.reporter_name = in.reporter_name;
  n.reporter_email = in.reporter_email;
  n.reporter_phone = in.reporter_phone;
  n.channel = "lapor";
  n.lapor_tracking_id = in.lapor_tracking_id;
  n.arrives_dispositioned = true;
  n.intake_note = "Diterima dari SP4N-LAPOR! nomor " + in.lapor_tracking_id +
                  (in.submitted_at.empty()
                       ? ""
                       : " (dilaporkan " +
                             local_time_text(in.submitted_at, calendar::working_days(app)->utc_offset_hours()) + ")") +
                  " / received from SP4N-LAPOR!";
  auto done = submit(app, who, std::move(n));
  if (!done) return renamed_for_lapor(std::move(done).error());
  // A repeat learns only that its first delivery arrived, and only of a
  // report that a disposition for the same agency created. A number the desk
  // recorded when it forwarded a citizen's report, or one for another agency,
  // names a report the caller may not read: nothing of it is told.
  if (done->replayed && (done->complaint.channel != "lapor" || done->complaint.target_agency_id != agency)) {
    return Error::conflict("this SP4N-LAPOR! number is already recorded for another report of this mall");
  }
  done->complaint.contact_hash.clear();
  return Received{std::move(done->complaint), done->replayed};
}

}  // namespace layan::complaints
