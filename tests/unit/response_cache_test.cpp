#include "web/response_cache.hpp"

#include <gtest/gtest.h>

namespace layan::web {
namespace {

Response page(size_t bytes) {
  return Response::html(200, std::string(bytes, 'x'));
}

TEST(ResponseCache, StoresAndServesWithinTtl) {
  ResponseCache cache(std::chrono::minutes(1));
  cache.put("id /", cache.generation(), page(2000), "/");
  auto e = cache.get("id /");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->response.body.size(), 2000u);
  EXPECT_FALSE(e->gzip_body.empty()) << "text over 1 KiB is gzipped once at fill time";
  EXPECT_EQ(cache.get("en /"), nullptr) << "the language is part of the key";
}

TEST(ResponseCache, DisabledWithZeroTtl) {
  ResponseCache cache(std::chrono::milliseconds(0));
  cache.put("k", cache.generation(), page(10), "/");
  EXPECT_EQ(cache.get("k"), nullptr);
}

TEST(ResponseCache, InvalidateDropsEntriesAndStaleFills) {
  ResponseCache cache(std::chrono::minutes(1));
  uint64_t before_write = cache.generation();
  cache.put("a", before_write, page(10), "/");
  cache.invalidate();
  EXPECT_EQ(cache.get("a"), nullptr);
  cache.put("b", before_write, page(10), "/");  // rendered from data older than the write
  EXPECT_EQ(cache.get("b"), nullptr);
  cache.put("b", cache.generation(), page(10), "/");
  EXPECT_NE(cache.get("b"), nullptr);
}

TEST(ResponseCache, MemoryStaysWithinBudget) {
  ResponseCache cache(std::chrono::minutes(1), 16 * 1024);
  cache.put("huge", cache.generation(), Response::text(200, std::string(8000, 'y'), "application/octet-stream"), "/");
  EXPECT_EQ(cache.get("huge"), nullptr) << "an entry over 1/16 of the budget is not kept";
  for (int i = 0; i < 100; ++i) {
    cache.put("k" + std::to_string(i), cache.generation(),
              Response::text(200, std::string(900, 'z'), "application/octet-stream"), "/");
  }
  int kept = 0;
  for (int i = 0; i < 100; ++i) kept += cache.get("k" + std::to_string(i)) != nullptr;
  EXPECT_GT(kept, 0);
  EXPECT_LE(kept * 900, 16 * 1024);
}

}  // namespace
}  // namespace layan::web
