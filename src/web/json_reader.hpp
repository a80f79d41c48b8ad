#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/result.hpp"

namespace layan::web {

// Reads the members of one JSON object of a request body, collecting every
// type error as a FieldError (reported together as one 422) instead of
// stopping at the first. An absent or null member reads as the default.
// `prefix` names the object in field names ("standard.", "fee.").
class JsonReader {
 public:
  JsonReader(const nlohmann::json& obj, std::string prefix, std::vector<FieldError>& errors)
      : obj_(obj), prefix_(std::move(prefix)), errors_(errors) {}

  // A string, trimmed of surrounding white space.
  std::string text(const char* key);
  // A string exactly as sent (passwords).
  std::string exact_text(const char* key);
  // A whole number in [min, max]; integral floats (1e3) are accepted.
  int64_t whole(const char* key, int64_t def, int64_t min, int64_t max);
  // Any finite number, or nullopt when absent or null.
  std::optional<double> number(const char* key);
  bool boolean(const char* key, bool def);
  // A boolean that must be present.
  bool required_boolean(const char* key);
  // A positive id, or nullopt when absent or null.
  std::optional<int64_t> id(const char* key);
  // An array of strings (each trimmed), or nullopt when absent or null.
  std::optional<std::vector<std::string>> strings(const char* key);
  // A nested object; an absent or null member reads as empty.
  JsonReader object(const char* key);
  // Each element of an array of objects. The descriptions name the array and
  // one element in the type errors ("daftar objek {text, note}", ...).
  std::vector<JsonReader> objects(const char* key, const char* array_id, const char* array_en, const char* element_id,
                                  const char* element_en);

 private:
  const nlohmann::json* member(const char* key) const;
  void type_error(const std::string& key, const char* id, const char* en);
  int64_t out_of_range(const char* key, int64_t def);

  const nlohmann::json& obj_;
  std::string prefix_;
  std::vector<FieldError>& errors_;
};

// Reads a request body that must be a JSON object with `read(JsonReader&)`:
// kBadRequest when it is not an object, kValidation with every type error
// found, else what `read` returned.
template <typename T, typename Read>
Result<T> read_object(const nlohmann::json& body, Read read) {
  if (!body.is_object()) return Error::bad_request("the body must be a JSON object");
  std::vector<FieldError> errors;
  JsonReader r(body, "", errors);
  T out = read(r);
  if (!errors.empty()) return Error::validation(std::move(errors));
  return out;
}

}  // namespace layan::web
