// Indonesia's three zones, each a fixed offset (no daylight saving time).
#include "core/time_zone.hpp"

#include <gtest/gtest.h>

namespace layan {
namespace {

TEST(TimeZones, IndonesiaHasThreeFixedOffsets) {
  EXPECT_EQ(utc_offset_hours("Asia/Jakarta"), 7);
  EXPECT_EQ(utc_offset_hours("Asia/Pontianak"), 7);
  EXPECT_EQ(utc_offset_hours("Asia/Makassar"), 8);
  EXPECT_EQ(utc_offset_hours("Asia/Jayapura"), 9);
  EXPECT_EQ(utc_offset_hours(""), 7) << "unknown zones fall back to WIB";
  EXPECT_EQ(utc_offset_hours("Europe/Amsterdam"), 7);
  EXPECT_STREQ(zone_abbreviation("Asia/Jakarta"), "WIB");
  EXPECT_STREQ(zone_abbreviation("Asia/Makassar"), "WITA");
  EXPECT_STREQ(zone_abbreviation("Asia/Jayapura"), "WIT");
  EXPECT_STREQ(zone_abbreviation(""), "WIB");
}

}  // namespace
}  // namespace layan
