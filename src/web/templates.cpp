#include "web/templates.hpp"

#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>

namespace layan::web {
namespace {

namespace mu = kainjow::mustache;

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mu::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case nlohmann::json::value_t::string:
      return mu::data{j.get<std::string>()};
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mu::data{mu::data::type::bool_true} : mu::data{mu::data::type::bool_false};
    case nlohmann::json::value_t::null:
      return mu::data{mu::data::type::bool_false};
    default:
      return mu::data{j.dump()};
  }
}

}  // namespace

Templates::Templates(const std::string& share_dir) {
  namespace fs = std::filesystem;
  fs::path root = fs::path(share_dir) / "templates";
  if (!fs::is_directory(root)) throw std::runtime_error("no templates directory at " + root.string());
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".mustache") continue;
    auto rel = fs::relative(e.path(), root);
    rel.replace_extension();
    sources_[rel.generic_string()] = read_file(e.path());
  }
  for (const char* lang : {"id", "en"}) {
    auto p = fs::path(share_dir) / "i18n" / (std::string(lang) + ".json");
    auto j = nlohmann::json::parse(read_file(p), nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw std::runtime_error("invalid messages file " + p.string());
    messages_[lang] = std::move(j);
  }
}

const nlohmann::json& Templates::messages(const std::string& lang) const {
  auto it = messages_.find(lang);
  return it != messages_.end() ? it->second : messages_.at("id");
}

std::string Templates::message(const std::string& lang, const std::string& key) const {
  const auto& m = messages(lang);
  auto it = m.find(key);
  return it != m.end() && it->is_string() ? it->get<std::string>() : key;
}

std::string Templates::render(const std::string& name, nlohmann::json data, const std::string& lang) const {
  const std::string& source = sources_.at(name);
  data["t"] = messages(lang);
  data["lang"] = lang;
  data["lang_en"] = lang == "en";
  mu::data d = to_data(data);
  for (const auto& [pname, psrc] : sources_) d.set(pname, mu::partial([&psrc] { return psrc; }));
  mu::mustache tmpl{source};
  if (!tmpl.is_valid()) throw std::runtime_error("template " + name + ": " + tmpl.error_message());
  return tmpl.render(d);
}

std::string Templates::render_page(const std::string& name, nlohmann::json data, const std::string& lang) const {
  std::string content = render(name, data, lang);
  data["content"] = std::move(content);
  return render("layout", std::move(data), lang);
}

}  // namespace layan::web
