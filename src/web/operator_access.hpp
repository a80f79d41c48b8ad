#pragma once

#include <string_view>

#include "web/http.hpp"

namespace layan::web {

// True for an address of this host: 127.0.0.0/8, ::1, or either IPv4-mapped
// (::ffff:127.0.0.1). Anything that does not parse is not loopback. Pure.
bool is_loopback(std::string_view address);

// Whether `req` may read an operator endpoint (/metrics). With `token` set,
// only a request carrying `Authorization: Bearer <token>` (compared in
// constant time), wherever it comes from. Without one, only a request whose
// TCP peer (Request::peer_ip) is a loopback address and that carries no
// forwarding header (X-Forwarded-For, Forwarded, X-Real-IP): a reverse proxy
// on the same host connects from loopback on behalf of remote clients, so
// neither the peer alone nor a client address taken from X-Forwarded-For
// (trust_proxy) proves a local caller. Pure.
bool operator_allowed(const Request& req, std::string_view token);

}  // namespace layan::web
