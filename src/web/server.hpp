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
// worker. Must answer a request whose body was refused (Request::body_refused).
// Must not block and must not throw.
using FastHandler = std::function<std::optional<Response>(Request&)>;
// The largest body the application takes for a request, judged from its head
// alone (method, path, headers; `body` is empty). Called on a network thread
// as soon as the headers of a request with a body are read, before any of the
// body: must not block. An exception counts as Config::max_body_bytes.
using BodyLimitFn = std::function<size_t(const Request& head)>;

// Serves HTTP on cfg.listen_address:cfg.port until SIGINT or SIGTERM, then
// returns after in-flight requests are answered. Calls on_listening with the
// bound port (useful with port 0). Throws when the port cannot be bound.
//
// No body is buffered beyond body_limit(head), nor more than
// max_transport_body_bytes of it read. A body over its limit is read and
// discarded: a Content-Length from the start, a chunked body once it grows
// over it (a chunked body over the transport cap drops the connection). A
// Content-Length over the transport cap, or with `Expect: 100-continue`, is
// refused before any of the body is read, and its answer closes the
// connection. A refused request reaches `fast` with body_refused set and an
// empty body. One server per process at a time (the parser callbacks reach
// body_limit through a variable of the server's translation unit).
void run_server(const Config& cfg, AppHandler handler, FastHandler fast, BodyLimitFn body_limit,
                const std::function<void(uint16_t)>& on_listening);

}  // namespace layan::web
