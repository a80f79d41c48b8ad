#pragma once

// Shared by pages.cpp (the citizen's pages), staff_pages.cpp (the staff's)
// and page_common.cpp; not part of the module's interface. Everything here
// only shapes what the service layer returned for templates: privacy is the
// service's job (service.hpp), never decided here.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalogue/page_form.hpp"
#include "complaints/service.hpp"
#include "core/clock.hpp"
#include "web/context.hpp"
#include "web/router.hpp"

namespace layan::complaints {

// /kelola/pengaduan...: the desk's queue, the agency inbox, a report for staff.
void register_staff_pages(web::Router& router);

// The prefix of this module's UI messages.
inline constexpr const char* kKeys = "complaints_";

// How one page shows times: the MPP's zone, and "now" for overdue flags.
struct PageTime {
  std::string timezone;
  TimePoint now;
};
PageTime page_time(web::RequestContext& ctx);

// "23 November 2026, 11.05 WIB"; empty for an empty time.
std::string local_time(const web::RequestContext& ctx, const PageTime& pt, const std::string& utc);

std::string type_label(const web::RequestContext& ctx, Type t);
std::string privacy_label(const web::RequestContext& ctx, Privacy p);
// How a report reached the mall ("Situs web", "Telepon", ...).
std::string channel_label(const web::RequestContext& ctx, const std::string& channel);
// {"value", "label", "tag" (GOV.UK tag modifier class), "explain" (plain words for the reporter)}.
nlohmann::json status_json(const web::RequestContext& ctx, Status s);

// The running deadlines of a report, earliest first:
// [{"label", "at" (local), "datetime" (UTC), "overdue"}].
nlohmann::json deadlines_json(const web::RequestContext& ctx, const PageTime& pt, const Complaint& c);

// The report's head for templates: code, title, type, privacy, status,
// service, agency, unit, location, event date, description paragraphs,
// submitted time, rating. The caller decides which parts a template shows.
nlohmann::json complaint_json(const web::RequestContext& ctx, const PageTime& pt, const Complaint& c);

// The timeline as the view carries it (already filtered for the viewer), the
// newest last, each event with its attachments linked under `file_base`
// (".../lampiran/"). Staff pages see who acted and internal notes marked.
nlohmann::json timeline_json(const web::RequestContext& ctx, const PageTime& pt, const ComplaintView& v,
                             const std::string& file_base, bool staff);
// The attachments of the report itself (not of an event).
nlohmann::json report_files_json(const web::RequestContext& ctx, const ComplaintView& v, const std::string& file_base);

// "12 KB", "1,2 MB" (the page language's decimal mark).
std::string file_size_text(const web::RequestContext& ctx, int64_t bytes);

// A posted form: its text fields and the files of one file field.
struct PostedForm {
  web::Pairs fields;
  std::vector<Upload> files;
  std::string field(const std::string& name) const;  // trimmed; empty when missing
};
// Reads a multipart/form-data or url-encoded body, taking the files
// (RequestContext::take_files). kBadRequest for a malformed multipart body.
Result<PostedForm> read_posted(const web::RequestContext& ctx, const std::string& file_field);

// One action's form on a report page: heading, intro and button from the
// i18n keys complaints_action_{heading,intro,button}_<action>; a warning form
// is styled as such and never leads.
nlohmann::json action_form(const web::RequestContext& ctx, const std::string& action, nlohmann::json fields,
                           bool multipart, bool warning);
// The first form is the one the page leads to: a primary button, unless it
// is a warning.
void lead_with_primary(nlohmann::json& forms);

// Attachment `aid` of the view (already authorized for the viewer), or 404.
web::Response attachment_response(web::RequestContext& ctx, const ComplaintView& v, int64_t aid);

// A positive id written in digits (a form value, a query parameter), or nullopt.
std::optional<int64_t> parse_id(const std::string& s);

// The guest's contact token, from its cookie (kContactCookie).
std::string contact_token_of(const web::RequestContext& ctx);

// A field as the complaints templates render it (templates/complaints/field):
// FormView's description plus the keys for file inputs and grouped selects,
// every key present so that Mustache never falls back to an outer context.
nlohmann::json field_json(nlohmann::json f);
// A file input for up to Config::max_attachments files, with the limits
// said in its hint.
nlohmann::json file_field(const web::RequestContext& ctx, catalogue::FormView& view, const std::string& id);

// Places the field errors of a failed service call on `st`, renaming the
// service's field names by `rename` (service field -> form field id); an
// error without a field lands on `fallback_field` ("" = the summary only).
void place_errors(const web::RequestContext& ctx, catalogue::FormState& st, const Error& e,
                  const std::vector<std::pair<std::string, std::string>>& rename,
                  const std::string& fallback_field = "");

// Parses a decimal number as people type it ("-6.2", "-6,2"); nullopt when
// it is not one.
std::optional<double> parse_decimal(const std::string& text);

}  // namespace layan::complaints
