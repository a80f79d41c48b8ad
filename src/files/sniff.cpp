#include "files/sniff.hpp"

#include <magic.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <stdexcept>

namespace layan::files {
namespace {

struct MagicCloser {
  void operator()(magic_set* m) const { magic_close(m); }
};
using MagicHandle = std::unique_ptr<magic_set, MagicCloser>;

// A magic_t is not thread-safe; one per thread avoids a lock on every upload.
MagicHandle open_magic() {
  MagicHandle m(magic_open(MAGIC_MIME_TYPE));
  if (!m) throw std::runtime_error("libmagic: magic_open failed");
  if (magic_load(m.get(), nullptr) != 0) {
    throw std::runtime_error(std::string("libmagic: cannot load the magic database: ") + magic_error(m.get()));
  }
  return m;
}

}  // namespace

std::string sniff_mime(std::string_view bytes) {
  thread_local MagicHandle magic = open_magic();
  const char* type = magic_buffer(magic.get(), bytes.data(), bytes.size());
  if (!type) {
    // A failure on hostile bytes makes them "unknown" (never allowed), not a 500.
    const char* why = magic_error(magic.get());
    spdlog::warn("libmagic could not classify {} bytes: {}", bytes.size(), why ? why : "unknown error");
    return "application/octet-stream";
  }
  return type;
}

}  // namespace layan::files
