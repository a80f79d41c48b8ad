#include "app/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "accounts/routes.hpp"
#include "accounts/service.hpp"
#include "complaints/service.hpp"
#include "core/crypto.hpp"
#include "open311/format.hpp"
#include "store/database.hpp"
#include "web/compress.hpp"
#include "web/metrics.hpp"
#include "web/operator_access.hpp"
#include "web/problem.hpp"
#include "web/respond.hpp"

namespace layan {
namespace {

constexpr const char* kLangCookie = "layan_lang";
constexpr const char* kCsrfCookie = "layan_csrf";

bool is_api(const std::string& path) {
  return path.rfind("/api/", 0) == 0 || path.rfind("/open311/", 0) == 0;
}

// Errors are problem+json for the API, machine endpoints and clients that ask
// for JSON; HTML pages otherwise.
bool wants_problem(const web::Request& req) {
  if (is_api(req.path)) return true;
  for (const char* p : {"/healthz", "/readyz", "/metrics", "/static/", "/problems/"}) {
    if (req.path.rfind(p, 0) == 0) return true;
  }
  auto accept = req.header("accept").value_or("");
  return accept.find("json") != std::string::npos && accept.find("text/html") == std::string::npos;
}

bool is_unsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// Headers every response gets. A response that sets its own, stricter
// Content-Security-Policy (a stored file: files::download_response) keeps it.
// Open311 is meant for other sites' maps and apps: any origin may read it
// (no cookies are involved, so `*` grants nothing a server-side client lacks).
void add_standard_headers(const web::Request& req, web::Response& r) {
  if (open311::is_open311_path(req.path)) r.set_header("Access-Control-Allow-Origin", "*");
  if (!r.header("content-security-policy")) {
    r.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
                 "object-src 'none'; frame-ancestors 'none'");
  }
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)");
  r.set_header("Cross-Origin-Opener-Policy", "same-origin");
}

std::optional<std::string> bearer_token(const web::Request& req) {
  auto auth = req.header("authorization");
  if (!auth) return std::nullopt;
  constexpr std::string_view kPrefix = "Bearer ";
  if (auth->size() <= kPrefix.size() || !web::iequals(std::string_view(*auth).substr(0, kPrefix.size()), kPrefix)) {
    return std::string();  // present but not a bearer token: rejected as unknown
  }
  return auth->substr(kPrefix.size());
}

std::string choose_lang(const web::Request& req) {
  if (auto q = req.query_param("lang"); q && (*q == "id" || *q == "en")) return *q;
  if (auto c = req.cookie(kLangCookie); c && (*c == "id" || *c == "en")) return *c;
  return "id";
}

// Under /open311/ every error is a GeoReport error list, in the format the
// path asks for; problem+json or a page elsewhere.
web::Response error_for(web::RequestContext& ctx, const Error& e) {
  if (open311::is_open311_path(ctx.req.path)) return open311::error_response(open311::format_of_path(ctx.req.path), e);
  return wants_problem(ctx.req) ? web::api_error(ctx, e) : web::page_error(ctx, e);
}

// Whose Idempotency-Key this is: the account or the API key, else a secret
// that only this client holds (a guest's contact token, or the double-submit
// cookie the pipeline gave the client). Two anonymous clients never share a
// scope, so a key learnt from one answers nothing to another. nullopt: an
// anonymous caller with neither, which has no scope of its own.
std::optional<std::string> idempotency_owner(const web::RequestContext& ctx) {
  const auto& who = ctx.principal;
  if (who.user_id) return "user:" + std::to_string(who.user_id);
  if (who.api_key_id) return "key:" + std::to_string(who.api_key_id);
  if (auto token = ctx.req.header(complaints::kContactTokenHeader); token && !token->empty())
    return "contact:" + *token;
  if (auto c = ctx.req.cookie(kCsrfCookie); c && *c == ctx.csrf_token) return "client:" + *c;
  return std::nullopt;
}

Error too_many_lookups(int wait_s) {
  const std::string wait = std::to_string(wait_s);
  return {ErrorKind::kTooManyRequests,
          "too many tracking code lookups from this address; retry after " + wait + " s",
          {{"", "rate_limited",
            "Terlalu banyak pencarian kode pelacakan dari alamat ini. Coba lagi dalam " + wait + " detik.",
            "Too many tracking code lookups from this address. Try again in " + wait + " seconds."}},
          wait_s};
}

}  // namespace

