// The complaints JSON API under /api/v1 (described in docs/openapi.json).
// Handlers parse, call complaints/service.hpp and render; privacy and every
// rule live in the service.
#include "complaints/routes.hpp"

#include <algorithm>

#include "app/app.hpp"
#include "complaints/json.hpp"
#include "complaints/service.hpp"
#include "core/crypto.hpp"
#include "files/download.hpp"
#include "files/store.hpp"
#include "web/json_reader.hpp"
#include "web/respond.hpp"

namespace layan::complaints {
namespace {

using nlohmann::json;
using web::RequestContext;
using web::Response;

std::string complaint_path(int64_t id) {
  return "/api/v1/complaints/" + std::to_string(id);
}

std::string contact_token_of(const RequestContext& ctx) {
  return ctx.req.header(kContactTokenHeader).value_or("");
}

// Attachments in JSON: [{filename, content_type, data}] with data in base64.
std::vector<Upload> read_uploads(const nlohmann::json& body, std::vector<FieldError>& errors) {
  std::vector<Upload> out;
  auto it = body.find("attachments");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) {
    errors.push_back({"attachments", "type", "Lampiran harus berupa daftar", "attachments must be an array"});
    return out;
  }
  for (const auto& a : *it) {
    auto data = a.is_object() ? a.find("data") : a.end();
    if (!a.is_object() || data == a.end() || !data->is_string()) {
      errors.push_back({"attachments", "type", "Setiap lampiran perlu filename, content_type dan data (base64)",
                        "Each attachment needs filename, content_type and data (base64)"});
      continue;
    }
    auto bytes = crypto::base64_decode(data->get<std::string>());
    if (!bytes) {
      errors.push_back(
          {"attachments", "base64", "Data lampiran bukan base64 yang sah", "Attachment data is not valid base64"});
      continue;
    }
    Upload u;
    u.data = std::move(*bytes);
    if (auto f = a.find("filename"); f != a.end() && f->is_string()) u.filename = f->get<std::string>();
    if (auto t = a.find("content_type"); t != a.end() && t->is_string()) u.content_type = t->get<std::string>();
    out.push_back(std::move(u));
  }
  return out;
}

// The body of a request that may carry attachments: a JSON object (files in
// base64 under `attachments`), or multipart/form-data with the object's
// members as text fields and the files as parts named `attachments`. A text
// field named in `numbers` reads as a number when it is one (else the reader
// reports its type); left empty, it is absent.
struct ApiBody {
  json object;
  std::vector<Upload> files;  // the multipart file parts
};

Result<ApiBody> read_body(const RequestContext& ctx, std::initializer_list<std::string_view> numbers) {
  ApiBody out;
  if (!ctx.req.is_multipart()) {
    auto body = ctx.json_body();
    if (!body && body.error().kind == ErrorKind::kUnsupportedMediaType) {
      return Error{ErrorKind::kUnsupportedMediaType, "the body must be application/json or multipart/form-data", {}};
    }
    if (!body) return std::move(body).error();
    if (!body->is_object()) return Error::bad_request("the body must be a JSON object");
    out.object = std::move(*body);
    return out;
  }
  const auto& mp = ctx.multipart();
  if (!mp) return mp.error();
  out.object = json::object();
  for (const auto& [name, value] : mp->fields()) {
    if (out.object.contains(name)) continue;  // the first of repeated fields, as Multipart::field()
    if (std::find(numbers.begin(), numbers.end(), name) == numbers.end()) {
      out.object[name] = value;
      continue;
    }
    if (value.empty()) continue;
    auto number = json::parse(value, nullptr, false);
    out.object[name] = number.is_number() ? number : json(value);
  }
  for (auto& p : ctx.take_files("attachments")) {
    out.files.push_back(Upload{std::move(p.filename), std::move(p.content_type), std::move(p.data)});
  }
  return out;
}

// Every attachment of `body`: base64 in JSON, then the multipart files.
std::vector<Upload> read_uploads(ApiBody& body, std::vector<FieldError>& errors) {
  std::vector<Upload> out = read_uploads(body.object, errors);
  for (auto& f : body.files) out.push_back(std::move(f));
  return out;
}

Result<NewComplaint> parse_new(const RequestContext& ctx) {
  auto body = read_body(ctx, {"service_id", "agency_id", "latitude", "longitude"});
  if (!body) return std::move(body).error();
  std::vector<FieldError> errors;
  web::JsonReader r(body->object, "", errors);
  NewComplaint in;
  if (auto t = r.text("type"); !t.empty()) in.type = t;
  if (auto p = r.text("privacy"); !p.empty()) in.privacy = p;
  in.title = r.text("title");
  in.description = r.text("description");
  in.event_date = r.text("event_date");
  in.address = r.text("address");
  in.service_id = r.id("service_id");
  in.agency_id = r.id("agency_id");
  in.latitude = r.number("latitude");
  in.longitude = r.number("longitude");
  in.contact_token = r.exact_text("contact_token");
  in.reporter_name = r.text("reporter_name");
  in.reporter_email = r.text("reporter_email");
  in.reporter_phone = r.text("reporter_phone");
  in.received_via = r.text("received_via");
  in.attachments = read_uploads(*body, errors);
  if (!errors.empty()) return Error::validation(std::move(errors));
  if (in.contact_token.empty()) in.contact_token = contact_token_of(ctx);
  in.channel = "api";
  in.idempotency_key = ctx.req.header("idempotency-key").value_or("");
  in.client_ip = ctx.req.remote_ip;
  return in;
}

Result<ActionInput> parse_action(const RequestContext& ctx) {
  auto body = read_body(ctx, {"agency_id", "unit_id", "related_id", "rating", "version"});
  if (!body) return std::move(body).error();
  std::vector<FieldError> errors;
  web::JsonReader r(body->object, "", errors);
  ActionInput in;
  auto kind = parse_transition(r.text("action"));
  if (!kind) errors.push_back({"action", "invalid", "Tindakan tidak dikenal", "Unknown action"});
  in.kind = kind.value_or(Transition::kNote);
  in.message = r.text("message");
  in.agency_id = r.id("agency_id");
  in.unit_id = r.id("unit_id");
  in.related_id = r.id("related_id");
  if (body->object.contains("rating")) in.rating = static_cast<int>(r.whole("rating", 0, 0, 100));
  if (body->object.contains("version")) in.expected_version = static_cast<int>(r.whole("version", 0, 0, 1 << 30));
  in.attachments = read_uploads(*body, errors);
  if (!errors.empty()) return Error::validation(std::move(errors));
  in.client_ip = ctx.req.remote_ip;
  return in;
}

Response post_complaint(RequestContext& ctx) {
  auto in = parse_new(ctx);
  if (!in) return web::api_error(ctx, in.error());
  auto done = submit(ctx.app, ctx.principal, std::move(*in));
  if (!done) return web::api_error(ctx, done.error());
  // A retry answers exactly as the first request did.
  Response r = Response::json(201, with_tracking_code(done->complaint));
  r.set_header("Location", complaint_path(done->complaint.id));
  if (done->replayed) r.set_header("Idempotent-Replayed", "true");
  return r;
}

Result<ListQuery> list_query(const RequestContext& ctx) {
  ListQuery q;
  std::vector<FieldError> errs;
  q.box = ctx.req.query_param("box").value_or(ctx.principal.role == accounts::Role::kCitizen ? "mine" : "agency");
  for (const auto& s : web::find_all(ctx.req.query, "status")) {
    if (!s.empty()) q.statuses.push_back(s);
  }
  if (auto t = ctx.req.query_param("type"); t && !t->empty()) q.type = *t;
  if (auto o = ctx.req.query_param("overdue"); o && !o->empty()) {
    if (*o == "true" || *o == "1") {
      q.overdue_only = true;
    } else if (*o != "false" && *o != "0") {
      errs.push_back({"overdue", "invalid", "overdue harus true atau false", "overdue must be true or false"});
    }
  }
  q.q = ctx.req.query_param("q").value_or("");
  q.cursor = ctx.req.query_param("cursor").value_or("");
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 9 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  if (auto l = ctx.req.query_param("limit"); l && !l->empty()) {
    if (digits(*l)) {
      q.limit = std::stoi(*l);
    } else {
      errs.push_back({"limit", "invalid", "Jumlah per halaman harus bilangan bulat 1 sampai 100",
                      "limit must be a whole number from 1 to 100"});
    }
  }
  if (auto u = ctx.req.query_param("unit"); u && !u->empty()) {
    if (digits(*u)) {
      q.unit_id = std::stoll(*u);
    } else {
      errs.push_back({"unit", "invalid", "Unit harus berupa id", "unit must be an id"});
    }
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  return q;
}

Response get_complaints(RequestContext& ctx) {
  if (!ctx.principal.authenticated()) return web::api_error(ctx, Error::unauthenticated("sign in to list reports"));
  auto q = list_query(ctx);
  if (!q) return web::api_error(ctx, q.error());
  auto page = list(ctx.app, ctx.principal, *q);
  if (!page) return web::api_error(ctx, page.error());
  json items = json::array();
  for (const auto& c : page->items) items.push_back(to_json(c));
  json body = {{"items", items}, {"total", page->total}};
  body["next_cursor"] = page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor);
  return Response::json(200, body);
}

Response get_complaint(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto v = view_for_staff(ctx.app, ctx.principal, *id);
  if (!v) return web::api_error(ctx, v.error());
  return Response::json(200, view_json(*v, complaint_path(*id) + "/attachments/"));
}

Response get_similar(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto list = similar(ctx.app, ctx.principal, *id);
  if (!list) return web::api_error(ctx, list.error());
  json items = json::array();
  for (const auto& s : *list) {
    json j = to_json(s.complaint);
    j["score"] = s.score;
    items.push_back(j);
  }
  return Response::json(200, {{"items", items}});
}

Response post_action(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = parse_action(ctx);
  if (!in) return web::api_error(ctx, in.error());
  auto c = act(ctx.app, ctx.principal, *id, *in, contact_token_of(ctx));
  if (!c) return web::api_error(ctx, c.error());
  return Response::json(200, to_json(*c));
}

Response post_reveal(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto body = ctx.json_body();
  if (!body) return web::api_error(ctx, body.error());
  auto reason = web::read_object<std::string>(*body, [](web::JsonReader& r) { return r.text("reason"); });
  if (!reason) return web::api_error(ctx, reason.error());
  auto r = reveal_reporter(ctx.app, ctx.principal, *id, *reason);
  if (!r) return web::api_error(ctx, r.error());
  Response resp = Response::json(200, {{"name", r->name}, {"email", r->email}, {"phone", r->phone}});
  resp.set_header("Cache-Control", "no-store");
  return resp;
}

// Serves one attachment of a view the caller was allowed to read.
Response attachment_of(RequestContext& ctx, const Result<ComplaintView>& v) {
  if (!v) return web::api_error(ctx, v.error());
  auto aid = ctx.id_param("aid");
  if (!aid) return web::api_error(ctx, aid.error());
  for (const auto& a : v->attachments) {
    if (a.id != *aid) continue;
    if (!ctx.app.files) break;
    auto bytes = ctx.app.files->get(a.sha256);
    if (!bytes) return web::api_error(ctx, bytes.error());
    return files::download_response(*bytes, a.mime, a.filename, a.mime.rfind("image/", 0) == 0);
  }
  return web::api_error(ctx, Error::not_found("no such attachment"));
}

Response get_attachment(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  return attachment_of(ctx, view_for_staff(ctx.app, ctx.principal, *id));
}

// ---- By tracking code: the reporter's view (and the public's)

Response get_tracking(RequestContext& ctx) {
  auto v = view_by_code(ctx.app, ctx.principal, ctx.param("code"), contact_token_of(ctx));
  if (!v) return web::api_error(ctx, v.error());
  Response r = Response::json(200, view_json(*v, "/api/v1/tracking/" + v->complaint.tracking_code + "/attachments/"));
  r.set_header("Cache-Control", "private, no-store");
  return r;
}

Response post_tracking_action(RequestContext& ctx) {
  auto v = view_by_code(ctx.app, ctx.principal, ctx.param("code"), contact_token_of(ctx));
  if (!v) return web::api_error(ctx, v.error());
  auto in = parse_action(ctx);
  if (!in) return web::api_error(ctx, in.error());
  auto c = act(ctx.app, ctx.principal, v->complaint.id, *in, contact_token_of(ctx));
  if (!c) return web::api_error(ctx, c.error());
  return Response::json(200, to_json(*c));
}

Response get_tracking_attachment(RequestContext& ctx) {
  return attachment_of(ctx, view_by_code(ctx.app, ctx.principal, ctx.param("code"), contact_token_of(ctx)));
}

// ---- Guest contact confirmation

Response post_confirmation(RequestContext& ctx) {
  auto body = ctx.json_body();
  if (!body) return web::api_error(ctx, body.error());
  auto contact = web::read_object<std::string>(*body, [](web::JsonReader& r) { return r.text("contact"); });
  if (!contact) return web::api_error(ctx, contact.error());
  auto id = request_contact_code(ctx.app, *contact, ctx.req.remote_ip);
  if (!id) return web::api_error(ctx, id.error());
  return Response::json(201, {{"id", *id}, {"expires_in_seconds", 15 * 60}});
}

Response post_confirm(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto body = ctx.json_body();
  if (!body) return web::api_error(ctx, body.error());
  auto code = web::read_object<std::string>(*body, [](web::JsonReader& r) { return r.text("code"); });
  if (!code) return web::api_error(ctx, code.error());
  auto token = confirm_contact(ctx.app, *id, *code);
  if (!token) return web::api_error(ctx, token.error());
  Response r = Response::json(200, {{"contact_token", *token}, {"expires_in_seconds", 2 * 3600}});
  r.set_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

void register_routes(web::Router& router) {
  register_lapor_routes(router);
  register_statistics_routes(router);
  router.add("POST", "/api/v1/complaints", post_complaint,
             web::RouteOptions{.body_limit = web::BodyLimit::kUpload, .idempotency = web::Idempotency::kOwn});
  router.get("/api/v1/complaints", get_complaints);
  router.get("/api/v1/complaints/{id}", get_complaint);
  router.get("/api/v1/complaints/{id}/similar", get_similar);
  router.add("POST", "/api/v1/complaints/{id}/actions", post_action,
             web::RouteOptions{.body_limit = web::BodyLimit::kUpload});
  // An identity must never come back from the replay store: each reveal runs,
  // and is audited, again.
  router.post("/api/v1/complaints/{id}/reveal", {.idempotency = web::Idempotency::kRefused}, post_reveal);
  router.get("/api/v1/complaints/{id}/attachments/{aid}", get_attachment);
  router.add("GET", "/api/v1/tracking/{code}", get_tracking, web::kCodeLookup);
  router.add("POST", "/api/v1/tracking/{code}/actions", post_tracking_action,
             web::RouteOptions{.body_limit = web::BodyLimit::kUpload, .rate_limit = web::RateLimit::kCodeLookup});
  router.add("GET", "/api/v1/tracking/{code}/attachments/{aid}", get_tracking_attachment, web::kCodeLookup);
  router.post("/api/v1/contact-confirmations", post_confirmation);
  // Its answer is a contact token, a secret kept only hashed.
  router.post("/api/v1/contact-confirmations/{id}/confirm", {.idempotency = web::Idempotency::kRefused}, post_confirm);
}

}  // namespace layan::complaints
