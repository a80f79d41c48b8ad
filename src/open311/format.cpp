#include "open311/format.hpp"

#include "core/utf8.hpp"
#include "web/problem.hpp"

namespace layan::open311 {
namespace {

constexpr std::string_view kPrefix = "/open311/";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// GeoReport names the items of its lists after the list.
std::string_view item_name(std::string_view list) {
  if (list == "services") return "service";
  if (list == "service_requests") return "request";
  if (list == "errors") return "error";
  if (list == "attributes") return "attribute";
  if (list == "values") return "value";
  if (list == "endpoints") return "endpoint";
  if (list == "formats") return "format";
  return "item";
}

void write_element(std::string& out, std::string_view name, const Document& value) {
  out += '<';
  out += name;
  if (value.is_null()) {
    out += "/>";
    return;
  }
  out += '>';
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) write_element(out, key, child);
  } else if (value.is_array()) {
    const std::string_view item = item_name(name);
    for (const auto& child : value) write_element(out, item, child);
  } else if (value.is_string()) {
    out += xml_escape(value.get_ref<const std::string&>());
  } else if (value.is_boolean()) {
    out += value.get<bool>() ? "true" : "false";
  } else {
    out += xml_escape(value.dump());
  }
  out += "</";
  out += name;
  out += '>';
}

}  // namespace

bool is_open311_path(std::string_view path) {
  return path.substr(0, kPrefix.size()) == kPrefix || path == "/open311";
}

Format format_of_path(std::string_view path) {
  return ends_with(path, ".xml") ? Format::kXml : Format::kJson;
}

std::optional<std::pair<std::string, Format>> split_format(std::string_view segment) {
  for (auto [suffix, format] :
       {std::pair{std::string_view(".json"), Format::kJson}, std::pair{std::string_view(".xml"), Format::kXml}}) {
    if (ends_with(segment, suffix) && segment.size() > suffix.size()) {
      return std::make_pair(std::string(segment.substr(0, segment.size() - suffix.size())), format);
    }
  }
  return std::nullopt;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";  // a literal CR would be normalised away by the reader
        break;
      case '\t':
      case '\n':
        out += static_cast<char>(cp);
        break;
      default:
        if (cp == kInvalidCodePoint || cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) cp = 0xFFFD;
        append_utf8(out, cp);
    }
  }
  return out;
}

std::string to_xml(const Document& doc, std::string_view root) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  write_element(out, root, doc);
  out += '\n';
  return out;
}

web::Response document_response(Format f, int status, const Document& doc, std::string_view root) {
  if (f == Format::kXml) return web::Response::text(status, to_xml(doc, root), "text/xml; charset=utf-8");
  return web::Response::text(status, doc.dump(-1, ' ', false, Document::error_handler_t::replace),
                             "application/json; charset=utf-8");
}

int status_of(const Error& error) {
  switch (error.kind) {
    case ErrorKind::kValidation:
      return 400;
    case ErrorKind::kUnauthenticated:
      return 403;
    default:
      return web::problem_info(error.kind).status;
  }
}

Document errors_document(const Error& error) {
  const int code = status_of(error);
  Document list = Document::array();
  for (const auto& f : error.fields) {
    list.push_back({{"code", code}, {"description", f.field.empty() ? f.message_en : f.field + ": " + f.message_en}});
  }
  if (list.empty()) {
    std::string description = error.detail.empty() ? web::problem_info(error.kind).title_en : error.detail;
    list.push_back({{"code", code}, {"description", description}});
  }
  return list;
}

web::Response error_response(Format f, const Error& error) {
  web::Response r = document_response(f, status_of(error), errors_document(error), "errors");
  if (error.retry_after_s > 0) r.set_header("Retry-After", std::to_string(error.retry_after_s));
  return r;
}

web::Response internal_error_response(Format f) {
  Document list = Document::array({Document{{"code", 500}, {"description", "internal server error"}}});
  return document_response(f, 500, list, "errors");
}

}  // namespace layan::open311
