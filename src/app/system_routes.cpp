// Endpoints every deployment needs: health, readiness, metrics, static files
// and the documentation pages behind problem+json `type` URIs.
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "accounts/routes.hpp"
#include "app/app.hpp"
#include "app/pipeline.hpp"
#include "calendar/routes.hpp"
#include "catalogue/pages.hpp"
#include "catalogue/routes.hpp"
#include "complaints/routes.hpp"
#include "core/crypto.hpp"
#include "open311/routes.hpp"
#include "store/group_commit.hpp"
#include "web/metrics.hpp"
#include "web/problem.hpp"
#include "web/respond.hpp"

namespace layan {
namespace {

std::string content_type_for(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {{".css", "text/css; charset=utf-8"},
                                                            {".js", "text/javascript; charset=utf-8"},
                                                            {".mjs", "text/javascript; charset=utf-8"},
                                                            {".svg", "image/svg+xml"},
                                                            {".png", "image/png"},
                                                            {".ico", "image/x-icon"},
                                                            {".woff2", "font/woff2"},
                                                            {".json", "application/json"},
                                                            {".txt", "text/plain; charset=utf-8"},
                                                            {".webmanifest", "application/manifest+json"}};
  auto ext = std::filesystem::path(path).extension().string();
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Static files are small and immutable while the server runs: read once.
struct StaticCache {
  std::mutex mu;
  std::map<std::string, std::pair<std::string, std::string>> files;  // path -> (body, etag)
};

web::Response serve_static(web::RequestContext& ctx, StaticCache& cache) {
  const std::string& rel = ctx.param("path");
  if (rel.empty() || rel.find("..") != std::string::npos || rel.find('\\') != std::string::npos || rel.front() == '/') {
    return web::api_error(ctx, Error::not_found("no such file"));
  }
  std::pair<std::string, std::string> entry;
  {
    std::lock_guard lock(cache.mu);
    auto it = cache.files.find(rel);
    if (it == cache.files.end()) {
      auto full = std::filesystem::path(ctx.app.config.share_dir) / "static" / rel;
      std::ifstream in(full, std::ios::binary);
      if (!in || !std::filesystem::is_regular_file(full)) return web::api_error(ctx, Error::not_found("no such file"));
      std::ostringstream ss;
      ss << in.rdbuf();
      std::string body = ss.str();
      std::string etag = "\"" + crypto::sha256_hex(body).substr(0, 16) + "\"";
      it = cache.files.emplace(rel, std::make_pair(std::move(body), std::move(etag))).first;
    }
    entry = it->second;
  }
  if (ctx.req.header("if-none-match") == entry.second) {
    web::Response r;
    r.status = 304;
    r.set_header("ETag", entry.second);
    return r;
  }
  web::Response r = web::Response::text(200, std::move(entry.first), content_type_for(rel));
  r.set_header("ETag", entry.second);
  r.set_header("Cache-Control", "public, max-age=3600");
  return r;
}

web::Response metrics(web::RequestContext& ctx) {
  std::string body = ctx.app.metrics->render();
  if (ctx.app.intake) {
    const auto s = ctx.app.intake->stats();
    body +=
        "# HELP layan_intake_commits_total Shared transactions run for complaint intake.\n"
        "# TYPE layan_intake_commits_total counter\n"
        "layan_intake_commits_total " +
        std::to_string(s.batches) +
        "\n"
        "# HELP layan_intake_units_total Submissions run in those transactions.\n"
        "# TYPE layan_intake_units_total counter\n"
        "layan_intake_units_total " +
        std::to_string(s.items) + "\n";
  }
  return web::Response::text(200, std::move(body), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace

void register_all_routes(web::Router& router) {
  router.get("/healthz", [](web::RequestContext&) { return web::Response::json(200, {{"status", "ok"}}); });

  router.get("/readyz", [](web::RequestContext& ctx) {
    bool db_ok = ctx.app.db->ping();
    return web::Response::json(db_ok ? 200 : 503, {{"status", db_ok ? "ready" : "unavailable"},
                                                   {"database", store::dialect_name(ctx.app.db->dialect())},
                                                   {"database_reachable", db_ok}});
  });

  // Route and status counts tell who looks at what (tracking lookups,
  // reveals): operators only (Config::metrics_token, web::operator_allowed).
  router.add("GET", "/metrics", metrics, {.operator_only = true});

  auto cache = std::make_shared<StaticCache>();
  router.get("/static/{*path}", [cache](web::RequestContext& ctx) { return serve_static(ctx, *cache); });

  router.get("/problems/{slug}", [](web::RequestContext& ctx) {
    for (auto kind : {ErrorKind::kBadRequest, ErrorKind::kValidation, ErrorKind::kUnauthenticated,
                      ErrorKind::kForbidden, ErrorKind::kCsrf, ErrorKind::kNotFound, ErrorKind::kConflict,
                      ErrorKind::kTooManyRequests, ErrorKind::kPayloadTooLarge, ErrorKind::kUriTooLong,
                      ErrorKind::kUnsupportedMediaType, ErrorKind::kMethodNotAllowed, ErrorKind::kUnavailable}) {
      const auto& info = web::problem_info(kind);
      if (ctx.param("slug") == info.slug) {
        return web::Response::json(200, {{"type", std::string("/problems/") + info.slug},
                                         {"status", info.status},
                                         {"title", info.title_id},
                                         {"title_en", info.title_en}});
      }
    }
    return web::api_error(ctx, Error::not_found("no such problem type"));
  });

  accounts::register_routes(router);
  catalogue::register_routes(router);
  catalogue::register_pages(router);
  calendar::register_routes(router);
  complaints::register_routes(router);
  open311::register_routes(router);
  complaints::register_pages(router);
}

}  // namespace layan
