#include "web/response_cache.hpp"

#include <mutex>

#include "web/compress.hpp"

namespace layan::web {

std::shared_ptr<const ResponseCache::Entry> ResponseCache::get(const std::string& key) const {
  if (!enabled()) return nullptr;
  std::shared_lock lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second->expires < std::chrono::steady_clock::now()) return nullptr;
  return it->second;
}

uint64_t ResponseCache::generation() const {
  std::shared_lock lock(mu_);
  return generation_;
}

void ResponseCache::put(const std::string& key, uint64_t generation, Response response, std::string route) {
  if (!enabled()) return;
  auto entry = std::make_shared<Entry>();
  entry->route = std::move(route);
  entry->expires = std::chrono::steady_clock::now() + ttl_;
  Request gzip_client;
  gzip_client.headers.emplace_back("accept-encoding", "gzip");
  Response compressed = response;
  maybe_gzip(gzip_client, compressed);
  if (compressed.header("content-encoding")) {
    entry->gzip_body = std::move(compressed.body);
    response.set_header("Vary", "Accept-Encoding");
  }
  entry->response = std::move(response);
  size_t size = key.size() + entry->response.body.size() + entry->gzip_body.size();
  if (size > max_bytes_ / 16) return;  // one huge answer must not evict everything
  std::unique_lock lock(mu_);
  if (generation != generation_) return;
  // Entries are dropped wholesale when the budget is spent: simple, and a
  // refill costs at most one render per key.
  if (bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  auto [it, inserted] = entries_.try_emplace(key, nullptr);
  if (!inserted) bytes_ -= key.size() + it->second->response.body.size() + it->second->gzip_body.size();
  it->second = std::move(entry);
  bytes_ += size;
}

void ResponseCache::invalidate() {
  std::unique_lock lock(mu_);
  ++generation_;
  entries_.clear();
  bytes_ = 0;
}

}  // namespace layan::web
