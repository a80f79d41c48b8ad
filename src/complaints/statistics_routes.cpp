// Public complaint statistics: GET /api/v1/complaint-statistics (JSON) and the
// page /pengaduan/statistik (tables, and a bar chart drawn by
// assets/js/complaint-stats.js from a data- attribute). Counts only: nothing
// here can name a report or a person.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/app.hpp"
#include "calendar/service.hpp"
#include "complaints/routes.hpp"
#include "complaints/statistics.hpp"
#include "web/respond.hpp"

namespace layan::complaints {
namespace {

using nlohmann::json;
using web::RequestContext;
using web::Response;

// The twelve months ending with the current one (the mall's), when none are asked.
MonthRange default_range(App& app) {
  const auto local = app.clock->now() + std::chrono::hours(calendar::working_days(app)->utc_offset_hours());
  const std::string now = format_utc(local).substr(0, 7);
  return {add_months(now, -(12 - 1)), now};
}

json share_json(const Outcome& o) {
  auto s = o.share_in_time();
  return s ? json(*s) : json(nullptr);
}

json outcome_json(const Outcome& o) {
  return {{"received", o.received},
          {"closed", o.closed},
          {"closed_in_time", o.closed_in_time},
          {"share_in_time", share_json(o)}};
}

json month_json(const MonthOutcome& m) {
  json j = outcome_json(m.outcome);
  j["month"] = m.month;
  return j;
}

json statistics_json(const Statistics& s) {
  json statuses = json::array();
  int64_t total = 0;
  for (const auto& c : s.by_status) {
    statuses.push_back({{"status", to_string(c.status)}, {"count", c.count}});
    total += c.count;
  }
  json months = json::array();
  for (const auto& m : s.months) months.push_back(month_json(m));
  json agencies = json::array();
  for (const auto& a : s.agencies) {
    json j = outcome_json(a.outcome);
    j["agency"] = a.agency_id ? json{{"id", a.agency_id}, {"name", a.agency_name}} : json(nullptr);
    json per_month = json::array();
    for (const auto& m : a.months) per_month.push_back(month_json(m));
    j["months"] = per_month;
    agencies.push_back(j);
  }
  return {{"from", s.range.from},
          {"to", s.range.to},
          {"total", total},
          {"by_status", statuses},
          {"overall", outcome_json(s.overall)},
          {"months", months},
          {"agencies", agencies}};
}

Response get_statistics(RequestContext& ctx) {
  // Without `from` or `to`: twelve months up to the other one, or up to now.
  MonthRange r = default_range(ctx.app);
  auto from = ctx.req.query_param("from");
  auto to = ctx.req.query_param("to");
  if (from && to) {
    r = {*from, *to};
  } else if (from) {
    r = {*from, add_months(*from, 12 - 1)};
    if (r.to.empty()) r.to = default_range(ctx.app).to;  // `from` is malformed: reported on it alone
  } else if (to) {
    r = {add_months(*to, -(12 - 1)), *to};
    if (r.from.empty()) r.from = default_range(ctx.app).from;
  }
  auto s = statistics(ctx.app, r.from, r.to);
  if (!s) return web::api_error(ctx, s.error());
  return Response::json(200, statistics_json(*s));
}

// ---- The page

// "1.234" in Indonesian, "1,234" in English.
std::string count_text(const RequestContext& ctx, int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  const char sep = ctx.lang == "en" ? ',' : '.';
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

// "85,7 %" / "85.7%"; a dash with words for screen readers when nothing closed.
json share_view(const RequestContext& ctx, const Outcome& o) {
  auto s = o.share_in_time();
  if (!s) return {{"none", true}, {"text", ctx.t("complaints_stats_no_share")}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", std::round(*s * 1000.0) / 10.0);
  std::string text = buf;
  if (ctx.lang != "en") {
    for (auto& c : text) {
      if (c == '.') c = ',';
    }
  }
  return {{"none", false}, {"text", text + "%"}};
}

std::string month_label(const RequestContext& ctx, const std::string& month) {
  const int m = std::stoi(month.substr(5, 2));
  return ctx.t("month_" + std::to_string(m)) + " " + month.substr(0, 4);
}

std::string status_label(const RequestContext& ctx, Status s) {
  switch (s) {
    case Status::kSubmitted:
      return ctx.t("complaints_stats_status_submitted");
    case Status::kReturned:
      return ctx.t("complaints_stats_status_returned");
    case Status::kVerified:
      return ctx.t("complaints_stats_status_verified");
    case Status::kNotOurAuthority:
      return ctx.t("complaints_stats_status_not_our_authority");
    case Status::kAtAgency:
      return ctx.t("complaints_stats_status_at_agency");
    case Status::kAtUnit:
      return ctx.t("complaints_stats_status_at_unit");
    case Status::kInProgress:
      return ctx.t("complaints_stats_status_in_progress");
    case Status::kResolved:
      return ctx.t("complaints_stats_status_resolved");
    case Status::kClosed:
      return ctx.t("complaints_stats_status_closed");
    case Status::kRejected:
      return ctx.t("complaints_stats_status_rejected");
    case Status::kDuplicate:
      return ctx.t("complaints_stats_status_duplicate");
    case Status::kAbuse:
      return ctx.t("complaints_stats_status_abuse");
    case Status::kArchived:
      return ctx.t("complaints_stats_status_archived");
  }
  return to_string(s);
}

json outcome_view(const RequestContext& ctx, const Outcome& o) {
  return {{"received", count_text(ctx, o.received)},
          {"closed", count_text(ctx, o.closed)},
          {"closed_in_time", count_text(ctx, o.closed_in_time)},
          {"share", share_view(ctx, o)}};
}

std::string agency_label(const RequestContext& ctx, const AgencyOutcome& a) {
  return a.agency_id ? a.agency_name : ctx.t("complaints_stats_no_agency");
}

// The template data of the statistics.
json statistics_view(const RequestContext& ctx, const Statistics& s) {
  json statuses = json::array();
  int64_t total = 0;
  for (const auto& c : s.by_status) {
    statuses.push_back(
        {{"status", to_string(c.status)}, {"label", status_label(ctx, c.status)}, {"count", count_text(ctx, c.count)}});
    total += c.count;
  }
  json months = json::array(), labels = json::array(), received = json::array(), in_time = json::array();
  for (const auto& m : s.months) {
    json row = outcome_view(ctx, m.outcome);
    row["label"] = month_label(ctx, m.month);
    row["month"] = m.month;
    months.push_back(row);
    labels.push_back(month_label(ctx, m.month));
    received.push_back(m.outcome.received);
    in_time.push_back(m.outcome.closed_in_time);
  }
  json agencies = json::array(), agency_months = json::array();
  for (const auto& a : s.agencies) {
    json row = outcome_view(ctx, a.outcome);
    row["name"] = agency_label(ctx, a);
    agencies.push_back(row);
    for (const auto& m : a.months) {
      if (m.outcome.received == 0) continue;
      json r = outcome_view(ctx, m.outcome);
      r["agency"] = agency_label(ctx, a);
      r["label"] = month_label(ctx, m.month);
      agency_months.push_back(r);
    }
  }
  // What the chart script draws; the same figures are in the month table.
  json chart = {{"labels", labels},
                {"series", json::array({{{"label", ctx.t("complaints_stats_received")}, {"data", received}},
                                        {{"label", ctx.t("complaints_stats_closed_in_time")}, {"data", in_time}}})},
                {"y_title", ctx.t("complaints_stats_chart_axis")}};
  return {{"range_text", month_label(ctx, s.range.from) + " – " + month_label(ctx, s.range.to)},
          {"total", count_text(ctx, total)},
          {"overall", outcome_view(ctx, s.overall)},
          {"statuses", statuses},
          {"months", months},
          {"agencies", agencies},
          {"has_agencies", !agencies.empty()},
          {"agency_months", agency_months},
          {"chart_json", chart.dump()}};
}

// The form's words for the service's errors on from/to.
Error page_errors(const RequestContext& ctx, Error e) {
  for (auto& f : e.fields) {
    std::string message;
    if (f.code == "invalid") message = ctx.t("complaints_stats_error_month");
    if (f.code == "before_from") message = ctx.t("complaints_stats_error_order");
    if (f.code == "too_long") message = ctx.t("complaints_stats_error_too_long");
    if (!message.empty()) f.message = f.message_en = message;
    f.field = f.field == "from" ? "dari" : "sampai";
  }
  return e;
}

Response statistics_page(RequestContext& ctx) {
  MonthRange r = default_range(ctx.app);
  if (auto f = ctx.req.query_param("dari"); f && !f->empty()) r.from = *f;
  if (auto t = ctx.req.query_param("sampai"); t && !t->empty()) r.to = *t;
  const std::string heading = ctx.t("complaints_stats_heading");
  json data = {{"heading", heading},
               {"from", r.from},
               {"to", r.to},
               {"breadcrumbs",
                json::array({{{"href", "/"}, {"label", ctx.t("nav_home")}}, {{"href", nullptr}, {"label", heading}}})}};
  auto s = statistics(ctx.app, r.from, r.to);
  if (!s) {
    if (s.error().kind != ErrorKind::kValidation) return web::page_error(ctx, s.error());
    data.update(web::form_errors(ctx, page_errors(ctx, s.error())));
    data["title"] = ctx.t("error_prefix") + ": " + heading;
    data["stats"] = false;
    return web::render_page(ctx, "complaints/statistics", data, 422);
  }
  data["title"] = heading;
  data["stats"] = statistics_view(ctx, *s);
  return web::render_page(ctx, "complaints/statistics", data);
}

}  // namespace

void register_statistics_routes(web::Router& router) {
  router.get_public("/api/v1/complaint-statistics", get_statistics);
  router.get_public("/pengaduan/statistik", statistics_page);
}

}  // namespace layan::complaints
