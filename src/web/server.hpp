#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "core/config.hpp"
#include "web/http.hpp"

namespace layan::web {

// The application's request handler. Runs on a worker thread, never on a
// network thread, so it may block on the database. Must not throw for
// expected failures; an exception becomes a logged 500.
using AppHandler = std::function<Response(Request&)>;
// Tried first, on the network thread: answers what needs no blocking work
// (cached public responses), or returns nullopt to hand the request to a
// worker. Must not block and must not throw.
using FastHandler = std::function<std::optional<Response>(Request&)>;

// Serves HTTP on cfg.listen_address:cfg.port until SIGINT or SIGTERM, then
// returns after in-flight requests are answered. Calls on_listening with the
// bound port (useful with port 0). Throws when the port cannot be bound.
void run_server(const Config& cfg, AppHandler handler, FastHandler fast,
                const std::function<void(uint16_t)>& on_listening);

}  // namespace layan::web
