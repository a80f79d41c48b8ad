#pragma once

#include <string>

namespace layan {

// Indonesia has no daylight saving time, so each of its zones is a fixed
// offset from UTC: WIB (Asia/Jakarta, Asia/Pontianak) +7, WITA
// (Asia/Makassar) +8, WIT (Asia/Jayapura) +9. Unknown zones fall back to WIB.
// Pure.
int utc_offset_hours(const std::string& timezone);
// "WIB", "WITA" or "WIT" for the zone, by the same rule.
const char* zone_abbreviation(const std::string& timezone);

}  // namespace layan
