#include "files/download.hpp"

#include "files/attachment.hpp"

namespace layan::files {
namespace {

// RFC 8187 attr-char: what filename* may carry unencoded.
bool is_attr_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string content_disposition(const std::string& filename, bool inline_disposition) {
  std::string ascii, encoded;
  constexpr std::string_view kHex = "0123456789ABCDEF";
  for (unsigned char c : filename) {
    // Old clients read only `filename`: printable ASCII, nothing that needs
    // escaping inside a quoted string.
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%') ? static_cast<char>(c) : '_';
    if (is_attr_char(c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  if (filename.empty()) ascii = encoded = "lampiran";
  return std::string(inline_disposition ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" +
         encoded;
}

web::Response download_response(const std::string& bytes, const std::string& mime, const std::string& filename,
                                bool inline_allowed) {
  bool known = is_allowed_mime(mime);
  bool image = known && mime.rfind("image/", 0) == 0;
  web::Response r = web::Response::text(200, bytes, known ? mime : "application/octet-stream");
  r.set_header("Content-Disposition", content_disposition(filename, inline_allowed && image));
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Cache-Control", "private, no-store");
  r.set_header("Cross-Origin-Resource-Policy", "same-origin");
  r.set_header("Content-Security-Policy", "sandbox; default-src 'none'; frame-ancestors 'none'");
  return r;
}

}  // namespace layan::files
