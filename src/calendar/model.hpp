#pragma once

#include <optional>
#include <string>

namespace layan::calendar {

// SKB 3 Menteri fixes two kinds of non-working day each year: national
// holidays (libur nasional) and collective leave (cuti bersama). Both close
// the MPP and both stop the deadline clock.
enum class HolidayKind { kLiburNasional, kCutiBersama };

const char* to_string(HolidayKind k);  // "libur_nasional", "cuti_bersama"
std::optional<HolidayKind> parse_holiday_kind(const std::string& s);

// One non-working day besides Saturday and Sunday.
struct Holiday {
  std::string day;   // "YYYY-MM-DD", a civil day in the MPP's zone
  std::string name;  // in Indonesian: "Cuti Bersama Idulfitri 1447 Hijriah"
  HolidayKind kind = HolidayKind::kLiburNasional;
  std::string created_at, updated_at;
};

// Inputs of writes; validation (service.hpp) reports every bad field at once.
struct HolidayInput {
  std::string day, name, kind;
};
// What an edit may change: the day itself is the key (delete and add instead).
struct HolidayChange {
  std::string name, kind;
};

}  // namespace layan::calendar
