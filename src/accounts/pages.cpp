#include "accounts/pages.hpp"

#include <algorithm>
#include <map>

#include "accounts/routes.hpp"
#include "accounts/service.hpp"
#include "app/app.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "web/respond.hpp"

namespace layan::accounts {
namespace {

using nlohmann::json;
using web::RequestContext;
using web::Response;

const char* const kRoles[] = {"mpp_admin", "agency_admin", "officer", "evaluator", "citizen"};
using Agencies = std::vector<std::pair<int64_t, std::string>>;

// A rejected form: what the user typed and the error of each field (the
// first one per field wins).
struct FormState {
  std::map<std::string, std::string> values;
  std::vector<FieldError> errors;

  std::string value(const std::string& id) const {
    auto it = values.find(id);
    return it == values.end() ? "" : it->second;
  }
  bool has_errors() const { return !errors.empty(); }
  // A page-level error; `message` is already in the page language.
  void add(const std::string& field, const std::string& message) { errors.push_back({field, "", message, message}); }
  void add(const Error& e) {
    for (const auto& f : e.fields) errors.push_back(f);
    if (e.fields.empty()) errors.push_back({"", "", e.detail, e.detail});
  }
};

// Template data for a form: the error summary in the order of `order` (the
// fields as they appear on the page), and per field its id, typed value,
// error and aria-describedby. Every key is always present so that Mustache
// never falls back to an outer context.
json form_view(const RequestContext& ctx, const FormState& st, const std::vector<std::string>& order,
               const std::vector<std::string>& with_hint, const std::string& heading) {
  std::vector<FieldError> sorted = st.errors;
  auto rank = [&](const FieldError& f) {
    auto it = std::find(order.begin(), order.end(), f.field);
    return it - order.begin();
  };
  std::stable_sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  json data = st.has_errors()
                  ? web::form_errors(ctx, Error::validation(sorted))
                  : json{{"has_errors", false}, {"errors", json::array()}, {"field_errors", json::object()}};
  // An error about a field that is not on this page has nothing to link to.
  for (auto& e : data["errors"]) {
    if (std::find(order.begin(), order.end(), e["field"].get<std::string>()) == order.end()) e["field"] = false;
  }
  json fields = json::object();
  for (const auto& id : order) {
    bool hint = std::find(with_hint.begin(), with_hint.end(), id) != with_hint.end();
    json error = data["field_errors"].contains(id) ? data["field_errors"][id] : json(false);
    std::string describedby = hint ? id + "-hint" : "";
    if (error.is_object()) describedby += (describedby.empty() ? "" : " ") + id + "-error";
    fields[id] = {{"id", id},
                  {"value", st.value(id)},
                  {"error", error},
                  {"hint_id", id + "-hint"},
                  {"describedby", describedby.empty() ? json(false) : json(describedby)}};
  }
  data["fields"] = fields;
  data["heading"] = heading;
  // The error prefix in the title makes screen readers announce the failure first.
  data["title"] = st.has_errors() ? ctx.t("error_prefix") + ": " + heading : heading;
  return data;
}

std::string role_label(const RequestContext& ctx, const std::string& role) {
  return ctx.t("role_" + role);
}

json role_items(const RequestContext& ctx, const std::string& selected) {
  json items = json::array();
  bool first = true;
  for (const char* r : kRoles) {
    // The first radio carries the group's id so the error summary can link to it.
    std::string id = first ? "role" : std::string("role-") + r;
    items.push_back({{"id", id},
                     {"value", r},
                     {"label", role_label(ctx, r)},
                     {"hint", ctx.t(std::string("users_role_hint_") + r)},
                     {"hint_id", id + "-item-hint"},
                     {"checked", selected == r}});
    first = false;
  }
  return items;
}

json agency_options(const RequestContext& ctx, const Agencies& agencies, const std::string& selected,
                    const std::string& none_key) {
  json options = json::array({{{"value", ""}, {"label", ctx.t(none_key)}, {"selected", selected.empty()}}});
  for (const auto& [id, name] : agencies) {
    std::string v = std::to_string(id);
    options.push_back({{"value", v}, {"label", name}, {"selected", v == selected}});
  }
  return options;
}

// A positive id typed into a form; nullopt for anything else.
std::optional<int64_t> parse_id(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  int64_t v = std::stoll(s);
  if (v <= 0) return std::nullopt;
  return v;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Reads an agency select: empty is none; an id not in the list is an error.
std::optional<int64_t> read_agency(const RequestContext& ctx, FormState& st, const Agencies& agencies) {
  const std::string v = st.value("agency_id");
  if (v.empty()) return std::nullopt;
  for (const auto& [id, name] : agencies) {
    if (std::to_string(id) == v) return id;
  }
  st.add("agency_id", ctx.t("users_error_agency"));
  return std::nullopt;
}

json crumbs(const RequestContext& ctx, bool with_list) {
  json c = json::array(
      {{{"href", "/"}, {"label", ctx.t("nav_home")}}, {{"href", "/kelola"}, {"label", ctx.t("nav_manage")}}});
  if (with_list) c.push_back({{"href", "/kelola/pengguna"}, {"label", ctx.t("users_heading")}});
  return c;
}

// Signed in and allowed to manage accounts; otherwise the error page (or the
// sign-in page for a visitor).
std::optional<Response> require_manager(RequestContext& ctx) {
  if (auto s = authorize(ctx.principal, Action::kManageUsers); !s) return web::page_error(ctx, s.error());
  return std::nullopt;
}

// ---- List

Response users_page(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  UserFilter filter;
  std::string role_q = ctx.req.query_param("peran").value_or("");
  std::string agency_q = ctx.req.query_param("instansi").value_or("");
  // Unknown filter values are ignored (shown as "all"): this is navigation,
  // not data entry.
  filter.role = parse_role(role_q);
  if (!filter.role) role_q.clear();
  filter.agency_id = parse_id(agency_q);
  if (!filter.agency_id) agency_q.clear();
  auto agencies = agency_choices(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  auto users = list_users(ctx.app, ctx.principal, filter);
  if (!users) return web::page_error(ctx, users.error());

  std::map<int64_t, std::string> agency_name(agencies->begin(), agencies->end());
  json rows = json::array();
  for (const auto& u : *users) {
    std::string role = role_name(u.role);
    rows.push_back({{"name", u.name},
                    {"email", u.email},
                    {"role_label", role_label(ctx, role)},
                    {"agency_name", u.agency_id && agency_name.count(*u.agency_id) ? agency_name[*u.agency_id]
                                                                                   : ctx.t("users_no_agency_short")},
                    {"active", u.active},
                    {"edit_url", "/kelola/pengguna/" + std::to_string(u.id) + "/ubah"}});
  }
  json role_options = json::array({{{"value", ""}, {"label", ctx.t("users_all_roles")}, {"selected", role_q.empty()}}});
  for (const char* r : kRoles) {
    role_options.push_back({{"value", r}, {"label", role_label(ctx, r)}, {"selected", role_q == r}});
  }
  std::string heading = ctx.t("users_heading");
  return web::render_page(ctx, "accounts/users",
                          {{"title", heading},
                           {"heading", heading},
                           {"role_options", role_options},
                           {"agency_options", agency_options(ctx, *agencies, agency_q, "users_all_agencies")},
                           {"users", rows},
                           {"has_users", !rows.empty()},
                           {"filtered", filter.role || filter.agency_id},
                           {"count", rows.size()},
                           {"nav_active_manage", true},
                           {"breadcrumbs", crumbs(ctx, false)}});
}

// ---- New account

const std::vector<std::string> kNewOrder = {"email", "name", "role", "agency_id", "password"};
const std::vector<std::string> kEditOrder = {"name", "role", "agency_id", "unit_id", "active"};
const std::vector<std::string> kHinted = {"agency_id", "unit_id", "password", "active", "role"};

Response user_form(RequestContext& ctx, const FormState& st, const Agencies& agencies, const User* existing,
                   int status) {
  bool is_new = existing == nullptr;
  json data = form_view(ctx, st, is_new ? kNewOrder : kEditOrder, kHinted,
                        ctx.t(is_new ? "users_new_heading" : "users_edit_heading"));
  data["is_new"] = is_new;
  data["caption"] = is_new ? json(false) : json(existing->email);
  data["action"] = is_new ? "/kelola/pengguna/baru" : "/kelola/pengguna/" + std::to_string(existing->id) + "/ubah";
  data["submit"] = ctx.t(is_new ? "users_create" : "save_changes");
  data["roles"] = role_items(ctx, st.value("role"));
  data["agency_options"] = agency_options(ctx, agencies, st.value("agency_id"), "users_no_agency");
  data["active_checked"] = st.value("active") == "1";
  data["nav_active_manage"] = true;
  data["breadcrumbs"] = crumbs(ctx, true);
  return web::render_page(ctx, "accounts/user_form", std::move(data), status);
}

FormState read_user_form(const RequestContext& ctx, const std::vector<std::string>& fields) {
  FormState st;
  auto form = ctx.form();
  for (const auto& f : fields) {
    std::string v = web::find_pair(form, f).value_or("");
    st.values[f] = f == "password" ? v : trim(v);
  }
  return st;
}

// Maps a failed create or update onto the form; anything that is not about
// the fields (false) is shown as an error page by the caller.
bool add_service_error(const RequestContext& ctx, FormState& st, const Error& e) {
  if (e.kind == ErrorKind::kValidation) {
    st.add(e);
    return true;
  }
  if (e.kind == ErrorKind::kConflict) {
    st.add("email", ctx.t("users_error_email_taken"));
    return true;
  }
  return false;
}

Response new_user(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  auto agencies = agency_choices(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  if (ctx.req.method == "GET") return user_form(ctx, FormState{}, *agencies, nullptr, 200);

  FormState st = read_user_form(ctx, {"email", "name", "role", "agency_id", "password"});
  NewUser in;
  in.email = st.value("email");
  in.name = st.value("name");
  in.role = st.value("role");
  in.password = st.value("password");
  in.agency_id = read_agency(ctx, st, *agencies);
  if (st.has_errors()) {
    // Report every problem at once, not only the ones found while reading.
    if (auto v = validate_new_user(in); !v) st.add(v.error());
  } else if (auto id = create_user(ctx.app, ctx.principal, in); !id) {
    if (!add_service_error(ctx, st, id.error())) return web::page_error(ctx, id.error());
  } else {
    return web::redirect_with_flash(ctx, "/kelola/pengguna", "users_flash_created");
  }
  st.values.erase("password");  // never sent back to the browser
  return user_form(ctx, st, *agencies, nullptr, 422);
}

// ---- Edit account

Response edit_user(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto user = get_user(ctx.app, ctx.principal, *id);
  if (!user) return web::page_error(ctx, user.error());
  auto agencies = agency_choices(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  if (ctx.req.method == "GET") {
    FormState st;
    st.values = {{"name", user->name},
                 {"role", role_name(user->role)},
                 {"agency_id", user->agency_id ? std::to_string(*user->agency_id) : ""},
                 {"unit_id", user->unit_id ? std::to_string(*user->unit_id) : ""},
                 {"active", user->active ? "1" : ""}};
    return user_form(ctx, st, *agencies, &*user, 200);
  }

  FormState st = read_user_form(ctx, {"name", "role", "agency_id", "unit_id", "active"});
  UserUpdate in;
  in.name = st.value("name");
  in.role = st.value("role");
  in.agency_id = read_agency(ctx, st, *agencies);
  if (!st.value("unit_id").empty()) {
    in.unit_id = parse_id(st.value("unit_id"));
    if (!in.unit_id) st.add("unit_id", ctx.t("users_error_unit_id"));
  }
  in.active = st.value("active") == "1";
  if (st.has_errors()) {
    if (auto v = validate_user_update(in); !v) st.add(v.error());
  } else if (auto saved = update_user(ctx.app, ctx.principal, *id, in); !saved) {
    if (!add_service_error(ctx, st, saved.error())) return web::page_error(ctx, saved.error());
  } else {
    return web::redirect_with_flash(ctx, "/kelola/pengguna", "users_flash_saved");
  }
  return user_form(ctx, st, *agencies, &*user, 422);
}

// ---- Integration API keys

const char* const kKeysUrl = "/kelola/kunci-api";
const std::vector<std::string> kKeyOrder = {"name", "agency_id"};

json key_crumbs(const RequestContext& ctx) {
  json c = crumbs(ctx, false);
  c.push_back({{"href", kKeysUrl}, {"label", ctx.t("apikeys_heading")}});
  return c;
}

std::string key_url(int64_t id, const std::string& action) {
  return std::string(kKeysUrl) + "/" + std::to_string(id) + "/" + action;
}

// What a template shows of a key: never its secret, only the prefix.
json key_json(RequestContext& ctx, const ApiKey& k, const std::map<int64_t, std::string>& agency_name,
              const std::string& tz) {
  auto agency = k.agency_id ? agency_name.find(*k.agency_id) : agency_name.end();
  return {{"id", k.id},
          {"name", k.name},
          {"display", "lyn_" + k.prefix + "_\u2026"},
          {"agency_name", agency != agency_name.end() ? agency->second : ctx.t("apikeys_no_agency_short")},
          {"created", catalogue::format_timestamp(ctx, k.created_at, tz)},
          {"last_used",
           k.last_used_at ? catalogue::format_timestamp(ctx, *k.last_used_at, tz) : ctx.t("apikeys_never_used")},
          {"revoked", k.revoked_at.has_value()},
          {"revoked_at", k.revoked_at ? json(catalogue::format_timestamp(ctx, *k.revoked_at, tz)) : json(false)},
          {"revoke_url", key_url(k.id, "cabut")}};
}

Response api_keys_page(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  auto keys = list_api_keys(ctx.app, ctx.principal);
  if (!keys) return web::page_error(ctx, keys.error());
  auto agencies = agency_choices(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  std::map<int64_t, std::string> agency_name(agencies->begin(), agencies->end());
  std::string tz = catalogue::mpp_timezone(ctx);
  json rows = json::array();
  for (const auto& k : *keys) rows.push_back(key_json(ctx, k, agency_name, tz));
  std::string heading = ctx.t("apikeys_heading");
  return web::render_page(ctx, "accounts/api_keys",
                          {{"title", heading},
                           {"heading", heading},
                           {"keys", rows},
                           {"has_keys", !rows.empty()},
                           {"count", rows.size()},
                           {"nav_active_manage", true},
                           {"breadcrumbs", crumbs(ctx, false)}});
}

Response api_key_form(RequestContext& ctx, const FormState& st, const Agencies& agencies, int status) {
  json data = form_view(ctx, st, kKeyOrder, kKeyOrder, ctx.t("apikeys_new_heading"));
  data["agency_options"] = agency_options(ctx, agencies, st.value("agency_id"), "apikeys_no_agency");
  data["nav_active_manage"] = true;
  data["breadcrumbs"] = key_crumbs(ctx);
  return web::render_page(ctx, "accounts/api_key_form", std::move(data), status);
}

Response new_api_key(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  auto agencies = agency_choices(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  if (ctx.req.method == "GET") return api_key_form(ctx, FormState{}, *agencies, 200);

  FormState st = read_user_form(ctx, kKeyOrder);
  // The same rule as create_api_key, checked here too so that every problem
  // is reported at once.
  if (st.value("name").empty() || st.value("name").size() > 100) st.add("name", ctx.t("apikeys_error_name"));
  auto agency_id = read_agency(ctx, st, *agencies);
  if (!st.has_errors()) {
    auto created = create_api_key(ctx.app, ctx.principal, st.value("name"), agency_id);
    if (created) {
      std::string heading = ctx.t("apikeys_created_heading");
      return web::render_page(ctx, "accounts/api_key_created",
                              {{"title", heading},
                               {"heading", heading},
                               {"name", st.value("name")},
                               {"key", created->key},
                               {"nav_active_manage", true},
                               {"breadcrumbs", key_crumbs(ctx)}},
                              201);
    }
    if (created.error().kind != ErrorKind::kValidation) return web::page_error(ctx, created.error());
    st.add(created.error());
  }
  return api_key_form(ctx, st, *agencies, 422);
}

// GET asks for confirmation (works without JavaScript); POST revokes.
Response revoke_api_key_page(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto key = get_api_key(ctx.app, ctx.principal, *id);
  if (!key) return web::page_error(ctx, key.error());
  if (ctx.req.method == "POST") {
    if (auto s = revoke_api_key(ctx.app, ctx.principal, *id); !s) return web::page_error(ctx, s.error());
    return web::redirect_with_flash(ctx, kKeysUrl, "apikeys_flash_revoked");
  }
  if (key->revoked_at) return web::redirect_with_flash(ctx, kKeysUrl, "apikeys_flash_already_revoked");
  auto agencies = agency_choices(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());
  std::map<int64_t, std::string> agency_name(agencies->begin(), agencies->end());
  std::string heading = ctx.t("apikeys_revoke_heading");
  return web::render_page(ctx, "accounts/api_key_revoke",
                          {{"title", heading + ": " + key->name},
                           {"heading", heading},
                           {"key", key_json(ctx, *key, agency_name, catalogue::mpp_timezone(ctx))},
                           {"nav_active_manage", true},
                           {"breadcrumbs", key_crumbs(ctx)}});
}

// ---- Own password

const std::vector<std::string> kPasswordOrder = {"current_password", "new_password", "confirm_password"};

Response password_form(RequestContext& ctx, const FormState& st, int status) {
  json data = form_view(ctx, st, kPasswordOrder, {"new_password"}, ctx.t("password_heading"));
  data["breadcrumbs"] = json::array({{{"href", "/"}, {"label", ctx.t("nav_home")}}});
  return web::render_page(ctx, "accounts/password", std::move(data), status);
}

Response change_password(RequestContext& ctx) {
  if (!ctx.principal.authenticated()) {
    return web::page_error(ctx, Error::unauthenticated("sign in to change your password"));
  }
  if (ctx.principal.user_id == 0) return web::page_error(ctx, Error::forbidden("API keys have no password"));
  if (ctx.req.method == "GET") return password_form(ctx, FormState{}, 200);

  auto form = ctx.form();
  std::string current = web::find_pair(form, "current_password").value_or("");
  std::string next = web::find_pair(form, "new_password").value_or("");
  std::string confirm = web::find_pair(form, "confirm_password").value_or("");
  FormState st;  // no values: password fields are never filled in again
  if (next != confirm) {
    st.add("confirm_password", ctx.t("password_error_mismatch"));
    if (auto v = validate_password(next, "new_password"); !v) st.add(v.error());
  } else if (auto s = change_own_password(ctx.app, ctx.principal, ctx.req.cookie(kSessionCookie).value_or(""), current,
                                          next, ctx.req.remote_ip);
             !s) {
    const Error& e = s.error();
    if (e.kind == ErrorKind::kTooManyRequests) {
      st.add("current_password", web::wait_message(ctx, ctx.t("password_error_too_many"), e.retry_after_s));
      Response r = password_form(ctx, st, 429);
      r.set_header("Retry-After", std::to_string(std::max(e.retry_after_s, 1)));
      return r;
    }
    if (e.kind != ErrorKind::kValidation) return web::page_error(ctx, e);
    st.add(e);
  } else {
    return web::redirect_with_flash(ctx, "/akun/sandi", "password_flash_changed");
  }
  return password_form(ctx, st, 422);
}

}  // namespace

void register_pages(web::Router& router) {
  router.get("/kelola/pengguna", users_page);
  router.form("/kelola/pengguna/baru", new_user);
  router.form("/kelola/pengguna/{id}/ubah", edit_user);
  router.get("/kelola/kunci-api", api_keys_page);
  router.form("/kelola/kunci-api/baru", new_api_key);
  router.form("/kelola/kunci-api/{id}/cabut", revoke_api_key_page);
  router.form("/akun/sandi", change_password);
}

}  // namespace layan::accounts
