// Staff pages of the catalogue: the /kelola dashboard and the forms that
// create and edit services, publish standard versions and maklumat. Forms are
// plain POSTs (they work without JavaScript); a rejected form is shown again
// with every typed value and each error beside its field.

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "catalogue/page_form.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "catalogue/service.hpp"
#include "core/time_zone.hpp"
#include "web/respond.hpp"

namespace layan::catalogue {
namespace {

using nlohmann::json;

const std::vector<std::string> kServiceFields = {"name", "slug", "summary", "category", "unit_id"};
const std::vector<std::string> kStandardFields = {
    "requirements", "procedure",         "duration_value",   "duration_unit",
    "fee_amount",   "fee_basis",         "product",          "complaint_channel",
    "legal_basis",  "facilities",        "staff_competence", "internal_supervision",
    "staff_count",  "service_guarantee", "safety_guarantee", "performance_evaluation",
    "change_note"};
const std::vector<std::string> kMaklumatFields = {"body",          "signer_name",     "signer_title",
                                                  "signed_on-day", "signed_on-month", "signed_on-year"};
const char* const kDeliveryModes[] = {"in_person", "online", "self_service", "mobile"};

// The usual wording of a maklumat pelayanan (PermenPANRB 15/2014), offered
// when a unit publishes its first one. It is an Indonesian legal text, so it
// stays Indonesian whatever the page language.
constexpr const char* kMaklumatTemplate =
    "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
    "ditetapkan.\n"
    "Kami berkomitmen untuk terus melakukan perbaikan secara berkelanjutan.\n"
    "Apabila tidak menepati janji ini, kami siap menerima sanksi dan/atau memberikan kompensasi sesuai peraturan "
    "perundang-undangan yang berlaku.";

// ---- Service fields (name, slug, summary, category, unit, modes, active)

FormState service_state(const Service& s) {
  FormState st;
  st.values = {{"name", s.name},
               {"slug", s.slug},
               {"summary", s.summary},
               {"category", s.category},
               {"unit_id", s.unit_id ? std::to_string(*s.unit_id) : ""}};
  st.lists["delivery_modes"] = s.delivery_modes;
  st.lists["active"] = s.active ? std::vector<std::string>{"1"} : std::vector<std::string>{};
  return st;
}

ServiceInput read_service(const web::RequestContext& ctx, FormState& st, const std::vector<Unit>& units) {
  ServiceInput in;
  in.name = st.value("name");
  if (st.value("slug").empty()) st.values["slug"] = slug_from(in.name);
  in.slug = st.value("slug");
  in.summary = st.value("summary");
  in.category = st.value("category");
  in.delivery_modes = st.lists["delivery_modes"];
  in.active = !st.lists["active"].empty();
  if (const auto& u = st.value("unit_id"); !u.empty()) {
    bool known = false;
    for (const auto& unit : units) {
      if (std::to_string(unit.id) == u) {
        known = true;
        in.unit_id = unit.id;
      }
    }
    if (!known) st.add_error("unit_id", ctx.t("catalogue_error_unit"));
  }
  return in;
}

json unit_choices_field(FormView& view, const web::RequestContext& ctx, const std::vector<Unit>& units) {
  std::vector<Choice> choices;
  // A unit-scoped admin may only place services in their own unit.
  if (!ctx.principal.unit_id) choices.push_back({"", ctx.t("catalogue_no_unit")});
  for (const auto& u : units) {
    if (!ctx.principal.unit_id || *ctx.principal.unit_id == u.id) choices.push_back({std::to_string(u.id), u.name});
  }
  return view.select("unit_id", choices);
}

json service_group(FormView& view, const web::RequestContext& ctx, const std::vector<Unit>& units) {
  std::vector<Choice> modes;
  for (const char* m : kDeliveryModes) modes.push_back({m, delivery_mode_label(ctx, m)});
  std::vector<Choice> active = {{"1", ctx.t("catalogue_label_active_choice")}};
  return view.group(
      "catalogue_group_service",
      {view.text("name"),
       view.text("slug", {{"width", "govuk-input--width-20"}, {"spellcheck_off", true}, {"autocomplete", "off"}}),
       view.textarea("summary", 3), view.text("category", {{"width", "govuk-input--width-20"}}),
       unit_choices_field(view, ctx, units), view.checkboxes("delivery_modes", modes),
       view.checkboxes("active", active)});
}

// ---- Standard fields (the 14 components and a change note)

FormState standard_state(const Standard& s) {
  FormState st;
  st.values = {{"requirements", item_lines(s.requirements)},
               {"procedure", item_lines(s.procedure)},
               {"duration_value", std::to_string(s.duration_value)},
               {"duration_unit", to_string(s.duration_unit)},
               {"fee_amount", std::to_string(s.fee_amount)},
               {"fee_basis", s.fee_basis},
               {"product", s.product},
               {"complaint_channel", s.complaint_channel},
               {"change_note", ""}};
  if (s.management) {
    const auto& m = *s.management;
    st.values.insert({{"legal_basis", m.legal_basis},
                      {"facilities", m.facilities},
                      {"staff_competence", m.staff_competence},
                      {"internal_supervision", m.internal_supervision},
                      {"staff_count", std::to_string(m.staff_count)},
                      {"service_guarantee", m.service_guarantee},
                      {"safety_guarantee", m.safety_guarantee},
                      {"performance_evaluation", m.performance_evaluation}});
  }
  return st;
}

// Numbers that do not parse become field errors here; the rest of the rules
// are the service layer's (validate_standard).
StandardInput read_standard(const web::RequestContext& ctx, FormState& st) {
  StandardInput in;
  in.requirements = parse_item_lines(st.value("requirements"));
  in.procedure = parse_item_lines(st.value("procedure"));
  if (auto d = parse_count(st.value("duration_value"))) {
    in.duration_value = *d;
  } else {
    st.add_error("duration_value", ctx.t("catalogue_error_duration_value"));
  }
  in.duration_unit = st.value("duration_unit");
  if (auto fee = parse_rupiah(st.value("fee_amount"))) {
    in.fee_amount = *fee;
  } else {
    st.add_error("fee_amount", ctx.t("catalogue_error_fee_amount"));
  }
  in.fee_basis = st.value("fee_basis");
  in.product = st.value("product");
  in.complaint_channel = st.value("complaint_channel");
  in.management.legal_basis = st.value("legal_basis");
  in.management.facilities = st.value("facilities");
  in.management.staff_competence = st.value("staff_competence");
  in.management.internal_supervision = st.value("internal_supervision");
  if (st.value("staff_count").empty()) {
    in.management.staff_count = 0;
  } else if (auto n = parse_count(st.value("staff_count"))) {
    in.management.staff_count = *n;
  } else {
    st.add_error("staff_count", ctx.t("catalogue_error_staff_count"));
  }
  in.management.service_guarantee = st.value("service_guarantee");
  in.management.safety_guarantee = st.value("safety_guarantee");
  in.management.performance_evaluation = st.value("performance_evaluation");
  in.change_note = st.value("change_note");
  return in;
}

json standard_groups(FormView& view, const web::RequestContext& ctx) {
  std::vector<Choice> units;
  for (auto u : {DurationUnit::kMinutes, DurationUnit::kHours, DurationUnit::kWorkingDays}) {
    units.push_back({to_string(u), ctx.t(std::string("duration_unit_") + to_string(u))});
  }
  json numeric = {{"inputmode", "numeric"}, {"spellcheck_off", true}, {"autocomplete", "off"}};
  json duration = numeric;
  duration["width"] = "govuk-input--width-4";
  json fee = numeric;
  fee["width"] = "govuk-input--width-10";
  fee["prefix"] = "Rp";
  json count = numeric;
  count["width"] = "govuk-input--width-4";
  return json::array(
      {view.group("catalogue_group_public", {view.textarea("requirements", 8), view.textarea("procedure", 8),
                                             view.text("duration_value", duration), view.select("duration_unit", units),
                                             view.text("fee_amount", fee), view.textarea("fee_basis", 3),
                                             view.textarea("product", 3), view.textarea("complaint_channel", 3)}),
       view.group("catalogue_group_management",
                  {view.textarea("legal_basis", 4), view.textarea("facilities", 3),
                   view.textarea("staff_competence", 3), view.textarea("internal_supervision", 3),
                   view.text("staff_count", count), view.textarea("service_guarantee", 3),
                   view.textarea("safety_guarantee", 3), view.textarea("performance_evaluation", 3)}),
       view.group("catalogue_group_change", {view.textarea("change_note", 2)})});
}

// ---- Dashboard

web::Response dashboard(web::RequestContext& ctx) {
  if (!ctx.principal.authenticated()) return web::page_error(ctx, Error::unauthenticated("sign in to manage"));
  if (!ctx.principal.is_staff()) return web::page_error(ctx, Error::forbidden("staff only"));
  auto agencies = list_agencies(ctx.app, ctx.principal);
  if (!agencies) return web::page_error(ctx, agencies.error());

  // Agencies this user works on: their own, or every agency for the mall's
  // manager and evaluators.
  std::vector<const Agency*> mine;
  for (const auto& a : *agencies) {
    if (accounts::authorize(ctx.principal, accounts::Action::kReadManagement, {a.id, {}})) mine.push_back(&a);
  }
  std::optional<int64_t> selected;
  if (auto q = ctx.req.query_param("instansi")) {
    for (const auto* a : mine) {
      if (std::to_string(a->id) == *q) selected = a->id;
    }
    if (!selected) return web::page_error(ctx, Error::not_found("no such agency here"));
  } else if (mine.size() == 1) {
    selected = mine.front()->id;
  }

  json agency_rows = json::array();
  for (const auto* a : mine) {
    agency_rows.push_back({{"id", a->id},
                           {"name", a->name},
                           {"url", "/kelola?instansi=" + std::to_string(a->id)},
                           {"service_count", a->service_count},
                           {"can_edit", edit_permission(ctx, a->id, ctx.principal.unit_id).ok()}});
  }
  json detail = false;
  if (selected) {
    const Agency* agency = nullptr;
    for (const auto* a : mine) {
      if (a->id == *selected) agency = a;
    }
    auto units = list_units(ctx.app, ctx.principal, agency->id);
    if (!units) return web::page_error(ctx, units.error());
    ServiceQuery q;
    q.agency_id = agency->id;
    q.limit = 100;
    q.include_inactive = true;
    auto services = all_services(ctx, q);
    if (!services) return web::page_error(ctx, services.error());
    json service_rows = json::array();
    for (const auto& s : *services) {
      std::string url = service_url(s.id);
      service_rows.push_back({{"name", s.name},
                              {"url", url},
                              {"versions_url", url + "/versi"},
                              {"edit_url", "/kelola/layanan/" + std::to_string(s.id) + "/ubah"},
                              {"standard_url", "/kelola/layanan/" + std::to_string(s.id) + "/standar"}});
    }
    json unit_rows = json::array();
    for (const auto& u : *units) {
      unit_rows.push_back({{"name", u.name},
                           {"maklumat_url", "/unit/" + std::to_string(u.id) + "/maklumat"},
                           {"publish_url", "/kelola/unit/" + std::to_string(u.id) + "/maklumat"},
                           {"edit_url", unit_edit_url(u.id)},
                           {"can_edit", edit_permission(ctx, agency->id, u.id).ok()}});
    }
    bool can_edit = edit_permission(ctx, agency->id, ctx.principal.unit_id).ok();
    json manage_links = agency_manage_links(ctx, agency->id);
    detail = {{"id", agency->id},
              {"name", agency->name},
              {"url", agency_url(agency->id)},
              {"new_service_url", "/kelola/layanan/baru?instansi=" + std::to_string(agency->id)},
              {"can_edit", can_edit},
              {"services", service_rows},
              {"has_services", !service_rows.empty()},
              {"units", unit_rows},
              {"has_units", !unit_rows.empty()},
              {"manage_links", manage_links},
              {"has_manage_links", !manage_links.empty()}};
  }
  std::string heading = ctx.t("manage_heading");
  json crumbs = breadcrumbs(ctx);
  if (selected && mine.size() > 1) crumbs.push_back({{"href", "/kelola"}, {"label", heading}});
  return web::render_page(
      ctx, "catalogue/dashboard",
      {{"title", detail.is_object() ? heading + ": " + detail["name"].get<std::string>() : heading},
       {"heading", heading},
       {"agencies", agency_rows},
       {"show_agencies", !selected && !agency_rows.empty()},
       {"no_agencies", agency_rows.empty()},
       {"agency", detail},
       {"can_add_agency", accounts::authorize(ctx.principal, accounts::Action::kManageAgencies).ok()},
       {"can_manage_calendar", accounts::authorize(ctx.principal, accounts::Action::kManageCalendar).ok()},
       {"nav_active_manage", true},
       {"breadcrumbs", crumbs}});
}

// ---- New service (service fields and its first standard)

Result<int64_t> new_service_agency(const web::RequestContext& ctx) {
  auto q = ctx.req.query_param("instansi");
  if (q && !q->empty() && q->size() <= 18 && q->find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(*q);
  }
  if (ctx.principal.agency_id) return *ctx.principal.agency_id;
  return Error::not_found("no agency given");
}

web::Response new_service_form(web::RequestContext& ctx, const Agency& agency, const std::vector<Unit>& units,
                               const FormState& st, int status) {
  FormView view(ctx, st);
  json groups = json::array({service_group(view, ctx, units)});
  for (auto& g : standard_groups(view, ctx)) groups.push_back(std::move(g));
  FormPage page{.heading = ctx.t("catalogue_new_service_heading"),
                .caption = agency.name,
                .action = "/kelola/layanan/baru?instansi=" + std::to_string(agency.id),
                .submit = ctx.t("catalogue_create_service"),
                .cancel_url = "/kelola?instansi=" + std::to_string(agency.id),
                .intro = ctx.t("catalogue_new_service_intro"),
                .trail = {{"/kelola", ctx.t("manage_heading")}}};
  return render_form(ctx, page, view, std::move(groups), st, status);
}

web::Response new_service(web::RequestContext& ctx) {
  if (!ctx.principal.authenticated()) return web::page_error(ctx, Error::unauthenticated("sign in to add services"));
  auto agency_id = new_service_agency(ctx);
  if (!agency_id) return web::page_error(ctx, agency_id.error());
  if (auto ok = edit_permission(ctx, *agency_id, ctx.principal.unit_id); !ok) return web::page_error(ctx, ok.error());
  auto agency = get_agency(ctx.app, ctx.principal, *agency_id);
  if (!agency) return web::page_error(ctx, agency.error());
  auto units = list_units(ctx.app, ctx.principal, *agency_id);
  if (!units) return web::page_error(ctx, units.error());

  if (ctx.req.method == "GET") {
    FormState st;
    st.values = {
        {"duration_unit", "working_days"}, {"fee_amount", "0"}, {"change_note", ctx.t("catalogue_first_version_note")}};
    st.lists["active"] = {"1"};
    if (ctx.principal.unit_id) st.values["unit_id"] = std::to_string(*ctx.principal.unit_id);
    st.lists["delivery_modes"] = {"in_person"};
    return new_service_form(ctx, *agency, *units, st, 200);
  }

  std::vector<std::string> fields = kServiceFields;
  fields.insert(fields.end(), kStandardFields.begin(), kStandardFields.end());
  FormState st = read_form(ctx.form(), fields, {"delivery_modes", "active"});
  ServiceInput service_in = read_service(ctx, st, *units);
  StandardInput standard_in = read_standard(ctx, st);
  if (st.has_errors()) {
    // Report every problem at once, not only the ones found while reading.
    if (auto v = validate_service(service_in); !v) st.add_errors(ctx, v.error());
    if (auto v = validate_standard(standard_in); !v) st.add_errors(ctx, v.error());
    return new_service_form(ctx, *agency, *units, st, 422);
  }
  auto created = create_service(ctx.app, ctx.principal, *agency_id, service_in, standard_in);
  if (!created) {
    if (!place_write_error(ctx, st, created.error(), "catalogue_error_slug_taken")) {
      return web::page_error(ctx, created.error());
    }
    return new_service_form(ctx, *agency, *units, st, 422);
  }
  return web::redirect_with_flash(ctx, service_url(created->id), "catalogue_flash_service_created");
}

// ---- Edit service fields

web::Response edit_service_form(web::RequestContext& ctx, const Service& service, const std::vector<Unit>& units,
                                const FormState& st, int status) {
  FormView view(ctx, st);
  FormPage page{.heading = ctx.t("catalogue_edit_service_heading"),
                .caption = service.name,
                .action = "/kelola/layanan/" + std::to_string(service.id) + "/ubah",
                .submit = ctx.t("save_changes"),
                .cancel_url = service_url(service.id),
                .intro = "",
                .trail = {{"/kelola", ctx.t("manage_heading")}, {service_url(service.id), service.name}}};
  return render_form(ctx, page, view, json::array({service_group(view, ctx, units)}), st, status);
}

web::Response edit_service(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto service = get_service(ctx.app, ctx.principal, *id);
  if (!service) return web::page_error(ctx, service.error());
  if (auto ok = edit_permission(ctx, service->agency_id, service->unit_id); !ok)
    return web::page_error(ctx, ok.error());
  auto units = list_units(ctx.app, ctx.principal, service->agency_id);
  if (!units) return web::page_error(ctx, units.error());

  if (ctx.req.method == "GET") return edit_service_form(ctx, *service, *units, service_state(*service), 200);

  FormState st = read_form(ctx.form(), kServiceFields, {"delivery_modes", "active"});
  ServiceInput in = read_service(ctx, st, *units);
  if (st.has_errors()) {
    if (auto v = validate_service(in); !v) st.add_errors(ctx, v.error());
    return edit_service_form(ctx, *service, *units, st, 422);
  }
  auto updated = update_service(ctx.app, ctx.principal, *id, in);
  if (!updated) {
    if (!place_write_error(ctx, st, updated.error(), "catalogue_error_slug_taken")) {
      return web::page_error(ctx, updated.error());
    }
    return edit_service_form(ctx, *service, *units, st, 422);
  }
  return web::redirect_with_flash(ctx, service_url(*id), "catalogue_flash_service_saved");
}

// ---- Publish a new standard version

web::Response standard_form(web::RequestContext& ctx, const Service& service, const FormState& st, int status) {
  FormView view(ctx, st);
  int next = service.standard ? service.standard->version + 1 : 1;
  FormPage page{
      .heading = ctx.t("catalogue_standard_heading"),
      .caption = service.name,
      .action = "/kelola/layanan/" + std::to_string(service.id) + "/standar",
      .submit = ctx.t("catalogue_publish_standard"),
      .cancel_url = service_url(service.id),
      .intro = ctx.t("catalogue_standard_intro") + " " + ctx.t("version_label") + " " + std::to_string(next) + ".",
      .trail = {{"/kelola", ctx.t("manage_heading")}, {service_url(service.id), service.name}}};
  return render_form(ctx, page, view, standard_groups(view, ctx), st, status);
}

web::Response publish_standard_page(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto service = get_service(ctx.app, ctx.principal, *id);
  if (!service) return web::page_error(ctx, service.error());
  if (auto ok = edit_permission(ctx, service->agency_id, service->unit_id); !ok)
    return web::page_error(ctx, ok.error());

  if (ctx.req.method == "GET") {
    FormState st = service->standard ? standard_state(*service->standard) : FormState{};
    if (!service->standard) st.values = {{"duration_unit", "working_days"}, {"fee_amount", "0"}};
    return standard_form(ctx, *service, st, 200);
  }

  FormState st = read_form(ctx.form(), kStandardFields);
  StandardInput in = read_standard(ctx, st);
  if (st.has_errors()) {
    if (auto v = validate_standard(in); !v) st.add_errors(ctx, v.error());
    return standard_form(ctx, *service, st, 422);
  }
  auto published = publish_standard(ctx.app, ctx.principal, *id, in);
  if (!published) {
    if (published.error().kind != ErrorKind::kValidation) return web::page_error(ctx, published.error());
    st.add_errors(ctx, published.error());
    return standard_form(ctx, *service, st, 422);
  }
  return web::redirect_with_flash(ctx, service_url(*id), "catalogue_flash_standard_published");
}

// ---- Publish a new maklumat

// Today in the MPP's zone, as the date input's three parts.
void set_today(web::RequestContext& ctx, FormState& st) {
  auto local = ctx.app.clock->now() + std::chrono::hours(utc_offset_hours(mpp_timezone(ctx)));
  std::string d = format_date(local);
  st.values["signed_on-year"] = d.substr(0, 4);
  st.values["signed_on-month"] = std::to_string(std::stoi(d.substr(5, 2)));
  st.values["signed_on-day"] = std::to_string(std::stoi(d.substr(8, 2)));
}

web::Response maklumat_form(web::RequestContext& ctx, const Unit& unit, const Agency& agency, const FormState& st,
                            int status) {
  FormView view(ctx, st);
  json groups = json::array({view.group(
      "catalogue_group_maklumat", {view.textarea("body", 10), view.text("signer_name", {{"autocomplete", "name"}}),
                                   view.text("signer_title"), view.date("signed_on")})});
  FormPage page{.heading = ctx.t("catalogue_maklumat_form_heading"),
                .caption = unit.name + " — " + agency.name,
                .action = "/kelola/unit/" + std::to_string(unit.id) + "/maklumat",
                .submit = ctx.t("catalogue_publish_maklumat"),
                .cancel_url = "/unit/" + std::to_string(unit.id) + "/maklumat",
                .intro = ctx.t("catalogue_maklumat_form_intro"),
                .trail = {{"/kelola", ctx.t("manage_heading")}, {agency_url(agency.id), agency.name}}};
  return render_form(ctx, page, view, std::move(groups), st, status);
}

web::Response publish_maklumat_page(web::RequestContext& ctx) {
  auto id = ctx.id_param("id");
  if (!id) return web::page_error(ctx, id.error());
  auto unit = get_unit(ctx.app, ctx.principal, *id);
  if (!unit) return web::page_error(ctx, unit.error());
  if (auto ok = edit_permission(ctx, unit->agency_id, unit->id); !ok) return web::page_error(ctx, ok.error());
  auto agency = get_agency(ctx.app, ctx.principal, unit->agency_id);
  if (!agency) return web::page_error(ctx, agency.error());

  if (ctx.req.method == "GET") {
    auto current = current_maklumat(ctx.app, ctx.principal, *id);
    if (!current) return web::page_error(ctx, current.error());
    FormState st;
    st.values["body"] = *current ? (*current)->body : kMaklumatTemplate;
    st.values["signer_name"] = *current ? (*current)->signer_name : unit->head_name;
    st.values["signer_title"] = *current ? (*current)->signer_title : unit->head_title;
    set_today(ctx, st);
    return maklumat_form(ctx, *unit, *agency, st, 200);
  }

  FormState st = read_form(ctx.form(), kMaklumatFields);
  MaklumatInput in{st.value("body"), st.value("signer_name"), st.value("signer_title"),
                   join_date(st.value("signed_on-day"), st.value("signed_on-month"), st.value("signed_on-year"))};
  auto published = publish_maklumat(ctx.app, ctx.principal, *id, in);
  if (!published) {
    if (published.error().kind != ErrorKind::kValidation) return web::page_error(ctx, published.error());
    st.add_errors(ctx, published.error());
    // The service layer speaks of YYYY-MM-DD; the form asks for day, month, year.
    if (st.errors.count("signed_on")) st.errors["signed_on"] = ctx.t("catalogue_error_signed_on");
    return maklumat_form(ctx, *unit, *agency, st, 422);
  }
  return web::redirect_with_flash(ctx, "/unit/" + std::to_string(*id) + "/maklumat",
                                  "catalogue_flash_maklumat_published");
}

}  // namespace

void register_staff_pages(web::Router& router) {
  router.get("/kelola", dashboard);
  router.form("/kelola/layanan/baru", new_service);
  router.form("/kelola/layanan/{id}/ubah", edit_service);
  router.form("/kelola/layanan/{id}/standar", publish_standard_page);
  router.form("/kelola/unit/{id}/maklumat", publish_maklumat_page);
}

}  // namespace layan::catalogue
