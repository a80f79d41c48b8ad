#pragma once

#include <cstdint>
#include <string>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "accounts/principal.hpp"
#include "store/database.hpp"

namespace layan::audit {

// Appends one event to the hash-chained audit log inside the caller's write
// transaction. `detail` must hold no personal data (ids and codes only).
// On PostgreSQL an advisory transaction lock serialises appenders so the
// chain stays linear.
void append(soci::session& sql, store::Dialect dialect, const accounts::Principal& actor, const std::string& at,
            const std::string& action, const std::string& entity, int64_t entity_id, const nlohmann::json& detail);

struct VerifyReport {
  int64_t events = 0;
  int64_t first_bad_id = 0;  // 0 when the chain is intact
};

// Recomputes the chain from the first event. Read-only.
VerifyReport verify(soci::session& sql);

// The hash of one event given its predecessor's hash. Pure.
std::string event_hash(const std::string& prev_hash, const std::string& at, const std::string& actor,
                       const std::string& action, const std::string& entity, int64_t entity_id,
                       const std::string& detail);

}  // namespace layan::audit
