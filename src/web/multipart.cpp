#include "web/multipart.hpp"

#include <cctype>

#include "core/utf8.hpp"

namespace layan::web {
namespace {

constexpr std::string_view kCrlf = "\r\n";

Error bad(std::string detail) {
  return Error::bad_request("multipart body: " + std::move(detail));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_ctl(char c) {
  auto u = static_cast<unsigned char>(c);
  return (u < 0x20 && c != '\t') || u == 0x7f;
}

// A header value of the form `value *( ";" name "=" value )` (RFC 7231
// media types, RFC 6266 dispositions). Parameter names are lower-cased.
struct HeaderValue {
  std::string value;
  std::vector<std::pair<std::string, std::string>> params;

  const std::string* param(std::string_view name) const {
    for (const auto& [k, v] : params) {
      if (k == name) return &v;
    }
    return nullptr;
  }
};

// Parameters are `name=token` or `name="quoted string"`. In a quoted string a
// backslash escapes only `"` and `\`; any other backslash is kept, because
// browsers send Windows paths in filename without escaping them (HTML's
// multipart encoding percent-encodes `"` instead of escaping it).
Result<HeaderValue> parse_header_value(std::string_view s) {
  HeaderValue out;
  size_t semi = s.find(';');
  out.value = lower(trim(s.substr(0, semi)));
  size_t i = semi == std::string_view::npos ? s.size() : semi + 1;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i == s.size()) break;  // a trailing ";"
    size_t eq = s.find('=', i);
    if (eq == std::string_view::npos) return bad("a header parameter has no value");
    std::string name = lower(trim(s.substr(i, eq - i)));
    if (name.empty()) return bad("a header parameter has no name");
    i = eq + 1;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i];
        if (c == '"') {
          closed = true;
          ++i;
          break;
        }
        if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) {
          value += s[i + 1];
          i += 2;
          continue;
        }
        value += c;
        ++i;
      }
      if (!closed) return bad("an unterminated quoted string in a header");
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] != ';') return bad("text after a quoted header parameter");
    } else {
      size_t end = s.find(';', i);
      if (end == std::string_view::npos) end = s.size();
      std::string_view token = trim(s.substr(i, end - i));
      for (char c : token) {
        if (c == ' ' || c == '\t' || c == '"') return bad("a header parameter value must be a token or quoted");
      }
      value = std::string(token);
      i = end;
    }
    if (out.param(name)) return bad("header parameter " + name + " given twice");
    out.params.emplace_back(std::move(name), std::move(value));
    if (i < s.size() && s[i] == ';') ++i;
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// An RFC 5987 ext-value (`charset'language'percent-encoded`) as UTF-8.
// nullopt for a charset other than UTF-8 or ISO-8859-1 (the two every
// recipient must support), so that the plain filename is used instead.
Result<std::optional<std::string>> decode_ext_value(std::string_view v) {
  size_t q1 = v.find('\'');
  size_t q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return bad("filename* is not charset'language'value");
  std::string charset = lower(v.substr(0, q1));
  std::string raw;
  for (size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] == '%') {
      int hi = i + 2 < v.size() ? hex_value(v[i + 1]) : -1;
      int lo = hi >= 0 ? hex_value(v[i + 2]) : -1;
      if (lo < 0) return bad("filename* has a malformed percent escape");
      raw += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      raw += v[i];
    }
  }
  if (charset == "utf-8") {
    if (!is_valid_utf8(raw)) return bad("filename* is not valid UTF-8");
    return std::optional<std::string>(std::move(raw));
  }
  if (charset == "iso-8859-1") {
    std::string utf8;
    for (char c : raw) append_utf8(utf8, static_cast<unsigned char>(c));
    return std::optional<std::string>(std::move(utf8));
  }
  return std::optional<std::string>();
}

