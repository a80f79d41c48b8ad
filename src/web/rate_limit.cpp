#include "web/rate_limit.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

namespace layan::web {
namespace {

double refilled(const Rate& r, double tokens, double seconds) {
  return std::min(r.burst, tokens + seconds * r.per_minute / 60.0);
}

void refill(const RatePolicy& p, ClientBudget& b, TimePoint now) {
  // A clock set back must not cost anyone tokens.
  const double seconds = std::max(0.0, std::chrono::duration<double>(now - b.at).count());
  if (!p.requests.unlimited()) b.requests = refilled(p.requests, b.requests, seconds);
  if (!p.misses.unlimited()) b.misses = refilled(p.misses, b.misses, seconds);
  b.at = std::max(b.at, now);
}

// Seconds until `tokens` reach 1 in a bucket of rate `r`; 0 when they have.
double wait_for_one(const Rate& r, double tokens) {
  if (r.unlimited() || tokens >= 1) return 0;
  return (1 - tokens) * 60.0 / r.per_minute;
}

}  // namespace

ClientBudget fresh_budget(const RatePolicy& policy, TimePoint now) {
  return {policy.requests.burst, policy.misses.burst, now};
}

int admit(const RatePolicy& policy, ClientBudget& b, TimePoint now) {
  refill(policy, b, now);
  const double wait = std::max(wait_for_one(policy.requests, b.requests), wait_for_one(policy.misses, b.misses));
  // Less than a microsecond over a whole second is rounding, not a second more.
  if (wait > 0) return std::max(1, static_cast<int>(std::ceil(wait - 1e-6)));
  if (!policy.requests.unlimited()) b.requests -= 1;
  if (!policy.misses.unlimited()) b.misses -= 1;
  return 0;
}

void refund_miss(const RatePolicy& policy, ClientBudget& b) {
  if (!policy.misses.unlimited()) b.misses = std::min(policy.misses.burst, b.misses + 1);
}

bool is_idle(const RatePolicy& policy, const ClientBudget& b, TimePoint now) {
  ClientBudget copy = b;
  refill(policy, copy, now);
  return (policy.requests.unlimited() || copy.requests >= policy.requests.burst) &&
         (policy.misses.unlimited() || copy.misses >= policy.misses.burst);
}

std::string client_key(std::string_view address) {
  const std::string text(address);
  unsigned char bytes[16];
  if (inet_pton(AF_INET6, text.c_str(), bytes) != 1) return text;  // IPv4, or not an address at all
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char out[INET6_ADDRSTRLEN];
  if (std::equal(kMapped, kMapped + 12, bytes)) {
    std::snprintf(out, sizeof out, "%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
    return out;
  }
  std::fill(bytes + 8, bytes + 16, 0);
  inet_ntop(AF_INET6, bytes, out, sizeof out);
  return std::string(out) + "/64";
}

RateLimiter::RateLimiter(RatePolicy policy, const Clock& clock, size_t max_clients)
    : policy_(policy), clock_(clock), max_clients_(std::max<size_t>(1, max_clients)) {}

int RateLimiter::admit(std::string_view address) {
  if (!enabled()) return 0;
  const TimePoint now = clock_.now();
  std::string key = client_key(address);
  std::lock_guard lock(mu_);
  auto it = clients_.find(key);
  if (it == clients_.end()) {
    if (clients_.size() >= max_clients_) make_room(now);
    it = clients_.emplace(std::move(key), fresh_budget(policy_, now)).first;
  }
  return web::admit(policy_, it->second, now);
}

void RateLimiter::found(std::string_view address) {
  if (!enabled()) return;
  const std::string key = client_key(address);
  std::lock_guard lock(mu_);
  if (auto it = clients_.find(key); it != clients_.end()) refund_miss(policy_, it->second);
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return clients_.size();
}

void RateLimiter::make_room(TimePoint now) {
  std::erase_if(clients_, [&](const auto& entry) { return is_idle(policy_, entry.second, now); });
  if (clients_.size() < max_clients_) return;
  // Still full of active clients (many addresses at once): forget the least
  // recently seen half, which then start again with a full budget.
  std::vector<std::pair<TimePoint, std::string>> by_age;
  by_age.reserve(clients_.size());
  for (const auto& [key, budget] : clients_) by_age.emplace_back(budget.at, key);
  auto middle = by_age.begin() + static_cast<std::ptrdiff_t>(by_age.size() / 2);
  std::nth_element(by_age.begin(), middle, by_age.end());
  for (auto it = by_age.begin(); it != middle; ++it) clients_.erase(it->second);
  if (clients_.size() >= max_clients_) clients_.erase(clients_.begin());  // max_clients_ == 1
}

}  // namespace layan::web
