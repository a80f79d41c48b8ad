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

TEST(TimeZone, LocalTimeTextForMessages) {
  EXPECT_EQ(local_time_text("2026-07-03T16:59:59Z", 7), "03-07-2026 23.59 WIB");
  EXPECT_EQ(local_time_text("2026-12-31T17:30:00Z", 8), "01-01-2027 01.30 WITA") << "into the next year";
  EXPECT_EQ(local_time_text("2026-12-31T17:30:00Z", 9), "01-01-2027 02.30 WIT");
  EXPECT_EQ(local_time_text("bukan waktu", 7), "bukan waktu");
  EXPECT_EQ(zone_abbreviation(7), "WIB");
  EXPECT_EQ(zone_abbreviation(-3), "UTC-3");
}

}  // namespace
}  // namespace layan
