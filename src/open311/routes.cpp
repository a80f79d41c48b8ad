// Open311 GeoReport v2 handlers: they read the path's format and parameters,
// call open311/service.hpp and render with open311/format.hpp.
#include "open311/routes.hpp"

#include <algorithm>

#include "app/app.hpp"
#include "open311/format.hpp"
#include "open311/mapping.hpp"
#include "open311/service.hpp"

namespace layan::open311 {
namespace {

using web::RequestContext;
using web::Response;

constexpr const char* kBase = "/open311/v2/";

bool english(const RequestContext& ctx) {
  return ctx.lang == "en";
}

Document request_list(const RequestContext& ctx, const std::vector<PublicRequest>& requests) {
  Document list = Document::array();
  for (const auto& r : requests) {
    const auto& c = r.complaint;
    list.push_back(request_document(c, r.status_notes, r.agency_responsible,
                                    service_notice(ctx.app.config.complaints, c.type, english(ctx)), r.text_withheld));
  }
  return list;
}

// Registers `handler` for both formats of a fixed resource ("services" →
// services.json and services.xml).
void both_formats(web::Router& router, const std::string& method, const std::string& name, bool cacheable,
                  const std::function<Response(RequestContext&, Format)>& handler, web::RouteOptions options = {}) {
  for (auto [suffix, format] : {std::pair{".json", Format::kJson}, std::pair{".xml", Format::kXml}}) {
    auto h = [handler, format](RequestContext& ctx) { return handler(ctx, format); };
    const std::string pattern = kBase + name + suffix;
    if (cacheable) {
      router.get_public(pattern, h);
    } else {
      router.add(method, pattern, h, options);
    }
  }
}

// A resource named by its last segment ("{id}.json"): the handler gets the
// name without the suffix; an unknown suffix is 404.
web::Handler by_name(const std::string& param,
                     const std::function<Response(RequestContext&, const std::string&, Format)>& handler) {
  return [param, handler](RequestContext& ctx) {
    auto named = split_format(ctx.param(param));
    if (!named) {
      return error_response(format_of_path(ctx.req.path), Error::not_found("unknown format: use .json or .xml"));
    }
    return handler(ctx, named->first, named->second);
  };
}

Response discovery(RequestContext& ctx, Format f) {
  return document_response(f, 200, discovery_document(ctx.app.config.public_url), "discovery");
}

Response services(RequestContext& ctx, Format f) {
  auto list = list_services(ctx.app);
  if (!list) return error_response(f, list.error());
  Document doc = Document::array();
  for (const auto& s : *list) doc.push_back(service_document(s));
  return document_response(f, 200, doc, "services");
}

Response service_definition_of(RequestContext& ctx, const std::string& code, Format f) {
  auto service = find_service(ctx.app, code);
  if (!service) return error_response(f, service.error());
  return document_response(f, 200, service_definition(service->id), "service_definition");
}

Response get_requests(RequestContext& ctx, Format f) {
  auto q = parse_requests_query(ctx.req.query, ctx.app.clock->now());
  if (!q) return error_response(f, q.error());
  auto found = find_requests(ctx.app, *q);
  if (!found) return error_response(f, found.error());
  return document_response(f, 200, request_list(ctx, *found), "service_requests");
}

Response get_request(RequestContext& ctx, const std::string& id, Format f) {
  auto found = find_request(ctx.app, id);
  if (!found) return error_response(f, found.error());
  return document_response(f, 200, request_list(ctx, {*found}), "service_requests");
}

Response get_token(RequestContext& ctx, const std::string& token, Format f) {
  auto id = request_id_for_token(ctx.app, token);
  if (!id) return error_response(f, id.error());
  Document list = Document::array({Document{{"service_request_id", *id}, {"token", token}}});
  return document_response(f, 200, list, "service_requests");
}

// Idempotency-Key as the pipeline accepts it for other API routes.
bool valid_idempotency_key(const std::string& key) {
  return !key.empty() && key.size() <= 255 &&
         std::all_of(key.begin(), key.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

Response post_request(RequestContext& ctx, Format f) {
  if (!ctx.req.is_form() && !ctx.req.is_multipart()) {
    return error_response(f, {ErrorKind::kUnsupportedMediaType,
                              "the body must be application/x-www-form-urlencoded (or multipart/form-data)",
                              {}});
  }
  auto key = ctx.req.header("idempotency-key");
  if (key && !valid_idempotency_key(*key)) {
    return error_response(f, Error::bad_request("Idempotency-Key must be 1 to 255 printable ASCII characters"));
  }
  auto done = create_request(ctx.app, ctx.form(), key.value_or(""), ctx.req.remote_ip);
  if (!done) return error_response(f, done.error());
  const auto& c = done->complaint;
  // The tracking code is the reporter's secret: this answer, to the client
  // that filed for them, is the only place Open311 names it (as the token,
  // and in the notice for clients that only show the notice).
  Document list =
      Document::array({Document{{"service_request_id", c.public_id},
                                {"token", c.tracking_code},
                                {"service_notice", filed_notice(c.tracking_code, english(ctx)) + " " +
                                                       service_notice(ctx.app.config.complaints, c.type, english(ctx))},
                                {"account_id", nullptr}}});
  Response r = document_response(f, 201, list, "service_requests");
  if (done->replayed) r.set_header("Idempotent-Replayed", "true");
  return r;
}

}  // namespace

void register_routes(web::Router& router) {
  both_formats(router, "GET", "discovery", true, discovery);
  both_formats(router, "GET", "services", true, services);
  router.get_public(std::string(kBase) + "services/{code}", by_name("code", service_definition_of));
  both_formats(router, "GET", "requests", false, get_requests);
  // The service honours Idempotency-Key in the same transaction as the report.
  both_formats(router, "POST", "requests", false, post_request,
               web::RouteOptions{.idempotency = web::Idempotency::kOwn});
  router.add("GET", std::string(kBase) + "requests/{id}", by_name("id", get_request), web::kCodeLookup);
  router.add("GET", std::string(kBase) + "tokens/{token}", by_name("token", get_token), web::kCodeLookup);
}

}  // namespace layan::open311
