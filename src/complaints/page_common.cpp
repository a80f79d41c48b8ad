// What the complaint pages share: how a report, its status, deadlines and
// timeline are shown, and how posted forms are read.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "app/app.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "complaints/pages_internal.hpp"
#include "files/download.hpp"
#include "files/store.hpp"
#include "web/respond.hpp"

namespace layan::complaints {

using nlohmann::json;

namespace {

json text_or_false(const std::string& s) {
  return s.empty() ? json(false) : json(s);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

const char* tag_class(Status s) {
  switch (s) {
    case Status::kSubmitted:
      return "govuk-tag--blue";
    case Status::kReturned:
      return "govuk-tag--yellow";
    case Status::kVerified:
      return "govuk-tag--turquoise";
    case Status::kNotOurAuthority:
      return "govuk-tag--orange";
    case Status::kAtAgency:
    case Status::kAtUnit:
      return "govuk-tag--purple";
    case Status::kInProgress:
      return "govuk-tag--light-blue";
    case Status::kResolved:
      return "govuk-tag--green";
    case Status::kRejected:
    case Status::kAbuse:
      return "govuk-tag--red";
    case Status::kClosed:
    case Status::kDuplicate:
    case Status::kArchived:
      return "govuk-tag--grey";
  }
  return "govuk-tag--grey";
}

// Who acted, as a reporter or the public may know it: a role, never a name.
std::string actor_role_label(const web::RequestContext& ctx, ActorKind a, bool viewer_is_reporter) {
  if (a == ActorKind::kReporter && viewer_is_reporter) return ctx.t("complaints_actor_you");
  return ctx.t(std::string("complaints_actor_") + to_string(a));
}

json file_json(const web::RequestContext& ctx, const Attachment& a, const std::string& file_base) {
  return {{"name", a.filename},
          {"url", file_base + std::to_string(a.id)},
          {"size", file_size_text(ctx, a.size)},
          {"is_image", a.mime.rfind("image/", 0) == 0},
          {"is_pdf", a.mime == "application/pdf"}};
}

}  // namespace

PageTime page_time(web::RequestContext& ctx) {
  return PageTime{catalogue::mpp_timezone(ctx), ctx.app.clock->now()};
}

std::string local_time(const web::RequestContext& ctx, const PageTime& pt, const std::string& utc) {
  if (utc.empty()) return "";
  return catalogue::format_timestamp(ctx, utc, pt.timezone);
}

std::string type_label(const web::RequestContext& ctx, Type t) {
  return ctx.t(std::string("complaints_type_") + to_string(t));
}

std::string privacy_label(const web::RequestContext& ctx, Privacy p) {
  return ctx.t(std::string("complaints_privacy_") + to_string(p));
}

std::string channel_label(const web::RequestContext& ctx, const std::string& channel) {
  static const std::set<std::string> kKnown = [] {
    std::set<std::string> known = {"web", "api", "open311", "lapor"};
    known.insert(std::begin(kRecordedChannels), std::end(kRecordedChannels));
    return known;
  }();
  return ctx.t("complaints_channel_" + (kKnown.count(channel) ? channel : std::string("web")));
}

json status_json(const web::RequestContext& ctx, Status s) {
  std::string key = to_string(s);
  return {{"value", key},
          {"label", ctx.t("complaints_status_" + key)},
          {"tag", tag_class(s)},
          {"explain", ctx.t("complaints_status_explain_" + key)}};
}

json deadlines_json(const web::RequestContext& ctx, const PageTime& pt, const Complaint& c) {
  const std::string now = format_utc(pt.now);
  struct Row {
    const char* key;
    const std::string* at;
    bool can_be_late;
  };
  std::vector<Row> rows = {{"verify", &c.verify_due_at, true},
                           {"follow_up", &c.follow_up_due_at, true},
                           {"complete", &c.complete_due_at, true},
                           {"auto_close", &c.auto_close_at, false}};
  std::erase_if(rows, [](const Row& r) { return r.at->empty(); });
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return *a.at < *b.at; });
  json out = json::array();
  for (const auto& r : rows) {
    out.push_back({{"label", ctx.t(std::string("complaints_deadline_") + r.key)},
                   {"at", local_time(ctx, pt, *r.at)},
                   {"datetime", *r.at},
                   {"overdue", r.can_be_late && *r.at < now}});
  }
  return out;
}

