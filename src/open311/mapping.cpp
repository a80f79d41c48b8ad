#include "open311/mapping.hpp"

#include <charconv>
#include <chrono>
#include <cmath>

#include "complaints/lifecycle.hpp"
#include "core/utf8.hpp"

namespace layan::open311 {
namespace {

using complaints::Status;
using complaints::Type;

FieldError field_error(std::string field, std::string code, std::string id, std::string en) {
  return {std::move(field), std::move(code), std::move(id), std::move(en)};
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

// The non-empty, trimmed items of a comma-separated list.
std::vector<std::string> comma_list(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (auto item = trim(text.substr(start, comma - start)); !item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

// `n` digits at s[pos]; false when they are not all digits.
bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// "YYYY-MM-DD" at the start of `s`, checked to be a real date.
bool parse_date_part(std::string_view s, std::chrono::year_month_day& out) {
  int y = 0, m = 0, d = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d)) {
    return false;
  }
  if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return false;
  out = std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                    std::chrono::day{static_cast<unsigned>(d)}};
  return true;
}

std::optional<double> parse_number(std::string_view s) {
  double v = 0;
  if (s.empty() || s.size() > 40) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool is_http_url(std::string_view url) {
  if (url.size() > kMaxMediaUrlBytes) return false;
  const bool scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (!scheme || url.size() <= (url[4] == 's' ? 8u : 7u)) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7F) return false;
  }
  return is_valid_utf8(url);
}

constexpr std::string_view kAttributePrefix = "attribute[";
constexpr const char* kAttributes[] = {"type", "privacy", "title", "event_date"};

}  // namespace

const char* status_name(Status s) {
  return complaints::is_open(s) ? "open" : "closed";
}

Result<std::vector<std::string>> statuses_for(std::string_view filter) {
  bool open = false, closed = false;
  for (const auto& item : comma_list(filter)) {
    if (item == "open") {
      open = true;
    } else if (item == "closed") {
      closed = true;
    } else {
      return Error::validation({field_error("status", "invalid", "status harus open atau closed",
                                            "status must be open, closed, or both comma-separated")});
    }
  }
  std::vector<std::string> out;
  if (open == closed) return out;
  for (Status s : complaints::kAllStatuses) {
    if (complaints::is_open(s) == open) out.emplace_back(complaints::to_string(s));
  }
  return out;
}

std::optional<TimePoint> parse_datetime(std::string_view s) {
  using namespace std::chrono;
  year_month_day date{};
  if (!parse_date_part(s, date) || s.size() < 16 || s[10] != 'T') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm)) return std::nullopt;
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!digits(s, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      size_t start = ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
      if (pos == start || pos - start > 9) return std::nullopt;
      // Fractions of a second are dropped: times are stored to the second.
    }
  }
  if (hh > 23 || mm > 59 || ss > 59 || pos >= s.size()) return std::nullopt;
  int offset_minutes = 0;
  std::string_view zone = s.substr(pos);
  if (zone == "Z") {
    offset_minutes = 0;
  } else if (zone[0] == '+' || zone[0] == '-' || zone[0] == ' ') {
    int oh = 0, om = 0;
    if (!digits(zone, 1, 2, oh)) return std::nullopt;
    if (zone.size() == 6 && zone[3] == ':') {
      if (!digits(zone, 4, 2, om)) return std::nullopt;
    } else if (zone.size() == 5) {
      if (!digits(zone, 3, 2, om)) return std::nullopt;
    } else if (zone.size() != 3) {
      return std::nullopt;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  TimePoint t = sys_days(date) + hours(hh) + minutes(mm) + seconds(ss);
  return t - minutes(offset_minutes);
}

Result<Window> request_window(const std::optional<std::string>& start_date, const std::optional<std::string>& end_date,
                              TimePoint now) {
  using std::chrono::days;
  std::vector<FieldError> errors;
  auto read = [&](const std::optional<std::string>& text, const char* field) -> std::optional<TimePoint> {
    if (!text || text->empty()) return std::nullopt;
    auto t = parse_datetime(*text);
    if (!t) {
      errors.push_back(field_error(
          field, "invalid", std::string(field) + " harus tanggal dan waktu ISO 8601 dengan zona waktu",
          std::string(field) + " must be an ISO 8601 date and time with a zone, e.g. 2026-05-01T00:00:00+07:00"));
    }
    return t;
  };
  auto start = read(start_date, "start_date");
  auto end = read(end_date, "end_date");
  if (!errors.empty()) return Error::validation(std::move(errors));
  const auto max = days(kMaxWindowDays);
  if (start && end) {
    if (*end < *start) {
      return Error::validation({field_error("end_date", "before_start", "end_date lebih awal dari start_date",
                                            "end_date is before start_date")});
    }
    if (*end - *start > max) {
      return Error::validation(
          {field_error("end_date", "window_too_long", "Rentang start_date sampai end_date paling lama 90 hari",
                       "start_date and end_date may be at most 90 days apart")});
    }
  } else if (start) {
    end = *start + max;
  } else if (end) {
    start = *end - max;
  } else {
    start = now - max;
  }
  Window w;
  w.from = format_utc(std::chrono::ceil<std::chrono::seconds>(*start));
  if (end) w.to = format_utc(std::chrono::floor<std::chrono::seconds>(*end) + std::chrono::seconds(1));
  return w;
}

std::optional<int64_t> parse_service_code(std::string_view code) {
  int64_t id = 0;
  if (code.empty() || code.size() > 18 || code[0] == '0') return std::nullopt;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), id);
  if (ec != std::errc() || end != code.data() + code.size() || id <= 0) return std::nullopt;
  return id;
}

