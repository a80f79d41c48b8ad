// The staff's complaint pages: the desk's verification queue, an agency's or
// unit's inbox, every report for evaluators, and one report with a form per
// action the viewer may take now. The service layer decides what each
// viewer sees (a reporter's identity only where allowed) and may do; these
// handlers only offer what its view says.
#include <algorithm>

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "catalogue/service.hpp"
#include "complaints/pages_internal.hpp"
#include "web/respond.hpp"

namespace layan::complaints {
namespace {

using catalogue::Choice;
using catalogue::FormState;
using catalogue::FormView;
using nlohmann::json;
using web::RequestContext;
using web::Response;

constexpr const char* kListUrl = "/kelola/pengaduan";
constexpr int kPageSize = 20;

std::string detail_url(int64_t id) {
  return std::string(kListUrl) + "/" + std::to_string(id);
}

json crumbs(const RequestContext& ctx, bool with_list) {
  json c = json::array(
      {{{"href", "/"}, {"label", ctx.t("nav_home")}}, {{"href", "/kelola"}, {"label", ctx.t("nav_manage")}}});
  if (with_list) c.push_back({{"href", kListUrl}, {"label", ctx.t("complaints_staff_heading")}});
  return c;
}

std::optional<Response> require_staff(RequestContext& ctx) {
  if (!ctx.principal.authenticated()) {
    return web::page_error(ctx, Error::unauthenticated("sign in to handle reports"));
  }
  if (!ctx.principal.is_staff()) return web::page_error(ctx, Error::forbidden("staff only"));
  return std::nullopt;
}

// ---- The list

// The boxes a role may open: the desk's queue or everything for the mall's
// manager, everything for evaluators, the inbox for an agency's staff.
std::vector<std::string> boxes_of(const accounts::Principal& p) {
  switch (p.role) {
    case accounts::Role::kMppAdmin:
      return {"desk", "all"};
    case accounts::Role::kEvaluator:
      return {"all"};
    default:
      return {"agency"};
  }
}

struct Filters {
  std::string box, status, type, q, cursor;
  bool overdue = false;
};

std::string list_url(const Filters& f, const std::string& cursor) {
  std::string url = std::string(kListUrl) + "?kotak=" + f.box;
  if (!f.status.empty()) url += "&status=" + f.status;
  if (!f.type.empty()) url += "&jenis=" + f.type;
  if (f.overdue) url += "&terlambat=1";
  if (!f.q.empty()) url += "&q=" + web::url_encode(f.q);
  if (!cursor.empty()) url += "&cursor=" + web::url_encode(cursor);
  return url;
}

// The deadline the report is racing now: the earliest running one that
// staff must meet.
std::string next_deadline(const Complaint& c) {
  std::string best;
  for (const std::string* d : {&c.verify_due_at, &c.follow_up_due_at, &c.complete_due_at}) {
    if (!d->empty() && (best.empty() || *d < best)) best = *d;
  }
  return best;
}

Response list_page(RequestContext& ctx) {
  if (auto denied = require_staff(ctx)) return *denied;
  const auto boxes = boxes_of(ctx.principal);
  // Unknown filter values are ignored (shown as "all"): this is navigation,
  // not data entry.
  Filters f;
  f.box = ctx.req.query_param("kotak").value_or("");
  if (std::find(boxes.begin(), boxes.end(), f.box) == boxes.end()) f.box = boxes.front();
  f.status = ctx.req.query_param("status").value_or("");
  if (!parse_status(f.status)) f.status.clear();
  f.type = ctx.req.query_param("jenis").value_or("");
  if (!parse_type(f.type)) f.type.clear();
  f.overdue = ctx.req.query_param("terlambat").value_or("") == "1";
  f.q = catalogue::trim(ctx.req.query_param("q").value_or(""));
  f.cursor = ctx.req.query_param("cursor").value_or("");

  ListQuery q;
  q.box = f.box;
  if (!f.status.empty()) q.statuses = {f.status};
  if (!f.type.empty()) q.type = f.type;
  q.overdue_only = f.overdue;
  q.q = f.q;
  q.cursor = f.cursor;
  q.limit = kPageSize;
  auto page = list(ctx.app, ctx.principal, q);
  json q_error = false;
  if (!page && page.error().kind == ErrorKind::kValidation) {
    q_error = web::form_errors(ctx, page.error())["errors"][0];
    q_error["field"] = "q";
  } else if (!page) {
    return web::page_error(ctx, page.error());
  }

  PageTime pt = page_time(ctx);
  json rows = json::array();
  if (page) {
    for (const auto& c : page->items) {
      std::string due = next_deadline(c);
      std::string where = c.agency_name;
      if (!c.unit_name.empty()) where += " – " + c.unit_name;
      rows.push_back({{"id", c.id},
                      {"code", c.public_id},
                      {"url", detail_url(c.id)},
                      {"title", c.title},
                      {"type", type_label(ctx, c.type)},
                      {"status", status_json(ctx, c.status)},
                      {"where", where.empty() ? json(false) : json(where)},
                      {"submitted_at", local_time(ctx, pt, c.submitted_at)},
                      {"submitted_datetime", c.submitted_at},
                      {"due_at", due.empty() ? json(false) : json(local_time(ctx, pt, due))},
                      {"due_datetime", due},
                      {"overdue", missed_deadline(c, pt.now).has_value()}});
    }
  }
  json status_options = json::array({{{"value", ""}, {"label", ctx.t("complaints_filter_all_statuses")}}});
  for (Status s : kAllStatuses) {
    status_options.push_back(
        {{"value", to_string(s)}, {"label", ctx.t(std::string("complaints_status_") + to_string(s))}});
  }
  for (auto& o : status_options) o["selected"] = o["value"] == f.status;
  json type_options = json::array({{{"value", ""}, {"label", ctx.t("complaints_filter_all_types")}}});
  for (Type t : {Type::kPengaduan, Type::kAspirasi, Type::kPermintaanInformasi, Type::kWhistleblowing}) {
    type_options.push_back({{"value", to_string(t)}, {"label", type_label(ctx, t)}});
  }
  for (auto& o : type_options) o["selected"] = o["value"] == f.type;
  json tabs = json::array();
  if (boxes.size() > 1) {
    for (const auto& b : boxes) {
      Filters other;
      other.box = b;
      tabs.push_back({{"label", ctx.t("complaints_box_" + b)}, {"url", list_url(other, "")}, {"current", b == f.box}});
    }
  }
  json pagination = false;
  if (page && (!page->next_cursor.empty() || !f.cursor.empty())) {
    pagination = {{"next_url", page->next_cursor.empty() ? json(false) : json(list_url(f, page->next_cursor))},
                  {"first_url", f.cursor.empty() ? json(false) : json(list_url(f, ""))}};
  }
  std::string heading = ctx.t("complaints_box_" + f.box);
  return web::render_page(ctx, "complaints/staff_list",
                          {{"title", q_error.is_object() ? ctx.t("error_prefix") + ": " + heading : heading},
                           {"heading", heading},
                           {"box", f.box},
                           {"may_record", accounts::authorize(ctx.principal, accounts::Action::kVerifyComplaints).ok()},
                           {"tabs", tabs},
                           {"has_tabs", !tabs.empty()},
                           {"status_options", status_options},
                           {"type_options", type_options},
                           {"overdue", f.overdue},
                           {"q", f.q},
                           {"q_error", q_error},
                           {"errors", q_error.is_object() ? json::array({q_error}) : json::array()},
                           {"has_errors", q_error.is_object()},
                           {"filtered", !f.status.empty() || !f.type.empty() || f.overdue || !f.q.empty()},
                           {"clear_url", list_url(Filters{f.box, "", "", "", "", false}, "")},
                           {"rows", rows},
                           {"has_rows", !rows.empty()},
                           {"total", page ? page->total : 0},
                           {"pagination", pagination},
                           {"nav_active_manage", true},
                           {"breadcrumbs", crumbs(ctx, false)}},
                          q_error.is_object() ? 422 : 200);
}

// ---- One report

// The staff's actions in the order the page offers them.
constexpr Transition kStaffActions[] = {Transition::kVerify,
                                        Transition::kDispositionToAgency,
                                        Transition::kDispositionToUnit,
                                        Transition::kStartWork,
                                        Transition::kReply,
                                        Transition::kResolve,
                                        Transition::kReturnForCompletion,
                                        Transition::kForwardToAgency,
                                        Transition::kNotOurAuthority,
                                        Transition::kReject,
                                        Transition::kMarkDuplicate,
                                        Transition::kMarkAbuse,
                                        Transition::kNote,
                                        Transition::kArchive};

bool is_staff_action(Transition t) {
  return std::find(std::begin(kStaffActions), std::end(kStaffActions), t) != std::end(kStaffActions);
}

struct Choices {
  std::vector<Choice> agencies, units;
};

Result<Choices> choices_for(RequestContext& ctx, const ComplaintView& v) {
  Choices out;
  auto wants = [&](Transition t) { return std::find(v.available.begin(), v.available.end(), t) != v.available.end(); };
  if (wants(Transition::kDispositionToAgency) || wants(Transition::kForwardToAgency)) {
    auto agencies = catalogue::list_agencies(ctx.app, ctx.principal);
    if (!agencies) return std::move(agencies).error();
    out.agencies.push_back({"", ctx.t("complaints_choose_agency")});
    for (const auto& a : *agencies) out.agencies.push_back({std::to_string(a.id), a.name});
  }
  if (wants(Transition::kDispositionToUnit) && v.complaint.agency_id) {
    auto units = catalogue::list_units(ctx.app, ctx.principal, *v.complaint.agency_id);
    if (!units) return std::move(units).error();
    out.units.push_back({"", ctx.t("complaints_choose_unit")});
    for (const auto& u : *units) out.units.push_back({std::to_string(u.id), u.name});
  }
  return out;
}

json action_forms(RequestContext& ctx, FormView& view, const ComplaintView& v, const Choices& choices) {
  json forms = json::array();
  for (Transition t : kStaffActions) {
    if (std::find(v.available.begin(), v.available.end(), t) == v.available.end()) continue;
    const std::string a = to_string(t);
    json fields = json::array();
    bool multipart = false;
    auto message = [&](int rows) {
      fields.push_back(field_json(view.textarea(a + "_message", rows, {{"name", "message"}})));
    };
    auto select = [&](const std::string& suffix, const std::vector<Choice>& list) {
      json f = field_json(view.select(a + "_" + suffix, list));
      f["name"] = suffix;
      fields.push_back(f);
    };
    switch (t) {
      case Transition::kDispositionToAgency:
        select("agency_id", choices.agencies);
        break;
      case Transition::kForwardToAgency:
        select("agency_id", choices.agencies);
        message(3);
        break;
      case Transition::kDispositionToUnit:
        select("unit_id", choices.units);
        message(3);
        break;
      case Transition::kMarkDuplicate:
        fields.push_back(field_json(view.text(
            a + "_related", {{"name", "related"}, {"spellcheck_off", true}, {"width", "govuk-input--width-20"}})));
        break;
      case Transition::kReply:
        message(5);
        fields.push_back(file_field(ctx, view, a + "_attachments"));
        fields.back()["name"] = "attachments";
        multipart = true;
        break;
      case Transition::kReturnForCompletion:
      case Transition::kReject:
      case Transition::kMarkAbuse:
      case Transition::kNotOurAuthority:
      case Transition::kNote:
      case Transition::kResolve:
        message(4);
        break;
      default:
        break;
    }
    bool warning = t == Transition::kReject || t == Transition::kMarkAbuse || t == Transition::kNotOurAuthority ||
                   t == Transition::kArchive;
    forms.push_back(action_form(ctx, a, std::move(fields), multipart, warning));
  }
  lead_with_primary(forms);
  return forms;
}

// Reports like this one, for the desk to mark it as their duplicate.
Result<json> similar_json(RequestContext& ctx, const ComplaintView& v) {
  json out = json::array();
  bool desk = std::find(v.acting_as.begin(), v.acting_as.end(), ActorKind::kDesk) != v.acting_as.end();
  bool can_mark = std::find(v.available.begin(), v.available.end(), Transition::kMarkDuplicate) != v.available.end();
  if (!desk || !can_mark) return out;
  auto list = similar(ctx.app, ctx.principal, v.complaint.id);
  if (!list) return std::move(list).error();
  for (const auto& s : *list) {
    out.push_back({{"id", s.complaint.id},
                   {"code", s.complaint.public_id},
                   {"url", detail_url(s.complaint.id)},
                   {"title", s.complaint.title},
                   {"status", status_json(ctx, s.complaint.status)},
                   {"score", std::to_string(static_cast<int>(s.score * 100 + 0.5)) + "%"}});
  }
  return out;
}

Response render_detail(RequestContext& ctx, const ComplaintView& v, const FormState& st, int status) {
  const auto& c = v.complaint;
  PageTime pt = page_time(ctx);
  FormView view(ctx, st, kKeys);
  auto choices = choices_for(ctx, v);
  if (!choices) return web::page_error(ctx, choices.error());
  auto similar_reports = similar_json(ctx, v);
  if (!similar_reports) return web::page_error(ctx, similar_reports.error());
  json forms = action_forms(ctx, view, v, *choices);
  json reporter = false;
  if (v.reporter) {
    reporter = {{"name", v.reporter->name.empty() ? json(false) : json(v.reporter->name)},
                {"email", v.reporter->email.empty() ? json(false) : json(v.reporter->email)},
                {"phone", v.reporter->phone.empty() ? json(false) : json(v.reporter->phone)},
                {"account", v.reporter->user_id.has_value()}};
  }
  json reveal = false;
  if (!v.reporter && accounts::authorize(ctx.principal, accounts::Action::kRevealReporter)) {
    reveal = {{"field", field_json(view.textarea("reveal_reason", 3, {{"name", "reason"}}))},
              {"action", detail_url(c.id) + "/identitas"}};
  }
  json overdue = false;
  if (v.overdue) {
    overdue = {{"label", ctx.t(std::string("complaints_deadline_") + to_string(v.overdue->deadline))},
               {"at", local_time(ctx, pt, v.overdue->due_at)}};
  }
  std::string file_base = detail_url(c.id) + "/lampiran/";
  json files = report_files_json(ctx, v, file_base);
  return web::render_page(ctx, "complaints/staff_detail",
                          {{"title", (st.has_errors() ? ctx.t("error_prefix") + ": " : "") + c.title},
                           {"report", complaint_json(ctx, pt, c)},
                           {"overdue", overdue},
                           {"deadlines", deadlines_json(ctx, pt, c)},
                           {"has_deadlines", !deadlines_json(ctx, pt, c).empty()},
                           {"reporter", reporter},
                           {"reveal", reveal},
                           {"timeline", timeline_json(ctx, pt, v, file_base, true)},
                           {"files", files},
                           {"has_files", !files.empty()},
                           {"similar", *similar_reports},
                           {"has_similar", !similar_reports->empty()},
                           {"forms", forms},
                           {"has_forms", !forms.empty()},
                           {"version", c.version},
                           {"post_url", detail_url(c.id) + "/tindakan"},
                           {"duplicate_of_url", c.duplicate_of ? json(detail_url(*c.duplicate_of)) : json(false)},
                           {"errors", view.summary()},
                           {"has_errors", st.has_errors()},
                           {"nav_active_manage", true},
                           {"breadcrumbs", crumbs(ctx, true)}},
                          status);
}

Response detail_page(RequestContext& ctx) {
  if (auto denied = require_staff(ctx)) return *denied;
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto v = view_for_staff(ctx.app, ctx.principal, *id);
  if (!v) return web::page_error(ctx, v.error());
  return render_detail(ctx, *v, FormState{}, 200);
}

// The id of the original report named in the duplicate form: its number,
// its public id or its tracking code; nullopt when it names none (the
// service says so).
std::optional<int64_t> related_report(RequestContext& ctx, const std::string& text) {
  std::string s = text;
  if (!s.empty() && s[0] == '#') s.erase(0, 1);
  if (auto id = parse_id(s)) return id;
  return find_reference(ctx.app, s);
}

Response action_post(RequestContext& ctx) {
  if (auto denied = require_staff(ctx)) return *denied;
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto posted = read_posted(ctx, "attachments");
  if (!posted) return web::page_error(ctx, posted.error());
  auto kind = parse_transition(posted->field("action"));
  if (!kind || !is_staff_action(*kind)) return web::page_error(ctx, Error::bad_request("unknown action"));
  const std::string a = to_string(*kind);
  FormState st;
  st.values[a + "_message"] = web::find_pair(posted->fields, "message").value_or("");
  st.values[a + "_agency_id"] = posted->field("agency_id");
  st.values[a + "_unit_id"] = posted->field("unit_id");
  st.values[a + "_related"] = posted->field("related");

  ActionInput in;
  in.kind = *kind;
  in.message = catalogue::trim(st.value(a + "_message"));
  in.agency_id = parse_id(st.value(a + "_agency_id"));
  in.unit_id = parse_id(st.value(a + "_unit_id"));
  if (*kind == Transition::kMarkDuplicate) in.related_id = related_report(ctx, st.value(a + "_related"));
  if (auto v = posted->field("version");
      !v.empty() && v.size() < 10 && v.find_first_not_of("0123456789") == std::string::npos) {
    in.expected_version = std::stoi(v);
  }
  in.attachments = std::move(posted->files);
  auto done = act(ctx.app, ctx.principal, *id, in);
  if (done) {
    // After forwarding or "not our authority" an agency may no longer see it.
    bool still_visible = view_for_staff(ctx.app, ctx.principal, *id).ok();
    return web::redirect_with_flash(ctx, still_visible ? detail_url(*id) : kListUrl, "complaints_flash_" + a);
  }
  const Error& e = done.error();
  int status = 422;
  if (e.kind == ErrorKind::kValidation) {
    place_errors(ctx, st, e,
                 {{"message", a + "_message"},
                  {"agency_id", a + "_agency_id"},
                  {"unit_id", a + "_unit_id"},
                  {"related_id", a + "_related"},
                  {"attachments", a + "_attachments"}});
  } else if (e.kind == ErrorKind::kConflict) {
    st.add_error("", ctx.t("complaints_error_conflict"));
    status = 409;
  } else {
    return web::page_error(ctx, e);
  }
  auto v = view_for_staff(ctx.app, ctx.principal, *id);
  if (!v) return web::page_error(ctx, v.error());
  return render_detail(ctx, *v, st, status);
}

// The desk reveals a confidential reporter: the identity is shown once, on a
// page no cache keeps; the reason is in the internal timeline and the audit log.
Response reveal_post(RequestContext& ctx) {
  if (auto denied = require_staff(ctx)) return *denied;
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  FormState st;
  st.values["reveal_reason"] = catalogue::trim(web::find_pair(ctx.form(), "reason").value_or(""));
  auto r = reveal_reporter(ctx.app, ctx.principal, *id, st.value("reveal_reason"));
  if (!r) {
    if (r.error().kind != ErrorKind::kValidation) return web::page_error(ctx, r.error());
    place_errors(ctx, st, r.error(), {{"reason", "reveal_reason"}});
    auto v = view_for_staff(ctx.app, ctx.principal, *id);
    if (!v) return web::page_error(ctx, v.error());
    return render_detail(ctx, *v, st, 422);
  }
  auto v = view_for_staff(ctx.app, ctx.principal, *id);
  if (!v) return web::page_error(ctx, v.error());
  std::string heading = ctx.t("complaints_revealed_heading");
  Response resp = web::render_page(ctx, "complaints/revealed",
                                   {{"title", heading},
                                    {"heading", heading},
                                    {"code", v->complaint.public_id},
                                    {"report_title", v->complaint.title},
                                    {"name", r->name.empty() ? json(false) : json(r->name)},
                                    {"email", r->email.empty() ? json(false) : json(r->email)},
                                    {"phone", r->phone.empty() ? json(false) : json(r->phone)},
                                    {"back_url", detail_url(*id)},
                                    {"nav_active_manage", true},
                                    {"breadcrumbs", crumbs(ctx, true)}});
  resp.set_header("Cache-Control", "no-store");
  return resp;
}

Response file_get(RequestContext& ctx) {
  if (auto denied = require_staff(ctx)) return *denied;
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto aid = ctx.id_param("aid");
  if (!aid) return web::page_error(ctx, aid.error());
  auto v = view_for_staff(ctx.app, ctx.principal, *id);
  if (!v) return web::page_error(ctx, v.error());
  return attachment_response(ctx, *v, *aid);
}

}  // namespace

void register_staff_pages(web::Router& router) {
  router.get(kListUrl, list_page);
  router.get("/kelola/pengaduan/{id}", detail_page);
  router.upload("/kelola/pengaduan/{id}/tindakan", action_post);
  router.post("/kelola/pengaduan/{id}/identitas", reveal_post);
  router.get("/kelola/pengaduan/{id}/lampiran/{aid}", file_get);
}

}  // namespace layan::complaints
