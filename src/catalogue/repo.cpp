#include "catalogue/repo.hpp"

#include <nlohmann/json.hpp>

namespace layan::catalogue::repo {
namespace {

// Requirements and procedure are stored as JSON arrays of {"text", "note"}.
std::string items_to_json(const std::vector<Item>& items) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& i : items) arr.push_back({{"text", i.text}, {"note", i.note}});
  return arr.dump();
}

std::vector<Item> items_from_json(const std::string& text) {
  std::vector<Item> out;
  auto arr = nlohmann::json::parse(text, nullptr, false);
  if (!arr.is_array()) return out;
  for (const auto& i : arr) {
    if (!i.is_object()) continue;
    Item item;
    if (auto t = i.find("text"); t != i.end() && t->is_string()) item.text = t->get<std::string>();
    if (auto n = i.find("note"); n != i.end() && n->is_string()) item.note = n->get<std::string>();
    out.push_back(std::move(item));
  }
  return out;
}

std::string join_modes(const std::vector<std::string>& modes) {
  std::string out;
  for (const auto& m : modes) out += (out.empty() ? "" : ",") + m;
  return out;
}

std::vector<std::string> split_modes(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// ---- Typed row destinations (soci::row types differ between backends;
// typed into() does not).

struct AgencyRow {
  long long id = 0;
  std::string slug, name, short_name, kind, description, website, phone, email, created_at, updated_at;
  int service_count = 0;

  Agency to_agency() const {
    Agency a;
    a.id = id;
    a.slug = slug;
    a.name = name;
    a.short_name = short_name;
    a.kind = parse_agency_kind(kind).value_or(AgencyKind::kDistrict);
    a.description = description;
    a.website = website;
    a.phone = phone;
    a.email = email;
    a.service_count = service_count;
    a.created_at = created_at;
    a.updated_at = updated_at;
    return a;
  }
};

#define LAYAN_AGENCY_INTO(r)                                                                                        \
  soci::into((r).id), soci::into((r).slug), soci::into((r).name), soci::into((r).short_name), soci::into((r).kind), \
      soci::into((r).description), soci::into((r).website), soci::into((r).phone), soci::into((r).email),           \
      soci::into((r).created_at), soci::into((r).updated_at), soci::into((r).service_count)

constexpr const char* kAgencySelect =
    "SELECT a.id, a.slug, a.name, a.short_name, a.kind, a.description, a.website, a.phone, a.email, "
    "a.created_at, a.updated_at, "
    "(SELECT COUNT(*) FROM services s WHERE s.agency_id = a.id AND s.active = 1) FROM agencies a ";

struct UnitRow {
  long long id = 0, agency_id = 0;
  std::string slug, name, head_name, head_title;
  Unit to_unit() const { return {id, agency_id, slug, name, head_name, head_title}; }
};

#define LAYAN_UNIT_INTO(r)                                                                   \
  soci::into((r).id), soci::into((r).agency_id), soci::into((r).slug), soci::into((r).name), \
      soci::into((r).head_name), soci::into((r).head_title)

constexpr const char* kUnitSelect = "SELECT id, agency_id, slug, name, head_name, head_title FROM units ";

struct StandardRow {
  long long id = 0, service_id = 0, fee_amount = 0;
  int version = 0, duration_value = 0, staff_count = 0;
  std::string requirements, procedure, duration_unit, fee_basis, product, complaint_channel;
  std::string legal_basis, facilities, staff_competence, internal_supervision, service_guarantee, safety_guarantee,
      performance_evaluation, change_note, created_at;

  Standard to_standard() const {
    Standard s;
    s.id = id;
    s.service_id = service_id;
    s.version = version;
    s.requirements = items_from_json(requirements);
    s.procedure = items_from_json(procedure);
    s.duration_value = duration_value;
    s.duration_unit = parse_duration_unit(duration_unit).value_or(DurationUnit::kWorkingDays);
    s.fee_amount = fee_amount;
    s.fee_basis = fee_basis;
    s.product = product;
    s.complaint_channel = complaint_channel;
    s.management = StandardManagement{legal_basis, facilities,        staff_competence, internal_supervision,
                                      staff_count, service_guarantee, safety_guarantee, performance_evaluation};
    s.change_note = change_note;
    s.created_at = created_at;
    return s;
  }
};

#define LAYAN_STANDARD_INTO(r)                                                                                     \
  soci::into((r).id), soci::into((r).service_id), soci::into((r).version), soci::into((r).requirements),           \
      soci::into((r).procedure), soci::into((r).duration_value), soci::into((r).duration_unit),                    \
      soci::into((r).fee_amount), soci::into((r).fee_basis), soci::into((r).product),                              \
      soci::into((r).complaint_channel), soci::into((r).legal_basis), soci::into((r).facilities),                  \
      soci::into((r).staff_competence), soci::into((r).internal_supervision), soci::into((r).staff_count),         \
      soci::into((r).service_guarantee), soci::into((r).safety_guarantee), soci::into((r).performance_evaluation), \
      soci::into((r).change_note), soci::into((r).created_at)

constexpr const char* kStandardSelect =
    "SELECT id, service_id, version, requirements, procedure, duration_value, duration_unit, fee_amount, fee_basis, "
    "product, complaint_channel, legal_basis, facilities, staff_competence, internal_supervision, staff_count, "
    "service_guarantee, safety_guarantee, performance_evaluation, change_note, created_at FROM service_standards ";

struct MaklumatRow {
  long long id = 0, unit_id = 0;
  std::string body, signer_name, signer_title, signed_on, created_at;
  Maklumat to_maklumat() const { return {id, unit_id, body, signer_name, signer_title, signed_on, created_at}; }
};

// A service summary with its current standard's fee and duration (NULL when
// the service has no standard).
struct SummaryRow {
  long long id = 0, agency_id = 0, fee_amount = 0;
  std::string agency_name, slug, name, summary, category, duration_unit;
  int duration_value = 0;
  soci::indicator fee_ind = soci::i_null, value_ind = soci::i_null, unit_ind = soci::i_null;

  ServiceSummary to_summary() const {
    ServiceSummary s;
    s.id = id;
    s.agency_id = agency_id;
    s.agency_name = agency_name;
    s.slug = slug;
    s.name = name;
    s.summary = summary;
    s.category = category;
    if (fee_ind == soci::i_ok) s.fee_amount = fee_amount;
    if (value_ind == soci::i_ok) s.duration_value = duration_value;
    if (unit_ind == soci::i_ok) s.duration_unit = parse_duration_unit(duration_unit);
    return s;
  }
};

#define LAYAN_SUMMARY_INTO(r)                                                                       \
  soci::into((r).id), soci::into((r).agency_id), soci::into((r).agency_name), soci::into((r).slug), \
      soci::into((r).name), soci::into((r).summary), soci::into((r).category),                      \
      soci::into((r).fee_amount, (r).fee_ind), soci::into((r).duration_value, (r).value_ind),       \
      soci::into((r).duration_unit, (r).unit_ind)

constexpr const char* kSummaryColumns =
    "s.id, s.agency_id, a.name, s.slug, s.name, s.summary, s.category, st.fee_amount, st.duration_value, "
    "st.duration_unit ";

constexpr const char* kSummaryJoins =
    "JOIN agencies a ON a.id = s.agency_id "
    "LEFT JOIN service_standards st ON st.service_id = s.id AND st.version = "
    "(SELECT MAX(v.version) FROM service_standards v WHERE v.service_id = s.id) ";

// The filter as always-bound parameters, so one SQL text serves every
// combination: :f_agency (0 = any), :f_all_inactive, :f_inactive_agency.
constexpr const char* kFilterWhere =
    "(CAST(:f_agency AS BIGINT) = 0 OR s.agency_id = :f_agency2) "
    "AND (s.active = 1 OR :f_all_inactive = 1 OR s.agency_id = :f_inactive_agency) ";

struct FilterParams {
  long long agency = 0, agency2 = 0, inactive_agency = 0;
  int all_inactive = 0;
  explicit FilterParams(const ServiceFilter& f)
      : agency(f.agency_id.value_or(0)),
        agency2(agency),
        inactive_agency(f.inactive_of_agency.value_or(0)),
        all_inactive(f.all_inactive ? 1 : 0) {}
};

#define LAYAN_FILTER_USE(p) \
  soci::use((p).agency), soci::use((p).agency2), soci::use((p).all_inactive), soci::use((p).inactive_agency)

long long created_by_value(std::optional<int64_t> created_by, soci::indicator& ind) {
  ind = created_by ? soci::i_ok : soci::i_null;
  return created_by.value_or(0);
}

}  // namespace

