#include "web/context.hpp"

#include "app/app.hpp"
#include "web/templates.hpp"

namespace layan::web {

Result<int64_t> RequestContext::id_param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end() || it->second.empty() || it->second.size() > 18 ||
      it->second.find_first_not_of("0123456789") != std::string::npos) {
    return Error::not_found("no such resource");
  }
  int64_t v = std::stoll(it->second);
  if (v <= 0) return Error::not_found("no such resource");
  return v;
}

std::string RequestContext::t(const std::string& key) const {
  return app.templates->message(lang, key);
}

Result<nlohmann::json> RequestContext::json_body() const {
  if (!req.is_json()) {
    return Error{ErrorKind::kUnsupportedMediaType, "the body must be application/json", {}};
  }
  auto j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded()) return Error::bad_request("the body is not valid JSON");
  return j;
}

Pairs RequestContext::form() const {
  if (!req.is_multipart()) return parse_form(req.body);
  const auto& mp = multipart();
  return mp ? mp->fields() : Pairs{};
}

const Result<Multipart>& RequestContext::multipart() const {
  if (!parsed_multipart) parsed_multipart.emplace(parse_multipart(req.header("content-type").value_or(""), req.body));
  return *parsed_multipart;
}

std::vector<Part> RequestContext::take_files(std::string_view name) const {
  std::vector<Part> out;
  if (!req.is_multipart() || !multipart()) return out;
  // parsed_multipart is this context's own (mutable) copy: the parts are not const.
  for (const Part* p : multipart()->files(name)) out.push_back(std::move(const_cast<Part&>(*p)));
  return out;
}

}  // namespace layan::web
