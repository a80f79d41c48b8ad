#pragma once

// Collecting field errors for input validation: every bad field is reported
// at once, in Indonesian and English, under the field names of the JSON API
// so that API clients and page forms can place them.

#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/utf8.hpp"

namespace layan::validation {

// Slugs in URLs: lower-case letters, digits and single hyphens.
inline constexpr size_t kSlugMax = 64;

// What a field is called in each language, for messages.
struct Label {
  const char* id;
  const char* en;
};

inline bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// UTF-8 without control characters; line breaks and tabs only where the field
// may span lines.
inline bool clean_text(const std::string& s, bool multiline) {
  for (size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    if (cp == kInvalidCodePoint) return false;
    if (multiline && (cp == '\n' || cp == '\r' || cp == '\t')) continue;
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) return false;
  }
  return true;
}

// Collects field errors.
class Errors {
 public:
  void add(std::string field, std::string code, std::string id, std::string en) {
    list_.push_back({std::move(field), std::move(code), std::move(id), std::move(en)});
  }

  // A text field: required or optional, at most `max` bytes, clean.
  void text(const std::string& field, const std::string& value, Label label, bool required, size_t max,
            bool multiline = false) {
    if (required && blank(value)) {
      add(field, "required", std::string(label.id) + " wajib diisi", std::string(label.en) + " is required");
    } else if (value.size() > max) {
      add(field, "too_long", std::string(label.id) + " maksimal " + std::to_string(max) + " karakter",
          std::string(label.en) + " must be at most " + std::to_string(max) + " characters");
    } else if (!clean_text(value, multiline)) {
      add(field, "invalid_text", std::string(label.id) + " berisi karakter yang tidak diizinkan",
          std::string(label.en) + " contains characters that are not allowed");
    }
  }

  void slug(const std::string& value) {
    if (blank(value)) {
      add("slug", "required", "Slug wajib diisi", "Slug is required");
      return;
    }
    bool ok = value.size() <= kSlugMax && value.front() != '-' && value.back() != '-' &&
              value.find("--") == std::string::npos;
    for (char c : value) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    if (!ok) {
      add("slug", "invalid",
          "Slug hanya boleh berisi huruf kecil, angka dan tanda hubung, maksimal 64 karakter (contoh: "
          "akta-kelahiran)",
          "Slug may contain only lower-case letters, digits and single hyphens, at most 64 characters (e.g. "
          "akta-kelahiran)");
    }
  }

  Status result() {
    if (list_.empty()) return ok_status();
    return Error::validation(std::move(list_));
  }

  std::vector<FieldError>& list() { return list_; }

 private:
  std::vector<FieldError> list_;
};

}  // namespace layan::validation
