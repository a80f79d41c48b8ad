#pragma once

#include <chrono>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "web/http.hpp"

namespace layan::web {

// Rendered responses of public, visitor-independent GET routes (the published
// catalogue), so that the common read skips the database and the template.
// Writes on this node call invalidate(); other nodes sharing the database see
// a change after at most the time-to-live. Thread-safe.
class ResponseCache {
 public:
  struct Entry {
    Response response;
    std::string gzip_body;  // the body gzipped once at fill time; empty if not worth it
    std::string route;      // route pattern, for metrics
    std::chrono::steady_clock::time_point expires;
  };

  // ttl 0 disables the cache (get() always misses, put() stores nothing).
  // `max_bytes` bounds the memory held, whatever URLs visitors make up.
  explicit ResponseCache(std::chrono::milliseconds ttl, size_t max_bytes = 64 << 20)
      : ttl_(ttl), max_bytes_(max_bytes) {}

  bool enabled() const { return ttl_.count() > 0; }
  std::shared_ptr<const Entry> get(const std::string& key) const;
  // The generation to pass to put(): a fill that began before an invalidation
  // must not store what it rendered from older data.
  uint64_t generation() const;
  void put(const std::string& key, uint64_t generation, Response response, std::string route);
  void invalidate();

 private:
  std::chrono::milliseconds ttl_;
  size_t max_bytes_;
  size_t bytes_ = 0;
  mutable std::shared_mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> entries_;
};

}  // namespace layan::web
