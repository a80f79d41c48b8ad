#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalogue/model.hpp"
#include "core/result.hpp"

namespace layan::catalogue {

// The catalogue's JSON representations (the API's wire format, described in
// docs/openapi.json). Pure: no I/O.

// ---- Model -> JSON. A standard's `management` key is written only when the
// model carries it; the service layer strips it for callers who may not
// read management components, so public responses never contain it.
nlohmann::json to_json(const Location& l);
// An agency without presence and units (lists).
nlohmann::json to_json(const Agency& a);
// An agency with its presence at MPP locations and its units.
nlohmann::json agency_detail_json(const Agency& a, const std::vector<Unit>& units);
nlohmann::json to_json(const Presence& p);
nlohmann::json to_json(const Unit& u);
nlohmann::json to_json(const Maklumat& m);
nlohmann::json to_json(const Standard& s);
nlohmann::json to_json(const StandardVersionInfo& v);
nlohmann::json to_json(const ServiceSummary& s);
// A service with its current standard and its unit's current maklumat.
nlohmann::json service_json(const Service& s, const std::optional<Maklumat>& maklumat);

// ---- JSON -> inputs. A body that is not a JSON object is kBadRequest; a
// member of the wrong type is a kValidation field error naming the member
// ("fee.amount", "requirements[1].text"), all reported at once. Missing
// members take their defaults (empty text), so the service layer's
// validation reports what is required. Strings are trimmed. Unknown members
// are ignored. Never throws.
Result<AgencyInput> parse_agency(const nlohmann::json& body);
Result<UnitInput> parse_unit(const nlohmann::json& body);
// Service fields only (PUT /services/{id}); delivery_modes defaults to
// ["in_person"], active to true.
Result<ServiceInput> parse_service(const nlohmann::json& body);
// The standard object: requirements, procedure, duration {value, unit},
// fee {amount, basis}, product, complaint_channel, management {...},
// change_note.
Result<StandardInput> parse_standard(const nlohmann::json& body);
// Service fields plus `standard` (POST /agencies/{id}/services); errors in
// the standard are named "standard.<field>".
Result<std::pair<ServiceInput, StandardInput>> parse_new_service(const nlohmann::json& body);
Result<MaklumatInput> parse_maklumat(const nlohmann::json& body);
Result<LocationInput> parse_location(const nlohmann::json& body);
// counters, floor, service_hours; the location comes from the URL.
Result<PresenceInput> parse_presence(const nlohmann::json& body, int64_t location_id);

}  // namespace layan::catalogue
