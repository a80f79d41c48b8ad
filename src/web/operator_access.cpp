#include "web/operator_access.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <string>

#include "core/crypto.hpp"

namespace layan::web {

bool is_loopback(std::string_view address) {
  const std::string text(address);
  unsigned char v4[4];
  if (inet_pton(AF_INET, text.c_str(), v4) == 1) return v4[0] == 127;
  unsigned char v6[16];
  if (inet_pton(AF_INET6, text.c_str(), v6) != 1) return false;
  static constexpr unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kLoopback, kLoopback + 16, v6)) return true;
  return std::equal(kMapped, kMapped + 12, v6) && v6[12] == 127;
}

bool operator_allowed(const Request& req, std::string_view token) {
  if (!token.empty()) {
    auto auth = req.header("authorization");
    constexpr std::string_view kPrefix = "Bearer ";
    if (!auth || auth->size() <= kPrefix.size() ||
        !iequals(std::string_view(*auth).substr(0, kPrefix.size()), kPrefix)) {
      return false;
    }
    // Hashes have one length, so the comparison does not reveal the token's.
    return crypto::equal_constant_time(crypto::sha256_hex(auth->substr(kPrefix.size())),
                                       crypto::sha256_hex(std::string(token)));
  }
  for (const char* forwarded : {"x-forwarded-for", "forwarded", "x-real-ip"}) {
    if (req.header(forwarded)) return false;
  }
  return is_loopback(req.peer_ip);
}

}  // namespace layan::web
