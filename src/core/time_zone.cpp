#include "core/time_zone.hpp"

#include <chrono>

#include "core/clock.hpp"

namespace layan {

int utc_offset_hours(const std::string& timezone) {
  if (timezone == "Asia/Makassar") return 8;
  if (timezone == "Asia/Jayapura") return 9;
  return 7;
}

const char* zone_abbreviation(const std::string& timezone) {
  switch (utc_offset_hours(timezone)) {
    case 8:
      return "WITA";
    case 9:
      return "WIT";
    default:
      return "WIB";
  }
}

std::string zone_abbreviation(int utc_offset_hours) {
  switch (utc_offset_hours) {
    case 7:
      return "WIB";
    case 8:
      return "WITA";
    case 9:
      return "WIT";
    default:
      return "UTC" + std::string(utc_offset_hours < 0 ? "" : "+") + std::to_string(utc_offset_hours);
  }
}

std::string local_time_text(const std::string& utc, int utc_offset_hours) {
  TimePoint t;
  if (!parse_utc(utc, t)) return utc;
  const std::string l = format_utc(t + std::chrono::hours(utc_offset_hours));  // shifted, still "…Z"
  return l.substr(8, 2) + "-" + l.substr(5, 2) + "-" + l.substr(0, 4) + " " + l.substr(11, 2) + "." + l.substr(14, 2) +
         " " + zone_abbreviation(utc_offset_hours);
}

}  // namespace layan
