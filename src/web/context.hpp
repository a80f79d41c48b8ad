#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "accounts/principal.hpp"
#include "core/result.hpp"
#include "web/http.hpp"
#include "web/multipart.hpp"

namespace layan {
struct App;
}

namespace layan::web {

// One request on its way through a handler: the request, the matched path
// parameters, the caller, the page language and the CSRF token for forms.
struct RequestContext {
  const Request& req;
  App& app;
  std::unordered_map<std::string, std::string> params;
  accounts::Principal principal;
  std::string lang = "id";  // "id" or "en"
  std::string csrf_token;   // put in every form as `csrf_token`
  Pairs extra_headers;      // e.g. Set-Cookie added by the pipeline

  // Path parameter `name` as a positive id; kNotFound when it is not one.
  Result<int64_t> id_param(const std::string& name) const;
  const std::string& param(const std::string& name) const { return params.at(name); }
  // The body as a JSON value; kUnsupportedMediaType when the Content-Type is
  // not JSON, kBadRequest when it does not parse.
  Result<nlohmann::json> json_body() const;
  // The body's form fields: from an application/x-www-form-urlencoded body,
  // or the non-file parts of a multipart/form-data body (none when that body
  // is malformed; multipart() says why).
  Pairs form() const;
  // The body as multipart/form-data, parsed on the first call and kept for
  // the request (the pipeline reads the CSRF token from it, the handler its
  // fields and files). kUnsupportedMediaType when the Content-Type is not
  // multipart/form-data, kBadRequest when the body is malformed.
  const Result<Multipart>& multipart() const;
  // The file parts called `name` of the multipart body (as Multipart::files),
  // moved out of what multipart() keeps, which then holds them emptied: a
  // handler takes an upload without a second copy of it. None when the body
  // is not multipart/form-data or is malformed.
  std::vector<Part> take_files(std::string_view name) const;
  // UI message `key` in the page language (i18n/<lang>.json).
  std::string t(const std::string& key) const;
  // Indonesian or English, by the page language.
  const std::string& pick(const std::string& id, const std::string& en) const { return lang == "en" ? en : id; }

  mutable std::optional<Result<Multipart>> parsed_multipart{};  // multipart()'s
};

}  // namespace layan::web