// ---- MPP locations

std::vector<Location> list_locations(soci::session& sql) {
  std::vector<Location> out;
  Location l;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id, slug, name, address, city, timezone, opening_hours "
                                       "FROM mpp_locations ORDER BY id",
                        soci::into(id), soci::into(l.slug), soci::into(l.name), soci::into(l.address),
                        soci::into(l.city), soci::into(l.timezone), soci::into(l.opening_hours));
  st.execute();
  while (st.fetch()) {
    l.id = id;
    out.push_back(l);
  }
  return out;
}

bool location_exists(soci::session& sql, int64_t id) {
  long long key = id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM mpp_locations WHERE id = :id", soci::use(key), soci::into(n);
  return n > 0;
}

bool location_slug_taken(soci::session& sql, const std::string& slug) {
  int n = 0;
  sql << "SELECT COUNT(*) FROM mpp_locations WHERE slug = :s", soci::use(slug), soci::into(n);
  return n > 0;
}

int64_t insert_location(soci::session& sql, const LocationInput& in, const std::string& now) {
  long long id = 0;
  sql << "INSERT INTO mpp_locations (slug, name, address, city, timezone, opening_hours, created_at) "
         "VALUES (:slug, :name, :address, :city, :tz, :hours, :now) RETURNING id",
      soci::use(in.slug), soci::use(in.name), soci::use(in.address), soci::use(in.city), soci::use(in.timezone),
      soci::use(in.opening_hours), soci::use(now), soci::into(id);
  return id;
}

