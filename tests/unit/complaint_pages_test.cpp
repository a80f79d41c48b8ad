// How the complaint pages read what people type and where they send them back.
#include <gtest/gtest.h>

#include <cmath>

#include "complaints/pages_internal.hpp"

namespace layan::complaints {
namespace {

TEST(ParseDecimal, AcceptsDotsAndIndonesianCommas) {
  struct Case {
    const char* text;
    std::optional<double> value;
  } cases[] = {{"-6.2088", -6.2088},    {"-6,2088", -6.2088},
               {"106,8456", 106.8456},  {" 0 ", 0.0},
               {"+7.5", 7.5},           {"90", 90.0},
               {"", std::nullopt},      {"utara", std::nullopt},
               {"1,2,3", std::nullopt}, {"1.2,3", std::nullopt},
               {"6.2x", std::nullopt},  {"nan", std::nullopt},
               {"inf", std::nullopt},   {"1e999", std::nullopt},
               {"--1", std::nullopt}};
  for (const auto& c : cases) {
    auto v = parse_decimal(c.text);
    ASSERT_EQ(v.has_value(), c.value.has_value()) << c.text;
    if (v) {
      EXPECT_DOUBLE_EQ(*v, *c.value) << c.text;
    }
  }
}

TEST(SafeNext, FollowsOnlySameSitePaths) {
  struct Case {
    const char* next;
    const char* result;
  } cases[] = {{"/pengaduan/baru", "/pengaduan/baru"},
               {"/pengaduan/lacak?kode=K7M2-9QXR-4TPA", "/pengaduan/lacak?kode=K7M2-9QXR-4TPA"},
               {"", "/fallback"},
               {"pengaduan", "/fallback"},
               {"//evil.example/", "/fallback"},
               {"/\\evil.example/", "/fallback"},
               {"https://evil.example/", "/fallback"},
               {"/a\r\nSet-Cookie: x=1", "/fallback"},
               {"/a\tb", "/fallback"}};
  for (const auto& c : cases) EXPECT_EQ(safe_next(c.next, "/fallback"), c.result) << c.next;
  EXPECT_EQ(safe_next("/" + std::string(600, 'a'), "/fallback"), "/fallback");
}

}  // namespace
}  // namespace layan::complaints
