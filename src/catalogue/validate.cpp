// Validation of the catalogue's inputs (declared in catalogue/service.hpp).
// Pure: every bad field is reported at once, in Indonesian and English.
// Field names are those of the JSON API ("fee.amount", "requirements[2].text",
// "management.legal_basis"), so API clients and page forms can place errors.
#include <array>
#include <set>
#include <string>
#include <vector>

#include "catalogue/service.hpp"
#include "core/utf8.hpp"
#include "core/validation.hpp"

namespace layan::catalogue {
namespace {

using validation::blank;
using validation::Errors;
using validation::Label;

constexpr size_t kNameMax = 200;
constexpr size_t kShortTextMax = 500;
constexpr size_t kLongTextMax = 10000;
constexpr size_t kItemsMax = 100;
constexpr int kDurationMax = 1000;
constexpr int64_t kFeeMax = 1'000'000'000'000;  // Rp 1 trillion: far above any public service fee
constexpr int kStaffCountMax = 100000;

bool plausible_email(const std::string& e) {
  auto at = e.find('@');
  if (at == std::string::npos || at == 0 || at != e.rfind('@') || e.size() > 254) return false;
  auto dot = e.find('.', at);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < e.size() &&
         e.find_first_of(" \t\r\n<>\"(),;:") == std::string::npos;
}

bool plausible_website(const std::string& w) {
  bool scheme = w.rfind("https://", 0) == 0 || w.rfind("http://", 0) == 0;
  size_t host_start = w.find("://") + 3;
  return scheme && w.size() > host_start && w.size() <= 300 && w.find_first_of(" \t\r\n<>\"'`") == std::string::npos;
}

bool plausible_phone(const std::string& p) {
  int digits = 0;
  for (char c : p) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 3 && p.size() <= 30;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// YYYY-MM-DD of a real calendar day, years 1900..2999.
bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  int max = kDays[static_cast<size_t>(m - 1)] + (m == 2 && leap(y) ? 1 : 0);
  return d <= max;
}

// Indonesia's zones (no daylight saving): WIB, WITA, WIT.
bool known_timezone(const std::string& tz) {
  for (const char* z : {"Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"}) {
    if (tz == z) return true;
  }
  return false;
}

void items(Errors& errs, const std::string& field, const std::vector<Item>& list, Label what, const char* one_id,
           const char* one_en) {
  if (list.empty()) {
    errs.add(field, "required", std::string("Isi minimal satu ") + what.id,
             std::string("Give at least one ") + what.en);
    return;
  }
  if (list.size() > kItemsMax) {
    errs.add(field, "too_many", std::string(what.id) + " paling banyak 100 butir",
             std::string("At most 100 ") + what.en);
    return;
  }
  for (size_t i = 0; i < list.size(); ++i) {
    std::string n = std::to_string(i + 1), at = field + "[" + std::to_string(i) + "]";
    std::string id_label = std::string(one_id) + " ke-" + n, en_label = std::string(one_en) + " " + n;
    errs.text(at + ".text", list[i].text, {id_label.c_str(), en_label.c_str()}, true, kShortTextMax * 2);
    std::string note_id = "Catatan " + id_label, note_en = "The note of " + en_label;
    errs.text(at + ".note", list[i].note, {note_id.c_str(), note_en.c_str()}, false, kShortTextMax * 2);
  }
}

}  // namespace

Status validate_agency(const AgencyInput& in) {
  Errors errs;
  errs.slug(in.slug);
  errs.text("name", in.name, {"Nama instansi", "Agency name"}, true, kNameMax);
  errs.text("short_name", in.short_name, {"Nama singkat", "Short name"}, false, 50);
  if (!parse_agency_kind(in.kind)) {
    errs.add("kind", "invalid", "Jenis instansi harus salah satu dari central, provincial, district, soe, private",
             "Agency kind must be one of central, provincial, district, soe, private");
  }
  errs.text("description", in.description, {"Deskripsi", "Description"}, false, kLongTextMax, true);
  if (!in.website.empty() && !plausible_website(in.website)) {
    errs.add("website", "invalid", "Situs web harus berupa alamat yang diawali http:// atau https://",
             "Website must be an address starting with http:// or https://");
  }
  if (!in.phone.empty() && !plausible_phone(in.phone)) {
    errs.add("phone", "invalid", "Nomor telepon hanya boleh berisi angka, spasi, +, - dan tanda kurung",
             "Phone number may contain only digits, spaces, +, - and parentheses");
  }
  if (!in.email.empty() && !plausible_email(in.email)) {
    errs.add("email", "invalid", "Alamat email tidak valid", "Email address is invalid");
  }
  return errs.result();
}

Status validate_unit(const UnitInput& in) {
  Errors errs;
  errs.slug(in.slug);
  errs.text("name", in.name, {"Nama unit", "Unit name"}, true, kNameMax);
  errs.text("head_name", in.head_name, {"Nama kepala unit", "Unit head's name"}, false, kNameMax);
  errs.text("head_title", in.head_title, {"Jabatan kepala unit", "Unit head's title"}, false, kNameMax);
  return errs.result();
}

Status validate_service(const ServiceInput& in) {
  Errors errs;
  errs.slug(in.slug);
  errs.text("name", in.name, {"Nama layanan", "Service name"}, true, kNameMax);
  errs.text("summary", in.summary, {"Ringkasan", "Summary"}, false, kShortTextMax * 4, true);
  errs.text("category", in.category, {"Kategori", "Category"}, false, 100);
  if (in.unit_id && *in.unit_id <= 0) {
    errs.add("unit_id", "invalid", "Unit tidak valid", "Unit is invalid");
  }
  if (in.delivery_modes.empty()) {
    errs.add("delivery_modes", "required", "Pilih minimal satu cara pelayanan", "Choose at least one delivery mode");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < in.delivery_modes.size(); ++i) {
    const auto& m = in.delivery_modes[i];
    std::string field = "delivery_modes[" + std::to_string(i) + "]";
    if (!is_delivery_mode(m)) {
      errs.add(field, "invalid", "Cara pelayanan harus salah satu dari in_person, online, self_service, mobile",
               "Delivery mode must be one of in_person, online, self_service, mobile");
    } else if (!seen.insert(m).second) {
      errs.add(field, "duplicate", "Cara pelayanan disebut dua kali", "Delivery mode is listed twice");
    }
  }
  return errs.result();
}

Status validate_standard(const StandardInput& in) {
  Errors errs;
  // PermenPANRB 15/2014: the six delivery components are published for every
  // service, so each must be present.
  items(errs, "requirements", in.requirements, {"persyaratan", "requirement"}, "Persyaratan", "Requirement");
  items(errs, "procedure", in.procedure, {"langkah prosedur", "procedure step"}, "Langkah prosedur", "Procedure step");
  if (in.duration_value < 1 || in.duration_value > kDurationMax) {
    errs.add("duration.value", "out_of_range", "Jangka waktu harus bilangan bulat 1 sampai 1000",
             "Duration must be a whole number from 1 to 1000");
  }
  if (!parse_duration_unit(in.duration_unit)) {
    errs.add("duration.unit", "invalid", "Satuan jangka waktu harus minutes, hours atau working_days",
             "Duration unit must be minutes, hours or working_days");
  }
  if (in.fee_amount < 0 || in.fee_amount > kFeeMax) {
    errs.add("fee.amount", "out_of_range", "Biaya harus antara 0 (gratis) dan 1.000.000.000.000 rupiah",
             "Fee must be between 0 (free) and 1,000,000,000,000 rupiah");
  }
  if (in.fee_amount > 0 && blank(in.fee_basis)) {
    errs.add("fee.basis", "required", "Layanan berbayar wajib mencantumkan dasar hukum biaya",
             "A paid service must state the legal basis of its fee");
  } else {
    errs.text("fee.basis", in.fee_basis, {"Dasar hukum biaya", "Legal basis of the fee"}, false, kShortTextMax * 2,
              true);
  }
  errs.text("product", in.product, {"Produk pelayanan", "Service product"}, true, kShortTextMax * 2, true);
  errs.text("complaint_channel", in.complaint_channel, {"Penanganan pengaduan", "Complaint handling"}, true,
            kShortTextMax * 4, true);
  const auto& m = in.management;
  struct ManagementText {
    const char* field;
    const std::string& value;
    Label label;
  };
  for (const auto& t :
       {ManagementText{"management.legal_basis", m.legal_basis, {"Dasar hukum", "Legal basis"}},
        ManagementText{"management.facilities", m.facilities, {"Sarana, prasarana dan fasilitas", "Facilities"}},
        ManagementText{"management.staff_competence", m.staff_competence, {"Kompetensi pelaksana", "Staff competence"}},
        ManagementText{
            "management.internal_supervision", m.internal_supervision, {"Pengawasan internal", "Internal supervision"}},
        ManagementText{"management.service_guarantee", m.service_guarantee, {"Jaminan pelayanan", "Service guarantee"}},
        ManagementText{"management.safety_guarantee",
                       m.safety_guarantee,
                       {"Jaminan keamanan dan keselamatan", "Security and safety guarantee"}},
        ManagementText{"management.performance_evaluation",
                       m.performance_evaluation,
                       {"Evaluasi kinerja pelaksana", "Staff performance evaluation"}}}) {
    errs.text(t.field, t.value, t.label, false, kLongTextMax, true);
  }
  if (m.staff_count < 0 || m.staff_count > kStaffCountMax) {
    errs.add("management.staff_count", "out_of_range", "Jumlah pelaksana harus antara 0 dan 100000",
             "Staff count must be between 0 and 100000");
  }
  errs.text("change_note", in.change_note, {"Catatan perubahan", "Change note"}, false, kShortTextMax, true);
  return errs.result();
}

Status validate_maklumat(const MaklumatInput& in) {
  Errors errs;
  errs.text("body", in.body, {"Isi maklumat", "Declaration text"}, true, kLongTextMax, true);
  errs.text("signer_name", in.signer_name, {"Nama penanda tangan", "Signer's name"}, true, kNameMax);
  errs.text("signer_title", in.signer_title, {"Jabatan penanda tangan", "Signer's title"}, false, kNameMax);
  if (!valid_date(in.signed_on)) {
    errs.add("signed_on", "invalid", "Tanggal penandatanganan harus tanggal yang valid (TTTT-BB-HH)",
             "Signing date must be a valid date (YYYY-MM-DD)");
  }
  return errs.result();
}

Status validate_location(const LocationInput& in) {
  Errors errs;
  errs.slug(in.slug);
  errs.text("name", in.name, {"Nama lokasi", "Location name"}, true, kNameMax);
  errs.text("address", in.address, {"Alamat", "Address"}, false, kShortTextMax, true);
  errs.text("city", in.city, {"Kota/kabupaten", "City or regency"}, false, kNameMax);
  if (!in.timezone.empty() && !known_timezone(in.timezone)) {
    errs.add("timezone", "invalid",
             "Zona waktu harus Asia/Jakarta atau Asia/Pontianak (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT)",
             "Time zone must be Asia/Jakarta or Asia/Pontianak (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)");
  }
  errs.text("opening_hours", in.opening_hours, {"Jam buka", "Opening hours"}, false, kShortTextMax, true);
  return errs.result();
}

Status validate_presence(const PresenceInput& in) {
  Errors errs;
  if (in.location_id <= 0) {
    errs.add("location_id", "required", "Lokasi MPP wajib dipilih", "An MPP location is required");
  }
  errs.text("counters", in.counters, {"Loket", "Counters"}, false, kNameMax);
  errs.text("floor", in.floor, {"Lantai", "Floor"}, false, 50);
  errs.text("service_hours", in.service_hours, {"Jam layanan", "Service hours"}, false, kShortTextMax, true);
  return errs.result();
}

}  // namespace layan::catalogue
