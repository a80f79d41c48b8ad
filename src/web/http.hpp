#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace layan::web {

using Pairs = std::vector<std::pair<std::string, std::string>>;

// An HTTP request as the application sees it, independent of RESTinio so that
// only src/web/server.cpp compiles the (slow) RESTinio headers.
struct Request {
  std::string method;      // upper case: GET, POST, ...
  std::string path;        // percent-decoded, without the query
  std::string raw_target;  // as received, for logs of the route only
  Pairs query;             // decoded query parameters, in order
  Pairs headers;           // names in lower case
  std::string body;
  // The client's address: the TCP peer, or with trust_proxy the rightmost
  // X-Forwarded-For entry (app/pipeline.cpp). Keys throttling and limits.
  std::string remote_ip;
  // The TCP peer itself, never rewritten (a local proxy shows as loopback).
  std::string peer_ip;
  // The server refused the body unread: it was over the limit for this
  // request (web::BodyLimitFn). `body` is empty; the answer is 413.
  bool body_refused = false;

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  // True when the Content-Type is application/x-www-form-urlencoded.
  bool is_form() const;
  // True when the Content-Type is multipart/form-data.
  bool is_multipart() const;
  // True when the Content-Type is application/json (or +json).
  bool is_json() const;
};

struct Response {
  int status = 200;
  Pairs headers;
  std::string body;

  // Replaces a header of that name (case-insensitive), or adds it.
  void set_header(std::string name, std::string value);
  void add_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
  std::optional<std::string> header(std::string_view name) const;

  static Response json(int status, const nlohmann::json& body);
  static Response html(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  // 303 See Other by default: the right answer to a successful form POST.
  static Response redirect(std::string location, int status = 303);
};

// Cookie attributes used by layan: always HttpOnly and SameSite=Lax, Path=/.
std::string make_cookie(std::string_view name, std::string_view value, int max_age_seconds, bool secure);

std::string url_decode(std::string_view s, bool plus_as_space = true);
std::string url_encode(std::string_view s);
// Parses application/x-www-form-urlencoded text (also a query string).
Pairs parse_form(std::string_view body);
// First value of `name` in `pairs`.
std::optional<std::string> find_pair(const Pairs& pairs, std::string_view name);
// Every value of `name` in `pairs`, in order (repeated form fields).
std::vector<std::string> find_all(const Pairs& pairs, std::string_view name);

bool iequals(std::string_view a, std::string_view b);

}  // namespace layan::web
