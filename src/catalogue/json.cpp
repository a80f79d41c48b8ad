#include "catalogue/json.hpp"

#include "web/json_reader.hpp"

#include <limits>

namespace layan::catalogue {
namespace {

using nlohmann::json;

json or_null(const std::string& s) {
  return s.empty() ? json() : json(s);
}

json items_json(const std::vector<Item>& items) {
  json out = json::array();
  for (const auto& i : items) out.push_back({{"text", i.text}, {"note", i.note}});
  return out;
}

using Reader = web::JsonReader;

// An array of {text, note} objects (requirements, procedure steps).
std::vector<Item> read_items(Reader& r, const char* key) {
  std::vector<Item> out;
  for (auto& item : r.objects(key, "daftar objek {text, note}", "an array of {text, note} objects",
                              "objek {text, note}", "a {text, note} object")) {
    out.push_back({item.text("text"), item.text("note")});
  }
  return out;
}

constexpr int64_t kIntMax = std::numeric_limits<int>::max();
constexpr int64_t kIntMin = std::numeric_limits<int>::min();

ServiceInput read_service(Reader& r) {
  ServiceInput in;
  in.slug = r.text("slug");
  in.name = r.text("name");
  in.summary = r.text("summary");
  in.category = r.text("category");
  in.unit_id = r.id("unit_id");
  in.delivery_modes = r.strings("delivery_modes").value_or(std::vector<std::string>{"in_person"});
  in.active = r.boolean("active", true);
  return in;
}

StandardInput read_standard(Reader& r) {
  StandardInput in;
  in.requirements = read_items(r, "requirements");
  in.procedure = read_items(r, "procedure");
  Reader duration = r.object("duration");
  // Out-of-range values are left to validation, which explains the range.
  in.duration_value = static_cast<int>(duration.whole("value", 0, kIntMin, kIntMax));
  in.duration_unit = duration.text("unit");
  Reader fee = r.object("fee");
  in.fee_amount = fee.whole("amount", 0, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max());
  in.fee_basis = fee.text("basis");
  in.product = r.text("product");
  in.complaint_channel = r.text("complaint_channel");
  Reader m = r.object("management");
  in.management.legal_basis = m.text("legal_basis");
  in.management.facilities = m.text("facilities");
  in.management.staff_competence = m.text("staff_competence");
  in.management.internal_supervision = m.text("internal_supervision");
  in.management.staff_count = static_cast<int>(m.whole("staff_count", 0, kIntMin, kIntMax));
  in.management.service_guarantee = m.text("service_guarantee");
  in.management.safety_guarantee = m.text("safety_guarantee");
  in.management.performance_evaluation = m.text("performance_evaluation");
  in.change_note = r.text("change_note");
  return in;
}

}  // namespace

// ---------------------------------------------------------------- to JSON

json to_json(const Location& l) {
  return {{"id", l.id},
          {"slug", l.slug},
          {"name", l.name},
          {"address", l.address},
          {"city", l.city},
          {"timezone", l.timezone},
          {"opening_hours", l.opening_hours}};
}

json to_json(const Agency& a) {
  return {{"id", a.id},
          {"slug", a.slug},
          {"name", a.name},
          {"short_name", a.short_name},
          {"kind", to_string(a.kind)},
          {"description", a.description},
          {"website", a.website},
          {"phone", a.phone},
          {"email", a.email},
          {"service_count", a.service_count},
          {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

json agency_detail_json(const Agency& a, const std::vector<Unit>& units) {
  json out = to_json(a);
  out["presence"] = json::array();
  for (const auto& p : a.presence) out["presence"].push_back(to_json(p));
  out["units"] = json::array();
  for (const auto& u : units) out["units"].push_back(to_json(u));
  return out;
}

json to_json(const Presence& p) {
  return {{"location_id", p.location_id},
          {"location_name", p.location_name},
          {"counters", p.counters},
          {"floor", p.floor},
          {"service_hours", p.service_hours}};
}

json to_json(const Unit& u) {
  return {{"id", u.id},     {"agency_id", u.agency_id}, {"slug", u.slug},
          {"name", u.name}, {"head_name", u.head_name}, {"head_title", u.head_title}};
}

json to_json(const Maklumat& m) {
  return {{"id", m.id},
          {"unit_id", m.unit_id},
          {"body", m.body},
          {"signer_name", m.signer_name},
          {"signer_title", m.signer_title},
          {"signed_on", m.signed_on},
          {"created_at", m.created_at}};
}

json to_json(const Standard& s) {
  json out = {{"version", s.version},
              {"published_at", s.created_at},
              {"requirements", items_json(s.requirements)},
              {"procedure", items_json(s.procedure)},
              {"duration", {{"value", s.duration_value}, {"unit", to_string(s.duration_unit)}}},
              {"fee", {{"amount", s.fee_amount}, {"basis", s.fee_basis}, {"free", s.fee_amount == 0}}},
              {"product", s.product},
              {"complaint_channel", s.complaint_channel},
              {"change_note", s.change_note}};
  if (s.management) {
    const auto& m = *s.management;
    out["management"] = {
        {"legal_basis", m.legal_basis},           {"facilities", m.facilities},
        {"staff_competence", m.staff_competence}, {"internal_supervision", m.internal_supervision},
        {"staff_count", m.staff_count},           {"service_guarantee", m.service_guarantee},
        {"safety_guarantee", m.safety_guarantee}, {"performance_evaluation", m.performance_evaluation}};
  }
  return out;
}

json to_json(const StandardVersionInfo& v) {
  return {{"version", v.version},
          {"published_at", v.created_at},
          {"change_note", v.change_note},
          {"published_by", or_null(v.created_by_name)}};
}

json to_json(const ServiceSummary& s) {
  json fee, duration;
  if (s.fee_amount) fee = {{"amount", *s.fee_amount}, {"free", *s.fee_amount == 0}};
  if (s.duration_value && s.duration_unit) {
    duration = {{"value", *s.duration_value}, {"unit", to_string(*s.duration_unit)}};
  }
  return {{"id", s.id},           {"slug", s.slug},         {"name", s.name},
          {"summary", s.summary}, {"category", s.category}, {"agency", {{"id", s.agency_id}, {"name", s.agency_name}}},
          {"fee", fee},           {"duration", duration}};
}

json service_json(const Service& s, const std::optional<Maklumat>& maklumat) {
  json unit;
  if (s.unit_id) unit = {{"id", *s.unit_id}, {"name", s.unit_name}};
  return {{"id", s.id},
          {"slug", s.slug},
          {"name", s.name},
          {"summary", s.summary},
          {"category", s.category},
          {"agency", {{"id", s.agency_id}, {"name", s.agency_name}}},
          {"unit", unit},
          {"delivery_modes", s.delivery_modes},
          {"active", s.active},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at},
          {"standard", s.standard ? to_json(*s.standard) : json()},
          {"maklumat", maklumat ? to_json(*maklumat) : json()}};
}

// ---------------------------------------------------------------- from JSON

Result<AgencyInput> parse_agency(const json& body) {
  return web::read_object<AgencyInput>(body, [&](Reader& r) {
    AgencyInput in;
    in.slug = r.text("slug");
    in.name = r.text("name");
    in.short_name = r.text("short_name");
    in.kind = r.text("kind");
    in.description = r.text("description");
    in.website = r.text("website");
    in.phone = r.text("phone");
    in.email = r.text("email");
    return in;
  });
}

Result<UnitInput> parse_unit(const json& body) {
  return web::read_object<UnitInput>(body, [&](Reader& r) {
    UnitInput in;
    in.slug = r.text("slug");
    in.name = r.text("name");
    in.head_name = r.text("head_name");
    in.head_title = r.text("head_title");
    return in;
  });
}

Result<ServiceInput> parse_service(const json& body) {
  return web::read_object<ServiceInput>(body, [&](Reader& r) {
    ServiceInput in = read_service(r);
    return in;
  });
}

Result<StandardInput> parse_standard(const json& body) {
  return web::read_object<StandardInput>(body, [&](Reader& r) {
    StandardInput in = read_standard(r);
    return in;
  });
}

Result<std::pair<ServiceInput, StandardInput>> parse_new_service(const json& body) {
  return web::read_object<std::pair<ServiceInput, StandardInput>>(body, [&](Reader& r) {
    ServiceInput service = read_service(r);
    Reader standard_reader = r.object("standard");
    StandardInput standard = read_standard(standard_reader);
    return std::make_pair(std::move(service), std::move(standard));
  });
}

Result<MaklumatInput> parse_maklumat(const json& body) {
  return web::read_object<MaklumatInput>(body, [&](Reader& r) {
    MaklumatInput in;
    in.body = r.text("body");
    in.signer_name = r.text("signer_name");
    in.signer_title = r.text("signer_title");
    in.signed_on = r.text("signed_on");
    return in;
  });
}

Result<LocationInput> parse_location(const json& body) {
  return web::read_object<LocationInput>(body, [&](Reader& r) {
    LocationInput in;
    in.slug = r.text("slug");
    in.name = r.text("name");
    in.address = r.text("address");
    in.city = r.text("city");
    in.timezone = r.text("timezone");
    in.opening_hours = r.text("opening_hours");
    return in;
  });
}

Result<PresenceInput> parse_presence(const json& body, int64_t location_id) {
  return web::read_object<PresenceInput>(body, [&](Reader& r) {
    PresenceInput in;
    in.location_id = location_id;
    in.counters = r.text("counters");
    in.floor = r.text("floor");
    in.service_hours = r.text("service_hours");
    return in;
  });
}

}  // namespace layan::catalogue
