// The mall manager's pages of the working-day calendar (declared in
// calendar/routes.hpp). They parse forms, call the service layer and render;
// the forms reuse the catalogue's staff-form pieces (FormView, render_form)
// so every staff form looks and behaves the same.
#include <chrono>

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "calendar/routes.hpp"
#include "calendar/service.hpp"
#include "catalogue/page_form.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "web/respond.hpp"

namespace layan::calendar {
namespace {

using catalogue::Choice;
using catalogue::FormPage;
using catalogue::FormState;
using catalogue::FormView;
using nlohmann::json;
using web::RequestContext;
using web::Response;

constexpr const char* kListUrl = "/kelola/hari-libur";
constexpr const char* kKeyPrefix = "calendar_";

std::string list_url(int year) {
  return std::string(kListUrl) + "?tahun=" + std::to_string(year);
}

std::string holiday_url(const std::string& day, const char* action) {
  return std::string(kListUrl) + "/" + day + "/" + action;
}

int year_of(const std::string& day) {
  auto d = parse_civil_day(day);
  return d ? static_cast<int>(std::chrono::year_month_day(*d).year()) : 0;
}

// The weekday of a stored day in the page language ("Jumat", "Friday").
std::string weekday_name(const RequestContext& ctx, const std::string& day) {
  auto d = parse_civil_day(day);
  if (!d) return "";
  return ctx.t("weekday_" + std::to_string(std::chrono::weekday(*d).iso_encoding()));
}

std::string kind_label(const RequestContext& ctx, HolidayKind kind) {
  return ctx.t(std::string("calendar_kind_") + to_string(kind));
}

std::vector<Choice> kind_choices(const RequestContext& ctx) {
  return {{"libur_nasional", kind_label(ctx, HolidayKind::kLiburNasional)},
          {"cuti_bersama", kind_label(ctx, HolidayKind::kCutiBersama)}};
}

// Signed in as the mall manager; otherwise the error page (or the sign-in
// page for a visitor). The service layer checks again on every write.
std::optional<Response> require_manager(RequestContext& ctx) {
  if (auto s = accounts::authorize(ctx.principal, accounts::Action::kManageCalendar); !s) {
    return web::page_error(ctx, s.error());
  }
  return std::nullopt;
}

// ?tahun=YYYY within the calendar's years; anything else shows the current
// year (this is navigation, not data entry).
int selected_year(RequestContext& ctx) {
  auto q = ctx.req.query_param("tahun").value_or("");
  if (q.size() == 4 && q.find_first_not_of("0123456789") == std::string::npos) {
    int y = std::stoi(q);
    if (y >= kFirstYear && y <= kLastYear) return y;
  }
  return current_year(ctx.app);
}

// Places a failed write on the form: field errors beside their fields, in
// the page's words for the date input and the radios. False for anything
// else (forbidden, not found), which ends with an error page.
bool place_error(const RequestContext& ctx, FormState& st, const Error& e) {
  if (e.kind != ErrorKind::kValidation && e.kind != ErrorKind::kConflict) return false;
  if (e.fields.empty()) return false;
  Error shown = e;
  for (auto& f : shown.fields) {
    // The service speaks of YYYY-MM-DD and of enum values; the form asks for
    // day, month and year, and offers two choices.
    std::string message;
    if (f.field == "day" && f.code == "invalid") message = ctx.t("calendar_error_day");
    if (f.field == "kind") message = ctx.t("calendar_error_kind");
    if (!message.empty()) f.message = f.message_en = message;
  }
  st.add_errors(ctx, shown);
  return true;
}

// ---- The list of a year, with the add form

json holiday_rows(const RequestContext& ctx, const std::vector<Holiday>& list) {
  json rows = json::array();
  for (const auto& h : list) {
    rows.push_back({{"day", h.day},
                    {"date_text", catalogue::format_date_text(ctx, h.day)},
                    {"weekday", weekday_name(ctx, h.day)},
                    {"name", h.name},
                    {"kind", kind_label(ctx, h.kind)},
                    {"cuti_bersama", h.kind == HolidayKind::kCutiBersama},
                    {"edit_url", holiday_url(h.day, "ubah")},
                    {"delete_url", holiday_url(h.day, "hapus")}});
  }
  return rows;
}

// The year in numbers, from the same calendar that deadlines are counted with.
json year_summary(RequestContext& ctx, int year, const std::vector<Holiday>& list) {
  auto cal = working_days(ctx.app);
  using std::chrono::sys_days;
  sys_days first{std::chrono::year{year} / 1 / 1}, last{std::chrono::year{year} / 12 / 31};
  int working = 0;
  for (sys_days d = first; d <= last; d += std::chrono::days{1}) working += cal->is_working_day(d) ? 1 : 0;
  int national = 0, leave = 0;
  for (const auto& h : list) (h.kind == HolidayKind::kCutiBersama ? leave : national)++;
  return json::array({{{"id", "working-days"}, {"label", ctx.t("calendar_summary_working_days")}, {"value", working}},
                      {{"id", "national-holidays"}, {"label", ctx.t("calendar_summary_national")}, {"value", national}},
                      {{"id", "collective-leave"}, {"label", ctx.t("calendar_summary_leave")}, {"value", leave}}});
}

Response list_page(RequestContext& ctx, int year, const FormState& st, int status) {
  auto list = list_holidays(ctx.app, ctx.principal, year);
  if (!list) return web::page_error(ctx, list.error());
  json years = json::array();
  for (int y = kFirstYear; y <= kLastYear; ++y) years.push_back({{"value", y}, {"selected", y == year}});
  FormView view(ctx, st, kKeyPrefix);
  json fields = json::array({view.date("day"), view.text("name"), view.radios("kind", kind_choices(ctx))});
  json rows = holiday_rows(ctx, *list);
  std::string heading = ctx.t("calendar_heading");
  return web::render_page(ctx, "calendar/holidays",
                          {{"title", st.has_errors() ? ctx.t("error_prefix") + ": " + heading : heading},
                           {"heading", heading},
                           {"year", year},
                           {"years", years},
                           {"summary", year_summary(ctx, year, *list)},
                           {"holidays", rows},
                           {"has_holidays", !rows.empty()},
                           {"count", rows.size()},
                           {"fields", fields},
                           {"errors", view.summary()},
                           {"has_errors", st.has_errors()},
                           {"action", list_url(year)},
                           {"nav_active_manage", true},
                           {"breadcrumbs", catalogue::breadcrumbs(ctx, {{"/kelola", ctx.t("nav_manage")}})}},
                          status);
}

Response holidays_page(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  int year = selected_year(ctx);
  if (ctx.req.method == "GET") {
    FormState st;
    st.values["day-year"] = std::to_string(year);
    return list_page(ctx, year, st, 200);
  }
  FormState st = catalogue::read_form(ctx.form(), {"day-day", "day-month", "day-year", "name", "kind"});
  HolidayInput in{catalogue::join_date(st.value("day-day"), st.value("day-month"), st.value("day-year")),
                  st.value("name"), st.value("kind")};
  auto created = create_holiday(ctx.app, ctx.principal, in);
  if (created) return web::redirect_with_flash(ctx, list_url(year_of(created->day)), "calendar_flash_added");
  if (!place_error(ctx, st, created.error())) return web::page_error(ctx, created.error());
  return list_page(ctx, year, st, 422);
}

// ---- Edit name and kind

std::string day_caption(const RequestContext& ctx, const Holiday& h) {
  return weekday_name(ctx, h.day) + ", " + catalogue::format_date_text(ctx, h.day);
}

std::vector<std::pair<std::string, std::string>> trail(const RequestContext& ctx, const Holiday& h) {
  return {{"/kelola", ctx.t("nav_manage")}, {list_url(year_of(h.day)), ctx.t("calendar_heading")}};
}

Response edit_form(RequestContext& ctx, const Holiday& h, const FormState& st, int status) {
  FormView view(ctx, st, kKeyPrefix);
  json groups =
      json::array({view.group("calendar_group_holiday", {view.text("name"), view.radios("kind", kind_choices(ctx))})});
  FormPage page{.heading = ctx.t("calendar_edit_heading"),
                .caption = day_caption(ctx, h),
                .action = holiday_url(h.day, "ubah"),
                .submit = ctx.t("save_changes"),
                .cancel_url = list_url(year_of(h.day)),
                .intro = ctx.t("calendar_edit_intro"),
                .trail = trail(ctx, h)};
  return catalogue::render_form(ctx, page, view, std::move(groups), st, status);
}

Response edit_holiday_page(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  auto h = get_holiday(ctx.app, ctx.principal, ctx.param("day"));
  if (!h) return web::page_error(ctx, h.error());
  if (ctx.req.method == "GET") {
    FormState st;
    st.values = {{"name", h->name}, {"kind", to_string(h->kind)}};
    return edit_form(ctx, *h, st, 200);
  }
  FormState st = catalogue::read_form(ctx.form(), {"name", "kind"});
  auto saved = update_holiday(ctx.app, ctx.principal, h->day, {st.value("name"), st.value("kind")});
  if (saved) return web::redirect_with_flash(ctx, list_url(year_of(h->day)), "calendar_flash_saved");
  if (!place_error(ctx, st, saved.error())) return web::page_error(ctx, saved.error());
  return edit_form(ctx, *h, st, 422);
}

// ---- Delete: GET asks for confirmation (works without JavaScript); POST deletes.

Response delete_holiday_page(RequestContext& ctx) {
  if (auto denied = require_manager(ctx)) return *denied;
  auto h = get_holiday(ctx.app, ctx.principal, ctx.param("day"));
  if (!h) return web::page_error(ctx, h.error());
  if (ctx.req.method == "POST") {
    if (auto s = delete_holiday(ctx.app, ctx.principal, h->day); !s) return web::page_error(ctx, s.error());
    return web::redirect_with_flash(ctx, list_url(year_of(h->day)), "calendar_flash_deleted");
  }
  std::string heading = ctx.t("calendar_delete_heading");
  return web::render_page(ctx, "calendar/holiday_delete",
                          {{"title", heading + ": " + catalogue::format_date_text(ctx, h->day)},
                           {"heading", heading},
                           {"caption", day_caption(ctx, *h)},
                           {"holiday",
                            {{"date_text", catalogue::format_date_text(ctx, h->day)},
                             {"weekday", weekday_name(ctx, h->day)},
                             {"name", h->name},
                             {"kind", kind_label(ctx, h->kind)},
                             {"delete_url", holiday_url(h->day, "hapus")},
                             {"list_url", list_url(year_of(h->day))}}},
                           {"nav_active_manage", true},
                           {"breadcrumbs", catalogue::breadcrumbs(ctx, trail(ctx, *h))}});
}

}  // namespace

void register_pages(web::Router& router) {
  router.form(kListUrl, holidays_page);
  router.form("/kelola/hari-libur/{day}/ubah", edit_holiday_page);
  router.form("/kelola/hari-libur/{day}/hapus", delete_holiday_page);
}

}  // namespace layan::calendar