json complaint_json(const web::RequestContext& ctx, const PageTime& pt, const Complaint& c) {
  std::string coordinates;
  if (c.location.latitude && c.location.longitude) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f, %.6f", *c.location.latitude, *c.location.longitude);
    coordinates = buf;
  }
  json description = json::array();
  for (const auto& p : catalogue::paragraphs(c.description)) description.push_back(p);
  json rating = false;
  if (c.rating) {
    rating = {{"value", *c.rating},
              {"label", ctx.t("complaints_rating_" + std::to_string(*c.rating))},
              {"comment", text_or_false(c.rating_comment)}};
  }
  return {{"id", c.id},
          {"public_id", c.public_id},
          {"code", c.tracking_code},
          {"title", c.title},
          {"type", type_label(ctx, c.type)},
          {"is_whistleblowing", c.type == Type::kWhistleblowing},
          {"privacy", privacy_label(ctx, c.privacy)},
          {"privacy_explain", ctx.t(std::string("complaints_privacy_hint_") + to_string(c.privacy))},
          {"status", status_json(ctx, c.status)},
          {"service", text_or_false(c.service_name)},
          {"agency", text_or_false(c.agency_name)},
          {"unit", text_or_false(c.unit_name)},
          {"address", text_or_false(c.location.address)},
          {"coordinates", text_or_false(coordinates)},
          {"event_date", c.event_date.empty() ? json(false) : json(catalogue::format_date_text(ctx, c.event_date))},
          {"description", description},
          {"submitted_at", local_time(ctx, pt, c.submitted_at)},
          {"submitted_datetime", c.submitted_at},
          {"channel", channel_label(ctx, c.channel)},
          {"rating", rating},
          {"duplicate_of", c.duplicate_of ? json(*c.duplicate_of) : json(false)}};
}

json timeline_json(const web::RequestContext& ctx, const PageTime& pt, const ComplaintView& v,
                   const std::string& file_base, bool staff) {
  json out = json::array();
  for (const auto& e : v.events) {
    json files = json::array();
    for (const auto& a : v.attachments) {
      if (a.event_id && *a.event_id == e.id) files.push_back(file_json(ctx, a, file_base));
    }
    json message = json::array();
    for (const auto& p : catalogue::paragraphs(e.message)) message.push_back(p);
    std::string actor = actor_role_label(ctx, e.actor, v.is_reporter);
    if (staff && !e.actor_label.empty() && e.actor != ActorKind::kReporter) actor = e.actor_label + " (" + actor + ")";
    json status_change = false;
    if (!e.to_status.empty() && e.to_status != e.from_status) {
      if (auto s = parse_status(e.to_status)) status_change = status_json(ctx, *s);
    }
    out.push_back({{"id", e.id},
                   {"label", ctx.t(std::string("complaints_event_") + to_string(e.kind))},
                   {"at", local_time(ctx, pt, e.at)},
                   {"datetime", e.at},
                   {"actor", actor},
                   {"internal", staff && e.internal},
                   {"message", message},
                   {"has_message", !message.empty()},
                   {"status_change", status_change},
                   {"files", files},
                   {"has_files", !files.empty()}});
  }
  return out;
}

json report_files_json(const web::RequestContext& ctx, const ComplaintView& v, const std::string& file_base) {
  json out = json::array();
  for (const auto& a : v.attachments) {
    if (!a.event_id) out.push_back(file_json(ctx, a, file_base));
  }
  return out;
}

std::string file_size_text(const web::RequestContext& ctx, int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024) return std::to_string((bytes + 1023) / 1024) + " KB";
  int64_t tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
  std::string s = std::to_string(tenths / 10);
  if (tenths % 10) s += (ctx.lang == "en" ? "." : ",") + std::to_string(tenths % 10);
  return s + " MB";
}

std::string PostedForm::field(const std::string& name) const {
  return catalogue::trim(web::find_pair(fields, name).value_or(""));
}

