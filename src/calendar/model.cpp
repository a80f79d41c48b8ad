#include "calendar/model.hpp"

namespace layan::calendar {

const char* to_string(HolidayKind k) {
  switch (k) {
    case HolidayKind::kLiburNasional:
      return "libur_nasional";
    case HolidayKind::kCutiBersama:
      return "cuti_bersama";
  }
  return "libur_nasional";
}

std::optional<HolidayKind> parse_holiday_kind(const std::string& s) {
  for (HolidayKind k : {HolidayKind::kLiburNasional, HolidayKind::kCutiBersama}) {
    if (s == to_string(k)) return k;
  }
  return std::nullopt;
}

}  // namespace layan::calendar
