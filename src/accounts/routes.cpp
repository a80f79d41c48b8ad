#include "accounts/routes.hpp"

#include "accounts/pages.hpp"
#include "accounts/service.hpp"
#include "app/app.hpp"
#include "web/json_reader.hpp"
#include "web/respond.hpp"
#include "web/safe_next.hpp"

namespace layan::accounts {
namespace {

// Where a sign-in returns to: a path of this site only (no open redirect).
std::string return_path(const std::optional<std::string>& next) {
  return web::safe_next(next.value_or(""), "/");
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
  bool wait = error && error->kind == ErrorKind::kTooManyRequests;
  if (error) {
    std::string msg =
        wait ? web::wait_message(ctx, ctx.t("too_many_attempts"), error->retry_after_s) : ctx.t("sign_in_failed");
    data["has_errors"] = true;
    data["errors"] = nlohmann::json::array({{{"field", "email"}, {"message", msg}}});
    data["field_errors"] = {{"email", {{"field", "email"}, {"message", msg}}}};
  }
  web::Response r = web::render_page(ctx, "accounts/login", std::move(data), status);
  if (wait && error->retry_after_s > 0) r.set_header("Retry-After", std::to_string(error->retry_after_s));
  return r;
}

int login_error_status(const Error& e) {
  return e.kind == ErrorKind::kTooManyRequests ? 429 : 401;
}

// ---- Account management API (/api/v1/users, /api/v1/apikeys)

using nlohmann::json;

json id_or_null(std::optional<int64_t> id) {
  return id ? json(*id) : json();
}

// Never includes the password hash.
json user_json(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"role", role_name(u.role)},
          {"agency_id", id_or_null(u.agency_id)},
          {"unit_id", id_or_null(u.unit_id)},
          {"active", u.active}};
}

json api_key_json(const ApiKey& k) {
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(); };
  return {{"id", k.id},
          {"name", k.name},
          {"prefix", k.prefix},
          {"agency_id", id_or_null(k.agency_id)},
          {"created_at", k.created_at},
          {"last_used_at", opt(k.last_used_at)},
          {"revoked_at", opt(k.revoked_at)}};
}

// The JSON object body read by `read` (400 malformed or not an object, 415
// not JSON, 422 wrong member types).
template <typename T, typename Read>
Result<T> read_object(const web::RequestContext& ctx, Read read) {
  auto body = ctx.json_body();
  if (!body) return std::move(body).error();
  return web::read_object<T>(*body, read);
}

// Requests that carry a password, or whose answer is a secret (a session, a
// new API key): the pipeline would keep a hash of the request and the answer
// itself for Idempotency-Key replays, so the key is refused. Retrying them is
// safe without it (a second account with the same email is 409).
const web::RouteOptions kSecret{.idempotency = web::Idempotency::kRefused};

