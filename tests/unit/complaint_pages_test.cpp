// How the complaint pages read what people type (where they send people back:
// tests/unit/safe_next_test.cpp).
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

}  // namespace
}  // namespace layan::complaints
