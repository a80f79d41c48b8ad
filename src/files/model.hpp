#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace layan::files {

// How large one attached file may be (Config::max_attachment_bytes).
struct AttachmentLimits {
  size_t max_bytes = 5 << 20;
};

// A file that passed accept_attachment(): what to store and record.
struct AcceptedFile {
  std::string sha256;    // lower-case hex of the bytes: the file's name in the Store
  std::string mime;      // sniffed from the bytes: image/jpeg, image/png, image/webp or application/pdf
  std::string filename;  // sanitized, for Content-Disposition when downloaded
  int64_t size = 0;      // bytes
};

// A row of stored_files: one file in the content-addressed Store.
struct StoredFile {
  std::string sha256;
  std::string mime;
  int64_t size = 0;
  std::string created_at;  // format_utc(); when it was first stored
};

}  // namespace layan::files
