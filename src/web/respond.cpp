#include "web/respond.hpp"

#include <algorithm>

#include "app/app.hpp"
#include "web/problem.hpp"
#include "web/templates.hpp"

namespace layan::web {
namespace {

bool is_message_key(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) || c == '_' || std::isdigit(static_cast<unsigned char>(c)))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string lang_switch_url(const RequestContext& ctx) {
  std::string url = ctx.req.path + "?";
  for (const auto& [k, v] : ctx.req.query) {
    if (k == "lang") continue;
    url += url_encode(k) + "=" + url_encode(v) + "&";
  }
  return url + "lang=" + (ctx.lang == "en" ? "id" : "en");
}

Response render_page(RequestContext& ctx, const std::string& name, nlohmann::json data, int status) {
  const auto& tm = *ctx.app.templates;
  if (ctx.principal.authenticated() && ctx.principal.user_id != 0) {
    std::string role = accounts::role_name(ctx.principal.role);
    data["principal"] = {{"name", ctx.principal.name},
                         {"role", role},
                         {"role_label", tm.message(ctx.lang, "role_" + role)},
                         {"is_staff", ctx.principal.is_staff()}};
  } else {
    data["principal"] = false;
  }
  data["csrf_token"] = ctx.csrf_token;
  data["path"] = ctx.req.path;
  data["lang_switch_url"] = lang_switch_url(ctx);
  if (!data.contains("title")) data["title"] = tm.message(ctx.lang, "site_name");
  if (!data.contains("breadcrumbs")) data["breadcrumbs"] = false;
  // Mustache cannot test a list for emptiness: the layout asks this flag.
  data["has_breadcrumbs"] = data["breadcrumbs"].is_array() && !data["breadcrumbs"].empty();
  data["flash"] = false;
  if (auto f = ctx.req.cookie("layan_flash"); f && is_message_key(*f)) {
    data["flash"] = tm.message(ctx.lang, *f);
    ctx.extra_headers.emplace_back("Set-Cookie", make_cookie("layan_flash", "", 0, ctx.app.config.tls));
  }
  Response r = Response::html(status, tm.render_page(name, std::move(data), ctx.lang));
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response api_error(const RequestContext& ctx, const Error& error) {
  return problem_response(error, ctx.req.path);
}

Response page_error(RequestContext& ctx, const Error& error) {
  if (error.kind == ErrorKind::kUnauthenticated) {
    // The full target (path and query) so the user comes back to the same page.
    return Response::redirect("/masuk?next=" + url_encode(ctx.req.raw_target));
  }
  const auto& info = problem_info(error.kind);
  const auto& tm = *ctx.app.templates;
  std::string heading, message;
  switch (error.kind) {
    case ErrorKind::kNotFound:
      heading = tm.message(ctx.lang, "not_found_heading");
      message = tm.message(ctx.lang, "not_found_message");
      break;
    case ErrorKind::kForbidden:
    case ErrorKind::kCsrf:
      heading = tm.message(ctx.lang, "forbidden_heading");
      message = tm.message(ctx.lang, "forbidden_message");
      break;
    case ErrorKind::kUnavailable:
      heading = tm.message(ctx.lang, "unavailable_heading");
      message = tm.message(ctx.lang, "unavailable_message");
      break;
    case ErrorKind::kTooManyRequests:
      // The limit's own words say how long to wait, when it gives them.
      heading = tm.message(ctx.lang, "too_many_requests_heading");
      message = error.fields.empty() ? tm.message(ctx.lang, "too_many_requests_message")
                                     : ctx.pick(error.fields.front().message, error.fields.front().message_en);
      break;
    default:
      heading = ctx.pick(info.title_id, info.title_en);
      message = error.detail;
  }
  Response r = render_page(ctx, "error",
                           {{"title", heading}, {"status", info.status}, {"heading", heading}, {"message", message}},
                           info.status);
  if (error.retry_after_s > 0) r.set_header("Retry-After", std::to_string(error.retry_after_s));
  return r;
}

Response redirect_with_flash(RequestContext& ctx, const std::string& location, const std::string& flash_key) {
  Response r = Response::redirect(location);
  r.add_header("Set-Cookie", make_cookie("layan_flash", flash_key, 60, ctx.app.config.tls));
  return r;
}

nlohmann::json form_errors(const RequestContext& ctx, const Error& error) {
  nlohmann::json list = nlohmann::json::array();
  nlohmann::json by_field = nlohmann::json::object();
  for (const auto& f : error.fields) {
    const std::string& msg = ctx.pick(f.message, f.message_en);
    list.push_back({{"field", f.field}, {"message", msg}});
    if (!by_field.contains(f.field)) by_field[f.field] = {{"field", f.field}, {"message", msg}};
  }
  if (error.fields.empty()) {
    list.push_back({{"field", nullptr}, {"message", error.detail}});
  }
  return {{"has_errors", true}, {"errors", list}, {"field_errors", by_field}};
}

std::string wait_message(const RequestContext& ctx, std::string message, int seconds) {
  seconds = std::max(seconds, 1);
  std::string amount;
  if (seconds < 60) {
    amount = seconds == 1 ? ctx.t("wait_one_second") : ctx.t("wait_seconds");
  } else {
    seconds = (seconds + 59) / 60;
    amount = seconds == 1 ? ctx.t("wait_one_minute") : ctx.t("wait_minutes");
  }
  if (auto n = amount.find("{n}"); n != std::string::npos) amount.replace(n, 3, std::to_string(seconds));
  if (auto w = message.find("{wait}"); w != std::string::npos) message.replace(w, 6, amount);
  return message;
}

}  // namespace layan::web
