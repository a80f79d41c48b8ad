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
// renders: label, hint (from i18n `catalogue_hint_<id>` when it exists),
// error beside the field, aria-describedby, and the typed value. Every key is
// always present so that Mustache never falls back to an outer context.
class FormView {
 public:
  FormView(const web::RequestContext& ctx, const FormState& state) : ctx_(ctx), state_(state) {}

  nlohmann::json text(const std::string& id, nlohmann::json extra = nlohmann::json::object());
  nlohmann::json textarea(const std::string& id, int rows, nlohmann::json extra = nlohmann::json::object());
  nlohmann::json select(const std::string& id, const std::vector<Choice>& choices);
  nlohmann::json checkboxes(const std::string& id, const std::vector<Choice>& choices);
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
  std::vector<std::string> order_;
};

// Joins the date input's three parts into YYYY-MM-DD ("" when all are
// empty); unpadded parts are padded. Anything else is returned as typed so
// that validation reports it.
std::string join_date(const std::string& day, const std::string& month, const std::string& year);

}  // namespace layan::catalogue
