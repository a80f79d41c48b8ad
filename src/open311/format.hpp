#pragma once

// Open311 GeoReport v2 documents in JSON and XML, and its error format. Every
// answer under /open311/ (the pipeline's own 404/405/413 included) is shaped
// here.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "web/http.hpp"

namespace layan::open311 {

// GeoReport documents keep their fields in the order of the specification.
using Document = nlohmann::ordered_json;

// The format of a resource is the suffix of its path: services.json, services.xml.
enum class Format { kJson, kXml };

// True for paths under /open311/ (answered in the Open311 formats).
bool is_open311_path(std::string_view path);

// The format a path asks for: kXml when it ends in ".xml", else kJson (so an
// unknown path is answered in JSON unless it asked for XML).
Format format_of_path(std::string_view path);

// Splits the last path segment "K7M2-9QXR-4TPA.xml" into its name and format;
// nullopt when it has no ".json" or ".xml" suffix or the name is empty.
std::optional<std::pair<std::string, Format>> split_format(std::string_view segment);

// `text` as XML character data: & < > " ' become entities; bytes that are not
// valid UTF-8 and characters XML 1.0 forbids (C0 controls other than tab, LF
// and CR, U+FFFE, U+FFFF) become U+FFFD, so any input gives a well-formed
// document.
std::string xml_escape(std::string_view text);

// `doc` as an XML document (with the UTF-8 declaration) whose root element is
// `root`. Object members become child elements named by their keys, in order;
// the items of an array become elements named after the array as GeoReport
// names them (services → service, service_requests → request, errors →
// error, attributes → attribute, values → value, endpoints → endpoint,
// formats → format; otherwise "item"). null is an empty element, booleans are
// "true"/"false". Keys must be XML names (they are the fixed field names of
// the specification).
std::string to_xml(const Document& doc, std::string_view root);

// A response holding `doc` in format `f` (application/json or text/xml, UTF-8);
// `root` names the XML root element.
web::Response document_response(Format f, int status, const Document& doc, std::string_view root);

// The HTTP status of `error` in GeoReport terms: a validation failure is 400,
// a missing or unknown API key 403; other kinds keep their status
// (web/problem.cpp).
int status_of(const Error& error);

// The GeoReport error list of `error`: one {code, description} per field
// error ("field: message", English), else one with the error's detail.
Document errors_document(const Error& error);

// `error` as a GeoReport error list in format `f`, with status_of(error) (and
// Retry-After when the error carries a wait).
web::Response error_response(Format f, const Error& error);

// A 500 as a GeoReport error list, without any detail of the failure.
web::Response internal_error_response(Format f);

}  // namespace layan::open311
