// Who may read operator endpoints (/metrics): the token's bearer, or without
// a token a caller on this host that no proxy forwarded.
#include "web/operator_access.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace layan::web {
namespace {

TEST(IsLoopback, Cases) {
  for (const char* yes : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "0:0:0:0:0:0:0:1"}) {
    EXPECT_TRUE(is_loopback(yes)) << yes;
  }
  for (const char* no : {"", "10.0.0.1", "128.0.0.1", "0.0.0.0", "::", "::2", "::ffff:10.0.0.1", "fe80::1", "localhost",
                         "127.0.0.1 ", "127.0.0.1, 10.0.0.1"}) {
    EXPECT_FALSE(is_loopback(no)) << no;
  }
}

struct Case {
  const char* name;
  std::string peer;
  Pairs headers;
  std::string token;
  bool allowed;
};

TEST(OperatorAllowed, Cases) {
  const std::vector<Case> cases = {
      {"a scraper on this host", "127.0.0.1", {}, "", true},
      {"over IPv6 loopback", "::1", {}, "", true},
      {"a remote client", "203.0.113.9", {}, "", false},
      {"a local proxy forwarding a remote client", "127.0.0.1", {{"x-forwarded-for", "203.0.113.9"}}, "", false},
      {"a local proxy forwarding a 'loopback' client", "127.0.0.1", {{"x-forwarded-for", "127.0.0.1"}}, "", false},
      {"a local proxy using Forwarded", "127.0.0.1", {{"forwarded", "for=203.0.113.9"}}, "", false},
      {"a local proxy using X-Real-IP", "127.0.0.1", {{"x-real-ip", "203.0.113.9"}}, "", false},
      {"no token configured: a bearer is no help", "203.0.113.9", {{"authorization", "Bearer s3cret"}}, "", false},
      {"the token", "203.0.113.9", {{"authorization", "Bearer s3cret-token"}}, "s3cret-token", true},
      {"the token, scheme in any case",
       "203.0.113.9",
       {{"authorization", "bearer s3cret-token"}},
       "s3cret-token",
       true},
      {"the token through a proxy",
       "127.0.0.1",
       {{"authorization", "Bearer s3cret-token"}, {"x-forwarded-for", "203.0.113.9"}},
       "s3cret-token",
       true},
      {"a wrong token", "203.0.113.9", {{"authorization", "Bearer s3cret-tokeN"}}, "s3cret-token", false},
      {"a prefix of the token", "203.0.113.9", {{"authorization", "Bearer s3cret"}}, "s3cret-token", false},
      {"an empty bearer", "203.0.113.9", {{"authorization", "Bearer "}}, "s3cret-token", false},
      {"basic credentials", "203.0.113.9", {{"authorization", "Basic czNjcmV0LXRva2Vu"}}, "s3cret-token", false},
      {"with a token, loopback alone is not enough", "127.0.0.1", {}, "s3cret-token", false},
  };
  for (const auto& c : cases) {
    Request req;
    req.peer_ip = c.peer;
    req.remote_ip = c.peer;
    req.headers = c.headers;
    EXPECT_EQ(operator_allowed(req, c.token), c.allowed) << c.name;
  }
}

}  // namespace
}  // namespace layan::web