web::RatePolicy code_lookup_policy(const LookupLimit& limit) {
  auto rate = [](int per_minute) {
    return web::Rate{static_cast<double>(std::max(per_minute, 1)), static_cast<double>(per_minute)};
  };
  return {rate(limit.per_minute), rate(limit.misses_per_minute)};
}

bool presents_credentials(const web::Request& head) {
  return head.header("authorization") || head.header(complaints::kContactTokenHeader) ||
         head.cookie(accounts::kSessionCookie) || head.cookie(complaints::kContactCookie);
}

BodyAllowance body_allowance(const web::Route* route, const web::Request& head, const Config& cfg) {
  const std::string small = std::to_string(cfg.max_body_bytes);
  if (!route || route->body_limit == web::BodyLimit::kDefault) return {cfg.max_body_bytes, ""};
  if (route->body_limit == web::BodyLimit::kExplicit) {
    if (head.is_json() && route->max_body_bytes > cfg.max_body_bytes) return {cfg.max_body_bytes, ""};
    return {route->max_body_bytes, ""};
  }
  // An upload route.
  if (!head.is_multipart()) {
    return {cfg.max_body_bytes, "a body that is not multipart/form-data may be at most " + small +
                                    " bytes: send attachments as multipart/form-data, in file parts named attachments"};
  }
  if (!presents_credentials(head)) {
    return {cfg.max_body_bytes,
            "uploads larger than " + small + " bytes need a session, an API key or a contact token (X-Contact-Token)"};
  }
  return {cfg.max_upload_bytes, ""};
}

Pipeline::Admission Pipeline::admit(const web::Route& route, const web::Request& req) {
  web::RateLimiter* limiter = nullptr;
  switch (route.rate_limit) {
    case web::RateLimit::kNone:
      break;
    case web::RateLimit::kCodeLookup:
      limiter = &code_lookups_;
      break;
  }
  if (!limiter || !limiter->enabled()) return {};
  if (int wait = limiter->admit(req.remote_ip); wait > 0) return {nullptr, wait};
  return {limiter, 0};
}

Pipeline::Pipeline(App& app, const web::Router& router)
    : app_(app),
      router_(router),
      cache_(std::chrono::milliseconds(app.config.public_cache_ms)),
      idempotency_(*app.db),
      code_lookups_(code_lookup_policy(app.config.lookup_limit), *app.clock) {}

web::Response Pipeline::run_handler(web::RequestContext& ctx, const web::Route& route) {
  const auto& req = ctx.req;
  auto key = req.header("idempotency-key");
  if (!key || req.method != "POST" || !is_api(req.path) || route.idempotency == web::Idempotency::kOwn) {
    return route.handler(ctx);
  }
  if (route.idempotency == web::Idempotency::kRefused) {
    return web::api_error(
        ctx, Error::bad_request("Idempotency-Key is not accepted here: the request or its answer carries a secret"));
  }
  if (key->empty() || key->size() > 255 ||
      std::any_of(key->begin(), key->end(), [](char c) { return c < 0x20 || c > 0x7e; })) {
    return web::api_error(ctx, Error::bad_request("Idempotency-Key must be 1 to 255 printable ASCII characters"));
  }
  // A caller with nothing of its own to scope the key by could never send a
  // retry that matches: the request simply runs (the client is handed a
  // layan_csrf cookie to keep for its retries).
  auto owner = idempotency_owner(ctx);
  if (!owner) return route.handler(ctx);
  std::string scope = crypto::sha256_hex(*owner + "\n" + *key);
  // Keyed by the scope so that a stored hash of a body cannot be matched
  // against guessed bodies by someone without the client's key.
  std::string request_hash = crypto::sha256_hex(scope + "\n" + req.method + " " + req.path + "\n" + req.body);
  auto now = app_.clock->now();
  auto claim = idempotency_.claim(scope, request_hash, format_utc(now), format_utc(now - std::chrono::hours(24)));
  if (!claim) return web::api_error(ctx, claim.error());
  if (*claim) {
    const auto& stored = **claim;
    web::Response r = web::Response::text(stored.status, stored.body, stored.content_type);
    if (!stored.location.empty()) r.set_header("Location", stored.location);
    r.set_header("Idempotent-Replayed", "true");
    return r;
  }
  web::Response resp;
  try {
    resp = route.handler(ctx);
  } catch (...) {
    idempotency_.release(scope);
    throw;
  }
  if (resp.status >= 200 && resp.status < 300) {
    idempotency_.complete(scope, {resp.status, resp.header("content-type").value_or(""),
                                  resp.header("location").value_or(""), resp.body});
  } else {
    idempotency_.release(scope);  // a failed request may be corrected and retried with the same key
  }
  return resp;
}

