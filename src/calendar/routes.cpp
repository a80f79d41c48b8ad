// The working-day calendar's JSON API under /api/v1 (described in
// docs/openapi.json). Handlers only parse, call the service layer and render.
#include "calendar/routes.hpp"

#include "app/app.hpp"
#include "calendar/service.hpp"
#include "web/json_reader.hpp"
#include "web/respond.hpp"

namespace layan::calendar {
namespace {

using nlohmann::json;
using web::RequestContext;
using web::Response;

json to_json(const Holiday& h) {
  return {{"day", h.day},
          {"name", h.name},
          {"kind", to_string(h.kind)},
          {"created_at", h.created_at},
          {"updated_at", h.updated_at}};
}

std::string holiday_path(const std::string& day) {
  return "/api/v1/holidays/" + day;
}

// ?year=YYYY, or the MPP's current year when absent or empty.
Result<int> year_param(const RequestContext& ctx) {
  auto y = ctx.req.query_param("year");
  if (!y || y->empty()) return current_year(ctx.app);
  if (y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos) {
    return Error::validation({{"year", "invalid", "Tahun harus bilangan empat angka, misalnya 2026",
                               "year must be a four-digit year such as 2026"}});
  }
  return std::stoi(*y);
}

Response get_holidays(RequestContext& ctx) {
  auto year = year_param(ctx);
  if (!year) return web::api_error(ctx, year.error());
  auto list = list_holidays(ctx.app, ctx.principal, *year);
  if (!list) return web::api_error(ctx, list.error());
  json items = json::array();
  for (const auto& h : *list) items.push_back(to_json(h));
  return Response::json(200, {{"year", *year}, {"items", items}});
}

Response get_holiday_detail(RequestContext& ctx) {
  auto h = get_holiday(ctx.app, ctx.principal, ctx.param("day"));
  if (!h) return web::api_error(ctx, h.error());
  return Response::json(200, to_json(*h));
}

Response post_holiday(RequestContext& ctx) {
  auto body = ctx.json_body();
  if (!body) return web::api_error(ctx, body.error());
  auto in = web::read_object<HolidayInput>(*body, [](web::JsonReader& r) {
    return HolidayInput{r.text("day"), r.text("name"), r.text("kind")};
  });
  if (!in) return web::api_error(ctx, in.error());
  auto h = create_holiday(ctx.app, ctx.principal, *in);
  if (!h) return web::api_error(ctx, h.error());
  Response r = Response::json(201, to_json(*h));
  r.set_header("Location", holiday_path(h->day));
  return r;
}

Response put_holiday(RequestContext& ctx) {
  auto body = ctx.json_body();
  if (!body) return web::api_error(ctx, body.error());
  auto in = web::read_object<HolidayChange>(*body, [](web::JsonReader& r) {
    return HolidayChange{r.text("name"), r.text("kind")};
  });
  if (!in) return web::api_error(ctx, in.error());
  auto h = update_holiday(ctx.app, ctx.principal, ctx.param("day"), *in);
  if (!h) return web::api_error(ctx, h.error());
  return Response::json(200, to_json(*h));
}

Response delete_holiday_route(RequestContext& ctx) {
  if (auto s = delete_holiday(ctx.app, ctx.principal, ctx.param("day")); !s) return web::api_error(ctx, s.error());
  Response r;
  r.status = 204;
  return r;
}

}  // namespace

void register_routes(web::Router& router) {
  router.get_public("/api/v1/holidays", get_holidays);
  router.post("/api/v1/holidays", post_holiday);
  router.get_public("/api/v1/holidays/{day}", get_holiday_detail);
  router.put("/api/v1/holidays/{day}", put_holiday);
  router.del("/api/v1/holidays/{day}", delete_holiday_route);
  register_pages(router);
}

}  // namespace layan::calendar
