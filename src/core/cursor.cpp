#include "core/cursor.hpp"

#include <sodium.h>

#include <vector>

namespace layan {
namespace {

Error malformed() {
  return Error::bad_request("the cursor is malformed: pass next_cursor from a previous page unchanged");
}

}  // namespace

std::string encode_cursor(const nlohmann::json& position) {
  std::string raw = position.dump();
  std::string out(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

Result<nlohmann::json> decode_cursor(const std::string& cursor) {
  if (cursor.empty() || cursor.size() > kMaxCursorBytes) return malformed();
  std::vector<unsigned char> raw(cursor.size());
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(raw.data(), raw.size(), cursor.data(), cursor.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != cursor.data() + cursor.size()) {
    return malformed();
  }
  auto j = nlohmann::json::parse(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(len), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return malformed();
  return j;
}

}  // namespace layan
