#pragma once

#include <map>
#include <string>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

namespace layan::web {

// Mustache templates from <share_dir>/templates (name = path without
// ".mustache", e.g. "catalogue/service") and UI messages from
// <share_dir>/i18n/<lang>.json. Loaded once at start-up; read-only after,
// so rendering is thread-safe.
class Templates {
 public:
  // Throws std::runtime_error when the directory or a message file is unreadable.
  explicit Templates(const std::string& share_dir);

  // Renders template `name` with `data`. Every template may include any other
  // as a partial: {{> shared/pagination}}. `t` (messages of `lang`) and `lang`
  // are added to the data. Throws std::out_of_range for an unknown name.
  std::string render(const std::string& name, const nlohmann::json& data, const std::string& lang) const;

  // Renders `name` and wraps it in templates/layout.mustache, which receives
  // the page as `content` along with the same data.
  std::string render_page(const std::string& name, const nlohmann::json& data, const std::string& lang) const;

  // One UI message; the key itself when missing (visible in tests).
  std::string message(const std::string& lang, const std::string& key) const;
  const nlohmann::json& messages(const std::string& lang) const;

  bool has(const std::string& name) const { return sources_.count(name) > 0; }

 private:
  std::string render_data(const std::string& name, const kainjow::mustache::data& data, const std::string& lang) const;

  std::map<std::string, std::string> sources_;
  std::map<std::string, nlohmann::json> messages_;           // lang -> key -> text
  std::map<std::string, kainjow::mustache::data> partials_;  // every template, as partial source
  std::map<std::string, kainjow::mustache::data> globals_;   // lang -> {t, lang, lang_en}
};

}  // namespace layan::web
