#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace layan {

// Opaque pagination cursors: a small JSON object, base64url-encoded without
// padding, so clients treat it as a token and never build one by hand. What
// the object holds is the paginating module's business (an offset, or the
// sort key of the last row for keyset pagination).

// Encodes `position`, which must be a JSON object.
std::string encode_cursor(const nlohmann::json& position);

// Decodes a cursor from encode_cursor(). Anything else (not base64url, not
// JSON, not an object, longer than kMaxCursorBytes) is kBadRequest with a
// detail that says the cursor is malformed.
Result<nlohmann::json> decode_cursor(const std::string& cursor);

inline constexpr size_t kMaxCursorBytes = 1024;

}  // namespace layan
