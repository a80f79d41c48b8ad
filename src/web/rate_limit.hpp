#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.hpp"

namespace layan::web {

// A token bucket's shape: it holds at most `burst` tokens and regains
// `per_minute` of them each minute. per_minute <= 0: unlimited.
struct Rate {
  double burst = 0;
  double per_minute = 0;

  bool unlimited() const { return per_minute <= 0; }
};

// How often one client may call a route where a wrong guess is the thing to
// slow down (a tracking code in the URL): `requests` paces every request,
// `misses` the ones that found nothing.
struct RatePolicy {
  Rate requests;
  Rate misses;

  bool unlimited() const { return requests.unlimited() && misses.unlimited(); }
};

// One client's two buckets, as of `at`.
struct ClientBudget {
  double requests = 0;
  double misses = 0;
  TimePoint at{};
};

// A client never seen: both buckets full.
ClientBudget fresh_budget(const RatePolicy& policy, TimePoint now);

// Refills `b` up to `now`; then, when a request and a miss are both
// affordable, takes one of each and returns 0; otherwise takes nothing and
// returns the whole seconds (at least 1) until they are. A miss is charged up
// front, before the outcome is known, so that concurrent guesses cannot
// overrun the budget; refund_miss() gives it back. Pure.
int admit(const RatePolicy& policy, ClientBudget& b, TimePoint now);

// Gives back the miss admit() charged: the request found what it asked for.
void refund_miss(const RatePolicy& policy, ClientBudget& b);

// True when `b`, refilled up to `now`, is full again: as good as no entry.
bool is_idle(const RatePolicy& policy, const ClientBudget& b, TimePoint now);

// The key a client's budget is kept under: an IPv4 address as it is (also
// when IPv4-mapped, ::ffff:a.b.c.d), an IPv6 address by its /64 (one
// subscriber's network: a host can pick any address in it), anything else
// as given.
std::string client_key(std::string_view address);

// The budgets of every client address, kept in memory: each node counts on
// its own, and a restart forgets. Thread-safe. Holds at most `max_clients`
// entries: idle ones are dropped first, then the least recently used.
class RateLimiter {
 public:
  RateLimiter(RatePolicy policy, const Clock& clock, size_t max_clients = 100000);

  // False when the policy limits nothing: admit() always answers 0.
  bool enabled() const { return !policy_.unlimited(); }
  // admit() for the client at `address` (see client_key).
  int admit(std::string_view address);
  // refund_miss() for the client at `address`.
  void found(std::string_view address);
  // Entries held (tests).
  size_t size() const;

 private:
  void make_room(TimePoint now);

  const RatePolicy policy_;
  const Clock& clock_;
  const size_t max_clients_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, ClientBudget> clients_;
};

}  // namespace layan::web
