#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "web/http.hpp"

namespace layan::web {

// One part of a multipart/form-data body (RFC 7578).
struct Part {
  std::string name;          // Content-Disposition name
  std::string filename;      // filename* (RFC 5987, decoded to UTF-8) when given, else filename; as sent
  std::string content_type;  // the part's Content-Type header as sent (trimmed); empty when absent
  std::string data;          // the part's bytes
  bool is_file = false;      // Content-Disposition carried a filename or filename* parameter
};

// A parsed multipart/form-data body: its parts in the order they were sent.
struct Multipart {
  std::vector<Part> parts;

  // Value of the first non-file part called `name`.
  std::optional<std::string> field(std::string_view name) const;
  // The file parts called `name`, in order, without the empty part a browser
  // sends for a file input left empty (no filename and no bytes). The
  // pointers are valid as long as this Multipart lives and is not modified.
  std::vector<const Part*> files(std::string_view name) const;
  // Every non-file part as (name, value), like parse_form() gives for an
  // application/x-www-form-urlencoded body.
  Pairs fields() const;
};

struct MultipartLimits {
  size_t max_parts = 64;
  size_t max_header_bytes = 8192;  // the header block of one part
};

// The boundary parameter of a multipart/form-data Content-Type (quoted or
// not; 1 to 70 characters of RFC 2046 bchars). kUnsupportedMediaType when the
// media type is not multipart/form-data, kBadRequest when the boundary is
// missing or invalid.
Result<std::string> multipart_boundary(std::string_view content_type);

// Parses a multipart/form-data body (RFC 7578, RFC 2046): preamble and
// epilogue are ignored, lines end in CRLF, every part needs a
// Content-Disposition of type form-data with a name. Errors as for
// multipart_boundary(); any malformed body (no delimiter, a part that is not
// terminated, more than `max_parts` parts, a header block longer than
// `max_header_bytes`, a bad header) is kBadRequest. Never throws on any input.
Result<Multipart> parse_multipart(std::string_view content_type, std::string_view body,
                                  const MultipartLimits& limits = {});

}  // namespace layan::web
