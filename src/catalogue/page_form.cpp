#include "catalogue/page_form.hpp"

#include <algorithm>
#include <cctype>

#include "app/app.hpp"
#include "catalogue/page_format.hpp"
#include "catalogue/pages_internal.hpp"
#include "web/respond.hpp"
#include "web/templates.hpp"

namespace layan::catalogue {

using nlohmann::json;

const std::string& FormState::value(const std::string& id) const {
  static const std::string kEmpty;
  auto it = values.find(id);
  return it == values.end() ? kEmpty : it->second;
}

void FormState::add_errors(const web::RequestContext& ctx, const Error& error) {
  for (const auto& f : error.fields) add_error(form_field_id(f.field), ctx.pick(f.message, f.message_en));
  if (error.fields.empty()) add_error("", error.detail);
}

std::string form_field_id(const std::string& field) {
  std::string f = field;
  for (const char* prefix : {"standard.", "management.", "service.", "fee.", "duration."}) {
    std::string p = prefix;
    if (f.rfind(p, 0) == 0) {
      // "fee.amount" and "duration.value" keep their group in the id.
      f = (p == "fee." || p == "duration.") ? p.substr(0, p.size() - 1) + "_" + f.substr(p.size()) : f.substr(p.size());
    }
  }
  if (size_t bracket = f.find('['); bracket != std::string::npos) f.resize(bracket);
  for (char& c : f) {
    if (c == '.') c = '_';
  }
  if (f == "fee") return "fee_amount";
  if (f == "duration") return "duration_value";
  if (f == "unit") return "unit_id";
  return f;
}

FormState read_form(const web::Pairs& form, const std::vector<std::string>& text_fields,
                    const std::vector<std::string>& checkbox_groups) {
  FormState st;
  for (const auto& id : text_fields) st.values[id] = trim(web::find_pair(form, id).value_or(""));
  for (const auto& id : checkbox_groups) st.lists[id] = web::find_all(form, id);
  return st;
}

std::string FormView::hint_text(const std::string& key) const {
  const auto& messages = ctx_.app.templates->messages(ctx_.lang);
  auto it = messages.find(key);
  return it != messages.end() && it->is_string() ? it->get<std::string>() : "";
}

json FormView::base(const std::string& id, const char* kind) {
  order_.push_back(id);
  std::string hint = hint_text(prefix_ + "hint_" + id);
  auto err = state_.errors.find(id);
  std::string describedby;
  if (!hint.empty()) describedby = id + "-hint";
  if (err != state_.errors.end()) describedby += (describedby.empty() ? "" : " ") + id + "-error";
  json f = {{"id", id},
            {"name", id},
            {"label", ctx_.t(prefix_ + "label_" + id)},
            {"hint", hint.empty() ? json(false) : json(hint)},
            {"hint_id", id + "-hint"},
            {"error", err == state_.errors.end() ? json(false) : json(err->second)},
            {"field_error", err == state_.errors.end() ? json(false) : json({{"field", id}, {"message", err->second}})},
            {"describedby", describedby.empty() ? json(false) : json(describedby)},
            {"value", state_.value(id)},
            {"is_text", false},
            {"is_textarea", false},
            {"is_select", false},
            {"is_checkboxes", false},
            {"is_radios", false},
            {"is_date", false},
            {"rows", false},
            {"width", false},
            {"prefix", false},
            {"suffix", false},
            {"inputmode", false},
            {"autocomplete", false},
            {"spellcheck_off", false},
            {"options", json::array()},
            {"items", json::array()},
            {"parts", json::array()}};
  f[std::string("is_") + kind] = true;
  return f;
}

json FormView::text(const std::string& id, json extra) {
  json f = base(id, "text");
  f.update(extra);
  return f;
}

json FormView::textarea(const std::string& id, int rows, json extra) {
  json f = base(id, "textarea");
  f["rows"] = rows;
  f.update(extra);
  return f;
}

json FormView::select(const std::string& id, const std::vector<Choice>& choices) {
  json f = base(id, "select");
  for (const auto& c : choices) {
    f["options"].push_back({{"value", c.value}, {"label", c.label}, {"selected", c.value == state_.value(id)}});
  }
  return f;
}

json FormView::checkboxes(const std::string& id, const std::vector<Choice>& choices) {
  json f = base(id, "checkboxes");
  auto it = state_.lists.find(id);
  for (size_t i = 0; i < choices.size(); ++i) {
    bool checked = false;
    if (it != state_.lists.end()) {
      for (const auto& v : it->second) checked = checked || v == choices[i].value;
    }
    // The first box carries the field's id so that the error summary links to it.
    f["items"].push_back({{"id", i == 0 ? id : id + "-" + choices[i].value},
                          {"value", choices[i].value},
                          {"label", choices[i].label},
                          {"checked", checked}});
  }
  return f;
}

json FormView::radios(const std::string& id, const std::vector<Choice>& choices) {
  json f = base(id, "radios");
  for (size_t i = 0; i < choices.size(); ++i) {
    // The first radio carries the field's id so that the error summary links to it.
    f["items"].push_back({{"id", i == 0 ? id : id + "-" + choices[i].value},
                          {"value", choices[i].value},
                          {"label", choices[i].label},
                          {"checked", choices[i].value == state_.value(id)}});
  }
  return f;
}

json FormView::date(const std::string& id) {
  json f = base(id, "date");
  // The day input carries the field's id so that the error summary links to it.
  const char* parts[] = {"day", "month", "year"};
  for (const char* p : parts) {
    std::string name = id + "-" + p;
    f["parts"].push_back({{"id", std::string(p) == "day" ? id : name},
                          {"name", name},
                          {"label", ctx_.t(std::string("date_") + p)},
                          {"value", state_.value(name)},
                          {"width", std::string(p) == "year" ? "4" : "2"}});
  }
  return f;
}

json FormView::group(const std::string& legend_key, json fields) {
  std::string hint = hint_text(legend_key + "_hint");
  return {{"legend", ctx_.t(legend_key)},
          {"group_hint", hint.empty() ? json(false) : json(hint)},
          {"group_hint_id", legend_key + "-hint"},
          {"fields", std::move(fields)}};
}

json FormView::summary() const {
  json out = json::array();
  for (const auto& id : order_) {
    if (auto it = state_.errors.find(id); it != state_.errors.end()) {
      out.push_back({{"field", id}, {"message", it->second}});
    }
  }
  for (const auto& [id, message] : state_.errors) {
    if (std::find(order_.begin(), order_.end(), id) == order_.end()) {
      out.push_back({{"field", false}, {"message", message}});
    }
  }
  return out;
}

std::string slug_from(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  out.resize(std::min<size_t>(out.size(), 60));
  // Trimmed after cutting too: the cut may end on a hyphen.
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

web::Response render_form(web::RequestContext& ctx, const FormPage& page, const FormView& view, json groups,
                          const FormState& st, int status) {
  json data = {{"title", st.has_errors() ? ctx.t("error_prefix") + ": " + page.heading : page.heading},
               {"heading", page.heading},
               {"groups", std::move(groups)},
               {"errors", view.summary()},
               {"has_errors", st.has_errors()},
               {"nav_active_manage", true},
               {"caption", page.caption},
               {"action", page.action},
               {"submit", page.submit},
               {"cancel_url", page.cancel_url},
               {"intro", page.intro.empty() ? json(false) : json(page.intro)},
               {"breadcrumbs", breadcrumbs(ctx, page.trail)}};
  return web::render_page(ctx, "catalogue/form", std::move(data), status);
}

bool place_write_error(const web::RequestContext& ctx, FormState& st, const Error& e, const char* slug_taken_key) {
  if (e.kind == ErrorKind::kValidation) {
    st.add_errors(ctx, e);
    return true;
  }
  if (e.kind == ErrorKind::kConflict) {
    st.add_error("slug", ctx.t(slug_taken_key));
    return true;
  }
  return false;
}

std::string join_date(const std::string& day, const std::string& month, const std::string& year) {
  if (day.empty() && month.empty() && year.empty()) return "";
  auto pad = [](const std::string& s, size_t width) {
    if (s.empty() || s.size() > width || s.find_first_not_of("0123456789") != std::string::npos) return s;
    return std::string(width - s.size(), '0') + s;
  };
  return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
}

}  // namespace layan::catalogue
