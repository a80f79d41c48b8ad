#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "web/context.hpp"

namespace layan::web {

// Helpers every handler uses to answer; the one place that shapes pages and
// API errors.

// Renders templates/<name>.mustache inside the layout. Adds what the layout
// needs: principal, csrf_token, path, lang_switch_url, flash (consumed),
// breadcrumbs default. `data["title"]` should be set by the caller.
Response render_page(RequestContext& ctx, const std::string& name, nlohmann::json data, int status = 200);

// problem+json for an API error.
Response api_error(const RequestContext& ctx, const Error& error);

// An HTML error page; kUnauthenticated redirects to the sign-in page and
// comes back afterwards. An error with a wait carries it as Retry-After.
Response page_error(RequestContext& ctx, const Error& error);

// Redirect after a successful form POST, showing message `t.<flash_key>` on
// the next page (flash_key is one of the i18n keys).
Response redirect_with_flash(RequestContext& ctx, const std::string& location, const std::string& flash_key);

// Field errors for a page form, in the page language: {"has_errors": true,
// "errors": [{field, message}], "field_errors": {field: {field, message}}},
// ready for the error summary (guard it with {{#has_errors}}) and the
// field_error partial ({{#field_errors.x}}{{> shared/field_error}}{{/field_errors.x}}).
nlohmann::json form_errors(const RequestContext& ctx, const Error& error);

// `message` (in the page language) with "{wait}" replaced by how long
// `seconds` is: "45 detik" / "45 seconds" under a minute, otherwise whole
// minutes rounded up ("2 menit" / "2 minutes"). For 429 answers.
std::string wait_message(const RequestContext& ctx, std::string message, int seconds);

// The URL of the current page in the other language.
std::string lang_switch_url(const RequestContext& ctx);

}  // namespace layan::web
