#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/result.hpp"
#include "files/model.hpp"

namespace layan::files {

// The types a citizen may attach: photos and scanned documents. Each is
// recognised from the file's bytes (sniff_mime), never from what the client
// says it is.
bool is_allowed_mime(std::string_view mime);
// The usual file extension of an allowed type ("jpg", "png", "webp", "pdf");
// empty for any other type.
std::string_view extension_for(std::string_view mime);

// The per-file limit from the configuration (max_attachment_bytes).
AttachmentLimits attachment_limits(const Config& cfg);

// Checks one uploaded file. Pure apart from libmagic. The file is rejected
// with kValidation, one FieldError on field "attachments" (Indonesian and
// English messages naming the file), when it is empty (code "empty"), larger
// than limits.max_bytes ("too_large"), its sniffed type is not allowed
// ("type_not_allowed"), or the client declared a type (anything but empty or
// application/octet-stream; parameters and common aliases such as image/jpg
// are understood) other than the sniffed one ("type_mismatch": a lying
// Content-Type). On success: the SHA-256, the sniffed type, the sanitized
// file name (sanitize_filename) and the size.
Result<AcceptedFile> accept_attachment(std::string_view filename, std::string_view declared_type,
                                       std::string_view bytes, const AttachmentLimits& limits);

// kValidation (field "attachments", code "too_many") when `count` files
// exceed `max` (Config::max_attachments).
Status check_attachment_count(size_t count, size_t max);

// A file name safe to store and to offer for download: the last path
// component only (a browser may send a full Windows path), without control,
// invisible or bidirectional-override characters or invalid UTF-8, without
// leading dots or surrounding spaces, at most 120 bytes of UTF-8 (the
// extension kept). When `mime` is an allowed type and the name's extension
// does not belong to it, that type's extension is appended, so a PNG never
// downloads as "x.exe". An empty result becomes "lampiran.<ext>".
std::string sanitize_filename(std::string_view filename, std::string_view mime);

}  // namespace layan::files
