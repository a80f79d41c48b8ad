#pragma once

#include <chrono>

#include "core/clock.hpp"
#include "core/config.hpp"

namespace layan::accounts {

// Sign-in throttling: failed attempts slow the next attempt down, they never
// lock anybody out (docs/api.md, Authentication). An attempt is counted in
// three scopes:
//   - the pair: one account from one client address. Guessing one password
//     from one place; a successful sign-in clears it.
//   - the address: every account from one client address (credential
//     stuffing: one guess each for many accounts).
//   - the account: one account from every address (guessing from many
//     places).
// A pair that signed in successfully within kKnownPairDays is judged by its
// own failures only: strangers failing at the same address (a mall's shared
// connection) or against the same account do not slow its owner down.

// How failures of one scope within `window` slow down the next attempt: the
// first `free_failures` attempts go ahead at once; once there are n >=
// free_failures failures, the next attempt waits 2^(n - free_failures + 1)
// seconds after the last (2, 4, 8 ...), at most `max_delay`.
struct ThrottleRule {
  int free_failures = 0;
  std::chrono::seconds window{0};
  std::chrono::seconds max_delay{0};
};

struct LoginThrottle {
  ThrottleRule pair;
  ThrottleRule address;
  ThrottleRule account;
};

// How long a successful sign-in keeps a pair known.
inline constexpr int kKnownPairDays = 30;

// The rules configured by `s`: the pair and account counted over 24 hours,
// the address over one hour. Pure.
LoginThrottle login_throttle(const LoginSettings& s);

// The failures of one scope within its window.
struct FailureCount {
  int count = 0;
  TimePoint last{};  // of the latest failure; ignored when count is 0
};

// The wait that `failures` failures impose after the last of them. Pure.
std::chrono::seconds delay_after(const ThrottleRule& rule, int failures);

// How long the attempt made at `now` must wait before it is heard: zero when
// it may go ahead, otherwise the longest wait of its scopes. `known_pair`:
// the pair signed in within kKnownPairDays, so only `pair` counts. Counted in
// whole seconds, as failures are stored to the second. Pure.
std::chrono::seconds wait_before_attempt(const LoginThrottle& rules, const FailureCount& pair,
                                         const FailureCount& address, const FailureCount& account, bool known_pair,
                                         TimePoint now);

}  // namespace layan::accounts
