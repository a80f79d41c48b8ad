#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "web/context.hpp"

namespace layan::catalogue {

// A staff form as shown: what the user typed (or the stored values, on first
// display) and what is wrong with each field. Re-showing a form from this
// state keeps everything the user typed.
struct FormState {
  std::map<std::string, std::string> values;              // field id -> text
  std::map<std::string, std::vector<std::string>> lists;  // checkbox groups
  std::map<std::string, std::string> errors;              // field id -> message; the first one wins

  const std::string& value(const std::string& id) const;
  bool has_errors() const { return !errors.empty(); }
  void add_error(const std::string& id, std::string message) { errors.emplace(id, std::move(message)); }
  // Field errors of a kValidation error from the service layer, in the page
  // language, mapped onto this form's field ids (see form_field_id).
  void add_errors(const web::RequestContext& ctx, const Error& error);
};

// The form field that a service-layer field name refers to:
// "requirements[2].text" -> "requirements", "management.legal_basis" ->
// "legal_basis", "fee.amount" -> "fee_amount".
std::string form_field_id(const std::string& field);

// Reads a posted form: each listed text field trimmed (a missing one is
// empty), each listed checkbox group as the values ticked.
FormState read_form(const web::Pairs& form, const std::vector<std::string>& text_fields,
                    const std::vector<std::string>& checkbox_groups = {});

struct Choice {
  std::string value, label;
};

// Builds the field descriptions that templates/catalogue/field.mustache
// renders: label (i18n `<prefix>label_<id>`), hint (`<prefix>hint_<id>` when
// it exists), error beside the field, aria-describedby, and the typed value.
// Every key is always present so that Mustache never falls back to an outer
// context. The prefix lets each form keep its own wording for common ids
// ("name" is a service's name in one form, an agency's in another).
class FormView {
 public:
  FormView(const web::RequestContext& ctx, const FormState& state, std::string key_prefix = "catalogue_")
      : ctx_(ctx), state_(state), prefix_(std::move(key_prefix)) {}

  nlohmann::json text(const std::string& id, nlohmann::json extra = nlohmann::json::object());
  nlohmann::json textarea(const std::string& id, int rows, nlohmann::json extra = nlohmann::json::object());
  nlohmann::json select(const std::string& id, const std::vector<Choice>& choices);
  nlohmann::json checkboxes(const std::string& id, const std::vector<Choice>& choices);
  // One choice of several, in a fieldset whose legend is the label.
  nlohmann::json radios(const std::string& id, const std::vector<Choice>& choices);
  // Day, month and year inputs (GOV.UK date input) of a YYYY-MM-DD value held
  // as <id>-day, <id>-month, <id>-year.
  nlohmann::json date(const std::string& id);

  // {"legend", "hint", "fields"} for one fieldset of the form.
  nlohmann::json group(const std::string& legend_key, nlohmann::json fields);

  // The error summary list [{field, message}] (shared/error_summary links
  // each to #field) in the order the fields appear; errors of fields not on
  // the form come last, with `field` false (no link).
  nlohmann::json summary() const;

 private:
  nlohmann::json base(const std::string& id, const char* kind);
  std::string hint_text(const std::string& key) const;

  const web::RequestContext& ctx_;
  const FormState& state_;
  std::string prefix_;
  std::vector<std::string> order_;
};

// A slug from the name when the user left it empty: "Pembuatan KTP-el" ->
// "pembuatan-ktp-el", at most 60 characters. Only a convenience; validation
// still has the last word.
std::string slug_from(const std::string& name);

// What a staff form page says around its fields (templates/catalogue/form.mustache).
struct FormPage {
  std::string heading;
  std::string caption;  // above the heading: what the form is about
  std::string action;   // where the form posts
  std::string submit;   // the button's label
  std::string cancel_url;
  std::string intro;                                       // empty: none
  std::vector<std::pair<std::string, std::string>> trail;  // breadcrumbs (url, label) before this page
};

// Renders a staff form: the title is prefixed on error, so screen reader
// users hear it first; the error summary links to the fields.
web::Response render_form(web::RequestContext& ctx, const FormPage& page, const FormView& view, nlohmann::json groups,
                          const FormState& st, int status);

// Places a failed write's error on the form: a validation error on its
// fields, a conflict (the only UNIQUE constraint these writes can hit is the
// slug) as `slug_taken_key` on the slug field. Returns false for anything
// else, which ends the form with an error page.
bool place_write_error(const web::RequestContext& ctx, FormState& st, const Error& e, const char* slug_taken_key);

// Joins the date input's three parts into YYYY-MM-DD ("" when all are
// empty); unpadded parts are padded. Anything else is returned as typed so
// that validation reports it.
std::string join_date(const std::string& day, const std::string& month, const std::string& year);

}  // namespace layan::catalogue
