// The SP4N-LAPOR! bridge under /api/v1 (docs/lapor.md, docs/openapi.json):
// the desk's export and forward marking, and LAPOR!'s incoming dispositions.
// Handlers parse, call complaints/lapor.hpp and render.
#include "app/app.hpp"
#include "complaints/json.hpp"
#include "complaints/lapor.hpp"
#include "complaints/routes.hpp"
#include "web/json_reader.hpp"
#include "web/respond.hpp"

namespace layan::complaints {
namespace {

using nlohmann::json;
using web::RequestContext;
using web::Response;

Response get_export(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto e = lapor_export(ctx.app, ctx.principal, *id);
  if (!e) return web::api_error(ctx, e.error());
  Response r = Response::json(200, to_json(*e));
  // It may carry a (biasa) reporter's identity: never stored by caches.
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response post_forwarded(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto body = ctx.json_body();
  if (!body) return web::api_error(ctx, body.error());
  auto lapor_id = web::read_object<std::string>(*body, [](web::JsonReader& r) { return r.text("lapor_tracking_id"); });
  if (!lapor_id) return web::api_error(ctx, lapor_id.error());
  auto c = mark_forwarded(ctx.app, ctx.principal, *id, *lapor_id);
  if (!c) return web::api_error(ctx, c.error());
  return Response::json(200, to_json(*c));
}

LaporDisposition read_disposition(web::JsonReader& r) {
  LaporDisposition in;
  in.lapor_tracking_id = r.text("lapor_tracking_id");
  in.title = r.text("title");
  in.description = r.text("description");
  if (auto t = r.text("type"); !t.empty()) in.type = t;
  if (auto p = r.text("privacy"); !p.empty()) in.privacy = p;
  in.agency_id = r.id("agency_id");
  in.agency_slug = r.text("agency_slug");
  in.service_id = r.id("service_id");
  auto location = r.object("location");
  in.latitude = location.number("latitude");
  in.longitude = location.number("longitude");
  in.address = location.text("address");
  in.event_date = r.text("event_date");
  auto reporter = r.object("reporter");
  in.reporter_name = reporter.text("name");
  in.reporter_email = reporter.text("email");
  in.reporter_phone = reporter.text("phone");
  in.submitted_at = r.text("submitted_at");
  return in;
}

Response post_disposition(RequestContext& ctx) {
  // Credentials first: a caller without a key learns nothing about the body.
  if (!ctx.principal.authenticated()) {
    return web::api_error(ctx, Error::unauthenticated("an API key is needed (Authorization: Bearer ...)"));
  }
  auto body = ctx.json_body();
  if (!body) return web::api_error(ctx, body.error());
  auto in = web::read_object<LaporDisposition>(*body, read_disposition);
  if (!in) return web::api_error(ctx, in.error());
  auto got = receive_disposition(ctx.app, ctx.principal, std::move(*in));
  if (!got) return web::api_error(ctx, got.error());
  // A repeat of a known LAPOR! number answers 200 with the first complaint's
  // id and status only: nothing a replayed request could not have known.
  const auto& c = got->complaint;
  Response r = got->replayed ? Response::json(200, {{"id", c.id}, {"status", to_string(c.status)}})
                             : Response::json(201, to_json(c));
  r.set_header("Location", "/api/v1/complaints/" + std::to_string(c.id));
  return r;
}

}  // namespace

void register_lapor_routes(web::Router& router) {
  router.get("/api/v1/complaints/{id}/lapor", get_export);
  router.post("/api/v1/complaints/{id}/lapor", post_forwarded);
  // Idempotent on lapor_tracking_id, so the generic Idempotency-Key replay
  // (which would answer 201 again) stays out of the way.
  router.add("POST", "/api/v1/lapor/dispositions", post_disposition,
             web::RouteOptions{.idempotency = web::Idempotency::kOwn});
}

}  // namespace layan::complaints
