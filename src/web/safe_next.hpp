#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace layan::web {

// Longest `next` that safe_next() accepts.
inline constexpr size_t kMaxNextBytes = 2048;

// The place to send a visitor back to after a step such as signing in
// (`?next=`, a `next` form field): `next` itself when every browser reads it
// as a path on this site, otherwise `fallback`. Pure.
//
// Browsers drop tabs and newlines anywhere in a URL and read "\" as "/", so
// "/\t/evil.example" and "/\evil.example" are "//evil.example" to them: a
// link to another origin. Accepted therefore is only a path that
//   - starts with one "/" and has no "\" anywhere;
//   - is at most kMaxNextBytes of printable ASCII (no space, no control
//     character: a URL as browsers send it, non-ASCII percent-encoded);
//   - still keeps these rules once percent-decoded, as often as decoding
//     changes it: no control character, no "\", no leading "//", so none
//     hides behind an escape for a later decoder to reveal.
// Absolute URLs ("https://…", "javascript:…") never start with "/".
std::string safe_next(std::string_view next, std::string_view fallback);

}  // namespace layan::web