std::optional<std::string> Pipeline::cache_key(const web::Request& req, const web::Route& route,
                                               const std::string& lang) const {
  if (!route.public_cache || !cache_.enabled() || (req.method != "GET" && req.method != "HEAD")) return std::nullopt;
  // Anything that makes the answer visitor-specific bypasses the cache.
  if (req.header("authorization") || req.cookie(accounts::kSessionCookie) || req.cookie("layan_flash")) {
    return std::nullopt;
  }
  if (auto q = req.query_param("lang"); q && req.cookie(kLangCookie) != *q) return std::nullopt;  // sets a cookie
  return lang + ' ' + req.raw_target;
}

size_t Pipeline::body_limit(const web::Request& head) const {
  return body_allowance(router_.match(head.method, head.path).route, head, app_.config).bytes;
}

std::optional<web::Response> Pipeline::try_fast(web::Request& req) {
  // handle() refuses it before any work that could block: routing and the 413.
  if (req.body_refused) return handle(req);
  auto started = std::chrono::steady_clock::now();
  if (!cache_.enabled() || req.method != "GET" || !req.body.empty()) return std::nullopt;
  auto match = router_.match(req.method, req.path);
  if (!match.route) return std::nullopt;
  auto key = cache_key(req, *match.route, choose_lang(req));
  if (!key) return std::nullopt;
  auto entry = cache_.get(*key);
  if (!entry) return std::nullopt;
  web::Response resp = entry->response;
  if (!entry->gzip_body.empty() && req.header("accept-encoding").value_or("").find("gzip") != std::string::npos) {
    resp.body = entry->gzip_body;
    resp.set_header("Content-Encoding", "gzip");
  }
  finish(req, entry->route, resp, started);
  return resp;
}

void Pipeline::finish(const web::Request& req, const std::string& route, web::Response& resp,
                      std::chrono::steady_clock::time_point started) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (app_.metrics) app_.metrics->observe(route, req.method, resp.status, secs);
  // Access log: route pattern, never the raw URL (it may carry personal data).
  if (auto access = spdlog::get("access")) {
    access->info("\"method\":\"{}\",\"route\":\"{}\",\"status\":{},\"ms\":{:.2f},\"bytes\":{}", req.method, route,
                 resp.status, secs * 1000, resp.body.size());
  }
}

