// Per-client rate limits: the token-bucket rule (requests and misses), the
// key a client address is counted under, and the in-memory table, all on a
// clock the test moves.
#include "web/rate_limit.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/pipeline.hpp"

namespace layan::web {
namespace {

using std::chrono::seconds;

const TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23};

// 60 requests a minute (one a second), 10 misses a minute (one per 6 s).
const RatePolicy kPolicy{{60, 60}, {10, 10}};

// One step of a client's history: `at` seconds after kStart it asks; the
// expected answer of admit(); whether the lookup then found its record.
struct Step {
  double at;
  int retry_after;
  bool found;
};

struct Case {
  const char* name;
  RatePolicy policy;
  std::vector<Step> steps;
};

std::vector<Step> repeat(int n, double from, double every, int retry_after, bool found) {
  std::vector<Step> out;
  for (int i = 0; i < n; ++i) out.push_back({from + i * every, retry_after, found});
  return out;
}

std::vector<Step> operator+(std::vector<Step> a, const std::vector<Step>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(RateLimitRule, Cases) {
  const std::vector<Case> cases = {
      {"a reporter reloading once a second never waits", kPolicy, repeat(300, 0, 1, 0, true)},
      {"sixty hits in one burst pass, the next waits a second", kPolicy,
       repeat(60, 0, 0, 0, true) + std::vector<Step>{{0, 1, true}, {1, 0, true}, {1, 1, true}}},
      {"ten misses in a burst pass, the eleventh waits for one to come back", kPolicy,
       repeat(10, 0, 0, 0, false) + std::vector<Step>{{0, 6, false}, {5, 1, false}, {6, 0, false}, {6, 6, false}}},
      {"after the misses, even a right code waits: the guess is unknown until it ran", kPolicy,
       repeat(10, 0, 0, 0, false) + std::vector<Step>{{1, 5, true}}},
      {"a guess every 6 s is the steady pace", kPolicy, repeat(10, 0, 0, 0, false) + repeat(20, 6, 6, 0, false)},
      {"a guess every 5 s falls behind", kPolicy,
       repeat(10, 0, 0, 0, false) + std::vector<Step>{{6, 0, false}, {11, 1, false}}},
      {"a long pause fills both buckets again, never above the burst", kPolicy,
       repeat(10, 0, 0, 0, false) + repeat(10, 3600, 0, 0, false) + std::vector<Step>{{3600, 6, false}}},
      {"unlimited misses: only the request pace", RatePolicy{{2, 2}, {0, 0}},
       std::vector<Step>{{0, 0, false}, {0, 0, false}, {0, 30, false}, {30, 0, false}}},
      {"unlimited requests: only the miss pace", RatePolicy{{0, 0}, {1, 1}},
       std::vector<Step>{{0, 0, true}, {0, 0, true}, {0, 0, false}, {0, 60, true}, {60, 0, true}}},
      {"a clock set back costs nothing", kPolicy,
       repeat(10, 100, 0, 0, false) + std::vector<Step>{{50, 6, false}, {106, 0, false}}},
  };
  for (const auto& c : cases) {
    ClientBudget b = fresh_budget(c.policy, kStart);
    for (size_t i = 0; i < c.steps.size(); ++i) {
      const auto& s = c.steps[i];
      const TimePoint now =
          kStart + std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(s.at));
      const int got = admit(c.policy, b, now);
      EXPECT_EQ(got, s.retry_after) << c.name << ", step " << i;
      if (got == 0 && s.found) refund_miss(c.policy, b);
    }
  }
}

TEST(RateLimitRule, IdleOnceBothBucketsAreFull) {
  ClientBudget b = fresh_budget(kPolicy, kStart);
  EXPECT_TRUE(is_idle(kPolicy, b, kStart));
  ASSERT_EQ(admit(kPolicy, b, kStart), 0);
  EXPECT_FALSE(is_idle(kPolicy, b, kStart));
  EXPECT_FALSE(is_idle(kPolicy, b, kStart + seconds(5)));
  EXPECT_TRUE(is_idle(kPolicy, b, kStart + seconds(6)));
}

TEST(RateLimitRule, ConfiguredCountsAreTheBurstAndThePace) {
  const RatePolicy p = code_lookup_policy({.per_minute = 120, .misses_per_minute = 10});
  EXPECT_EQ(p.requests.burst, 120);
  EXPECT_EQ(p.requests.per_minute, 120);
  EXPECT_EQ(p.misses.burst, 10);
  EXPECT_EQ(p.misses.per_minute, 10);
  EXPECT_TRUE(code_lookup_policy({.per_minute = 0, .misses_per_minute = 0}).unlimited());
}

TEST(ClientKey, Cases) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"198.51.100.7", "198.51.100.7"},
      {"::ffff:198.51.100.7", "198.51.100.7"},
      {"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
      {"2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"},
      {"2001:DB8:1:2::9", "2001:db8:1:2::/64"},
      {"::1", "::/64"},
      {"not an address", "not an address"},
      {"", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(client_key(in), want) << in;
}

TEST(RateLimiter, CountsEachClientApart) {
  ManualClock clock(kStart);
  RateLimiter limiter(kPolicy, clock);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(limiter.admit("198.51.100.1"), 0);
  EXPECT_EQ(limiter.admit("198.51.100.1"), 6);
  EXPECT_EQ(limiter.admit("::ffff:198.51.100.1"), 6) << "the same client over IPv6";
  EXPECT_EQ(limiter.admit("198.51.100.2"), 0) << "another client";
  clock.advance(seconds(6));
  EXPECT_EQ(limiter.admit("198.51.100.1"), 0);
}

TEST(RateLimiter, OneIPv6NetworkIsOneClient) {
  ManualClock clock(kStart);
  RateLimiter limiter(kPolicy, clock);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(limiter.admit("2001:db8:0:1::" + std::to_string(i + 1)), 0);
  EXPECT_GT(limiter.admit("2001:db8:0:1::ffff"), 0);
  EXPECT_EQ(limiter.admit("2001:db8:0:2::1"), 0);
}

TEST(RateLimiter, FoundRefundsTheMiss) {
  ManualClock clock(kStart);
  RateLimiter limiter(kPolicy, clock);
  for (int i = 0; i < 60; ++i) {
    ASSERT_EQ(limiter.admit("198.51.100.1"), 0) << i;
    limiter.found("198.51.100.1");
  }
  EXPECT_EQ(limiter.admit("198.51.100.1"), 1) << "only the request pace is spent";
}

TEST(RateLimiter, AnUnlimitedPolicyIsOff) {
  ManualClock clock(kStart);
  RateLimiter limiter(RatePolicy{}, clock);
  EXPECT_FALSE(limiter.enabled());
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.admit("198.51.100.1"), 0);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, StaysWithinItsSize) {
  ManualClock clock(kStart);
  RateLimiter limiter(kPolicy, clock, 100);
  for (int i = 0; i < 100; ++i) limiter.admit("10.0.0." + std::to_string(i));
  EXPECT_EQ(limiter.size(), 100u);
  // The older half is forgotten to make room for active newcomers.
  clock.advance(seconds(1));
  limiter.admit("10.0.1.0");
  EXPECT_LE(limiter.size(), 100u);
  EXPECT_GE(limiter.size(), 50u);
  // Idle clients are dropped before active ones.
  clock.advance(seconds(3600));
  for (int i = 0; i < 5; ++i) limiter.admit("10.0.2.0");
  for (int i = 1; i < 100; ++i) limiter.admit("10.0.3." + std::to_string(i));
  EXPECT_LE(limiter.size(), 100u);
  EXPECT_EQ(limiter.admit("10.0.2.0"), 0);
  for (int i = 0; i < 4; ++i) limiter.admit("10.0.2.0");
  EXPECT_GT(limiter.admit("10.0.2.0"), 0) << "the active client kept its count";
}

}  // namespace
}  // namespace layan::web
