#pragma once

#include "app/app.hpp"
#include "store/idempotency.hpp"
#include "web/rate_limit.hpp"
#include "web/response_cache.hpp"
#include "web/router.hpp"

namespace layan {

// What every request passes through, in order: body-size limit, language,
// routing (404/405), operator-only routes (404 to others), the route's rate
// limit (429), authentication, CSRF check for state-changing requests, the
// handler, security headers, metrics and the access log. Thread-safe.
class Pipeline {
 public:
  Pipeline(App& app, const web::Router& router);
  // Answers a request on a worker thread (after try_fast() declined).
  web::Response handle(web::Request& req);

  // The answer to a request that needs no blocking work, or nullopt: the
  // response cache's to an anonymous GET of a public route, or the 413 to a
  // body the server refused unread (Request::body_refused). Never blocks: the
  // server calls it on a network thread before handing the request to a worker.
  std::optional<web::Response> try_fast(web::Request& req);

  // The largest body `head` may carry: body_allowance() for the route it
  // matches. Never blocks: the server asks on a network thread, before it
  // reads any of the body (web::BodyLimitFn).
  size_t body_limit(const web::Request& head) const;

 private:
  // Cache key when `req` may be answered from or stored into the cache.
  std::optional<std::string> cache_key(const web::Request& req, const web::Route& route, const std::string& lang) const;
  void finish(const web::Request& req, const std::string& route, web::Response& resp,
              std::chrono::steady_clock::time_point started);
  // Runs the handler; for an API POST with an Idempotency-Key, answers a
  // retry with the first response instead of running it again.
  web::Response run_handler(web::RequestContext& ctx, const web::Route& route);
  // Charges the route's RateLimit to the client: the limiter that admitted
  // the request (null when the route has none), or the seconds to wait.
  struct Admission {
    web::RateLimiter* limiter = nullptr;
    int retry_after_s = 0;
  };
  Admission admit(const web::Route& route, const web::Request& req);

  App& app_;
  const web::Router& router_;
  web::ResponseCache cache_;
  store::IdempotencyStore idempotency_;
  // RateLimit::kCodeLookup: in memory, so per node (Config::lookup_limit).
  web::RateLimiter code_lookups_;
};

// The pacing of tracking-code lookups that `limit` configures: each count per
// minute is also the burst.
web::RatePolicy code_lookup_policy(const LookupLimit& limit);

// The largest body a request may carry, judged from its head (method, path,
// headers) and the route it matched (null: none):
// - max_body_bytes (1 MiB) by default, and for any JSON body;
// - on a route registered as an upload (BodyLimit::kUpload), max_upload_bytes
//   (27 MiB) for a multipart/form-data body from a caller who presents a
//   credential (presents_credentials()), since no other caller may upload;
// - BodyLimit::kExplicit: the route's own (a JSON body at most max_body_bytes).
struct BodyAllowance {
  size_t bytes = 0;
  std::string advice;  // for the 413's detail: how to send more; may be empty
};
BodyAllowance body_allowance(const web::Route* route, const web::Request& head, const Config& cfg);

// Whether `head` presents something that may identify a caller allowed to
// upload: a session cookie, an Authorization header, or a guest's contact
// token (its header or its cookie). Presence only: checking it needs the
// database, and body limits are decided on a network thread.
bool presents_credentials(const web::Request& head);

// Every route of the application: system endpoints and each module's routes.
void register_all_routes(web::Router& router);

}  // namespace layan