// ---- Agencies

std::vector<Agency> list_agencies(soci::session& sql) {
  std::vector<Agency> out;
  AgencyRow r;
  soci::statement st = (sql.prepare << kAgencySelect << "ORDER BY a.name, a.id", LAYAN_AGENCY_INTO(r));
  st.execute();
  while (st.fetch()) out.push_back(r.to_agency());
  return out;
}

std::optional<Agency> find_agency(soci::session& sql, int64_t id) {
  long long key = id;
  AgencyRow r;
  sql << kAgencySelect << "WHERE a.id = :id", soci::use(key), LAYAN_AGENCY_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_agency();
}

std::vector<Presence> agency_presence(soci::session& sql, int64_t agency_id) {
  std::vector<Presence> out;
  long long key = agency_id, location_id = 0;
  Presence p;
  soci::statement st = (sql.prepare << "SELECT p.location_id, l.name, p.counters, p.floor, p.service_hours "
                                       "FROM agency_presence p JOIN mpp_locations l ON l.id = p.location_id "
                                       "WHERE p.agency_id = :a ORDER BY l.id",
                        soci::use(key), soci::into(location_id), soci::into(p.location_name), soci::into(p.counters),
                        soci::into(p.floor), soci::into(p.service_hours));
  st.execute();
  while (st.fetch()) {
    p.location_id = location_id;
    out.push_back(p);
  }
  return out;
}

bool agency_slug_taken(soci::session& sql, const std::string& slug, int64_t except_id) {
  long long except = except_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM agencies WHERE slug = :s AND id <> :e", soci::use(slug), soci::use(except),
      soci::into(n);
  return n > 0;
}

