#pragma once

#include <string>
#include <string_view>

namespace layan::files {

// The MIME type of `bytes` as libmagic sees it (MAGIC_MIME_TYPE), e.g.
// "image/png"; "application/x-empty" for no bytes, and
// "application/octet-stream" when libmagic fails on them. Each thread opens and
// loads the magic database once and keeps it. Thread-safe. Throws
// std::runtime_error when the magic database cannot be loaded (a broken
// installation).
std::string sniff_mime(std::string_view bytes);

}  // namespace layan::files