Result<RequestsQuery> parse_requests_query(const web::Pairs& query, TimePoint now) {
  RequestsQuery q;
  std::vector<FieldError> errors;
  if (auto ids = web::find_pair(query, "service_request_id")) {
    q.request_ids = comma_list(*ids);
    if (q.request_ids.size() > kMaxRequestIds) {
      return Error::validation(
          {field_error("service_request_id", "too_many", "service_request_id paling banyak 100 kode",
                       "service_request_id may list at most 100 ids")});
    }
    if (!q.request_ids.empty()) return q;
  }
  if (auto codes = web::find_pair(query, "service_code")) {
    for (const auto& code : comma_list(*codes)) {
      auto id = parse_service_code(code);
      if (!id) {
        errors.push_back(field_error("service_code", "invalid", "service_code tidak dikenal",
                                     "service_code must be service codes from services, comma-separated"));
        break;
      }
      q.service_ids.push_back(*id);
    }
    if (q.service_ids.size() > kMaxServiceCodes) {
      errors.push_back(field_error("service_code", "too_many", "service_code paling banyak 20 kode",
                                   "service_code may list at most 20 codes"));
    }
  }
  if (auto status = web::find_pair(query, "status")) {
    auto statuses = statuses_for(*status);
    if (statuses) {
      q.statuses = std::move(*statuses);
    } else {
      for (const auto& f : statuses.error().fields) errors.push_back(f);
    }
  }
  auto window = request_window(web::find_pair(query, "start_date"), web::find_pair(query, "end_date"), now);
  if (window) {
    q.window = std::move(*window);
  } else {
    for (const auto& f : window.error().fields) errors.push_back(f);
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  return q;
}

std::string title_from(std::string_view description) {
  std::string out;
  size_t chars = 0;
  bool space = false;
  for (size_t i = 0; i < description.size() && chars < kDefaultTitleChars;) {
    const size_t at = i;
    char32_t cp = next_code_point(description, i);
    if (cp == kInvalidCodePoint) continue;
    if (cp < 0x20 || cp == ' ' || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      ++chars;
      space = false;
      if (chars == kDefaultTitleChars) break;
    }
    out.append(description.substr(at, i - at));
    ++chars;
  }
  return out;
}

Result<complaints::NewComplaint> parse_new_request(const web::Pairs& form) {
  auto get = [&](std::string_view name) { return web::find_pair(form, name).value_or(""); };
  std::vector<FieldError> errors;
  complaints::NewComplaint in;
  in.channel = "open311";

  const std::string code = trim(get("service_code"));
  if (code.empty()) {
    errors.push_back(field_error("service_code", "required", "service_code wajib diisi", "service_code is required"));
  } else if (auto id = parse_service_code(code)) {
    in.service_id = *id;
  } else {
    return Error::not_found("service_code " + code + " not found");
  }

  const std::string lat = trim(get("lat")), lon = trim(get("long"));
  if (!lat.empty() || !lon.empty()) {
    auto la = parse_number(lat), lo = parse_number(lon);
    if (!la || !lo) {
      errors.push_back(field_error("lat", "invalid", "lat dan long harus angka desimal, keduanya",
                                   "lat and long must both be decimal numbers"));
    } else {
      in.latitude = la;
      in.longitude = lo;
    }
  }
  in.address = trim(get("address_string"));
  if (lat.empty() && lon.empty() && in.address.empty()) {
    errors.push_back(field_error("lat", "location_required", "Lokasi wajib: lat dan long, atau address_string",
                                 "A location is required: lat and long, or address_string (address_id is not "
                                 "supported)"));
  }

  in.reporter_email = trim(get("email"));
  in.reporter_phone = trim(get("phone"));
  in.reporter_name = trim(trim(get("first_name")) + " " + trim(get("last_name")));

  in.description = trim(get("description"));
  if (auto n = utf8_length(in.description); n && *n > kMaxDescriptionChars) {
    errors.push_back(field_error("description", "too_long", "description maksimal 4000 karakter",
                                 "description must be at most 4000 characters"));
  }
  const std::string media = trim(get("media_url"));
  if (!media.empty()) {
    if (!is_http_url(media)) {
      errors.push_back(field_error("media_url", "invalid", "media_url harus alamat http atau https",
                                   "media_url must be an http or https URL of at most 2000 bytes"));
    } else {
      in.description += (in.description.empty() ? "" : "\n\n") + std::string("Media: ") + media;
    }
  }

  for (const auto& [name, value] : form) {
    if (name.rfind(kAttributePrefix, 0) != 0) continue;
    bool known = false;
    for (const char* a : kAttributes) known = known || name == std::string(kAttributePrefix) + a + "]";
    if (!known) {
      errors.push_back(field_error(name, "unknown", "Atribut tidak dikenal; lihat definisi layanan",
                                   "Unknown attribute; see the service definition"));
    }
  }
  // Generic clients file without reading the definition: a complaint.
  in.type = trim(get("attribute[type]"));
  if (in.type.empty()) {
    in.type = "pengaduan";
  } else if (in.type != "aspirasi" && in.type != "pengaduan" && in.type != "permintaan_informasi") {
    errors.push_back(field_error("attribute[type]", "invalid",
                                 "attribute[type] harus aspirasi, pengaduan atau permintaan_informasi",
                                 "attribute[type] must be aspirasi, pengaduan or permintaan_informasi"));
  }
  if (auto privacy = trim(get("attribute[privacy]")); !privacy.empty()) in.privacy = privacy;
  in.title = trim(get("attribute[title]"));
  if (in.title.empty()) in.title = title_from(trim(get("description")));
  if (auto when = trim(get("attribute[event_date]")); !when.empty()) {
    std::chrono::year_month_day date{};
    if ((when.size() == 10 || parse_datetime(when)) && parse_date_part(when, date)) {
      in.event_date = when.substr(0, 10);
    } else {
      errors.push_back(field_error("attribute[event_date]", "invalid",
                                   "attribute[event_date] harus tanggal TTTT-BB-HH atau waktu ISO 8601",
                                   "attribute[event_date] must be a date YYYY-MM-DD or an ISO 8601 date and time"));
    }
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  return in;
}

Error with_open311_fields(Error error) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"service_id", "service_code"},
      {"agency_id", "service_code"},
      {"latitude", "lat"},
      {"longitude", "long"},
      {"address", "address_string"},
      {"reporter_email", "email"},
      {"reporter_phone", "phone"},
      {"reporter_name", "first_name"},
      {"type", "attribute[type]"},
      {"privacy", "attribute[privacy]"},
      {"title", "attribute[title]"},
      {"event_date", "attribute[event_date]"},
  };
  for (auto& f : error.fields) {
    for (const auto& [ours, theirs] : kNames) {
      if (f.field == ours) {
        f.field = theirs;
        break;
      }
    }
  }
  return error;
}