Result<UserFilter> user_filter(const web::RequestContext& ctx) {
  UserFilter f;
  std::vector<FieldError> errs;
  if (auto r = ctx.req.query_param("role"); r && !r->empty()) {
    f.role = parse_role(*r);
    if (!f.role) errs.push_back({"role", "invalid", "Peran tidak dikenal", "Unknown role"});
  }
  if (auto a = ctx.req.query_param("agency"); a && !a->empty()) {
    if (a->size() <= 18 && a->find_first_not_of("0123456789") == std::string::npos && std::stoll(*a) > 0) {
      f.agency_id = std::stoll(*a);
    } else {
      errs.push_back({"agency", "invalid", "Instansi harus berupa id (bilangan bulat positif)",
                      "agency must be an id (a positive whole number)"});
    }
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  return f;
}

void register_management_api(web::Router& router) {
  router.get("/api/v1/users", [](web::RequestContext& ctx) {
    auto filter = user_filter(ctx);
    // Authorization before query validation: a caller who may not list users
    // learns nothing from the answer.
    if (auto s = authorize(ctx.principal, Action::kManageUsers); !s) return web::api_error(ctx, s.error());
    if (!filter) return web::api_error(ctx, filter.error());
    auto users = list_users(ctx.app, ctx.principal, *filter);
    if (!users) return web::api_error(ctx, users.error());
    json items = json::array();
    for (const auto& u : *users) items.push_back(user_json(u));
    return web::Response::json(200, {{"items", items}});
  });

  router.post("/api/v1/users", kSecret, [](web::RequestContext& ctx) {
    if (auto s = authorize(ctx.principal, Action::kManageUsers); !s) return web::api_error(ctx, s.error());
    auto in = read_object<NewUser>(ctx, [](web::JsonReader& r) {
      NewUser u;
      u.email = r.text("email");
      u.name = r.text("name");
      u.password = r.exact_text("password");
      u.role = r.text("role");
      u.agency_id = r.id("agency_id");
      u.unit_id = r.id("unit_id");
      return u;
    });
    if (!in) return web::api_error(ctx, in.error());
    auto id = create_user(ctx.app, ctx.principal, *in);
    if (!id) return web::api_error(ctx, id.error());
    auto user = get_user(ctx.app, ctx.principal, *id);
    if (!user) return web::api_error(ctx, user.error());
    web::Response r = web::Response::json(201, user_json(*user));
    r.set_header("Location", "/api/v1/users/" + std::to_string(*id));
    return r;
  });

  router.get("/api/v1/users/{id}", [](web::RequestContext& ctx) {
    if (auto s = authorize(ctx.principal, Action::kManageUsers); !s) return web::api_error(ctx, s.error());
    auto id = ctx.id_param("id");
    if (!id) return web::api_error(ctx, id.error());
    auto user = get_user(ctx.app, ctx.principal, *id);
    if (!user) return web::api_error(ctx, user.error());
    return web::Response::json(200, user_json(*user));
  });

  router.put("/api/v1/users/{id}", [](web::RequestContext& ctx) {
    if (auto s = authorize(ctx.principal, Action::kManageUsers); !s) return web::api_error(ctx, s.error());
    auto id = ctx.id_param("id");
    if (!id) return web::api_error(ctx, id.error());
    auto in = read_object<UserUpdate>(ctx, [](web::JsonReader& r) {
      UserUpdate u;
      u.name = r.text("name");
      u.role = r.text("role");
      u.agency_id = r.id("agency_id");
      u.unit_id = r.id("unit_id");
      u.active = r.required_boolean("active");
      return u;
    });
    if (!in) return web::api_error(ctx, in.error());
    auto user = update_user(ctx.app, ctx.principal, *id, *in);
    if (!user) return web::api_error(ctx, user.error());
    return web::Response::json(200, user_json(*user));
  });

  router.get("/api/v1/apikeys", [](web::RequestContext& ctx) {
    auto keys = list_api_keys(ctx.app, ctx.principal);
    if (!keys) return web::api_error(ctx, keys.error());
    json items = json::array();
    for (const auto& k : *keys) items.push_back(api_key_json(k));
    return web::Response::json(200, {{"items", items}});
  });

  router.post("/api/v1/apikeys", kSecret, [](web::RequestContext& ctx) {
    if (auto s = authorize(ctx.principal, Action::kManageUsers); !s) return web::api_error(ctx, s.error());
    struct Input {
      std::string name;
      std::optional<int64_t> agency_id;
    };
    auto in = read_object<Input>(ctx, [](web::JsonReader& r) { return Input{r.text("name"), r.id("agency_id")}; });
    if (!in) return web::api_error(ctx, in.error());
    auto created = create_api_key(ctx.app, ctx.principal, in->name, in->agency_id);
    if (!created) return web::api_error(ctx, created.error());
    auto key = get_api_key(ctx.app, ctx.principal, created->id);
    if (!key) return web::api_error(ctx, key.error());
    json body = api_key_json(*key);
    body["key"] = created->key;  // shown this once; only its hash is stored
    web::Response r = web::Response::json(201, body);
    r.set_header("Location", "/api/v1/apikeys/" + std::to_string(created->id));
    r.set_header("Cache-Control", "no-store");
    return r;
  });

  router.del("/api/v1/apikeys/{id}", [](web::RequestContext& ctx) {
    if (auto s = authorize(ctx.principal, Action::kManageUsers); !s) return web::api_error(ctx, s.error());
    auto id = ctx.id_param("id");
    if (!id) return web::api_error(ctx, id.error());
    if (auto s = revoke_api_key(ctx.app, ctx.principal, *id); !s) return web::api_error(ctx, s.error());
    web::Response r;
    r.status = 204;
    return r;
  });

  router.post("/api/v1/session/password", kSecret, [](web::RequestContext& ctx) {
    if (!ctx.principal.authenticated()) return web::api_error(ctx, Error::unauthenticated("not signed in"));
    struct Input {
      std::string current, next;
    };
    auto in = read_object<Input>(ctx, [](web::JsonReader& r) {
      return Input{r.exact_text("current_password"), r.exact_text("new_password")};
    });
    if (!in) return web::api_error(ctx, in.error());
    auto token = ctx.req.cookie(kSessionCookie).value_or("");
    if (auto s = change_own_password(ctx.app, ctx.principal, token, in->current, in->next, ctx.req.remote_ip); !s) {
      return web::api_error(ctx, s.error());
    }
    web::Response r;
    r.status = 204;
    return r;
  });
}

}  // namespace

void register_routes(web::Router& router) {
  router.get("/masuk", [](web::RequestContext& ctx) {
    return login_page(ctx, "", return_path(ctx.req.query_param("next")), std::nullopt, 200);
  });

  router.post("/masuk", [](web::RequestContext& ctx) {
    auto form = ctx.form();
    std::string email = web::find_pair(form, "email").value_or("");
    std::string next = return_path(web::find_pair(form, "next"));
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

  router.post("/api/v1/session", kSecret, [](web::RequestContext& ctx) {
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

  register_management_api(router);
  register_pages(router);
}

}  // namespace layan::accounts