// Fills `part` from its header block (the lines between the delimiter line
// and the empty line, CRLF-separated).
Status parse_part_headers(std::string_view block, Part& part) {
  bool have_disposition = false;
  while (!block.empty()) {
    size_t eol = block.find(kCrlf);
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    if (line.empty()) return bad("an empty line inside part headers");
    if (line.front() == ' ' || line.front() == '\t') return bad("folded part headers are not accepted");
    for (char c : line) {
      if (is_ctl(c)) return bad("a control character in part headers");
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return bad("a part header line without a name");
    std::string name = lower(line.substr(0, colon));
    if (name.find_first_of(" \t") != std::string::npos) return bad("a part header name with white space");
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      if (have_disposition) return bad("Content-Disposition given twice in one part");
      have_disposition = true;
      auto cd = parse_header_value(value);
      if (!cd) return cd.error();
      if (cd->value != "form-data") return bad("a part's Content-Disposition is not form-data");
      const std::string* n = cd->param("name");
      if (!n || n->empty()) return bad("a part without a name");
      part.name = *n;
      const std::string* plain = cd->param("filename");
      const std::string* ext = cd->param("filename*");
      part.is_file = plain || ext;
      if (plain) part.filename = *plain;
      if (ext) {
        auto decoded = decode_ext_value(*ext);
        if (!decoded) return decoded.error();
        if (*decoded) part.filename = std::move(**decoded);
      }
    } else if (name == "content-type") {
      if (!part.content_type.empty()) return bad("Content-Type given twice in one part");
      part.content_type = std::string(value);
    }
    // Other headers (Content-Transfer-Encoding is deprecated by RFC 7578) are ignored.
  }
  if (!have_disposition) return bad("a part without Content-Disposition");
  return ok_status();
}

bool is_bchar(char c) {
  // RFC 2046 bcharsnospace plus space.
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> Multipart::field(std::string_view name) const {
  for (const auto& p : parts) {
    if (!p.is_file && p.name == name) return p.data;
  }
  return std::nullopt;
}

std::vector<const Part*> Multipart::files(std::string_view name) const {
  std::vector<const Part*> out;
  for (const auto& p : parts) {
    if (p.is_file && p.name == name && !(p.filename.empty() && p.data.empty())) out.push_back(&p);
  }
  return out;
}

Pairs Multipart::fields() const {
  Pairs out;
  for (const auto& p : parts) {
    if (!p.is_file) out.emplace_back(p.name, p.data);
  }
  return out;
}

Result<std::string> multipart_boundary(std::string_view content_type) {
  if (lower(trim(content_type.substr(0, content_type.find(';')))) != "multipart/form-data") {
    return Error{ErrorKind::kUnsupportedMediaType, "the body must be multipart/form-data", {}};
  }
  for (char c : content_type) {
    if (is_ctl(c)) return bad("a control character in Content-Type");
  }
  auto ct = parse_header_value(content_type);
  if (!ct) return ct.error();
  const std::string* b = ct->param("boundary");
  if (!b) return bad("Content-Type has no boundary");
  if (b->empty() || b->size() > 70 || b->back() == ' ') return bad("the boundary must be 1 to 70 characters");
  for (char c : *b) {
    if (!is_bchar(c)) return bad("the boundary has a character RFC 2046 does not allow");
  }
  return *b;
}

Result<Multipart> parse_multipart(std::string_view content_type, std::string_view body, const MultipartLimits& limits) {
  auto boundary = multipart_boundary(content_type);
  if (!boundary) return boundary.error();
  const std::string delimiter = "--" + *boundary;
  const std::string next_delimiter = std::string(kCrlf) + delimiter;

  // The first delimiter opens the body or follows the preamble's last CRLF.
  size_t pos = 0;
  if (body.substr(0, delimiter.size()) != delimiter) {
    pos = body.find(next_delimiter);
    if (pos == std::string_view::npos) return bad("no boundary delimiter found");
    pos += kCrlf.size();
  }

  Multipart out;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return out;  // the close delimiter; the rest is epilogue
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;  // transport padding
    if (body.substr(pos, 2) != kCrlf) {
      return bad(pos >= body.size() ? "the body ends after a delimiter" : "a delimiter line does not end in CRLF");
    }
    pos += 2;
    if (out.parts.size() == limits.max_parts) {
      return bad("more than " + std::to_string(limits.max_parts) + " parts");
    }

    // Part headers end at the first empty line; a part with none at all
    // lacks the Content-Disposition every form-data part needs.
    if (body.substr(pos, 2) == kCrlf) return bad("a part without Content-Disposition");
    std::string_view window = body.substr(pos, limits.max_header_bytes + 4);
    size_t end = window.find("\r\n\r\n");
    if (end == std::string_view::npos && window.size() <= limits.max_header_bytes + 3) {
      return bad("unterminated part headers");
    }
    if (end == std::string_view::npos || end > limits.max_header_bytes) {
      return bad("part headers longer than " + std::to_string(limits.max_header_bytes) + " bytes");
    }
    Part part;
    if (auto s = parse_part_headers(body.substr(pos, end), part); !s) return s.error();
    size_t content = pos + end + 4;

    size_t next = body.find(next_delimiter, content);
    if (next == std::string_view::npos) return bad("a part is not terminated by a boundary delimiter");
    part.data = std::string(body.substr(content, next - content));
    out.parts.push_back(std::move(part));
    pos = next + kCrlf.size();
  }
}

}  // namespace layan::web
