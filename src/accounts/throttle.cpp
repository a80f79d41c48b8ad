#include "accounts/throttle.hpp"

#include <algorithm>

namespace layan::accounts {
namespace {

using std::chrono::seconds;

seconds wait_of(const ThrottleRule& rule, const FailureCount& f, TimePoint now) {
  seconds delay = delay_after(rule, f.count);
  // Without a delay nothing waits, even for a failure stamped after `now` (a
  // concurrent attempt that read the clock later).
  if (delay.count() == 0) return seconds(0);
  auto until = std::chrono::floor<seconds>(f.last) + delay;
  return std::max(seconds(0), std::chrono::duration_cast<seconds>(until - std::chrono::floor<seconds>(now)));
}

}  // namespace

LoginThrottle login_throttle(const LoginSettings& s) {
  using std::chrono::hours;
  return {{s.pair_free_failures, hours(24), seconds(s.pair_max_delay_s)},
          {s.address_free_failures, hours(1), seconds(s.shared_max_delay_s)},
          {s.account_free_failures, hours(24), seconds(s.shared_max_delay_s)}};
}

seconds delay_after(const ThrottleRule& rule, int failures) {
  if (failures < rule.free_failures || failures <= 0) return seconds(0);
  // 2^31 s is far beyond any cap, and keeps the shift defined.
  int exponent = std::min(failures - rule.free_failures + 1, 31);
  return std::min(rule.max_delay, seconds(int64_t{1} << exponent));
}

seconds wait_before_attempt(const LoginThrottle& rules, const FailureCount& pair, const FailureCount& address,
                            const FailureCount& account, bool known_pair, TimePoint now) {
  seconds wait = wait_of(rules.pair, pair, now);
  if (known_pair) return wait;
  return std::max({wait, wait_of(rules.address, address, now), wait_of(rules.account, account, now)});
}

}  // namespace layan::accounts
