#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace layan::catalogue {

// Perpres 89/2021: an MPP hosts central, regional, state-enterprise and
// private services.
enum class AgencyKind { kCentral, kProvincial, kDistrict, kSoe, kPrivate };
// Jangka waktu: counter services in minutes or hours, permits in working days.
enum class DurationUnit { kMinutes, kHours, kWorkingDays };

const char* to_string(AgencyKind k);  // "central", "provincial", ...
std::optional<AgencyKind> parse_agency_kind(const std::string& s);
const char* to_string(DurationUnit u);  // "minutes", "hours", "working_days"
std::optional<DurationUnit> parse_duration_unit(const std::string& s);
// Delivery modes a service may have: in_person, online, self_service, mobile.
bool is_delivery_mode(const std::string& s);

struct Location {
  int64_t id = 0;
  std::string slug, name, address, city, timezone = "Asia/Jakarta", opening_hours;
};

// Where an agency's counters are in one MPP location.
struct Presence {
  int64_t location_id = 0;
  std::string location_name;  // filled on read
  std::string counters, floor, service_hours;
};

struct Agency {
  int64_t id = 0;
  std::string slug, name, short_name;
  AgencyKind kind = AgencyKind::kDistrict;
  std::string description, website, phone, email;
  std::vector<Presence> presence;  // filled by get_agency
  int service_count = 0;           // active services, filled on read
  std::string created_at, updated_at;
};

struct Unit {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string slug, name, head_name, head_title;
};

// Maklumat pelayanan: the unit head's signed public declaration.
struct Maklumat {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string body, signer_name, signer_title, signed_on, created_at;
};

// One requirement (persyaratan) or one procedure step.
struct Item {
  std::string text;
  std::string note;  // may be empty
};

// The 8 management components (PermenPANRB 15/2014): staff and evaluators
// only, never in public pages or the public API.
struct StandardManagement {
  std::string legal_basis;             // dasar hukum
  std::string facilities;              // sarana, prasarana, fasilitas
  std::string staff_competence;        // kompetensi pelaksana
  std::string internal_supervision;    // pengawasan internal
  int staff_count = 0;                 // jumlah pelaksana
  std::string service_guarantee;       // jaminan pelayanan
  std::string safety_guarantee;        // jaminan keamanan dan keselamatan
  std::string performance_evaluation;  // evaluasi kinerja pelaksana
};

// One immutable version of a service's standard. The 6 delivery components
// are public.
struct Standard {
  int64_t id = 0;
  int64_t service_id = 0;
  int version = 0;
  std::vector<Item> requirements;  // persyaratan, in order
  std::vector<Item> procedure;     // sistem, mekanisme dan prosedur, in order
  int duration_value = 0;
  DurationUnit duration_unit = DurationUnit::kWorkingDays;
  int64_t fee_amount = 0;  // rupiah; 0 = gratis
  std::string fee_basis;   // legal basis of the fee
  std::string product;
  std::string complaint_channel;
  // Present only when the caller may read management components.
  std::optional<StandardManagement> management;
  std::string change_note;
  std::string created_at;
};

struct Service {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string agency_name;  // filled on read
  std::optional<int64_t> unit_id;
  std::string unit_name;  // filled on read, empty without a unit
  std::string slug, name, summary, category;
  std::vector<std::string> delivery_modes;
  bool active = true;
  std::string created_at, updated_at;
  std::optional<Standard> standard;  // the current (highest) version
};

// A service in a list or search result.
struct ServiceSummary {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string slug, name, summary, category;
  std::optional<int64_t> fee_amount;  // from the current standard
  std::optional<int> duration_value;
  std::optional<DurationUnit> duration_unit;
};

struct StandardVersionInfo {
  int version = 0;
  std::string created_at, change_note, created_by_name;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;  // opaque; absent on the last page
};

struct ServiceQuery {
  std::string q;  // full-text query; empty lists all
  std::optional<int64_t> agency_id;
  std::string cursor;             // from a previous Page
  int limit = 20;                 // 1..100
  bool include_inactive = false;  // staff lists only
};

// Inputs of writes. Validation (service.hpp) reports every bad field at once.
struct AgencyInput {
  std::string slug, name, short_name, kind, description, website, phone, email;
};
struct UnitInput {
  std::string slug, name, head_name, head_title;
};
struct ServiceInput {
  std::string slug, name, summary, category;
  std::optional<int64_t> unit_id;
  std::vector<std::string> delivery_modes;
  bool active = true;
};
struct StandardInput {
  std::vector<Item> requirements, procedure;
  int duration_value = 0;
  std::string duration_unit;
  int64_t fee_amount = 0;
  std::string fee_basis, product, complaint_channel;
  StandardManagement management;
  std::string change_note;
};
struct MaklumatInput {
  std::string body, signer_name, signer_title, signed_on;  // signed_on: YYYY-MM-DD
};
struct PresenceInput {
  int64_t location_id = 0;
  std::string counters, floor, service_hours;
};
struct LocationInput {
  std::string slug, name, address, city, timezone, opening_hours;
};

}  // namespace layan::catalogue
