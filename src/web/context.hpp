#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "accounts/principal.hpp"
#include "core/result.hpp"
#include "web/http.hpp"

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
  // The body as form fields (application/x-www-form-urlencoded).
  Pairs form() const { return parse_form(req.body); }
  // UI message `key` in the page language (i18n/<lang>.json).
  std::string t(const std::string& key) const;
  // Indonesian or English, by the page language.
  const std::string& pick(const std::string& id, const std::string& en) const { return lang == "en" ? en : id; }
};

}  // namespace layan::web