std::string service_notice(const ComplaintSettings& limits, Type t, bool english) {
  int complete = limits.complete_days_pengaduan;
  if (t == Type::kAspirasi) complete = limits.complete_days_aspirasi;
  if (t == Type::kPermintaanInformasi) complete = limits.complete_days_informasi;
  if (t == Type::kWhistleblowing) complete = limits.complete_days_whistleblowing;
  const std::string verify = std::to_string(limits.verify_working_days), days = std::to_string(complete);
  if (english) {
    return "The MPP desk verifies a report within " + verify + " working days; it is completed within " + days +
           " days.";
  }
  return "Laporan diverifikasi meja pengaduan MPP dalam " + verify + " hari kerja dan diselesaikan paling lama " +
         days + " hari.";
}

std::string filed_notice(const std::string& tracking_code, bool english) {
  if (english) {
    return "Tracking code for the reporter (keep it secret; it is shown only here): " + tracking_code + ".";
  }
  return "Kode lacak untuk pelapor (rahasiakan; hanya ditampilkan di sini): " + tracking_code + ".";
}

Document discovery_document(const std::string& public_url) {
  Document endpoint = {{"specification", kSpecification},
                       {"url", public_url + "/open311/v2"},
                       {"changeset", kChangeset},
                       {"type", "production"},
                       {"formats", {"application/json", "text/xml"}}};
  return {{"changeset", kChangeset},
          {"contact", "Meja pengaduan Mal Pelayanan Publik / the MPP's complaints desk: " + public_url},
          {"key_service", "Kunci API diberikan pengelola MPP / API keys are issued by the MPP manager: " + public_url +
                              "/kelola/kunci-api"},
          {"endpoints", Document::array({endpoint})}};
}

