#pragma once

#include <string>

#include "web/http.hpp"

namespace layan::files {

// The HTTP response that hands a stored file to a browser or API client.
// Authorization is the caller's job: call this only after checking that the
// caller may read the record the file belongs to.
//
// - Content-Type is `mime`, the type sniffed when the file was stored
//   (application/octet-stream when it is not an allowed type);
// - Content-Disposition is `inline` for an image when `inline_allowed`
//   (to show it in a page), `attachment` otherwise (PDFs always), with an
//   ASCII `filename` and the UTF-8 `filename*` of RFC 6266 / RFC 8187;
// - X-Content-Type-Options: nosniff, Cache-Control: private, no-store,
//   Cross-Origin-Resource-Policy: same-origin, and
//   Content-Security-Policy: sandbox; default-src 'none' (kept by the
//   pipeline), so a stored file can never run script in layan's origin.
web::Response download_response(const std::string& bytes, const std::string& mime, const std::string& filename,
                                bool inline_allowed);

// `attachment` or `inline` with filename and filename* parameters, for
// `filename` (any bytes: control characters, quotes and non-ASCII are
// replaced in the ASCII form and percent-encoded in the UTF-8 form).
std::string content_disposition(const std::string& filename, bool inline_disposition);

}  // namespace layan::files
