#pragma once

#include "core/config.hpp"

namespace layan::web {

// Configures spdlog: the default logger writes JSON lines to stderr; the
// "access" logger writes one JSON line per request to cfg.access_log (or
// stdout). Messages are JSON-escaped; callers must not log personal data
// or secrets.
void setup_logging(const Config& cfg);

}  // namespace layan::web