int64_t insert_agency(soci::session& sql, const AgencyInput& in, const std::string& now) {
  long long id = 0;
  sql << "INSERT INTO agencies (slug, name, short_name, kind, description, website, phone, email, created_at, "
         "updated_at) VALUES (:slug, :name, :short, :kind, :desc, :web, :phone, :email, :c, :u) RETURNING id",
      soci::use(in.slug), soci::use(in.name), soci::use(in.short_name), soci::use(in.kind), soci::use(in.description),
      soci::use(in.website), soci::use(in.phone), soci::use(in.email), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void update_agency(soci::session& sql, int64_t id, const AgencyInput& in, const std::string& now) {
  long long key = id;
  sql << "UPDATE agencies SET slug = :slug, name = :name, short_name = :short, kind = :kind, description = :desc, "
         "website = :web, phone = :phone, email = :email, updated_at = :u WHERE id = :id",
      soci::use(in.slug), soci::use(in.name), soci::use(in.short_name), soci::use(in.kind), soci::use(in.description),
      soci::use(in.website), soci::use(in.phone), soci::use(in.email), soci::use(now), soci::use(key);
}

void delete_agency(soci::session& sql, int64_t id) {
  long long key = id;
  sql << "DELETE FROM agencies WHERE id = :id", soci::use(key);
}

void upsert_presence(soci::session& sql, int64_t agency_id, const PresenceInput& in) {
  long long agency = agency_id, location = in.location_id;
  sql << "INSERT INTO agency_presence (agency_id, location_id, counters, floor, service_hours) "
         "VALUES (:a, :l, :c, :f, :h) ON CONFLICT (agency_id, location_id) DO UPDATE SET "
         "counters = excluded.counters, floor = excluded.floor, service_hours = excluded.service_hours",
      soci::use(agency), soci::use(location), soci::use(in.counters), soci::use(in.floor), soci::use(in.service_hours);
}

// ---- Units

std::vector<Unit> list_units(soci::session& sql, int64_t agency_id) {
  std::vector<Unit> out;
  long long key = agency_id;
  UnitRow r;
  soci::statement st =
      (sql.prepare << kUnitSelect << "WHERE agency_id = :a ORDER BY name, id", soci::use(key), LAYAN_UNIT_INTO(r));
  st.execute();
  while (st.fetch()) out.push_back(r.to_unit());
  return out;
}

std::optional<Unit> find_unit(soci::session& sql, int64_t id) {
  long long key = id;
  UnitRow r;
  sql << kUnitSelect << "WHERE id = :id", soci::use(key), LAYAN_UNIT_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_unit();
}

bool unit_slug_taken(soci::session& sql, int64_t agency_id, const std::string& slug, int64_t except_id) {
  long long agency = agency_id, except = except_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM units WHERE agency_id = :a AND slug = :s AND id <> :e", soci::use(agency),
      soci::use(slug), soci::use(except), soci::into(n);
  return n > 0;
}

int64_t insert_unit(soci::session& sql, int64_t agency_id, const UnitInput& in, const std::string& now) {
  long long id = 0, agency = agency_id;
  sql << "INSERT INTO units (agency_id, slug, name, head_name, head_title, created_at, updated_at) "
         "VALUES (:a, :slug, :name, :head, :title, :c, :u) RETURNING id",
      soci::use(agency), soci::use(in.slug), soci::use(in.name), soci::use(in.head_name), soci::use(in.head_title),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void update_unit(soci::session& sql, int64_t id, const UnitInput& in, const std::string& now) {
  long long key = id;
  sql << "UPDATE units SET slug = :slug, name = :name, head_name = :head, head_title = :title, updated_at = :u "
         "WHERE id = :id",
      soci::use(in.slug), soci::use(in.name), soci::use(in.head_name), soci::use(in.head_title), soci::use(now),
      soci::use(key);
}

void delete_unit(soci::session& sql, int64_t id) {
  long long key = id;
  sql << "DELETE FROM units WHERE id = :id", soci::use(key);
}

// ---- Services

std::optional<Service> find_service(soci::session& sql, int64_t id) {
  long long key = id, sid = 0, agency = 0, unit = 0;
  soci::indicator unit_ind = soci::i_null, unit_name_ind = soci::i_null;
  std::string modes, unit_name;
  int active = 0;
  Service s;
  sql << "SELECT s.id, s.agency_id, a.name, s.unit_id, u.name, s.slug, s.name, s.summary, s.category, "
         "s.delivery_modes, s.active, s.created_at, s.updated_at FROM services s "
         "JOIN agencies a ON a.id = s.agency_id LEFT JOIN units u ON u.id = s.unit_id WHERE s.id = :id",
      soci::use(key), soci::into(sid), soci::into(agency), soci::into(s.agency_name), soci::into(unit, unit_ind),
      soci::into(unit_name, unit_name_ind), soci::into(s.slug), soci::into(s.name), soci::into(s.summary),
      soci::into(s.category), soci::into(modes), soci::into(active), soci::into(s.created_at), soci::into(s.updated_at);
  if (!sql.got_data()) return std::nullopt;
  s.id = sid;
  s.agency_id = agency;
  if (unit_ind == soci::i_ok) s.unit_id = unit;
  if (unit_name_ind == soci::i_ok) s.unit_name = unit_name;
  s.delivery_modes = split_modes(modes);
  s.active = active != 0;
  return s;
}

bool service_slug_taken(soci::session& sql, int64_t agency_id, const std::string& slug, int64_t except_id) {
  long long agency = agency_id, except = except_id;
  int n = 0;
  sql << "SELECT COUNT(*) FROM services WHERE agency_id = :a AND slug = :s AND id <> :e", soci::use(agency),
      soci::use(slug), soci::use(except), soci::into(n);
  return n > 0;
}

int64_t insert_service(soci::session& sql, int64_t agency_id, const ServiceInput& in, const std::string& now) {
  long long id = 0, agency = agency_id, unit = in.unit_id.value_or(0);
  soci::indicator unit_ind = in.unit_id ? soci::i_ok : soci::i_null;
  std::string modes = join_modes(in.delivery_modes);
  int active = in.active ? 1 : 0;
  sql << "INSERT INTO services (agency_id, unit_id, slug, name, summary, category, delivery_modes, active, "
         "created_at, updated_at) VALUES (:a, :u, :slug, :name, :summary, :cat, :modes, :active, :c, :up) "
         "RETURNING id",
      soci::use(agency), soci::use(unit, unit_ind), soci::use(in.slug), soci::use(in.name), soci::use(in.summary),
      soci::use(in.category), soci::use(modes), soci::use(active), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void update_service(soci::session& sql, int64_t id, const ServiceInput& in, const std::string& now) {
  long long key = id, unit = in.unit_id.value_or(0);
  soci::indicator unit_ind = in.unit_id ? soci::i_ok : soci::i_null;
  std::string modes = join_modes(in.delivery_modes);
  int active = in.active ? 1 : 0;
  sql << "UPDATE services SET unit_id = :u, slug = :slug, name = :name, summary = :summary, category = :cat, "
         "delivery_modes = :modes, active = :active, updated_at = :up WHERE id = :id",
      soci::use(unit, unit_ind), soci::use(in.slug), soci::use(in.name), soci::use(in.summary), soci::use(in.category),
      soci::use(modes), soci::use(active), soci::use(now), soci::use(key);
}

void touch_service(soci::session& sql, int64_t id, const std::string& now) {
  long long key = id;
  sql << "UPDATE services SET updated_at = :up WHERE id = :id", soci::use(now), soci::use(key);
}

void delete_service(soci::session& sql, int64_t id) {
  long long key = id;
  sql << "DELETE FROM services WHERE id = :id", soci::use(key);
}

std::vector<int64_t> service_ids_of_agency(soci::session& sql, int64_t agency_id) {
  std::vector<int64_t> out;
  long long key = agency_id, id = 0;
  soci::statement st =
      (sql.prepare << "SELECT id FROM services WHERE agency_id = :a ORDER BY id", soci::use(key), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

// ---- Standards

std::optional<Standard> current_standard(soci::session& sql, int64_t service_id) {
  long long key = service_id;
  StandardRow r;
  sql << kStandardSelect << "WHERE service_id = :s ORDER BY version DESC LIMIT 1", soci::use(key),
      LAYAN_STANDARD_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_standard();
}

std::optional<Standard> find_standard(soci::session& sql, int64_t service_id, int version) {
  long long key = service_id;
  StandardRow r;
  sql << kStandardSelect << "WHERE service_id = :s AND version = :v", soci::use(key), soci::use(version),
      LAYAN_STANDARD_INTO(r);
  if (!sql.got_data()) return std::nullopt;
  return r.to_standard();
}

int max_standard_version(soci::session& sql, int64_t service_id) {
  long long key = service_id;
  int v = 0;
  sql << "SELECT COALESCE(MAX(version), 0) FROM service_standards WHERE service_id = :s", soci::use(key), soci::into(v);
  return v;
}

Standard insert_standard(soci::session& sql, int64_t service_id, int version, const StandardInput& in,
                         std::optional<int64_t> created_by, const std::string& now) {
  long long id = 0, service = service_id, fee = in.fee_amount;
  soci::indicator by_ind = soci::i_null;
  long long by = created_by_value(created_by, by_ind);
  std::string requirements = items_to_json(in.requirements), procedure = items_to_json(in.procedure);
  const auto& m = in.management;
  sql << "INSERT INTO service_standards (service_id, version, requirements, procedure, duration_value, "
         "duration_unit, fee_amount, fee_basis, product, complaint_channel, legal_basis, facilities, "
         "staff_competence, internal_supervision, staff_count, service_guarantee, safety_guarantee, "
         "performance_evaluation, change_note, created_by, created_at) VALUES (:s, :v, :req, :proc, :dv, :du, "
         ":fee, :fb, :prod, :cc, :lb, :fac, :comp, :sup, :cnt, :sg, :safe, :eval, :note, :by, :at) RETURNING id",
      soci::use(service), soci::use(version), soci::use(requirements), soci::use(procedure),
      soci::use(in.duration_value), soci::use(in.duration_unit), soci::use(fee), soci::use(in.fee_basis),
      soci::use(in.product), soci::use(in.complaint_channel), soci::use(m.legal_basis), soci::use(m.facilities),
      soci::use(m.staff_competence), soci::use(m.internal_supervision), soci::use(m.staff_count),
      soci::use(m.service_guarantee), soci::use(m.safety_guarantee), soci::use(m.performance_evaluation),
      soci::use(in.change_note), soci::use(by, by_ind), soci::use(now), soci::into(id);
  Standard s;
  s.id = id;
  s.service_id = service_id;
  s.version = version;
  s.requirements = in.requirements;
  s.procedure = in.procedure;
  s.duration_value = in.duration_value;
  s.duration_unit = parse_duration_unit(in.duration_unit).value_or(DurationUnit::kWorkingDays);
  s.fee_amount = in.fee_amount;
  s.fee_basis = in.fee_basis;
  s.product = in.product;
  s.complaint_channel = in.complaint_channel;
  s.management = in.management;
  s.change_note = in.change_note;
  s.created_at = now;
  return s;
}

std::vector<StandardVersionInfo> list_standard_versions(soci::session& sql, int64_t service_id) {
  std::vector<StandardVersionInfo> out;
  long long key = service_id;
  StandardVersionInfo v;
  std::string by;
  soci::indicator by_ind = soci::i_null;
  soci::statement st = (sql.prepare << "SELECT st.version, st.created_at, st.change_note, u.name "
                                       "FROM service_standards st LEFT JOIN users u ON u.id = st.created_by "
                                       "WHERE st.service_id = :s ORDER BY st.version DESC",
                        soci::use(key), soci::into(v.version), soci::into(v.created_at), soci::into(v.change_note),
                        soci::into(by, by_ind));
  st.execute();
  while (st.fetch()) {
    v.created_by_name = by_ind == soci::i_ok ? by : "";
    out.push_back(v);
  }
  return out;
}

// ---- Maklumat

std::optional<Maklumat> current_maklumat(soci::session& sql, int64_t unit_id) {
  long long key = unit_id;
  MaklumatRow r;
  sql << "SELECT id, unit_id, body, signer_name, signer_title, signed_on, created_at FROM maklumat "
         "WHERE unit_id = :u ORDER BY id DESC LIMIT 1",
      soci::use(key), soci::into(r.id), soci::into(r.unit_id), soci::into(r.body), soci::into(r.signer_name),
      soci::into(r.signer_title), soci::into(r.signed_on), soci::into(r.created_at);
  if (!sql.got_data()) return std::nullopt;
  return r.to_maklumat();
}

Maklumat insert_maklumat(soci::session& sql, int64_t unit_id, const MaklumatInput& in,
                         std::optional<int64_t> created_by, const std::string& now) {
  long long id = 0, unit = unit_id;
  soci::indicator by_ind = soci::i_null;
  long long by = created_by_value(created_by, by_ind);
  sql << "INSERT INTO maklumat (unit_id, body, signer_name, signer_title, signed_on, created_by, created_at) "
         "VALUES (:u, :body, :name, :title, :on, :by, :at) RETURNING id",
      soci::use(unit), soci::use(in.body), soci::use(in.signer_name), soci::use(in.signer_title),
      soci::use(in.signed_on), soci::use(by, by_ind), soci::use(now), soci::into(id);
  return {id, unit_id, in.body, in.signer_name, in.signer_title, in.signed_on, now};
}

// ---- Search index

void replace_search_row(soci::session& sql, int64_t service_id, const std::string& name, const std::string& body) {
  delete_search_row(sql, service_id);
  long long key = service_id;
  sql << "INSERT INTO service_search (rowid, name, body) VALUES (:id, :name, :body)", soci::use(key), soci::use(name),
      soci::use(body);
}

void delete_search_row(soci::session& sql, int64_t service_id) {
  long long key = service_id;
  sql << "DELETE FROM service_search WHERE rowid = :id", soci::use(key);
}

void delete_search_rows_of_agency(soci::session& sql, int64_t agency_id) {
  long long key = agency_id;
  sql << "DELETE FROM service_search WHERE rowid IN (SELECT id FROM services WHERE agency_id = :a)", soci::use(key);
}

std::vector<ServiceSummary> list_services(soci::session& sql, const ServiceFilter& filter,
                                          const std::optional<std::pair<std::string, int64_t>>& after, int limit) {
  std::vector<ServiceSummary> out;
  FilterParams p(filter);
  int has_after = after ? 1 : 0;
  std::string after_name = after ? after->first : "", after_name2 = after_name;
  long long after_id = after ? after->second : 0;
  SummaryRow r;
  soci::statement st =
      (sql.prepare << "SELECT " << kSummaryColumns << "FROM services s " << kSummaryJoins << "WHERE " << kFilterWhere
                   << "AND (:has_after = 0 OR s.name > :after_name OR (s.name = :after_name2 AND s.id > :after_id)) "
                      "ORDER BY s.name, s.id LIMIT :lim",
       LAYAN_FILTER_USE(p), soci::use(has_after), soci::use(after_name), soci::use(after_name2), soci::use(after_id),
       soci::use(limit), LAYAN_SUMMARY_INTO(r));
  st.execute();
  while (st.fetch()) out.push_back(r.to_summary());
  return out;
}

std::vector<ServiceSummary> search_services(soci::session& sql, store::Dialect dialect,
                                            const std::vector<std::string>& terms, const ServiceFilter& filter,
                                            int offset, int limit) {
  std::vector<ServiceSummary> out;
  if (terms.empty()) return out;
  // Terms hold only letters and digits (search_terms()), so quoting them
  // cannot produce query syntax; every term is a prefix and all must match.
  std::string query;
  for (const auto& t : terms) {
    if (dialect == store::Dialect::kSqlite) {
      query += (query.empty() ? "\"" : " \"") + t + "\"*";
    } else {
      query += (query.empty() ? "" : " & ") + t + ":*";
    }
  }
  FilterParams p(filter);
  SummaryRow r;
  std::string text;
  if (dialect == store::Dialect::kSqlite) {
    text = std::string("SELECT ") + kSummaryColumns +
           "FROM service_search JOIN services s ON s.id = service_search.rowid " + kSummaryJoins +
           "WHERE service_search MATCH :q AND " + kFilterWhere +
           "ORDER BY bm25(service_search, 10.0, 1.0), s.name, s.id LIMIT :lim OFFSET :off";
  } else {
    text = std::string("SELECT ") + kSummaryColumns +
           "FROM to_tsquery('simple', :q) AS query, service_search ss JOIN services s ON s.id = ss.rowid " +
           kSummaryJoins + "WHERE ss.document @@ query AND " + kFilterWhere +
           "ORDER BY ts_rank(ss.document, query) DESC, s.name, s.id LIMIT :lim OFFSET :off";
  }
  soci::statement st = (sql.prepare << text, soci::use(query), LAYAN_FILTER_USE(p), soci::use(limit), soci::use(offset),
                        LAYAN_SUMMARY_INTO(r));
  st.execute();
  while (st.fetch()) out.push_back(r.to_summary());
  return out;
}

}  // namespace layan::catalogue::repo