Result<PostedForm> read_posted(const web::RequestContext& ctx, const std::string& file_field) {
  PostedForm out;
  if (!ctx.req.is_multipart()) {
    out.fields = ctx.form();
    return out;
  }
  const auto& mp = ctx.multipart();
  if (!mp) return mp.error();
  out.fields = mp->fields();
  for (auto& p : ctx.take_files(file_field)) {
    out.files.push_back(Upload{std::move(p.filename), std::move(p.content_type), std::move(p.data)});
  }
  return out;
}

json action_form(const web::RequestContext& ctx, const std::string& action, json fields, bool multipart, bool warning) {
  return {{"action", action},
          {"id", "action-" + action},
          {"heading", ctx.t("complaints_action_heading_" + action)},
          {"intro", ctx.t("complaints_action_intro_" + action)},
          {"button", ctx.t("complaints_action_button_" + action)},
          {"fields", std::move(fields)},
          {"multipart", multipart},
          {"warning", warning},
          {"primary", false}};
}

void lead_with_primary(json& forms) {
  if (!forms.empty() && !forms[0]["warning"].get<bool>()) forms[0]["primary"] = true;
}

web::Response attachment_response(web::RequestContext& ctx, const ComplaintView& v, int64_t aid) {
  for (const auto& a : v.attachments) {
    if (a.id != aid || !ctx.app.files) continue;
    auto bytes = ctx.app.files->get(a.sha256);
    if (!bytes) return web::page_error(ctx, bytes.error());
    return files::download_response(*bytes, a.mime, a.filename, a.mime.rfind("image/", 0) == 0);
  }
  return web::page_error(ctx, Error::not_found("no such attachment"));
}

std::optional<int64_t> parse_id(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int64_t v = std::stoll(s);
  return v > 0 ? std::optional<int64_t>(v) : std::nullopt;
}

std::string contact_token_of(const web::RequestContext& ctx) {
  return ctx.req.cookie(kContactCookie).value_or("");
}

json field_json(json f) {
  for (const char* k : {"is_file", "is_groups", "multiple", "accept", "input_type"}) {
    if (!f.contains(k)) f[k] = false;
  }
  if (!f.contains("groups")) f["groups"] = json::array();
  for (auto& item : f["items"]) {
    if (!item.contains("hint")) item["hint"] = false;
    if (!item.contains("hint_id")) item["hint_id"] = false;
  }
  return f;
}

json file_field(const web::RequestContext& ctx, catalogue::FormView& view, const std::string& id) {
  json f = view.text(id);
  f["is_text"] = false;
  f["is_file"] = true;
  f["multiple"] = true;
  f["accept"] = "image/jpeg,image/png,image/webp,application/pdf";
  std::string hint = ctx.t("complaints_files_hint");
  hint = replace_all(hint, "{n}", std::to_string(ctx.app.config.max_attachments));
  hint = replace_all(hint, "{size}", file_size_text(ctx, static_cast<int64_t>(ctx.app.config.max_attachment_bytes)));
  f["hint"] = hint;
  std::string describedby = id + "-hint";
  if (f["error"].is_string()) describedby += " " + id + "-error";
  f["describedby"] = describedby;
  return field_json(std::move(f));
}

void place_errors(const web::RequestContext& ctx, catalogue::FormState& st, const Error& e,
                  const std::vector<std::pair<std::string, std::string>>& rename, const std::string& fallback_field) {
  for (const auto& f : e.fields) {
    std::string id = f.field.empty() ? fallback_field : f.field;
    for (const auto& [from, to] : rename) {
      if (f.field == from) id = to;
    }
    st.add_error(id, ctx.pick(f.message, f.message_en));
  }
  if (e.fields.empty()) st.add_error(fallback_field, e.detail);
}

std::optional<double> parse_decimal(const std::string& text) {
  std::string s = catalogue::trim(text);
  if (s.empty() || s.size() > 32) return std::nullopt;
  if (s.find('.') == std::string::npos && std::count(s.begin(), s.end(), ',') == 1)
    std::replace(s.begin(), s.end(), ',', '.');
  if (s[0] == '+') s.erase(0, 1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace layan::complaints
