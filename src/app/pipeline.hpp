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
  // Answers a request on a worker thread (after try_cached() missed).
  web::Response handle(web::Request& req);

  // The answer from the response cache for an anonymous GET of a public
  // route, or nullopt. Never blocks: the server calls it on a network thread
  // before handing the request to a worker.
  std::optional<web::Response> try_cached(web::Request& req);

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

// The largest body `route` accepts (Route::body_limit); the global
// max_body_bytes when no route matched.
size_t body_limit_for(const web::Route* route, const Config& cfg);

// Every route of the application: system endpoints and each module's routes.
void register_all_routes(web::Router& router);

}  // namespace layan
