// Sign-in throttling rules (L2 of the security probe: failures used to lock
// the real user out, and one address's failures locked out everyone there).
#include "accounts/throttle.hpp"

#include <gtest/gtest.h>

namespace layan::accounts {
namespace {

using std::chrono::seconds;

// Table values are built before any test runs: a malformed time shows as the
// epoch in the failing case.
TimePoint at(const char* utc) {
  TimePoint t{};
  parse_utc(utc, t);
  return t;
}

const LoginThrottle kDefaults = login_throttle(LoginSettings{});

TEST(LoginThrottle, DefaultFigures) {
  EXPECT_EQ(kDefaults.pair.free_failures, 3);
  EXPECT_EQ(kDefaults.pair.window, std::chrono::hours(24));
  EXPECT_EQ(kDefaults.pair.max_delay, std::chrono::minutes(15));
  EXPECT_EQ(kDefaults.address.free_failures, 20);
  EXPECT_EQ(kDefaults.address.window, std::chrono::hours(1));
  EXPECT_EQ(kDefaults.address.max_delay, std::chrono::minutes(5));
  EXPECT_EQ(kDefaults.account.free_failures, 20);
  EXPECT_EQ(kDefaults.account.window, std::chrono::hours(24));
  EXPECT_EQ(kDefaults.account.max_delay, std::chrono::minutes(5));
}

struct DelayCase {
  int failures;
  int64_t pair_s;    // after this many failures of a pair
  int64_t shared_s;  // of an address or an account
};

class DelayTable : public ::testing::TestWithParam<DelayCase> {};

TEST_P(DelayTable, GrowsByDoublingUpToTheCap) {
  const auto& c = GetParam();
  EXPECT_EQ(delay_after(kDefaults.pair, c.failures), seconds(c.pair_s)) << c.failures << " pair failures";
  EXPECT_EQ(delay_after(kDefaults.address, c.failures), seconds(c.shared_s)) << c.failures << " address failures";
  EXPECT_EQ(delay_after(kDefaults.account, c.failures), seconds(c.shared_s)) << c.failures << " account failures";
}

INSTANTIATE_TEST_SUITE_P(Defaults, DelayTable,
                         ::testing::Values(DelayCase{0, 0, 0}, DelayCase{1, 0, 0}, DelayCase{2, 0, 0},
                                           DelayCase{3, 2, 0}, DelayCase{4, 4, 0}, DelayCase{5, 8, 0},
                                           DelayCase{6, 16, 0}, DelayCase{10, 256, 0}, DelayCase{11, 512, 0},
                                           DelayCase{12, 900, 0}, DelayCase{19, 900, 0}, DelayCase{20, 900, 2},
                                           DelayCase{21, 900, 4}, DelayCase{27, 900, 256}, DelayCase{28, 900, 300},
                                           DelayCase{1000, 900, 300}, DelayCase{2000000000, 900, 300}));

TEST(LoginThrottle, NothingIsFreeWithoutFreeFailures) {
  ThrottleRule strict{0, std::chrono::hours(1), seconds(60)};
  EXPECT_EQ(delay_after(strict, 0), seconds(0));
  EXPECT_EQ(delay_after(strict, 1), seconds(4));
  EXPECT_EQ(delay_after(strict, 5), seconds(60));
}

struct WaitCase {
  const char* name;
  FailureCount pair, address, account;
  bool known_pair;
  TimePoint now;
  int64_t wait_s;
};

void PrintTo(const WaitCase& c, std::ostream* os) {
  *os << c.name;
}

class WaitTable : public ::testing::TestWithParam<WaitCase> {};

TEST_P(WaitTable, Decides) {
  const auto& c = GetParam();
  EXPECT_EQ(wait_before_attempt(kDefaults, c.pair, c.address, c.account, c.known_pair, c.now), seconds(c.wait_s))
      << c.name;
}

const FailureCount kNone{};
FailureCount failures(int n, const char* last) {
  return {n, at(last)};
}

INSTANTIATE_TEST_SUITE_P(
    Rules, WaitTable,
    ::testing::Values(WaitCase{"no failures", kNone, kNone, kNone, false, at("2026-02-02T02:00:00Z"), 0},
                      WaitCase{"two failures of the pair cost nothing", failures(2, "2026-02-02T02:00:00Z"), kNone,
                               kNone, false, at("2026-02-02T02:00:00Z"), 0},
                      WaitCase{"the third failure makes the next attempt wait 2 s", failures(3, "2026-02-02T02:00:00Z"),
                               kNone, kNone, false, at("2026-02-02T02:00:00Z"), 2},
                      WaitCase{"time already waited counts", failures(3, "2026-02-02T02:00:00Z"), kNone, kNone, false,
                               at("2026-02-02T02:00:01Z"), 1},
                      WaitCase{"the wait is over", failures(3, "2026-02-02T02:00:00Z"), kNone, kNone, false,
                               at("2026-02-02T02:00:02Z"), 0},
                      WaitCase{"long over", failures(3, "2026-02-02T02:00:00Z"), kNone, kNone, false,
                               at("2026-02-02T09:00:00Z"), 0},
                      WaitCase{"the fifth failure: 8 s", failures(5, "2026-02-02T02:00:00Z"), kNone, kNone, false,
                               at("2026-02-02T02:00:00Z"), 8},
                      WaitCase{"many failures of the pair: 15 minutes at most", failures(40, "2026-02-02T02:00:00Z"),
                               kNone, kNone, false, at("2026-02-02T02:00:00Z"), 900},
                      WaitCase{"a known pair still waits for its own failures", failures(4, "2026-02-02T02:00:00Z"),
                               kNone, kNone, true, at("2026-02-02T02:00:00Z"), 4},
                      WaitCase{"free failures cost nothing even when stamped after now",
                               failures(2, "2026-02-02T02:00:01Z"), failures(19, "2026-02-02T02:00:01Z"),
                               failures(19, "2026-02-02T02:00:01Z"), false, at("2026-02-02T02:00:00Z"), 0},
                      WaitCase{"nineteen failures at the address cost nothing", kNone,
                               failures(19, "2026-02-02T02:00:00Z"), kNone, false, at("2026-02-02T02:00:00Z"), 0},
                      WaitCase{"the address's twentieth failure slows a new pair there", kNone,
                               failures(20, "2026-02-02T02:00:00Z"), kNone, false, at("2026-02-02T02:00:00Z"), 2},
                      WaitCase{"an address hammered for long: 5 minutes at most", kNone,
                               failures(500, "2026-02-02T02:00:00Z"), kNone, false, at("2026-02-02T02:00:00Z"), 300},
                      WaitCase{"a known pair is not slowed by its address", kNone,
                               failures(500, "2026-02-02T02:00:00Z"), kNone, true, at("2026-02-02T02:00:00Z"), 0},
                      WaitCase{"an account guessed from many places slows a new address", kNone, kNone,
                               failures(22, "2026-02-02T02:00:00Z"), false, at("2026-02-02T02:00:03Z"), 5},
                      WaitCase{"the owner from a known address is not slowed by others", kNone, kNone,
                               failures(500, "2026-02-02T02:00:00Z"), true, at("2026-02-02T02:00:00Z"), 0},
                      WaitCase{"the longest wait of the scopes", failures(4, "2026-02-02T02:00:00Z"),
                               failures(22, "2026-02-02T02:00:00Z"), failures(21, "2026-02-02T02:00:00Z"), false,
                               at("2026-02-02T02:00:00Z"), 8},
                      WaitCase{"whole seconds: a failure late in a second",
                               {3, at("2026-02-02T02:00:00Z") + std::chrono::milliseconds(900)},
                               kNone,
                               kNone,
                               false,
                               at("2026-02-02T02:00:01Z") + std::chrono::milliseconds(500),
                               1}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (auto& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return n;
    });

}  // namespace
}  // namespace layan::accounts
