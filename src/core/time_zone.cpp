#include "core/time_zone.hpp"

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

}  // namespace layan