web::Response Pipeline::handle(web::Request& req) {
  auto started = std::chrono::steady_clock::now();
  if (app_.config.trust_proxy) {
    if (auto xff = req.header("x-forwarded-for")) {
      std::string last = xff->substr(xff->rfind(',') == std::string::npos ? 0 : xff->rfind(',') + 1);
      last.erase(0, last.find_first_not_of(' '));
      last.erase(last.find_last_not_of(' ') + 1);
      if (!last.empty() && last.size() <= 64) req.remote_ip = last;
    }
  }
  std::string route_label = "unmatched";
  web::RequestContext ctx{req, app_, {}, {}, "id", "", {}};
  web::Response resp;
  web::RateLimiter* limiter = nullptr;  // the route's, once it admitted (and charged) the request
  try {
    ctx.lang = choose_lang(req);
    if (auto q = req.query_param("lang"); q && (*q == "id" || *q == "en") && req.cookie(kLangCookie) != *q) {
      ctx.extra_headers.emplace_back("Set-Cookie", web::make_cookie(kLangCookie, *q, 365 * 86400, app_.config.tls));
    }
    auto match = router_.match(req.method, req.path);
    if (req.raw_target.size() > app_.config.max_url_bytes) {
      resp = error_for(
          ctx, {ErrorKind::kUriTooLong, "the URL exceeds " + std::to_string(app_.config.max_url_bytes) + " bytes", {}});
    } else if (auto allowed = body_allowance(match.route, req, app_.config);
               req.body_refused || req.body.size() > allowed.bytes) {
      std::string detail = "the body exceeds " + std::to_string(allowed.bytes) + " bytes";
      if (!allowed.advice.empty()) detail += "; " + allowed.advice;
      resp = error_for(ctx, {ErrorKind::kPayloadTooLarge, detail, {}});
    } else if (!match.route) {
      resp = error_for(ctx, match.other_method ? Error{ErrorKind::kMethodNotAllowed, "method not allowed here", {}}
                                               : Error::not_found("no such page or resource"));
    } else if (match.route->operator_only && !web::operator_allowed(req, app_.config.metrics_token)) {
      route_label = match.route->pattern;
      resp = error_for(ctx, Error::not_found("no such page or resource"));
    } else if (auto admission = admit(*match.route, req); admission.retry_after_s > 0) {
      route_label = match.route->pattern;
      resp = error_for(ctx, too_many_lookups(admission.retry_after_s));
    } else {
      limiter = admission.limiter;
      route_label = match.route->pattern;
      ctx.params = std::move(match.params);
      auto bearer = match.route->operator_only ? std::nullopt : bearer_token(req);
      auto session_cookie = req.cookie(accounts::kSessionCookie);
      auto who = accounts::authenticate(app_, session_cookie, bearer);
      if (!who) {
        resp = error_for(ctx, who.error());
      } else {
        ctx.principal = std::move(*who);
        // CSRF: the session's token when signed in; otherwise a double-submit
        // cookie, so anonymous forms (sign-in) are protected too.
        if (!ctx.principal.session_csrf.empty()) {
          ctx.csrf_token = ctx.principal.session_csrf;
        } else if (auto c = req.cookie(kCsrfCookie); c && c->size() >= 20 && c->size() <= 64) {
          ctx.csrf_token = *c;
        } else {
          ctx.csrf_token = crypto::random_token(24);
          ctx.extra_headers.emplace_back("Set-Cookie",
                                         web::make_cookie(kCsrfCookie, ctx.csrf_token, 86400, app_.config.tls));
        }
        // Requests authenticated by an API key carry no ambient authority and
        // need no CSRF token; API requests without any cookie credentials
        // neither. Everything else that changes state must present the token.
        bool needs_csrf = is_unsafe(req.method) && !bearer && (session_cookie.has_value() || !is_api(req.path));
        std::string presented;
        if (needs_csrf) {
          if (auto h = req.header("x-csrf-token")) {
            presented = *h;
          } else if (req.is_form() || req.is_multipart()) {
            presented = web::find_pair(ctx.form(), "csrf_token").value_or("");
          }
        }
        if (needs_csrf && (presented.empty() || !crypto::equal_constant_time(presented, ctx.csrf_token))) {
          resp = error_for(ctx, {ErrorKind::kCsrf, "missing or invalid CSRF token", {}});
        } else {
          auto key = cache_key(req, *match.route, ctx.lang);
          uint64_t generation = cache_.generation();
          resp = run_handler(ctx, *match.route);
          if (is_unsafe(req.method) && resp.status < 400) cache_.invalidate();
          if (key && resp.status == 200) {
            web::Response stored = resp;
            add_standard_headers(req, stored);
            cache_.put(*key, generation, std::move(stored), route_label);
          }
        }
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("request failed: route={} method={} error={}", route_label, req.method, store::loggable_error(e));
    resp = web::internal_error_problem(req.path);
    if (open311::is_open311_path(req.path)) {
      resp = open311::internal_error_response(open311::format_of_path(req.path));
    } else if (!wants_problem(req)) {
      resp = web::Response::html(500,
                                 "<!doctype html><html lang=\"id\"><title>Kesalahan server</title>"
                                 "<h1>Terjadi kesalahan pada server</h1><p>Silakan coba lagi.</p></html>");
    }
  }
  // Only a lookup that found nothing keeps the miss admit() charged.
  if (limiter && resp.status != 404) limiter->found(req.remote_ip);
  for (auto& h : ctx.extra_headers) resp.headers.push_back(std::move(h));
  add_standard_headers(req, resp);
  if (req.method == "HEAD") {
    resp.body.clear();
  } else {
    web::maybe_gzip(req, resp);
  }

  finish(req, route_label, resp, started);
  return resp;
}

}  // namespace layan
