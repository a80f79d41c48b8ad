#include "accounts/routes.hpp"

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "web/respond.hpp"

namespace layan::accounts {
namespace {

// Only same-site relative paths are followed after sign-in (no open redirect).
std::string safe_next(const std::optional<std::string>& next) {
  if (!next || next->empty() || (*next)[0] != '/' || next->rfind("//", 0) == 0 ||
      next->find('\\') != std::string::npos || next->find_first_of("\r\n") != std::string::npos) {
    return "/";
  }
  return *next;
}

nlohmann::json principal_json(const Principal& p) {
  return {{"id", p.user_id},
          {"name", p.name},
          {"role", role_name(p.role)},
          {"agency_id", p.agency_id ? nlohmann::json(*p.agency_id) : nlohmann::json()},
          {"unit_id", p.unit_id ? nlohmann::json(*p.unit_id) : nlohmann::json()}};
}

web::Response login_page(web::RequestContext& ctx, const std::string& email, const std::string& next,
                         const std::optional<Error>& error, int status) {
  nlohmann::json data = {{"title", ctx.t("sign_in_heading")},
                         {"email", email},
                         {"next", next},
                         {"has_errors", false},
                         {"field_errors", nlohmann::json::object()}};
  if (error) {
    std::string key = error->kind == ErrorKind::kTooManyRequests ? "too_many_attempts" : "sign_in_failed";
    std::string msg = ctx.t(key);
    data["has_errors"] = true;
    data["errors"] = nlohmann::json::array({{{"field", "email"}, {"message", msg}}});
    data["field_errors"] = {{"email", {{"field", "email"}, {"message", msg}}}};
  }
  return web::render_page(ctx, "accounts/login", std::move(data), status);
}

int login_error_status(const Error& e) {
  return e.kind == ErrorKind::kTooManyRequests ? 429 : 401;
}

}  // namespace

void register_routes(web::Router& router) {
  router.get("/masuk", [](web::RequestContext& ctx) {
    return login_page(ctx, "", safe_next(ctx.req.query_param("next")), std::nullopt, 200);
  });

  router.post("/masuk", [](web::RequestContext& ctx) {
    auto form = ctx.form();
    std::string email = web::find_pair(form, "email").value_or("");
    std::string next = safe_next(web::find_pair(form, "next"));
    auto session = login(ctx.app, email, web::find_pair(form, "password").value_or(""), ctx.req.remote_ip);
    if (!session) return login_page(ctx, email, next, session.error(), login_error_status(session.error()));
    web::Response r = web::Response::redirect(next);
    r.add_header("Set-Cookie",
                 web::make_cookie(kSessionCookie, session->token, session->max_age_seconds, ctx.app.config.tls));
    return r;
  });

  router.post("/keluar", [](web::RequestContext& ctx) {
    if (auto token = ctx.req.cookie(kSessionCookie)) logout(ctx.app, *token);
    web::Response r = web::Response::redirect("/");
    r.add_header("Set-Cookie", web::make_cookie(kSessionCookie, "", 0, ctx.app.config.tls));
    return r;
  });

  router.post("/api/v1/session", [](web::RequestContext& ctx) {
    auto body = ctx.json_body();
    if (!body) return web::api_error(ctx, body.error());
    if (!body->is_object() || !(*body)["email"].is_string() || !(*body)["password"].is_string()) {
      return web::api_error(ctx, Error::validation({{"email", "required", "Email dan kata sandi wajib diisi",
                                                     "email and password are required strings"}}));
    }
    auto session = login(ctx.app, (*body)["email"], (*body)["password"], ctx.req.remote_ip);
    if (!session) return web::api_error(ctx, session.error());
    auto who = authenticate(ctx.app, session->token, std::nullopt);
    web::Response r = web::Response::json(
        201,
        {{"csrf_token", session->csrf_token}, {"expires_at", session->expires_at}, {"user", principal_json(*who)}});
    r.add_header("Set-Cookie",
                 web::make_cookie(kSessionCookie, session->token, session->max_age_seconds, ctx.app.config.tls));
    return r;
  });

  router.get("/api/v1/session", [](web::RequestContext& ctx) {
    if (!ctx.principal.authenticated()) return web::api_error(ctx, Error::unauthenticated("not signed in"));
    return web::Response::json(200, {{"user", principal_json(ctx.principal)}, {"csrf_token", ctx.csrf_token}});
  });

  router.del("/api/v1/session", [](web::RequestContext& ctx) {
    if (auto token = ctx.req.cookie(kSessionCookie)) logout(ctx.app, *token);
    web::Response r;
    r.status = 204;
    r.add_header("Set-Cookie", web::make_cookie(kSessionCookie, "", 0, ctx.app.config.tls));
    return r;
  });
}

}  // namespace layan::accounts
