// Staff pages that maintain agencies, their presence at the mall and their
// units: what the JSON API's agency and unit writes offer, as plain forms that
// work without JavaScript. A rejected form is shown again (422) with every
// typed value and each error beside its field. Each page checks up front the
// same authorization its service operation checks, so that a user who may not
// write sees 403 at once rather than a form that can only fail.

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "catalogue/page_form.hpp"
#include "catalogue/pages_internal.hpp"
#include "catalogue/service.hpp"
#include "web/respond.hpp"

namespace layan::catalogue {
namespace {

using accounts::Action;
using accounts::authorize;
using nlohmann::json;

const std::vector<std::string> kAgencyFields = {"slug",        "name",    "short_name", "kind",
                                                "description", "website", "phone",      "email"};
const std::vector<std::string> kPresenceFields = {"location_id", "counters", "floor", "service_hours"};
const std::vector<std::string> kUnitFields = {"slug", "name", "head_name", "head_title"};
const AgencyKind kKinds[] = {AgencyKind::kCentral, AgencyKind::kProvincial, AgencyKind::kDistrict, AgencyKind::kSoe,
                             AgencyKind::kPrivate};

// Labels, hints and legends of these forms are `agency_admin_*` and `unit_*`
// messages (see FormView).
constexpr const char* kAgencyKeys = "agency_admin_";
constexpr const char* kUnitKeys = "unit_";

std::string presence_url(int64_t agency_id) {
  return "/kelola/instansi/" + std::to_string(agency_id) + "/lokasi";
}

// ---- Agency record

FormState agency_state(const Agency& a) {
  FormState st;
  st.values = {{"slug", a.slug},
               {"name", a.name},
               {"short_name", a.short_name},
               {"kind", to_string(a.kind)},
               {"description", a.description},
               {"website", a.website},
               {"phone", a.phone},
               {"email", a.email}};
  return st;
}

AgencyInput read_agency(FormState& st) {
  if (st.value("slug").empty()) st.values["slug"] = slug_from(st.value("name"));
  return {st.value("slug"),        st.value("name"),    st.value("short_name"), st.value("kind"),
          st.value("description"), st.value("website"), st.value("phone"),      st.value("email")};
}

// Every problem of the agency fields at once, in the form's wording.
void check_agency(const web::RequestContext& ctx, FormState& st, const AgencyInput& in) {
  if (auto v = validate_agency(in); !v) st.add_errors(ctx, v.error());
  // The service layer names the API's values (central, provincial, ...);
  // the form offers labelled choices instead.
  if (st.errors.count("kind")) st.errors["kind"] = ctx.t("agency_admin_error_kind");
}

json agency_groups(FormView& view, const web::RequestContext& ctx) {
  std::vector<Choice> kinds;
  for (AgencyKind k : kKinds) kinds.push_back({to_string(k), ctx.t(std::string("agency_admin_kind_") + to_string(k))});
  json code = {{"width", "govuk-input--width-20"}, {"spellcheck_off", true}, {"autocomplete", "off"}};
  return json::array(
      {view.group("agency_admin_group_agency",
                  {view.text("name", {{"autocomplete", "organization"}}), view.text("slug", code),
                   view.text("short_name", {{"width", "govuk-input--width-10"}}), view.radios("kind", kinds),
                   view.textarea("description", 5)}),
       view.group(
           "agency_admin_group_contacts",
           {view.text("website", {{"autocomplete", "url"}, {"spellcheck_off", true}, {"inputmode", "url"}}),
            view.text("phone", {{"width", "govuk-input--width-20"}, {"autocomplete", "tel"}, {"inputmode", "tel"}}),
            view.text("email", {{"autocomplete", "email"}, {"spellcheck_off", true}, {"inputmode", "email"}})})});
}

// ---- Presence at the mall (location, counters, floor, service hours)

// The presence fields as typed, or nullopt when `optional` and all are empty
// (a new agency whose counters are not decided yet). An unknown location is a
// field error here; the rest of the rules are validate_presence's.
std::optional<PresenceInput> read_presence(const web::RequestContext& ctx, FormState& st,
                                           const std::vector<Location>& locations, bool optional) {
  bool any = false;
  for (const auto& id : kPresenceFields) any = any || !st.value(id).empty();
  if (optional && !any) return std::nullopt;
  PresenceInput in;
  in.counters = st.value("counters");
  in.floor = st.value("floor");
  in.service_hours = st.value("service_hours");
  for (const auto& l : locations) {
    if (std::to_string(l.id) == st.value("location_id")) in.location_id = l.id;
  }
  if (in.location_id == 0) st.add_error("location_id", ctx.t("agency_admin_error_location"));
  if (auto v = validate_presence(in); !v) st.add_errors(ctx, v.error());
  return in;
}

json presence_group(FormView& view, const web::RequestContext& ctx, const std::vector<Location>& locations,
                    bool optional) {
  std::vector<Choice> choices;
  if (optional) choices.push_back({"", ctx.t("agency_admin_no_location")});
  for (const auto& l : locations) choices.push_back({std::to_string(l.id), l.name});
  return view.group("agency_admin_group_presence",
                    {view.select("location_id", choices), view.text("counters", {{"width", "govuk-input--width-20"}}),
                     view.text("floor", {{"width", "govuk-input--width-10"}}), view.textarea("service_hours", 2)});
}

// ---- New agency (record and presence in one form)

web::Response new_agency_form(web::RequestContext& ctx, const std::vector<Location>& locations, const FormState& st,
                              int status) {
  FormView view(ctx, st, kAgencyKeys);
  json groups = agency_groups(view, ctx);
  groups.push_back(presence_group(view, ctx, locations, true));
  FormPage page{.heading = ctx.t("agency_admin_new_heading"),
                .caption = ctx.t("manage_heading"),
                .action = "/kelola/instansi/baru",
                .submit = ctx.t("agency_admin_create"),
                .cancel_url = "/kelola",
                .intro = ctx.t("agency_admin_new_intro"),
                .trail = {{"/kelola", ctx.t("manage_heading")}}};
  return render_form(ctx, page, view, std::move(groups), st, status);
}

web::Response new_agency(web::RequestContext& ctx) {
  if (auto ok = authorize(ctx.principal, Action::kManageAgencies); !ok) return web::page_error(ctx, ok.error());
  auto locations = list_locations(ctx.app, ctx.principal);
  if (!locations) return web::page_error(ctx, locations.error());

  if (ctx.req.method == "GET") {
    FormState st;
    st.values["kind"] = to_string(AgencyKind::kDistrict);
    // Most malls have one location: offer it rather than "not decided".
    if (locations->size() == 1) st.values["location_id"] = std::to_string(locations->front().id);
    return new_agency_form(ctx, *locations, st, 200);
  }

  std::vector<std::string> fields = kAgencyFields;
  fields.insert(fields.end(), kPresenceFields.begin(), kPresenceFields.end());
  FormState st = read_form(ctx.form(), fields);
  AgencyInput in = read_agency(st);
  check_agency(ctx, st, in);
  auto presence = read_presence(ctx, st, *locations, true);
  if (st.has_errors()) return new_agency_form(ctx, *locations, st, 422);

  auto created = create_agency(ctx.app, ctx.principal, in);
  if (!created) {
    if (!place_write_error(ctx, st, created.error(), "agency_admin_error_slug_taken")) {
      return web::page_error(ctx, created.error());
    }
    return new_agency_form(ctx, *locations, st, 422);
  }
  if (presence) {
    if (auto set = set_presence(ctx.app, ctx.principal, created->id, *presence); !set) {
      // The agency exists now; only its presence is left to correct (e.g. the
      // location was removed meanwhile), so that form is what comes next.
      return web::redirect_with_flash(ctx, presence_url(created->id), "agency_admin_flash_presence_failed");
    }
  }
  return web::redirect_with_flash(ctx, agency_url(created->id), "agency_admin_flash_created");
}

// ---- Edit an agency's record

web::Response edit_agency_form(web::RequestContext& ctx, const Agency& agency, const FormState& st, int status) {
  FormView view(ctx, st, kAgencyKeys);
  FormPage page{.heading = ctx.t("agency_admin_edit_heading"),
                .caption = agency.name,
                .action = "/kelola/instansi/" + std::to_string(agency.id) + "/ubah",
                .submit = ctx.t("save_changes"),
                .cancel_url = agency_url(agency.id),
                .intro = "",
                .trail = {{"/kelola", ctx.t("manage_heading")}, {agency_url(agency.id), agency.name}}};
  return render_form(ctx, page, view, agency_groups(view, ctx), st, status);
}

web::Response edit_agency(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto agency = get_agency(ctx.app, ctx.principal, *id);
  if (!agency) return web::page_error(ctx, agency.error());
  if (auto ok = authorize(ctx.principal, Action::kEditAgency, {*id, std::nullopt}); !ok) {
    return web::page_error(ctx, ok.error());
  }

  if (ctx.req.method == "GET") return edit_agency_form(ctx, *agency, agency_state(*agency), 200);

  FormState st = read_form(ctx.form(), kAgencyFields);
  AgencyInput in = read_agency(st);
  check_agency(ctx, st, in);
  if (st.has_errors()) return edit_agency_form(ctx, *agency, st, 422);
  auto updated = update_agency(ctx.app, ctx.principal, *id, in);
  if (!updated) {
    if (!place_write_error(ctx, st, updated.error(), "agency_admin_error_slug_taken")) {
      return web::page_error(ctx, updated.error());
    }
    return edit_agency_form(ctx, *agency, st, 422);
  }
  return web::redirect_with_flash(ctx, agency_url(*id), "agency_admin_flash_saved");
}

// ---- Presence of an existing agency (one location at a time)

web::Response presence_form(web::RequestContext& ctx, const Agency& agency, const std::vector<Location>& locations,
                            const FormState& st, int status) {
  FormView view(ctx, st, kAgencyKeys);
  json groups = json::array({presence_group(view, ctx, locations, false)});
  FormPage page{.heading = ctx.t("agency_admin_presence_heading"),
                .caption = agency.name,
                .action = presence_url(agency.id),
                .submit = ctx.t("agency_admin_save_presence"),
                .cancel_url = agency_url(agency.id),
                .intro = ctx.t("agency_admin_presence_intro"),
                .trail = {{"/kelola", ctx.t("manage_heading")}, {agency_url(agency.id), agency.name}}};
  return render_form(ctx, page, view, std::move(groups), st, status);
}

web::Response edit_presence(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto agency = get_agency(ctx.app, ctx.principal, *id);
  if (!agency) return web::page_error(ctx, agency.error());
  if (auto ok = authorize(ctx.principal, Action::kManageAgencies, {*id, std::nullopt}); !ok) {
    return web::page_error(ctx, ok.error());
  }
  auto locations = list_locations(ctx.app, ctx.principal);
  if (!locations) return web::page_error(ctx, locations.error());

  if (ctx.req.method == "GET") {
    // The agency's current presence (its first location), else the mall's
    // first location, empty.
    FormState st;
    if (!agency->presence.empty()) {
      const auto& p = agency->presence.front();
      st.values = {{"location_id", std::to_string(p.location_id)},
                   {"counters", p.counters},
                   {"floor", p.floor},
                   {"service_hours", p.service_hours}};
    } else if (!locations->empty()) {
      st.values["location_id"] = std::to_string(locations->front().id);
    }
    return presence_form(ctx, *agency, *locations, st, 200);
  }

  FormState st = read_form(ctx.form(), kPresenceFields);
  auto in = read_presence(ctx, st, *locations, false);
  if (st.has_errors()) return presence_form(ctx, *agency, *locations, st, 422);
  if (auto set = set_presence(ctx.app, ctx.principal, *id, *in); !set) {
    if (set.error().kind != ErrorKind::kValidation) return web::page_error(ctx, set.error());
    st.add_errors(ctx, set.error());
    return presence_form(ctx, *agency, *locations, st, 422);
  }
  return web::redirect_with_flash(ctx, agency_url(*id), "agency_admin_flash_presence_saved");
}

// ---- Units

FormState unit_state(const Unit& u) {
  FormState st;
  st.values = {{"slug", u.slug}, {"name", u.name}, {"head_name", u.head_name}, {"head_title", u.head_title}};
  return st;
}

UnitInput read_unit(const web::RequestContext& ctx, FormState& st) {
  if (st.value("slug").empty()) st.values["slug"] = slug_from(st.value("name"));
  UnitInput in{st.value("slug"), st.value("name"), st.value("head_name"), st.value("head_title")};
  if (auto v = validate_unit(in); !v) st.add_errors(ctx, v.error());
  return in;
}

web::Response unit_form(web::RequestContext& ctx, const Agency& agency, const Unit* unit, const FormState& st,
                        int status) {
  FormView view(ctx, st, kUnitKeys);
  json groups = json::array({view.group(
      "unit_group_unit",
      {view.text("name"),
       view.text("slug", {{"width", "govuk-input--width-20"}, {"spellcheck_off", true}, {"autocomplete", "off"}}),
       view.text("head_name", {{"autocomplete", "off"}}), view.text("head_title")})});
  FormPage page{.heading = ctx.t(unit ? "unit_edit_heading" : "unit_new_heading"),
                .caption = unit ? unit->name + " — " + agency.name : agency.name,
                .action = unit ? "/kelola/unit/" + std::to_string(unit->id) + "/ubah"
                               : "/kelola/instansi/" + std::to_string(agency.id) + "/unit/baru",
                .submit = unit ? ctx.t("save_changes") : ctx.t("unit_create"),
                .cancel_url = agency_url(agency.id),
                .intro = unit ? "" : ctx.t("unit_new_intro"),
                .trail = {{"/kelola", ctx.t("manage_heading")}, {agency_url(agency.id), agency.name}}};
  return render_form(ctx, page, view, std::move(groups), st, status);
}

web::Response new_unit(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto agency = get_agency(ctx.app, ctx.principal, *id);
  if (!agency) return web::page_error(ctx, agency.error());
  // Adding a unit is agency-wide work: a unit-scoped admin cannot.
  if (auto ok = authorize(ctx.principal, Action::kEditAgency, {*id, std::nullopt}); !ok) {
    return web::page_error(ctx, ok.error());
  }

  if (ctx.req.method == "GET") return unit_form(ctx, *agency, nullptr, FormState{}, 200);

  FormState st = read_form(ctx.form(), kUnitFields);
  UnitInput in = read_unit(ctx, st);
  if (st.has_errors()) return unit_form(ctx, *agency, nullptr, st, 422);
  auto created = create_unit(ctx.app, ctx.principal, *id, in);
  if (!created) {
    if (!place_write_error(ctx, st, created.error(), "unit_error_slug_taken")) {
      return web::page_error(ctx, created.error());
    }
    return unit_form(ctx, *agency, nullptr, st, 422);
  }
  return web::redirect_with_flash(ctx, agency_url(*id), "unit_flash_created");
}

web::Response edit_unit(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto unit = get_unit(ctx.app, ctx.principal, *id);
  if (!unit) return web::page_error(ctx, unit.error());
  // The unit's own admin may keep its record (e.g. a new head) up to date.
  if (auto ok = edit_permission(ctx, unit->agency_id, unit->id); !ok) return web::page_error(ctx, ok.error());
  auto agency = get_agency(ctx.app, ctx.principal, unit->agency_id);
  if (!agency) return web::page_error(ctx, agency.error());

  if (ctx.req.method == "GET") return unit_form(ctx, *agency, &*unit, unit_state(*unit), 200);

  FormState st = read_form(ctx.form(), kUnitFields);
  UnitInput in = read_unit(ctx, st);
  if (st.has_errors()) return unit_form(ctx, *agency, &*unit, st, 422);
  auto updated = update_unit(ctx.app, ctx.principal, *id, in);
  if (!updated) {
    if (!place_write_error(ctx, st, updated.error(), "unit_error_slug_taken")) {
      return web::page_error(ctx, updated.error());
    }
    return unit_form(ctx, *agency, &*unit, st, 422);
  }
  return web::redirect_with_flash(ctx, agency_url(unit->agency_id), "unit_flash_saved");
}

}  // namespace

json agency_manage_links(const web::RequestContext& ctx, int64_t agency_id) {
  json links = json::array();
  std::string base = "/kelola/instansi/" + std::to_string(agency_id);
  if (authorize(ctx.principal, Action::kEditAgency, {agency_id, std::nullopt}).ok()) {
    links.push_back({{"href", base + "/ubah"}, {"label", ctx.t("agency_admin_link_edit")}});
  }
  if (authorize(ctx.principal, Action::kManageAgencies, {agency_id, std::nullopt}).ok()) {
    links.push_back({{"href", presence_url(agency_id)}, {"label", ctx.t("agency_admin_link_presence")}});
  }
  if (authorize(ctx.principal, Action::kEditAgency, {agency_id, std::nullopt}).ok()) {
    links.push_back({{"href", base + "/unit/baru"}, {"label", ctx.t("unit_link_new")}});
  }
  return links;
}

std::string unit_edit_url(int64_t unit_id) {
  return "/kelola/unit/" + std::to_string(unit_id) + "/ubah";
}

void register_agency_pages(web::Router& router) {
  router.form("/kelola/instansi/baru", new_agency);
  router.form("/kelola/instansi/{id}/ubah", edit_agency);
  router.form("/kelola/instansi/{id}/lokasi", edit_presence);
  router.form("/kelola/instansi/{id}/unit/baru", new_unit);
  router.form("/kelola/unit/{id}/ubah", edit_unit);
}

}  // namespace layan::catalogue
