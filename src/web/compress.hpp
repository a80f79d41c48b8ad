#pragma once

#include "web/http.hpp"

namespace layan::web {

// Gzips `resp` in place when the client accepts gzip, the body is text-like
// (HTML, CSS, JS, JSON, SVG) and larger than 1 KiB; sets Content-Encoding
// and Vary. Pages on slow mobile networks shrink four- to eightfold.
void maybe_gzip(const Request& req, Response& resp);

}  // namespace layan::web
