// The catalogue's JSON API under /api/v1 (described in docs/openapi.json).
// Handlers only parse, call the service layer and render: authorization,
// validation and every rule live in catalogue/service.cpp.
#include "catalogue/routes.hpp"

#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <sstream>

#include "app/app.hpp"
#include "catalogue/json.hpp"
#include "catalogue/service.hpp"
#include "web/respond.hpp"

namespace layan::catalogue {
namespace {

using nlohmann::json;
using web::RequestContext;
using web::Response;

Response ok(const json& body) {
  return Response::json(200, body);
}

Response created(const json& body, const std::string& location) {
  Response r = Response::json(201, body);
  if (!location.empty()) r.set_header("Location", location);
  return r;
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

template <typename T>
json items_json(const std::vector<T>& list) {
  json items = json::array();
  for (const auto& x : list) items.push_back(to_json(x));
  return {{"items", items}};
}

std::string agency_path(int64_t id) {
  return "/api/v1/agencies/" + std::to_string(id);
}
std::string unit_path(int64_t id) {
  return "/api/v1/units/" + std::to_string(id);
}
std::string service_path(int64_t id) {
  return "/api/v1/services/" + std::to_string(id);
}

// The request body parsed by `parse` (400 malformed JSON, 415 not JSON,
// 422 wrong member types).
template <typename Parse>
auto read_body(const RequestContext& ctx, Parse parse) -> decltype(parse(json())) {
  auto body = ctx.json_body();
  if (!body) return std::move(body).error();
  return parse(*body);
}

FieldError query_error(const char* name, const char* id, const char* en) {
  return {name, "invalid", id, en};
}

// GET /api/v1/services query parameters: q, agency, cursor, limit,
// include_inactive. Malformed numbers are field errors.
Result<ServiceQuery> service_query(const RequestContext& ctx) {
  ServiceQuery q;
  std::vector<FieldError> errs;
  auto digits = [](const std::string& s) {
    return !s.empty() && s.size() <= 18 && s.find_first_not_of("0123456789") == std::string::npos;
  };
  q.q = ctx.req.query_param("q").value_or("");
  q.cursor = ctx.req.query_param("cursor").value_or("");
  if (auto a = ctx.req.query_param("agency"); a && !a->empty()) {
    if (digits(*a) && std::stoll(*a) > 0) {
      q.agency_id = std::stoll(*a);
    } else {
      errs.push_back(query_error("agency", "Instansi harus berupa id (bilangan bulat positif)",
                                 "agency must be an id (a positive whole number)"));
    }
  }
  if (auto l = ctx.req.query_param("limit"); l && !l->empty()) {
    if (digits(*l) && l->size() <= 4) {
      q.limit = std::stoi(*l);
    } else {
      errs.push_back(query_error("limit", "Jumlah per halaman harus bilangan bulat 1 sampai 100",
                                 "limit must be a whole number from 1 to 100"));
    }
  }
  if (auto i = ctx.req.query_param("include_inactive"); i && !i->empty()) {
    if (*i == "true" || *i == "1") {
      q.include_inactive = true;
    } else if (*i != "false" && *i != "0") {
      errs.push_back(query_error("include_inactive", "include_inactive harus true atau false",
                                 "include_inactive must be true or false"));
    }
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  return q;
}

// ---- Locations

Response get_locations(RequestContext& ctx) {
  auto list = list_locations(ctx.app, ctx.principal);
  if (!list) return web::api_error(ctx, list.error());
  return ok(items_json(*list));
}

Response post_location(RequestContext& ctx) {
  auto in = read_body(ctx, parse_location);
  if (!in) return web::api_error(ctx, in.error());
  auto location = create_location(ctx.app, ctx.principal, *in);
  if (!location) return web::api_error(ctx, location.error());
  return created(to_json(*location), "");
}

// ---- Agencies

Response get_agencies(RequestContext& ctx) {
  auto list = list_agencies(ctx.app, ctx.principal);
  if (!list) return web::api_error(ctx, list.error());
  return ok(items_json(*list));
}

Response get_agency_detail(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto agency = get_agency(ctx.app, ctx.principal, *id);
  if (!agency) return web::api_error(ctx, agency.error());
  auto units = list_units(ctx.app, ctx.principal, *id);
  if (!units) return web::api_error(ctx, units.error());
  return ok(agency_detail_json(*agency, *units));
}

Response post_agency(RequestContext& ctx) {
  auto in = read_body(ctx, parse_agency);
  if (!in) return web::api_error(ctx, in.error());
  auto agency = create_agency(ctx.app, ctx.principal, *in);
  if (!agency) return web::api_error(ctx, agency.error());
  return created(agency_detail_json(*agency, {}), agency_path(agency->id));
}

Response put_agency(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = read_body(ctx, parse_agency);
  if (!in) return web::api_error(ctx, in.error());
  auto agency = update_agency(ctx.app, ctx.principal, *id, *in);
  if (!agency) return web::api_error(ctx, agency.error());
  auto units = list_units(ctx.app, ctx.principal, *id);
  if (!units) return web::api_error(ctx, units.error());
  return ok(agency_detail_json(*agency, *units));
}

Response delete_agency_route(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  if (auto s = delete_agency(ctx.app, ctx.principal, *id); !s) return web::api_error(ctx, s.error());
  return no_content();
}

Response put_presence(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto location = ctx.id_param("location_id");
  if (!location) return web::api_error(ctx, location.error());
  auto in = read_body(ctx, [&](const json& body) { return parse_presence(body, *location); });
  if (!in) return web::api_error(ctx, in.error());
  if (auto s = set_presence(ctx.app, ctx.principal, *id, *in); !s) return web::api_error(ctx, s.error());
  auto agency = get_agency(ctx.app, ctx.principal, *id);
  if (!agency) return web::api_error(ctx, agency.error());
  for (const auto& p : agency->presence) {
    if (p.location_id == *location) return ok(to_json(p));
  }
  return web::api_error(ctx, Error::not_found("no such presence"));
}

// ---- Units

Response get_units(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto units = list_units(ctx.app, ctx.principal, *id);
  if (!units) return web::api_error(ctx, units.error());
  return ok(items_json(*units));
}

Response post_unit(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = read_body(ctx, parse_unit);
  if (!in) return web::api_error(ctx, in.error());
  auto unit = create_unit(ctx.app, ctx.principal, *id, *in);
  if (!unit) return web::api_error(ctx, unit.error());
  return created(to_json(*unit), unit_path(unit->id));
}

Response get_unit_detail(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto unit = get_unit(ctx.app, ctx.principal, *id);
  if (!unit) return web::api_error(ctx, unit.error());
  return ok(to_json(*unit));
}

Response put_unit(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = read_body(ctx, parse_unit);
  if (!in) return web::api_error(ctx, in.error());
  auto unit = update_unit(ctx.app, ctx.principal, *id, *in);
  if (!unit) return web::api_error(ctx, unit.error());
  return ok(to_json(*unit));
}

Response delete_unit_route(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  if (auto s = delete_unit(ctx.app, ctx.principal, *id); !s) return web::api_error(ctx, s.error());
  return no_content();
}

Response get_maklumat(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto m = current_maklumat(ctx.app, ctx.principal, *id);
  if (!m) return web::api_error(ctx, m.error());
  if (!*m) return web::api_error(ctx, Error::not_found("this unit has not published a maklumat"));
  return ok(to_json(**m));
}

Response post_maklumat(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = read_body(ctx, parse_maklumat);
  if (!in) return web::api_error(ctx, in.error());
  auto m = publish_maklumat(ctx.app, ctx.principal, *id, *in);
  if (!m) return web::api_error(ctx, m.error());
  return created(to_json(*m), unit_path(*id) + "/maklumat");
}

// ---- Services

Response get_services(RequestContext& ctx) {
  auto query = service_query(ctx);
  if (!query) return web::api_error(ctx, query.error());
  auto page = search_services(ctx.app, ctx.principal, *query);
  if (!page) return web::api_error(ctx, page.error());
  json body = items_json(page->items);
  body["next_cursor"] = page->next_cursor ? json(*page->next_cursor) : json();
  return ok(body);
}

// The service and its unit's current maklumat.
Response service_response(RequestContext& ctx, const Service& service, int status) {
  std::optional<Maklumat> maklumat;
  if (service.unit_id) {
    auto m = current_maklumat(ctx.app, ctx.principal, *service.unit_id);
    if (!m) return web::api_error(ctx, m.error());
    maklumat = std::move(*m);
  }
  Response r = Response::json(status, service_json(service, maklumat));
  if (status == 201) r.set_header("Location", service_path(service.id));
  return r;
}

Response get_service_detail(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto service = get_service(ctx.app, ctx.principal, *id);
  if (!service) return web::api_error(ctx, service.error());
  return service_response(ctx, *service, 200);
}

Response post_service(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = read_body(ctx, parse_new_service);
  if (!in) return web::api_error(ctx, in.error());
  auto service = create_service(ctx.app, ctx.principal, *id, in->first, in->second);
  if (!service) return web::api_error(ctx, service.error());
  return service_response(ctx, *service, 201);
}

Response put_service(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = read_body(ctx, parse_service);
  if (!in) return web::api_error(ctx, in.error());
  auto service = update_service(ctx.app, ctx.principal, *id, *in);
  if (!service) return web::api_error(ctx, service.error());
  return service_response(ctx, *service, 200);
}

Response delete_service_route(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  if (auto s = delete_service(ctx.app, ctx.principal, *id); !s) return web::api_error(ctx, s.error());
  return no_content();
}

Response get_standards(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto versions = list_standard_versions(ctx.app, ctx.principal, *id);
  if (!versions) return web::api_error(ctx, versions.error());
  return ok(items_json(*versions));
}

Response post_standard(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto in = read_body(ctx, parse_standard);
  if (!in) return web::api_error(ctx, in.error());
  auto standard = publish_standard(ctx.app, ctx.principal, *id, *in);
  if (!standard) return web::api_error(ctx, standard.error());
  return created(to_json(*standard), service_path(*id) + "/standards/" + std::to_string(standard->version));
}

Response get_standard(RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::api_error(ctx, id.error());
  auto version = ctx.id_param("version");
  if (!version) return web::api_error(ctx, version.error());
  if (*version > std::numeric_limits<int>::max()) return web::api_error(ctx, Error::not_found("no such version"));
  auto standard = get_standard_version(ctx.app, ctx.principal, *id, static_cast<int>(*version));
  if (!standard) return web::api_error(ctx, standard.error());
  return ok(to_json(*standard));
}

// ---- OpenAPI document: docs/openapi.json under the share directory, read
// once (it does not change while the server runs).
struct OpenApiCache {
  std::mutex mu;
  std::optional<std::string> body;
};

Response get_openapi(RequestContext& ctx, OpenApiCache& cache) {
  std::lock_guard lock(cache.mu);
  if (!cache.body) {
    std::ifstream in(std::filesystem::path(ctx.app.config.share_dir) / "docs" / "openapi.json", std::ios::binary);
    if (!in) return web::api_error(ctx, Error::not_found("the OpenAPI document is not installed"));
    std::ostringstream ss;
    ss << in.rdbuf();
    cache.body = ss.str();
  }
  Response r = Response::text(200, *cache.body, "application/json");
  r.set_header("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace

void register_routes(web::Router& router) {
  router.get_public("/api/v1/locations", get_locations);
  router.post("/api/v1/locations", post_location);

  router.get_public("/api/v1/agencies", get_agencies);
  router.post("/api/v1/agencies", post_agency);
  router.get_public("/api/v1/agencies/{id}", get_agency_detail);
  router.put("/api/v1/agencies/{id}", put_agency);
  router.del("/api/v1/agencies/{id}", delete_agency_route);
  router.put("/api/v1/agencies/{id}/presence/{location_id}", put_presence);
  router.get_public("/api/v1/agencies/{id}/units", get_units);
  router.post("/api/v1/agencies/{id}/units", post_unit);
  router.post("/api/v1/agencies/{id}/services", post_service);

  router.get_public("/api/v1/units/{id}", get_unit_detail);
  router.put("/api/v1/units/{id}", put_unit);
  router.del("/api/v1/units/{id}", delete_unit_route);
  router.get_public("/api/v1/units/{id}/maklumat", get_maklumat);
  router.post("/api/v1/units/{id}/maklumat", post_maklumat);

  router.get_public("/api/v1/services", get_services);
  router.get_public("/api/v1/services/{id}", get_service_detail);
  router.put("/api/v1/services/{id}", put_service);
  router.del("/api/v1/services/{id}", delete_service_route);
  router.get("/api/v1/services/{id}/standards", get_standards);
  router.post("/api/v1/services/{id}/standards", post_standard);
  router.get("/api/v1/services/{id}/standards/{version}", get_standard);

  auto openapi = std::make_shared<OpenApiCache>();
  router.get_public("/api/v1/openapi.json", [openapi](RequestContext& ctx) { return get_openapi(ctx, *openapi); });
}

}  // namespace layan::catalogue
