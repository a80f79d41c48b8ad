#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "web/context.hpp"

namespace layan::web {

using Handler = std::function<Response(RequestContext&)>;

// The largest request body a route accepts; larger bodies get 413.
enum class BodyLimit {
  kDefault,   // Config::max_body_bytes (1 MiB)
  kUpload,    // Config::max_upload_bytes: a form or API request carrying attachments
  kExplicit,  // RouteOptions::max_body_bytes
};

// How an API POST treats an `Idempotency-Key` header (docs/api.md, "Retries").
enum class Idempotency {
  // The pipeline keeps the first successful answer and replays it to a retry
  // from the same caller.
  kReplayed,
  // The handler honours the key itself, in the same transaction as its write,
  // so the pipeline's generic replay store stays out of the way.
  kOwn,
  // 400: the request or its answer carries a secret (a password, a token, a
  // revealed identity) that the replay store would keep, or the answer must
  // never be served again without running the handler (an audited read).
  // Retrying such a request is safe without the key.
  kRefused,
};

// A per-client limit the pipeline applies before the handler (429 beyond it).
enum class RateLimit {
  kNone,
  // The URL names a record by a secret that could be guessed (a tracking
  // code): lookups per client address are paced, misses (404) much harder.
  // Config::lookup_limit; see app/pipeline.cpp.
  kCodeLookup,
};

struct RouteOptions {
  BodyLimit body_limit = BodyLimit::kDefault;
  size_t max_body_bytes = 0;  // with kExplicit
  Idempotency idempotency = Idempotency::kReplayed;
  RateLimit rate_limit = RateLimit::kNone;
  // For the operators of this deployment only (web::operator_allowed): others
  // get 404 as if the route did not exist, and Authorization is the
  // operator's token, never read as an API key.
  bool operator_only = false;
};

// Options of a route looked up by a tracking code.
inline constexpr RouteOptions kCodeLookup{.rate_limit = RateLimit::kCodeLookup};

struct Route {
  std::string method;   // GET, POST, PUT, DELETE
  std::string pattern;  // "/api/v1/services/{id}"
  Handler handler;
  std::vector<std::string> segments;  // pattern split on '/'
  // The response to an anonymous visitor depends on nothing but the URL and
  // the language, so it may be served from the ResponseCache.
  bool public_cache = false;
  // Which request body limit applies (see body_allowance in app/pipeline.hpp).
  BodyLimit body_limit = BodyLimit::kDefault;
  size_t max_body_bytes = 0;  // kExplicit only
  Idempotency idempotency = Idempotency::kReplayed;
  bool operator_only = false;  // see RouteOptions
  RateLimit rate_limit = RateLimit::kNone;
};

// Matches method + path against registered patterns. Segments in braces match
// one non-empty path segment and are captured by name; a final {*name}
// captures the rest of the path. Literal routes win over parameterised ones
// regardless of registration order.
class Router {
 public:
  // Throws std::logic_error when method + pattern is registered already.
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  void get(std::string pattern, Handler h) { add("GET", std::move(pattern), std::move(h)); }
  // A page with a form: GET shows it, POST submits it, one handler for both.
  void form(const std::string& pattern, const Handler& h) {
    add("GET", pattern, h);
    add("POST", pattern, h);
  }
  // A GET whose anonymous response is the same for every visitor (see Route).
  void get_public(std::string pattern, Handler h);
  void post(std::string pattern, Handler h) { add("POST", std::move(pattern), std::move(h)); }
  void post(std::string pattern, RouteOptions options, Handler h) {
    add("POST", std::move(pattern), std::move(h), options);
  }
  // A POST that carries attachments (multipart/form-data or JSON with
  // base64): its body may be as large as Config::max_upload_bytes.
  void upload(std::string pattern, Handler h) {
    add("POST", std::move(pattern), std::move(h), {.body_limit = BodyLimit::kUpload});
  }
  // A page with a form that carries attachments: like form(), with the
  // upload limit for the POST.
  void upload_form(const std::string& pattern, const Handler& h) {
    add("GET", pattern, h);
    add("POST", pattern, h, {.body_limit = BodyLimit::kUpload});
  }
  void put(std::string pattern, Handler h) { add("PUT", std::move(pattern), std::move(h)); }
  void del(std::string pattern, Handler h) { add("DELETE", std::move(pattern), std::move(h)); }

  struct Match {
    const Route* route = nullptr;  // null: no route for this method
    std::unordered_map<std::string, std::string> params;
    bool other_method = false;  // the path exists with another method (405)
  };
  Match match(const std::string& method, const std::string& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace layan::web
