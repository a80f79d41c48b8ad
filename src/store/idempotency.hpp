#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace layan::store {

// A response recorded for an Idempotency-Key.
struct StoredResponse {
  int status = 0;
  std::string content_type;
  std::string location;
  std::string body;
};

// The idempotency_keys table. `scope_hash` identifies caller + key;
// `request_hash` the request (method, path, body). Thread-safe (each call
// takes its own pooled session).
class IdempotencyStore {
 public:
  explicit IdempotencyStore(Database& db) : db_(db) {}

  // Claims the key for a new request, returning nullopt: the caller runs the
  // request and then calls complete() or release(). When the key was used
  // before: the recorded response (a retry), kValidation when it came with a
  // different request, kConflict while the first request is still running.
  Result<std::optional<StoredResponse>> claim(const std::string& scope_hash, const std::string& request_hash,
                                              const std::string& now, const std::string& prune_before);
  void complete(const std::string& scope_hash, const StoredResponse& response);
  // Forgets a claim whose request failed, so the client may retry it.
  void release(const std::string& scope_hash);

 private:
  Database& db_;
};

}  // namespace layan::store
