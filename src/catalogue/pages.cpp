#include "catalogue/pages.hpp"

#include <map>

#include "accounts/authz.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "catalogue/service.hpp"
#include "web/respond.hpp"

namespace layan::catalogue {
namespace {

using nlohmann::json;

constexpr int kSearchPageSize = 20;
// Bounds all_services(): 20 pages of 100 is more than an MPP's ~150 services.
constexpr int kMaxListPages = 20;

// The agency filter (?instansi=): anything that is not an id is ignored
// rather than failing the whole search.
std::optional<int64_t> agency_filter(const web::RequestContext& ctx) {
  auto v = ctx.req.query_param("instansi");
  if (!v || v->empty() || v->size() > 18 || v->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  int64_t id = std::stoll(*v);
  return id > 0 ? std::optional<int64_t>(id) : std::nullopt;
}

std::string search_url(const std::string& q, std::optional<int64_t> agency, const std::string& cursor) {
  std::string url = "/cari?q=" + web::url_encode(q);
  if (agency) url += "&instansi=" + std::to_string(*agency);
  if (!cursor.empty()) url += "&cursor=" + web::url_encode(cursor);
  return url;
}

json agency_options(const std::vector<Agency>& agencies, std::optional<int64_t> selected) {
  json out = json::array();
  for (const auto& a : agencies) {
    out.push_back({{"id", a.id}, {"name", a.name}, {"selected", selected && *selected == a.id}});
  }
  return out;
}

bool may_edit(const web::RequestContext& ctx, int64_t agency_id, std::optional<int64_t> unit_id) {
  return edit_permission(ctx, agency_id, unit_id).ok();
}

// Groups services by category for the home page, categories in name order
// and uncategorised services last.
json categories_json(const web::RequestContext& ctx, const std::vector<ServiceSummary>& services) {
  std::map<std::string, json> by_category;
  for (const auto& s : services) {
    std::string name = s.category.empty() ? ctx.t("category_other") : s.category;
    auto& c = by_category[s.category.empty() ? "\xff" : s.category];
    if (c.is_null()) c = {{"name", name}, {"services", json::array()}};
    c["services"].push_back({{"id", s.id}, {"name", s.name}});
  }
  json out = json::array();
  for (auto& [key, c] : by_category) {
    c["count"] = c["services"].size();
    out.push_back(std::move(c));
  }
  return out;
}

web::Response home(web::RequestContext& ctx) {
  auto locations = list_locations(ctx.app, ctx.principal);
  if (!locations) return web::page_error(ctx, locations.error());
  auto agencies = list_agencies(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  ServiceQuery all;
  all.limit = 100;
  auto services = all_services(ctx, all);
  if (!services) return web::page_error(ctx, services.error());

  json cards = json::array();
  for (const auto& a : *agencies) cards.push_back(agency_json(ctx, a));
  json location = false;
  std::string mall_name = ctx.t("site_name");
  if (!locations->empty()) {
    const auto& l = locations->front();
    mall_name = l.name;
    location = {{"name", l.name},
                {"address", l.address.empty() ? json(false) : json(l.address)},
                {"city", l.city.empty() ? json(false) : json(l.city)},
                {"opening_hours", l.opening_hours.empty() ? json(false) : json(l.opening_hours)}};
  }
  return web::render_page(ctx, "catalogue/home",
                          {{"title", mall_name},
                           {"mall_title", mall_name},
                           {"location", location},
                           {"agencies", cards},
                           {"has_agencies", !cards.empty()},
                           {"categories", categories_json(ctx, *services)},
                           {"has_categories", !services->empty()},
                           {"service_total", services->size()},
                           {"card_h2", false},
                           {"nav_active_home", true}});
}

web::Response search(web::RequestContext& ctx) {
  ServiceQuery query;
  query.q = trim(ctx.req.query_param("q").value_or(""));
  query.agency_id = agency_filter(ctx);
  query.cursor = ctx.req.query_param("cursor").value_or("");
  query.limit = kSearchPageSize;
  auto page = search_services(ctx.app, ctx.principal, query);
  // A query the service refuses (too long) is shown beside the search box;
  // anything else (a forged cursor) is an error page.
  json q_error = false;
  if (!page && page.error().kind == ErrorKind::kValidation) {
    json e = web::form_errors(ctx, page.error());
    q_error = {{"field", "q"}, {"message", e["errors"][0]["message"]}};
  } else if (!page) {
    return web::page_error(ctx, page.error());
  }
  auto agencies = list_agencies(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());

  json results = json::array();
  std::optional<std::string> next_cursor;
  if (page) {
    for (const auto& s : page->items) results.push_back(summary_json(ctx, s));
    next_cursor = page->next_cursor;
  }
  std::string agency_name;
  for (const auto& a : *agencies) {
    if (query.agency_id && a.id == *query.agency_id) agency_name = a.name;
  }
  std::string title =
      query.q.empty() ? ctx.t("search_all_heading") : ctx.t("search_results_for") + " “" + query.q + "”";
  json pagination = false;
  if (next_cursor || !query.cursor.empty()) {
    pagination = {{"next_url", next_cursor ? json(search_url(query.q, query.agency_id, *next_cursor)) : json(false)},
                  {"first_url", query.cursor.empty() ? json(false) : json(search_url(query.q, query.agency_id, ""))}};
  }
  std::string heading = title;
  if (q_error.is_object()) {
    heading = ctx.t("search_label");
    title = ctx.t("error_prefix") + ": " + heading;
  }
  return web::render_page(ctx, "catalogue/search",
                          {{"title", title},
                           {"q_error", q_error},
                           {"errors", q_error.is_object() ? json::array({q_error}) : json::array()},
                           {"heading", heading},
                           {"q", query.q},
                           {"has_q", !query.q.empty()},
                           {"agency_filter", agency_name.empty() ? json(false) : json(agency_name)},
                           {"agencies", agency_options(*agencies, query.agency_id)},
                           {"results", results},
                           {"has_results", !results.empty()},
                           {"clear_filter_url", search_url(query.q, std::nullopt, "")},
                           {"show_agency", true},
                           {"pagination", pagination},
                           {"breadcrumbs", breadcrumbs(ctx)}},
                          q_error.is_object() ? 422 : 200);
}

web::Response agencies_page(web::RequestContext& ctx) {
  auto agencies = list_agencies(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  json cards = json::array();
  for (const auto& a : *agencies) cards.push_back(agency_json(ctx, a));
  return web::render_page(ctx, "catalogue/agencies",
                          {{"title", ctx.t("agencies_heading")},
                           {"agencies", cards},
                           {"has_agencies", !cards.empty()},
                           {"card_h2", true},
                           {"nav_active_agencies", true},
                           {"breadcrumbs", breadcrumbs(ctx)}});
}

web::Response agency_page(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto agency = get_agency(ctx.app, ctx.principal, *id);
  if (!agency) return web::page_error(ctx, agency.error());
  auto units = list_units(ctx.app, ctx.principal, *id);
  if (!units) return web::page_error(ctx, units.error());
  ServiceQuery q;
  q.agency_id = *id;
  q.limit = 100;
  auto services = all_services(ctx, q);
  if (!services) return web::page_error(ctx, services.error());

  json unit_list = json::array();
  for (const auto& u : *units) {
    unit_list.push_back({{"id", u.id},
                         {"name", u.name},
                         {"head", u.head_name.empty() ? json(false) : json(u.head_name)},
                         {"head_title", u.head_title.empty() ? json(false) : json(u.head_title)},
                         {"edit_url", may_edit(ctx, *id, u.id) ? json(unit_edit_url(u.id)) : json(false)}});
  }
  json manage_links = agency_manage_links(ctx, *id);
  json service_list = json::array();
  for (const auto& s : *services) service_list.push_back(summary_json(ctx, s));
  return web::render_page(ctx, "catalogue/agency",
                          {{"title", agency->name},
                           {"agency", agency_json(ctx, *agency)},
                           {"units", unit_list},
                           {"has_units", !unit_list.empty()},
                           {"services", service_list},
                           {"has_services", !service_list.empty()},
                           {"result_h3", true},
                           {"show_agency", false},
                           {"nav_active_agencies", true},
                           {"can_edit", may_edit(ctx, *id, ctx.principal.unit_id)},
                           {"manage_links", manage_links},
                           {"has_manage_links", !manage_links.empty()},
                           {"breadcrumbs", breadcrumbs(ctx, {{"/instansi", ctx.t("agencies_heading")}})}});
}

json service_head_json(const web::RequestContext& ctx, const Service& s) {
  json modes = json::array();
  for (const auto& m : s.delivery_modes) modes.push_back(delivery_mode_label(ctx, m));
  return {{"id", s.id},
          {"name", s.name},
          {"summary", s.summary.empty() ? json(false) : json(s.summary)},
          {"category", s.category.empty() ? json(false) : json(s.category)},
          {"agency_id", s.agency_id},
          {"agency_name", s.agency_name},
          {"unit_id", s.unit_id ? json(*s.unit_id) : json(false)},
          {"unit_name", s.unit_name.empty() ? json(false) : json(s.unit_name)},
          {"delivery_modes", modes},
          {"has_delivery_modes", !modes.empty()},
          {"inactive", !s.active}};
}

web::Response service_page(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto service = get_service(ctx.app, ctx.principal, *id);
  if (!service) return web::page_error(ctx, service.error());
  json maklumat = false;
  if (service->unit_id) {
    auto m = current_maklumat(ctx.app, ctx.principal, *service->unit_id);
    if (!m) return web::page_error(ctx, m.error());
    if (*m) maklumat = maklumat_json(ctx, **m);
  }
  std::string tz = mpp_timezone(ctx);
  json standard = service->standard ? standard_json(ctx, *service->standard, tz) : json(false);
  // Staff-only parts follow what the service layer returned: management
  // components are present only for callers allowed to read them.
  bool staff = service->standard && service->standard->management.has_value();
  return web::render_page(
      ctx, "catalogue/service",
      {{"title", service->name},
       {"service", service_head_json(ctx, *service)},
       {"standard", standard},
       {"maklumat", maklumat},
       {"staff", staff},
       {"can_edit", staff && may_edit(ctx, service->agency_id, service->unit_id)},
       {"edit_standard_url", "/kelola/layanan/" + std::to_string(*id) + "/standar"},
       {"edit_service_url", "/kelola/layanan/" + std::to_string(*id) + "/ubah"},
       {"breadcrumbs", breadcrumbs(ctx, {{"/instansi", ctx.t("agencies_heading")},
                                         {agency_url(service->agency_id), service->agency_name}})}});
}

web::Response versions_page(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto versions = list_standard_versions(ctx.app, ctx.principal, *id);
  if (!versions) return web::page_error(ctx, versions.error());
  auto service = get_service(ctx.app, ctx.principal, *id);
  if (!service) return web::page_error(ctx, service.error());
  std::string tz = mpp_timezone(ctx);
  int current = service->standard ? service->standard->version : 0;
  json rows = json::array();
  for (const auto& v : *versions) {
    rows.push_back({{"version", v.version},
                    {"url", service_url(*id) + "/versi/" + std::to_string(v.version)},
                    {"created_at", format_timestamp(ctx, v.created_at, tz)},
                    {"change_note", v.change_note.empty() ? json(false) : json(v.change_note)},
                    {"created_by", v.created_by_name.empty() ? json(false) : json(v.created_by_name)},
                    {"current", v.version == current}});
  }
  return web::render_page(ctx, "catalogue/versions",
                          {{"title", ctx.t("versions_heading") + ": " + service->name},
                           {"service", service_head_json(ctx, *service)},
                           {"versions", rows},
                           {"can_edit", may_edit(ctx, service->agency_id, service->unit_id)},
                           {"breadcrumbs", breadcrumbs(ctx, {{agency_url(service->agency_id), service->agency_name},
                                                             {service_url(*id), service->name}})}});
}

web::Response version_page(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto n = ctx.id_param("n");
  if (!n) return web::page_error(ctx, n.error());
  if (*n > 1'000'000) return web::page_error(ctx, Error::not_found("no such version"));
  auto standard = get_standard_version(ctx.app, ctx.principal, *id, static_cast<int>(*n));
  if (!standard) return web::page_error(ctx, standard.error());
  auto service = get_service(ctx.app, ctx.principal, *id);
  if (!service) return web::page_error(ctx, service.error());
  bool latest = service->standard && service->standard->version == standard->version;
  return web::render_page(
      ctx, "catalogue/version",
      {{"title", ctx.t("version_label") + " " + std::to_string(standard->version) + ": " + service->name},
       {"service", service_head_json(ctx, *service)},
       {"standard", standard_json(ctx, *standard, mpp_timezone(ctx))},
       {"latest", latest},
       {"breadcrumbs", breadcrumbs(ctx, {{service_url(*id), service->name},
                                         {service_url(*id) + "/versi", ctx.t("versions_heading")}})}});
}

web::Response maklumat_page(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto unit = get_unit(ctx.app, ctx.principal, *id);
  if (!unit) return web::page_error(ctx, unit.error());
  auto agency = get_agency(ctx.app, ctx.principal, unit->agency_id);
  if (!agency) return web::page_error(ctx, agency.error());
  auto maklumat = current_maklumat(ctx.app, ctx.principal, *id);
  if (!maklumat) return web::page_error(ctx, maklumat.error());
  return web::render_page(ctx, "catalogue/maklumat",
                          {{"title", ctx.t("maklumat_heading") + ": " + unit->name},
                           {"unit", {{"id", unit->id}, {"name", unit->name}}},
                           {"agency", {{"id", agency->id}, {"name", agency->name}}},
                           {"maklumat", *maklumat ? maklumat_json(ctx, **maklumat) : json(false)},
                           {"can_edit", may_edit(ctx, unit->agency_id, unit->id)},
                           {"breadcrumbs", breadcrumbs(ctx, {{"/instansi", ctx.t("agencies_heading")},
                                                             {agency_url(agency->id), agency->name}})}});
}

}  // namespace

Status edit_permission(const web::RequestContext& ctx, int64_t agency_id, std::optional<int64_t> unit_id) {
  return accounts::authorize(ctx.principal, accounts::Action::kEditCatalogue, {agency_id, unit_id});
}

std::string service_url(int64_t id) {
  return "/layanan/" + std::to_string(id);
}
std::string agency_url(int64_t id) {
  return "/instansi/" + std::to_string(id);
}

std::string mpp_timezone(web::RequestContext& ctx) {
  auto locations = list_locations(ctx.app, ctx.principal);
  if (locations && !locations->empty() && !locations->front().timezone.empty()) return locations->front().timezone;
  return "Asia/Jakarta";
}

Result<std::vector<ServiceSummary>> all_services(web::RequestContext& ctx, ServiceQuery query) {
  std::vector<ServiceSummary> out;
  for (int i = 0; i < kMaxListPages; ++i) {
    auto page = search_services(ctx.app, ctx.principal, query);
    if (!page) return std::move(page).error();
    for (auto& s : page->items) out.push_back(std::move(s));
    if (!page->next_cursor) break;
    query.cursor = *page->next_cursor;
  }
  return out;
}

json breadcrumbs(const web::RequestContext& ctx, std::vector<std::pair<std::string, std::string>> trail) {
  json out = json::array({{{"href", "/"}, {"label", ctx.t("nav_home")}}});
  for (auto& [href, label] : trail) out.push_back({{"href", href}, {"label", label}});
  return out;
}

void register_pages(web::Router& router) {
  router.get_public("/", home);
  router.get_public("/cari", search);
  router.get_public("/instansi", agencies_page);
  router.get_public("/instansi/{id}", agency_page);
  router.get_public("/layanan/{id}", service_page);
  router.get("/layanan/{id}/versi", versions_page);
  router.get("/layanan/{id}/versi/{n}", version_page);
  router.get_public("/unit/{id}/maklumat", maklumat_page);
  register_staff_pages(router);
  register_agency_pages(router);
}

}  // namespace layan::catalogue