Document service_document(const catalogue::ServiceSummary& s) {
  return {{"service_code", std::to_string(s.id)},
          {"service_name", s.name},
          {"description", s.summary},
          {"metadata", true},
          {"type", "realtime"},
          {"keywords", s.category},
          {"group", s.agency_name}};
}

Document service_definition(int64_t service_id) {
  auto value = [](const char* key, const char* name) { return Document{{"key", key}, {"name", name}}; };
  auto attribute = [](const char* code, const char* datatype, bool required, const char* datatype_description,
                      int order, const char* description) {
    return Document{{"variable", true},
                    {"code", code},
                    {"datatype", datatype},
                    {"required", required},
                    {"datatype_description", datatype_description},
                    {"order", order},
                    {"description", description}};
  };
  Document type = attribute("type", "singlevaluelist", false, "", 1,
                            "Jenis laporan; bawaan: pengaduan / Report type; default: pengaduan");
  type["values"] = {value("aspirasi", "Aspirasi / Suggestion"), value("pengaduan", "Pengaduan / Complaint"),
                    value("permintaan_informasi", "Permintaan informasi / Information request")};
  Document privacy =
      attribute("privacy", "singlevaluelist", false, "", 2,
                "Kerahasiaan; bawaan: rahasia (tidak dipublikasikan) / Privacy; default: rahasia (never public). The "
                "reporter's name, email and phone are never published, whatever the choice.");
  privacy["values"] = {value("rahasia", "Rahasia: tidak dipublikasikan / Confidential: never public"),
                       value("anonim", "Anonim: publik tanpa identitas / Anonymous: public, identity hidden"),
                       value("biasa",
                             "Biasa: publik; identitas hanya untuk petugas / Public; identity for the "
                             "handling staff only")};
  Document title = attribute("title", "string", false, "5 to 150 characters", 3,
                             "Judul laporan; bawaan: 80 karakter pertama deskripsi / Title; default: the first 80 "
                             "characters of the description");
  Document event_date =
      attribute("event_date", "datetime", false, "ISO 8601: 2026-05-01 or 2026-05-01T08:00:00+07:00 (the date is kept)",
                4, "Tanggal kejadian / When it happened");
  return {{"service_code", std::to_string(service_id)},
          {"attributes", Document::array({type, privacy, title, event_date})}};
}

Document request_document(const complaints::Complaint& c, const std::string& status_notes,
                          const std::string& agency_responsible, const std::string& notice, bool status_only) {
  auto nullable = [](const std::string& s) { return s.empty() ? Document(nullptr) : Document(s); };
  Document d = {{"service_request_id", c.public_id},
                {"status", status_name(c.status)},
                {"status_notes", nullable(status_notes)},
                {"service_name", nullable(c.service_name)},
                {"service_code", c.service_id ? Document(std::to_string(*c.service_id)) : Document(nullptr)}};
  if (!status_only) d["description"] = c.description;
  d["agency_responsible"] = nullable(agency_responsible);
  if (!status_only) d["service_notice"] = nullable(notice);
  d["requested_datetime"] = c.submitted_at;
  d["updated_datetime"] = nullable(c.updated_at);
  d["expected_datetime"] = nullable(c.complete_due_at);
  if (status_only) return d;
  d["address"] = c.location.address;
  d["lat"] = c.location.latitude ? Document(*c.location.latitude) : Document(nullptr);
  d["long"] = c.location.longitude ? Document(*c.location.longitude) : Document(nullptr);
  // layan never keeps media of its own (docs/api.md): the schema's null.
  d["media_url"] = nullptr;
  return d;
}

}  // namespace layan::open311
