#include "catalogue/model.hpp"

#include <array>

namespace layan::catalogue {
namespace {

constexpr std::array kAgencyKinds = {AgencyKind::kCentral, AgencyKind::kProvincial, AgencyKind::kDistrict,
                                     AgencyKind::kSoe, AgencyKind::kPrivate};
constexpr std::array kDurationUnits = {DurationUnit::kMinutes, DurationUnit::kHours, DurationUnit::kWorkingDays};
constexpr std::array kDeliveryModes = {"in_person", "online", "self_service", "mobile"};

}  // namespace

const char* to_string(AgencyKind k) {
  switch (k) {
    case AgencyKind::kCentral:
      return "central";
    case AgencyKind::kProvincial:
      return "provincial";
    case AgencyKind::kDistrict:
      return "district";
    case AgencyKind::kSoe:
      return "soe";
    case AgencyKind::kPrivate:
      return "private";
  }
  return "district";
}

std::optional<AgencyKind> parse_agency_kind(const std::string& s) {
  for (AgencyKind k : kAgencyKinds) {
    if (s == to_string(k)) return k;
  }
  return std::nullopt;
}

const char* to_string(DurationUnit u) {
  switch (u) {
    case DurationUnit::kMinutes:
      return "minutes";
    case DurationUnit::kHours:
      return "hours";
    case DurationUnit::kWorkingDays:
      return "working_days";
  }
  return "working_days";
}

std::optional<DurationUnit> parse_duration_unit(const std::string& s) {
  for (DurationUnit u : kDurationUnits) {
    if (s == to_string(u)) return u;
  }
  return std::nullopt;
}

bool is_delivery_mode(const std::string& s) {
  for (const char* m : kDeliveryModes) {
    if (s == m) return true;
  }
  return false;
}

}  // namespace layan::catalogue
