#include "web/safe_next.hpp"

#include "web/http.hpp"

namespace layan::web {
namespace {

// Decodings of nested escapes ("%252F") followed before giving up.
constexpr int kMaxDecodings = 4;

// Not "//" or "/\" at the start, no "\" and no control character anywhere.
bool plain_path(std::string_view p) {
  if (p.empty() || p[0] != '/') return false;
  if (p.size() > 1 && p[1] == '/') return false;
  for (unsigned char c : p) {
    if (c < 0x20 || c == 0x7F || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::string safe_next(std::string_view next, std::string_view fallback) {
  if (next.size() > kMaxNextBytes || !plain_path(next)) return std::string(fallback);
  for (unsigned char c : next) {
    if (c <= 0x20 || c >= 0x7F) return std::string(fallback);
  }
  std::string decoded(next);
  for (int i = 0;; ++i) {
    std::string again = url_decode(decoded, false);
    if (again == decoded) break;
    if (i == kMaxDecodings || !plain_path(again)) return std::string(fallback);
    decoded = std::move(again);
  }
  return std::string(next);
}

}  // namespace layan::web
