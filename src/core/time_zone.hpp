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
// The same for an offset in hours (+7 WIB, +8 WITA, +9 WIT); "UTC+N" for
// any other.
std::string zone_abbreviation(int utc_offset_hours);
// A UTC time ("2026-07-03T16:59:59Z") as local time at that offset, the way
// messages that leave the system (email, SMS) write it: "03-07-2026 23.59 WIB".
// The text itself when it is not a UTC time.
std::string local_time_text(const std::string& utc, int utc_offset_hours);

}  // namespace layan
