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

// Looks partials up in the template set instead of in the data, so the data
// need not carry every template on each render.
class PartialContext final : public mu::context<std::string> {
 public:
  PartialContext(const mu::data* data, const std::map<std::string, mu::data>& partials)
      : mu::context<std::string>(data), partials_(partials) {}
  const mu::data* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    return it == partials_.end() ? nullptr : &it->second;
  }

 private:
  const std::map<std::string, mu::data>& partials_;
};

// kainjow's render() mutates the parsed template, so each thread keeps its own
// parsed copy of each template it has rendered.
mu::mustache& parsed(const Templates* owner, const std::string& name, const std::string& source) {
  thread_local std::map<std::pair<const Templates*, std::string>, std::unique_ptr<mu::mustache>> cache;
  auto& slot = cache[{owner, name}];
  if (!slot) {
    slot = std::make_unique<mu::mustache>(source);
    if (!slot->is_valid()) {
      std::string err = slot->error_message();
      slot.reset();
      throw std::runtime_error("template " + name + ": " + err);
    }
  }
  return *slot;
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
  for (const auto& [name, src] : sources_) partials_.emplace(name, mu::data{src});
  for (const auto& [lang, msgs] : messages_) {
    globals_.emplace(lang, to_data({{"t", msgs}, {"lang", lang}, {"lang_en", lang == "en"}}));
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

std::string Templates::render_data(const std::string& name, const mu::data& data, const std::string& lang) const {
  const std::string& source = sources_.at(name);
  auto g = globals_.find(lang);
  if (g == globals_.end()) g = globals_.find("id");
  // The messages are converted once at start-up and looked up beneath the
  // page's own data, instead of being copied into every render.
  PartialContext ctx(&g->second, partials_);
  ctx.push(&data);
  auto& tmpl = parsed(this, name, source);
  std::string out = tmpl.render(ctx);
  if (!tmpl.is_valid()) throw std::runtime_error("template " + name + ": " + tmpl.error_message());
  return out;
}

std::string Templates::render(const std::string& name, const nlohmann::json& data, const std::string& lang) const {
  return render_data(name, to_data(data), lang);
}

std::string Templates::render_page(const std::string& name, const nlohmann::json& data, const std::string& lang) const {
  mu::data d = to_data(data);
  d.set("content", mu::data{render_data(name, d, lang)});
  return render_data("layout", d, lang);
}

}  // namespace layan::web
