// The citizen's complaint pages (declared in complaints/routes.hpp): what a
// report is, the report form (with a guest's contact step), tracking by code
// with the reporter's actions, and a signed-in citizen's own reports. Plain
// forms that work without JavaScript; a rejected form comes back with every
// typed value and each error beside its field. Privacy is the service
// layer's: these handlers show what its views carry, nothing more.
#include <map>

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "catalogue/service.hpp"
#include "complaints/lifecycle.hpp"
#include "complaints/pages_internal.hpp"
#include "complaints/routes.hpp"
#include "core/crypto.hpp"
#include "web/respond.hpp"
#include "web/safe_next.hpp"

namespace layan::complaints {
namespace {

using catalogue::Choice;
using catalogue::FormState;
using catalogue::FormView;
using nlohmann::json;
using web::RequestContext;
using web::Response;

constexpr const char* kNewUrl = "/pengaduan/baru";
constexpr int kContactCookieSeconds = 2 * 3600;  // as long as the token is valid (service.hpp)
constexpr int kMineLimit = 20;

std::string track_url(const std::string& code) {
  return "/pengaduan/lacak?kode=" + web::url_encode(code);
}

std::string contact_step_url(const std::string& next) {
  return "/pengaduan/kontak?next=" + web::url_encode(next);
}

json crumbs(const RequestContext& ctx, bool with_index = true) {
  json c = json::array({{{"href", "/"}, {"label", ctx.t("nav_home")}}});
  if (with_index) c.push_back({{"href", "/pengaduan"}, {"label", ctx.t("complaints_nav")}});
  return c;
}

bool is_citizen(const RequestContext& ctx) {
  return ctx.principal.role == accounts::Role::kCitizen;
}

// Staff and integrations do not report through the citizen's pages: the
// desk takes reports in person through its own channels.
bool reports_elsewhere(const RequestContext& ctx) {
  return ctx.principal.is_staff() || ctx.principal.role == accounts::Role::kIntegration;
}

Response staff_note(RequestContext& ctx) {
  std::string heading = ctx.t("complaints_staff_note_heading");
  return web::render_page(ctx, "complaints/staff_note",
                          {{"title", heading},
                           {"heading", heading},
                           {"may_record", accounts::authorize(ctx.principal, accounts::Action::kVerifyComplaints).ok()},
                           {"nav_active_complaints", true},
                           {"breadcrumbs", crumbs(ctx)}});
}

std::optional<int> parse_small(const std::string& s) {
  if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(s);
}

// ---- /pengaduan: what a report is

Response index_page(RequestContext& ctx) {
  const auto& cfg = ctx.app.config.complaints;
  json types = json::array();
  for (Type t : {Type::kPengaduan, Type::kAspirasi, Type::kPermintaanInformasi, Type::kWhistleblowing}) {
    types.push_back(
        {{"label", type_label(ctx, t)}, {"text", ctx.t(std::string("complaints_type_hint_") + to_string(t))}});
  }
  json privacy = json::array();
  for (Privacy p : {Privacy::kRahasia, Privacy::kAnonim, Privacy::kBiasa}) {
    privacy.push_back(
        {{"label", privacy_label(ctx, p)}, {"text", ctx.t(std::string("complaints_privacy_hint_") + to_string(p))}});
  }
  auto working = [&](int n) { return catalogue::format_duration(ctx, n, catalogue::DurationUnit::kWorkingDays); };
  auto days = [&](int n) { return std::to_string(n) + " " + ctx.t("duration_unit_days"); };
  std::string complete;
  if (cfg.complete_days_aspirasi == cfg.complete_days_pengaduan &&
      cfg.complete_days_informasi == cfg.complete_days_pengaduan &&
      cfg.complete_days_whistleblowing == cfg.complete_days_pengaduan) {
    complete = days(cfg.complete_days_pengaduan);
  } else {
    complete = type_label(ctx, Type::kPengaduan) + ": " + days(cfg.complete_days_pengaduan) + "; " +
               type_label(ctx, Type::kAspirasi) + ": " + days(cfg.complete_days_aspirasi) + "; " +
               type_label(ctx, Type::kPermintaanInformasi) + ": " + days(cfg.complete_days_informasi) + "; " +
               type_label(ctx, Type::kWhistleblowing) + ": " + days(cfg.complete_days_whistleblowing);
  }
  json limits = json::array({
      {{"label", ctx.t("complaints_limit_verify")}, {"value", working(cfg.verify_working_days)}},
      {{"label", ctx.t("complaints_limit_follow_up")}, {"value", working(cfg.follow_up_working_days)}},
      {{"label", ctx.t("complaints_limit_complete")}, {"value", complete}},
      {{"label", ctx.t("complaints_limit_auto_close")}, {"value", working(cfg.auto_close_working_days)}},
  });
  return web::render_page(ctx, "complaints/index",
                          {{"title", ctx.t("complaints_heading")},
                           {"types", types},
                           {"privacy", privacy},
                           {"limits", limits},
                           {"is_citizen", is_citizen(ctx)},
                           {"is_staff", ctx.principal.is_staff()},
                           {"nav_active_complaints", true},
                           {"breadcrumbs", crumbs(ctx, false)}});
}

// ---- The contact step of a guest: email or mobile number, then the code

Response render_contact(RequestContext& ctx, const FormState& st, const std::string& next, int status) {
  FormView view(ctx, st, kKeys);
  json field = field_json(view.text("contact", {{"spellcheck_off", true}, {"autocomplete", "email"}}));
  std::string heading = ctx.t("complaints_contact_heading");
  return web::render_page(ctx, "complaints/contact",
                          {{"title", st.has_errors() ? ctx.t("error_prefix") + ": " + heading : heading},
                           {"heading", heading},
                           {"field", field},
                           {"next", next},
                           {"errors", view.summary()},
                           {"has_errors", st.has_errors()},
                           {"sign_in_url", "/masuk?next=" + web::url_encode(next)},
                           {"nav_active_complaints", true},
                           {"breadcrumbs", crumbs(ctx)}},
                          status);
}

Response contact_page(RequestContext& ctx) {
  bool post = ctx.req.method == "POST";
  web::Pairs form = post ? ctx.form() : web::Pairs{};
  std::string next = web::safe_next(
      post ? web::find_pair(form, "next").value_or("") : ctx.req.query_param("next").value_or(""), kNewUrl);
  if (reports_elsewhere(ctx)) return staff_note(ctx);
  // A signed-in citizen is proven by the account.
  if (is_citizen(ctx)) return Response::redirect(next);
  FormState st;
  if (!post) return render_contact(ctx, st, next, 200);
  st.values["contact"] = catalogue::trim(web::find_pair(form, "contact").value_or(""));
  auto id = request_contact_code(ctx.app, st.value("contact"), ctx.req.remote_ip);
  if (!id) {
    const Error& e = id.error();
    if (e.kind != ErrorKind::kValidation && e.kind != ErrorKind::kTooManyRequests) return web::page_error(ctx, e);
    place_errors(ctx, st, e, {}, "contact");
    return render_contact(ctx, st, next, e.kind == ErrorKind::kTooManyRequests ? 429 : 422);
  }
  return Response::redirect("/pengaduan/konfirmasi?id=" + std::to_string(*id) + "&next=" + web::url_encode(next));
}

Response render_confirm(RequestContext& ctx, const FormState& st, int64_t id, const std::string& next, int status) {
  FormView view(ctx, st, kKeys);
  json field = field_json(view.text("code", {{"inputmode", "numeric"},
                                             {"autocomplete", "one-time-code"},
                                             {"spellcheck_off", true},
                                             {"width", "govuk-input--width-5"}}));
  std::string heading = ctx.t("complaints_confirm_heading");
  std::string self = "/pengaduan/konfirmasi?id=" + std::to_string(id) + "&next=" + web::url_encode(next);
  return web::render_page(ctx, "complaints/confirm",
                          {{"title", st.has_errors() ? ctx.t("error_prefix") + ": " + heading : heading},
                           {"heading", heading},
                           {"field", field},
                           {"action", self},
                           {"again_url", contact_step_url(next)},
                           {"errors", view.summary()},
                           {"has_errors", st.has_errors()},
                           {"nav_active_complaints", true},
                           {"breadcrumbs", crumbs(ctx)}},
                          status);
}

Response confirm_page(RequestContext& ctx) {
  auto id = parse_id(ctx.req.query_param("id").value_or(""));
  if (!id) return web::page_error(ctx, Error::not_found("no such confirmation"));
  std::string next = web::safe_next(ctx.req.query_param("next").value_or(""), kNewUrl);
  if (reports_elsewhere(ctx)) return staff_note(ctx);
  FormState st;
  if (ctx.req.method != "POST") return render_confirm(ctx, st, *id, next, 200);
  st.values["code"] = catalogue::trim(web::find_pair(ctx.form(), "code").value_or(""));
  auto token = confirm_contact(ctx.app, *id, st.value("code"));
  if (!token) {
    if (token.error().kind != ErrorKind::kValidation) return web::page_error(ctx, token.error());
    place_errors(ctx, st, token.error(), {}, "code");
    return render_confirm(ctx, st, *id, next, 422);
  }
  Response r = web::redirect_with_flash(ctx, next, "complaints_flash_contact_confirmed");
  r.add_header("Set-Cookie", web::make_cookie(kContactCookie, *token, kContactCookieSeconds, ctx.app.config.tls));
  return r;
}

// ---- /pengaduan/baru: the report form

const std::vector<std::string> kNewFields = {
    "type",           "privacy",          "about",           "title",   "description",
    "event_date-day", "event_date-month", "event_date-year", "address", "latitude",
    "longitude",      "idempotency_key"};
// What the desk adds when it records a report for a citizen.
const std::vector<std::string> kDeskFields = {"received_via", "reporter_name", "reporter_email", "reporter_phone"};
constexpr const char* kRecordUrl = "/kelola/pengaduan/baru";

std::vector<Choice> type_choices(const RequestContext& ctx) {
  std::vector<Choice> out;
  for (Type t : {Type::kPengaduan, Type::kAspirasi, Type::kPermintaanInformasi, Type::kWhistleblowing}) {
    out.push_back({to_string(t), type_label(ctx, t)});
  }
  return out;
}

std::vector<Choice> privacy_choices(const RequestContext& ctx) {
  std::vector<Choice> out;
  for (Privacy p : {Privacy::kRahasia, Privacy::kAnonim, Privacy::kBiasa}) {
    out.push_back({to_string(p), privacy_label(ctx, p)});
  }
  return out;
}

// Radios whose items each carry a hint (i18n `<hint_prefix><value>`).
json radios_with_hints(const RequestContext& ctx, FormView& view, const std::string& id,
                       const std::vector<Choice>& choices, const std::string& hint_prefix) {
  json f = view.radios(id, choices);
  for (auto& item : f["items"]) {
    item["hint"] = ctx.t(hint_prefix + item["value"].get<std::string>());
    item["hint_id"] = item["id"].get<std::string>() + "-item-hint";
  }
  return field_json(std::move(f));
}

// The service or agency a report is about: one select, services grouped by
// agency, each group led by "the agency in general". Values "s<id>" and "a<id>".
Result<json> about_field(RequestContext& ctx, FormView& view, const FormState& st) {
  auto agencies = catalogue::list_agencies(ctx.app, ctx.principal);
  if (!agencies) return std::move(agencies).error();
  catalogue::ServiceQuery q;
  q.limit = 100;
  auto services = catalogue::all_services(ctx, q);
  if (!services) return std::move(services).error();
  std::map<int64_t, std::vector<const catalogue::ServiceSummary*>> by_agency;
  for (const auto& s : *services) by_agency[s.agency_id].push_back(&s);
  const std::string& selected = st.value("about");
  json groups = json::array();
  for (const auto& a : *agencies) {
    std::string general = "a" + std::to_string(a.id);
    json options = json::array(
        {{{"value", general}, {"label", ctx.t("complaints_about_general")}, {"selected", selected == general}}});
    for (const auto* s : by_agency[a.id]) {
      std::string v = "s" + std::to_string(s->id);
      options.push_back({{"value", v}, {"label", s->name}, {"selected", selected == v}});
    }
    groups.push_back({{"label", a.name}, {"options", options}});
  }
  json f = view.text("about");
  f["is_text"] = false;
  f["is_groups"] = true;
  f["groups"] = groups;
  f["placeholder"] = ctx.t("complaints_about_placeholder");
  return field_json(std::move(f));
}

struct Reporting {
  bool account = false;
  std::string who;    // the account's name or the guest's masked contact
  bool desk = false;  // the desk records a report for a citizen (kRecordUrl)
};

std::vector<Choice> received_via_choices(const RequestContext& ctx) {
  std::vector<Choice> out;
  for (const char* ch : kRecordedChannels) out.push_back({ch, ctx.t(std::string("complaints_channel_") + ch)});
  return out;
}

Response render_new(RequestContext& ctx, const FormState& st, const Reporting& rep, bool files_again,
                    bool contact_expired, int status) {
  FormView view(ctx, st, kKeys);
  json kind = json::array({radios_with_hints(ctx, view, "type", type_choices(ctx), "complaints_type_hint_"),
                           radios_with_hints(ctx, view, "privacy", privacy_choices(ctx), "complaints_privacy_hint_")});
  auto about = about_field(ctx, view, st);
  if (!about) return web::page_error(ctx, about.error());
  json what = json::array({*about, field_json(view.text("title")), field_json(view.textarea("description", 8)),
                           field_json(view.date("event_date"))});
  json where = json::array(
      {field_json(view.text("address", {{"autocomplete", "street-address"}})),
       field_json(view.text("latitude",
                            {{"inputmode", "decimal"}, {"spellcheck_off", true}, {"width", "govuk-input--width-10"}})),
       field_json(view.text(
           "longitude", {{"inputmode", "decimal"}, {"spellcheck_off", true}, {"width", "govuk-input--width-10"}}))});
  json files = json::array({file_field(ctx, view, "attachments")});
  std::vector<std::pair<std::string, json>> parts;
  if (rep.desk) {
    parts.push_back({"complaints_section_received",
                     json::array({field_json(view.radios("received_via", received_via_choices(ctx)))})});
    parts.push_back(
        {"complaints_section_reporter",
         json::array({field_json(view.text("reporter_name", {{"autocomplete", "off"}})),
                      field_json(view.text("reporter_email", {{"spellcheck_off", true}, {"autocomplete", "off"}})),
                      field_json(view.text("reporter_phone", {{"inputmode", "tel"}, {"autocomplete", "off"}}))})});
  }
  parts.insert(parts.end(), {{"complaints_section_kind", kind},
                             {"complaints_section_what", what},
                             {"complaints_section_where", where},
                             {"complaints_section_files", files}});
  json sections = json::array();
  for (auto& [key, fields] : parts) sections.push_back({{"heading", ctx.t(key)}, {"fields", fields}});
  std::string heading = ctx.t(rep.desk ? "complaints_record_heading" : "complaints_new_heading");
  return web::render_page(ctx, "complaints/new",
                          {{"title", st.has_errors() ? ctx.t("error_prefix") + ": " + heading : heading},
                           {"heading", heading},
                           {"sections", sections},
                           {"errors", view.summary()},
                           {"has_errors", st.has_errors()},
                           {"files_again", files_again},
                           {"contact_expired", contact_expired},
                           {"contact_again_url", contact_step_url(kNewUrl)},
                           {"reporting_account", rep.account},
                           {"reporting_who", rep.who},
                           {"change_contact_url", contact_step_url(kNewUrl)},
                           {"idempotency_key", st.value("idempotency_key")},
                           {"desk", rep.desk},
                           {"form_action", rep.desk ? kRecordUrl : kNewUrl},
                           {"nav_active_complaints", !rep.desk},
                           {"nav_active_manage", rep.desk},
                           {"breadcrumbs", crumbs(ctx)}},
                          status);
}

// The report form, GET and POST: a citizen's or guest's own (kNewUrl), or
// the desk's record of a report received at the counter, by phone or by
// letter (kRecordUrl).
Response report_form(RequestContext& ctx, const Reporting& rep) {
  if (ctx.req.method != "POST") {
    FormState st;
    st.values["privacy"] = "rahasia";  // privacy by default
    st.values["idempotency_key"] = crypto::random_token(16);
    if (auto s = parse_id(ctx.req.query_param("layanan").value_or(""))) st.values["about"] = "s" + std::to_string(*s);
    return render_new(ctx, st, rep, false, false, 200);
  }

  auto posted = read_posted(ctx, "attachments");
  if (!posted) return web::page_error(ctx, posted.error());
  FormState st;
  for (const auto& f : kNewFields)
    st.values[f] = f == "description" ? web::find_pair(posted->fields, f).value_or("") : posted->field(f);
  if (rep.desk) {
    for (const auto& f : kDeskFields) st.values[f] = posted->field(f);
  }
  if (st.value("idempotency_key").empty() || st.value("idempotency_key").size() > 64) {
    st.values["idempotency_key"] = crypto::random_token(16);
  }
  NewComplaint in;
  in.type = st.value("type");
  in.privacy = st.value("privacy").empty() ? "rahasia" : st.value("privacy");
  in.title = st.value("title");
  in.description = catalogue::trim(st.value("description"));
  in.event_date =
      catalogue::join_date(st.value("event_date-day"), st.value("event_date-month"), st.value("event_date-year"));
  in.address = st.value("address");
  const std::string& about = st.value("about");
  if (about.size() > 1 && (about[0] == 's' || about[0] == 'a')) {
    auto id = parse_id(about.substr(1));
    (about[0] == 's' ? in.service_id : in.agency_id) = id;
  }
  // Text that is not a number reaches the service as NaN, so that it is
  // reported together with every other error (ours, added first, wins).
  for (const char* f : {"latitude", "longitude"}) {
    if (st.value(f).empty()) continue;
    auto v = parse_decimal(st.value(f));
    if (!v) st.add_error(f, ctx.t(std::string("complaints_error_") + f));
    (std::string(f) == "latitude" ? in.latitude : in.longitude) = v.value_or(std::nan(""));
  }
  if (st.value("type").empty()) st.add_error("type", ctx.t("complaints_error_type"));
  in.attachments = std::move(posted->files);
  const bool sent_files = !in.attachments.empty();
  if (rep.desk) {
    in.received_via = st.value("received_via");
    in.reporter_name = catalogue::trim(st.value("reporter_name"));
    in.reporter_email = catalogue::trim(st.value("reporter_email"));
    in.reporter_phone = catalogue::trim(st.value("reporter_phone"));
  } else if (!rep.account) {
    in.contact_token = contact_token_of(ctx);
  }
  in.idempotency_key = st.value("idempotency_key");
  in.client_ip = ctx.req.remote_ip;
  in.channel = "web";

  auto done = submit(ctx.app, ctx.principal, std::move(in));
  if (done && rep.desk) {
    return web::redirect_with_flash(ctx, "/kelola/pengaduan/" + std::to_string(done->complaint.id),
                                    "complaints_flash_recorded");
  }
  if (done) return Response::redirect("/pengaduan/terkirim?kode=" + web::url_encode(done->complaint.tracking_code));
  const Error& e = done.error();
  bool contact_expired = false;
  switch (e.kind) {
    case ErrorKind::kValidation:
      for (const auto& f : e.fields) contact_expired = contact_expired || f.field == "contact_token";
      place_errors(
          ctx, st, e,
          {{"service_id", "about"}, {"agency_id", "about"}, {"contact_token", ""}, {"event_date", "event_date"}});
      break;
    case ErrorKind::kTooManyRequests:
      place_errors(ctx, st, e, {});
      break;
    case ErrorKind::kForbidden:
      st.add_error("", ctx.t("complaints_error_blocked"));
      break;
    case ErrorKind::kUnavailable:
      // Nothing was stored: the form comes back as typed, with the same
      // idempotency key, so sending it again cannot make a second report.
      st.add_error("", ctx.t("unavailable_message"));
      break;
    default:
      return web::page_error(ctx, e);
  }
  int status = e.kind == ErrorKind::kTooManyRequests ? 429
               : e.kind == ErrorKind::kForbidden     ? 403
               : e.kind == ErrorKind::kUnavailable   ? 503
                                                     : 422;
  return render_new(ctx, st, rep, sent_files, contact_expired, status);
}

Response new_page(RequestContext& ctx) {
  if (reports_elsewhere(ctx)) return staff_note(ctx);
  Reporting rep;
  if (is_citizen(ctx)) {
    rep.account = true;
    rep.who = ctx.principal.name;
  } else if (auto masked = confirmed_contact(ctx.app, contact_token_of(ctx))) {
    rep.who = *masked;
  } else if (ctx.req.method != "POST") {
    // A guest proves an email address or mobile number first.
    return Response::redirect(contact_step_url(ctx.req.raw_target));
  }
  return report_form(ctx, rep);
}

// The desk records a report a citizen brought in person, phoned in or wrote.
Response record_page(RequestContext& ctx) {
  if (!ctx.principal.authenticated()) {
    return web::page_error(ctx, Error::unauthenticated("sign in to record reports"));
  }
  if (auto s = accounts::authorize(ctx.principal, accounts::Action::kVerifyComplaints); !s) {
    return web::page_error(ctx, s.error());
  }
  Reporting rep;
  rep.desk = true;
  return report_form(ctx, rep);
}

Response submitted_page(RequestContext& ctx) {
  auto v = view_by_code(ctx.app, ctx.principal, ctx.req.query_param("kode").value_or(""), contact_token_of(ctx));
  if (!v) return web::page_error(ctx, v.error());
  const auto& c = v->complaint;
  std::string heading = ctx.t("complaints_submitted_heading");
  return web::render_page(
      ctx, "complaints/submitted",
      {{"title", heading},
       {"heading", heading},
       {"code", c.tracking_code},
       {"report_title", c.title},
       {"track_url", track_url(c.tracking_code)},
       {"verify_text", catalogue::format_duration(ctx, ctx.app.config.complaints.verify_working_days,
                                                  catalogue::DurationUnit::kWorkingDays)},
       {"is_citizen", is_citizen(ctx)},
       {"nav_active_complaints", true}});
}

// ---- /pengaduan/lacak: tracking, and the reporter's actions

// The reporter's actions in the order the page offers them.
constexpr Transition kReporterActions[] = {Transition::kComplete, Transition::kReporterReply, Transition::kConfirm,
                                           Transition::kReopen, Transition::kRate};

bool is_reporter_action(Transition t) {
  for (Transition r : kReporterActions) {
    if (r == t) return true;
  }
  return false;
}

std::vector<Choice> rating_choices(const RequestContext& ctx) {
  std::vector<Choice> out;
  for (int i = 5; i >= 1; --i) out.push_back({std::to_string(i), ctx.t("complaints_rating_" + std::to_string(i))});
  return out;
}

// One form of the reporter per available action; field ids carry the
// action's name so that several forms can share the page.
json reporter_forms(const RequestContext& ctx, FormView& view, const ComplaintView& v) {
  json forms = json::array();
  for (Transition t : kReporterActions) {
    if (std::find(v.available.begin(), v.available.end(), t) == v.available.end()) continue;
    const std::string a = to_string(t);
    json fields = json::array();
    bool multipart = false;
    switch (t) {
      case Transition::kComplete:
      case Transition::kReporterReply:
        fields.push_back(field_json(view.textarea(a + "_message", 5, {{"name", "message"}})));
        fields.push_back(file_field(ctx, view, a + "_attachments"));
        fields.back()["name"] = "attachments";
        multipart = true;
        break;
      case Transition::kReopen:
        fields.push_back(field_json(view.textarea(a + "_message", 4, {{"name", "message"}})));
        break;
      case Transition::kRate: {
        json r = field_json(view.radios("rate_rating", rating_choices(ctx)));
        r["name"] = "rating";
        fields.push_back(r);
        fields.push_back(field_json(view.textarea("rate_message", 3, {{"name", "message"}})));
        break;
      }
      default:
        break;
    }
    forms.push_back(action_form(ctx, a, std::move(fields), multipart, t == Transition::kReopen));
  }
  lead_with_primary(forms);
  return forms;
}

Response render_track(RequestContext& ctx, const ComplaintView& v, const FormState& st, int status) {
  const auto& c = v.complaint;
  PageTime pt = page_time(ctx);
  FormView view(ctx, st, kKeys);
  json forms = v.is_reporter ? reporter_forms(ctx, view, v) : json::array();
  std::string file_base = "/pengaduan/lacak/" + c.tracking_code + "/lampiran/";
  std::string heading = ctx.t("complaints_track_heading");
  std::string self = track_url(c.tracking_code);
  // Without proof of being the reporter, a report that is not public shows
  // its status only: its own words are named by its public id instead.
  const std::string report_title = v.text_withheld ? ctx.t("complaints_report") + " " + c.public_id : c.title;
  json report = complaint_json(ctx, pt, c);
  report["title"] = report_title;
  report["withheld"] = v.text_withheld;
  return web::render_page(
      ctx, "complaints/track",
      {{"title", (st.has_errors() ? ctx.t("error_prefix") + ": " : "") + report_title + " – " + heading},
       {"heading", heading},
       {"found", true},
       {"report", report},
       {"deadlines", deadlines_json(ctx, pt, c)},
       {"has_deadlines", !deadlines_json(ctx, pt, c).empty()},
       {"timeline", timeline_json(ctx, pt, v, file_base, false)},
       {"files", report_files_json(ctx, v, file_base)},
       {"has_files", !report_files_json(ctx, v, file_base).empty()},
       {"is_reporter", v.is_reporter},
       {"contact_masked", v.reporter_contact_masked.empty() ? json(false) : json(v.reporter_contact_masked)},
       {"forms", forms},
       {"has_forms", !forms.empty()},
       {"version", c.version},
       {"post_url", "/pengaduan/lacak/" + c.tracking_code + "/tindakan"},
       {"confirm_url", ctx.principal.authenticated() ? json(false) : json(contact_step_url(self))},
       {"sign_in_url", "/masuk?next=" + web::url_encode(self)},
       {"is_citizen", is_citizen(ctx)},
       {"errors", view.summary()},
       {"has_errors", st.has_errors()},
       {"nav_active_complaints", true},
       {"breadcrumbs", crumbs(ctx)}},
      status);
}

Response render_lookup(RequestContext& ctx, const std::string& code, const std::string& error, int status) {
  FormState st;
  st.values["kode"] = code;
  if (!error.empty()) st.add_error("kode", error);
  FormView view(ctx, st, kKeys);
  json field = field_json(view.text("kode", {{"spellcheck_off", true}, {"width", "govuk-input--width-20"}}));
  std::string heading = ctx.t("complaints_track_heading");
  return web::render_page(ctx, "complaints/track",
                          {{"title", st.has_errors() ? ctx.t("error_prefix") + ": " + heading : heading},
                           {"heading", heading},
                           {"found", false},
                           {"field", field},
                           {"errors", view.summary()},
                           {"has_errors", st.has_errors()},
                           {"nav_active_complaints", true},
                           {"breadcrumbs", crumbs(ctx)}},
                          status);
}

Response track_page(RequestContext& ctx) {
  std::string code = catalogue::trim(ctx.req.query_param("kode").value_or(""));
  if (code.empty()) return render_lookup(ctx, "", "", 200);
  auto v = view_by_code(ctx.app, ctx.principal, code, contact_token_of(ctx));
  if (!v) {
    if (v.error().kind != ErrorKind::kNotFound) return web::page_error(ctx, v.error());
    return render_lookup(ctx, code, ctx.t("complaints_error_no_such_code"), 404);
  }
  return render_track(ctx, *v, FormState{}, 200);
}

Response track_action(RequestContext& ctx) {
  const std::string& code = ctx.param("code");
  const std::string token = contact_token_of(ctx);
  auto v = view_by_code(ctx.app, ctx.principal, code, token);
  if (!v) return web::page_error(ctx, v.error());
  auto posted = read_posted(ctx, "attachments");
  if (!posted) return web::page_error(ctx, posted.error());
  auto kind = parse_transition(posted->field("action"));
  if (!kind || !is_reporter_action(*kind)) return web::page_error(ctx, Error::bad_request("unknown action"));
  const std::string a = to_string(*kind);
  const std::string message_id = *kind == Transition::kRate ? "rate_message" : a + "_message";
  FormState st;
  st.values[message_id] = web::find_pair(posted->fields, "message").value_or("");
  st.values["rate_rating"] = posted->field("rating");

  ActionInput in;
  in.kind = *kind;
  in.message = catalogue::trim(st.value(message_id));
  if (*kind == Transition::kRate) in.rating = parse_small(st.value("rate_rating")).value_or(0);
  in.expected_version = parse_small(posted->field("version"));
  in.attachments = std::move(posted->files);
  in.client_ip = ctx.req.remote_ip;
  auto done = act(ctx.app, ctx.principal, v->complaint.id, in, token);
  if (done) return web::redirect_with_flash(ctx, track_url(v->complaint.tracking_code), "complaints_flash_" + a);

  const Error& e = done.error();
  int status = 422;
  switch (e.kind) {
    case ErrorKind::kValidation:
      place_errors(ctx, st, e,
                   {{"message", message_id}, {"rating", "rate_rating"}, {"attachments", a + "_attachments"}});
      break;
    case ErrorKind::kConflict:
      st.add_error("", ctx.t("complaints_error_conflict"));
      status = 409;
      break;
    case ErrorKind::kTooManyRequests:
      place_errors(ctx, st, e, {});
      status = 429;
      break;
    case ErrorKind::kUnauthenticated:
      st.add_error("", ctx.t("complaints_error_not_reporter"));
      status = 403;
      break;
    default:
      return web::page_error(ctx, e);
  }
  // The report as it is now (it may have changed under a stale form).
  auto fresh = view_by_code(ctx.app, ctx.principal, code, token);
  if (!fresh) return web::page_error(ctx, fresh.error());
  return render_track(ctx, *fresh, st, status);
}

Response track_file(RequestContext& ctx) {
  auto v = view_by_code(ctx.app, ctx.principal, ctx.param("code"), contact_token_of(ctx));
  if (!v) return web::page_error(ctx, v.error());
  auto aid = ctx.id_param("aid");
  if (!aid) return web::page_error(ctx, aid.error());
  return attachment_response(ctx, *v, *aid);
}

// ---- /pengaduan/saya: a citizen's own reports

Response mine_page(RequestContext& ctx) {
  if (!ctx.principal.authenticated())
    return web::page_error(ctx, Error::unauthenticated("sign in to see your reports"));
  ListQuery q;
  q.box = "mine";
  q.limit = kMineLimit;
  q.cursor = ctx.req.query_param("cursor").value_or("");
  auto page = list(ctx.app, ctx.principal, q);
  if (!page) return web::page_error(ctx, page.error());
  PageTime pt = page_time(ctx);
  json rows = json::array();
  for (const auto& c : page->items) {
    rows.push_back({{"code", c.tracking_code},
                    {"url", track_url(c.tracking_code)},
                    {"title", c.title},
                    {"status", status_json(ctx, c.status)},
                    {"submitted_at", local_time(ctx, pt, c.submitted_at)},
                    {"submitted_datetime", c.submitted_at}});
  }
  json pagination = false;
  if (!page->next_cursor.empty() || !q.cursor.empty()) {
    pagination = {
        {"next_url", page->next_cursor.empty() ? json(false)
                                               : json("/pengaduan/saya?cursor=" + web::url_encode(page->next_cursor))},
        {"first_url", q.cursor.empty() ? json(false) : json("/pengaduan/saya")}};
  }
  std::string heading = ctx.t("complaints_mine_heading");
  return web::render_page(ctx, "complaints/mine",
                          {{"title", heading},
                           {"heading", heading},
                           {"rows", rows},
                           {"has_rows", !rows.empty()},
                           {"total", page->total},
                           {"pagination", pagination},
                           {"nav_active_complaints", true},
                           {"breadcrumbs", crumbs(ctx)}});
}

}  // namespace

void register_pages(web::Router& router) {
  // Never get_public: what these pages show depends on the visitor.
  router.get("/pengaduan", index_page);
  router.form("/pengaduan/kontak", contact_page);
  router.form("/pengaduan/konfirmasi", confirm_page);
  router.upload_form("/pengaduan/baru", new_page);
  router.upload_form(kRecordUrl, record_page);
  router.add("GET", "/pengaduan/terkirim", submitted_page, web::kCodeLookup);
  router.add("GET", "/pengaduan/lacak", track_page, web::kCodeLookup);
  router.add("POST", "/pengaduan/lacak/{code}/tindakan", track_action,
             {.body_limit = web::BodyLimit::kUpload, .rate_limit = web::RateLimit::kCodeLookup});
  router.add("GET", "/pengaduan/lacak/{code}/lampiran/{aid}", track_file, web::kCodeLookup);
  router.get("/pengaduan/saya", mine_page);
  register_staff_pages(router);
}

}  // namespace layan::complaints
