#include "web/json_reader.hpp"

#include <cmath>
#include <limits>

namespace layan::web {
namespace {

using nlohmann::json;

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

const json* JsonReader::member(const char* key) const {
  auto it = obj_.find(key);
  if (it == obj_.end() || it->is_null()) return nullptr;
  return &*it;
}

void JsonReader::type_error(const std::string& key, const char* id, const char* en) {
  errors_.push_back({prefix_ + key, "type", std::string("Harus berupa ") + id, std::string("Must be ") + en});
}

int64_t JsonReader::out_of_range(const char* key, int64_t def) {
  errors_.push_back(
      {prefix_ + key, "out_of_range", "Angka di luar rentang yang diizinkan", "The number is out of range"});
  return def;
}

std::string JsonReader::exact_text(const char* key) {
  const json* v = member(key);
  if (!v) return "";
  if (!v->is_string()) {
    type_error(key, "teks", "a string");
    return "";
  }
  return v->get<std::string>();
}

std::string JsonReader::text(const char* key) {
  return trim(exact_text(key));
}

int64_t JsonReader::whole(const char* key, int64_t def, int64_t min, int64_t max) {
  const json* v = member(key);
  if (!v) return def;
  if (v->is_number_integer() && !v->is_number_unsigned()) {
    int64_t n = v->get<int64_t>();
    return n < min || n > max ? out_of_range(key, def) : n;
  }
  if (v->is_number_unsigned()) {
    auto u = v->get<uint64_t>();
    if (u > static_cast<uint64_t>(max)) return out_of_range(key, def);
    return static_cast<int64_t>(u);
  }
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::isfinite(d) && std::floor(d) == d && d >= static_cast<double>(min) && d <= static_cast<double>(max)) {
      return static_cast<int64_t>(d);
    }
    if (std::isfinite(d) && std::floor(d) == d) return out_of_range(key, def);
  }
  type_error(key, "bilangan bulat", "a whole number");
  return def;
}

std::optional<double> JsonReader::number(const char* key) {
  const json* v = member(key);
  if (!v) return std::nullopt;
  if (v->is_number() && std::isfinite(v->get<double>())) return v->get<double>();
  type_error(key, "bilangan", "a number");
  return std::nullopt;
}

bool JsonReader::boolean(const char* key, bool def) {
  const json* v = member(key);
  if (!v) return def;
  if (!v->is_boolean()) {
    type_error(key, "true atau false", "true or false");
    return def;
  }
  return v->get<bool>();
}

bool JsonReader::required_boolean(const char* key) {
  const json* v = member(key);
  if (!v || !v->is_boolean()) {
    type_error(key, "true atau false", "true or false");
    return false;
  }
  return v->get<bool>();
}

std::optional<int64_t> JsonReader::id(const char* key) {
  const json* v = member(key);
  if (!v) return std::nullopt;
  bool positive =
      v->is_number_unsigned()
          ? v->get<uint64_t>() >= 1 && v->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
          : v->is_number_integer() && v->get<int64_t>() > 0;
  if (!positive) {
    type_error(key, "id berupa bilangan bulat positif", "a positive whole-number id");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<std::vector<std::string>> JsonReader::strings(const char* key) {
  const json* v = member(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    type_error(key, "daftar teks", "an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const json& e = (*v)[i];
    if (!e.is_string()) {
      type_error(std::string(key) + "[" + std::to_string(i) + "]", "teks", "a string");
      continue;
    }
    out.push_back(trim(e.get<std::string>()));
  }
  return out;
}

JsonReader JsonReader::object(const char* key) {
  static const json kEmptyObject = json::object();
  const json* v = member(key);
  if (v && !v->is_object()) {
    type_error(key, "objek", "an object");
    v = nullptr;
  }
  return JsonReader(v ? *v : kEmptyObject, prefix_ + key + ".", errors_);
}

std::vector<JsonReader> JsonReader::objects(const char* key, const char* array_id, const char* array_en,
                                            const char* element_id, const char* element_en) {
  std::vector<JsonReader> out;
  const json* v = member(key);
  if (!v) return out;
  if (!v->is_array()) {
    type_error(key, array_id, array_en);
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    std::string at = std::string(key) + "[" + std::to_string(i) + "]";
    const json& e = (*v)[i];
    if (!e.is_object()) {
      type_error(at, element_id, element_en);
      continue;
    }
    out.emplace_back(e, prefix_ + at + ".", errors_);
  }
  return out;
}

}  // namespace layan::web
