#pragma once

#include <optional>
#include <vector>

#include "accounts/principal.hpp"
#include "catalogue/model.hpp"
#include "core/result.hpp"

namespace layan {
struct App;
}

namespace layan::catalogue {

using accounts::Principal;

// ---- Validation: pure, every bad field reported at once (kValidation with
// Indonesian and English messages). Trims nothing: callers pass trimmed text.
Status validate_agency(const AgencyInput& in);
Status validate_unit(const UnitInput& in);
Status validate_service(const ServiceInput& in);
Status validate_standard(const StandardInput& in);
Status validate_maklumat(const MaklumatInput& in);
Status validate_location(const LocationInput& in);
Status validate_presence(const PresenceInput& in);

// Folds text for the search index and queries: lower case, Latin accents
// removed ("Pengesahan Akta Kelahiran" and "PENGESAHAN akta kelahíran" match).
std::string fold_for_search(const std::string& text);

// The search terms of a text: fold_for_search(), then split into runs of
// letters and digits (ASCII letters and digits, and letters of other scripts;
// punctuation and symbols separate terms and are dropped). Indexed text is
// stored as these terms joined by spaces, and a query is these terms, each a
// prefix, all required: "KTP-el" gives {"ktp", "el"}, so "KTP" finds it, and
// no user text ever reaches FTS5 MATCH or tsquery syntax raw.
std::vector<std::string> search_terms(const std::string& text);

// Page sizes of search_services(): ServiceQuery::limit must be 1..kMaxPageSize.
inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;

// ---- Reads. Public data is readable by anyone; management components and
// standard history need accounts::Action::kReadManagement for the agency.
// Inactive services are visible to the agency's staff only.
Result<std::vector<Location>> list_locations(App& app, const Principal& who);
Result<std::vector<Agency>> list_agencies(App& app, const Principal& who);
Result<Agency> get_agency(App& app, const Principal& who, int64_t agency_id);
Result<std::vector<Unit>> list_units(App& app, const Principal& who, int64_t agency_id);
Result<Unit> get_unit(App& app, const Principal& who, int64_t unit_id);
// Ranked full-text search (or all services by name when q is empty), with
// cursor pagination. A malformed cursor, or one from a different kind of
// query, is kBadRequest; a limit outside 1..kMaxPageSize or a query longer
// than 200 bytes is kValidation. Cursors (core/cursor.hpp) hold {"o": offset}
// for a ranked search and {"n": name, "i": id} of the last row for the list
// by name (keyset, so inserts between pages cause neither gaps nor
// duplicates). include_inactive needs kReadManagement; staff tied to an
// agency then see the inactive services of their own agency only.
Result<Page<ServiceSummary>> search_services(App& app, const Principal& who, const ServiceQuery& query);
// The service with its current standard; `standard->management` is set only
// when `who` may read management components of the service's agency.
Result<Service> get_service(App& app, const Principal& who, int64_t service_id);
Result<std::vector<StandardVersionInfo>> list_standard_versions(App& app, const Principal& who, int64_t service_id);
Result<Standard> get_standard_version(App& app, const Principal& who, int64_t service_id, int version);
// The unit's current maklumat, or nullopt when none was published.
Result<std::optional<Maklumat>> current_maklumat(App& app, const Principal& who, int64_t unit_id);

// ---- Writes. Each checks authorization first (accounts::authorize), then
// validates, then writes in one transaction with an audit event. Duplicate
// slugs are kConflict; unknown ids kNotFound.
Result<Location> create_location(App& app, const Principal& who, const LocationInput& in);  // mpp_admin
Result<Agency> create_agency(App& app, const Principal& who, const AgencyInput& in);        // mpp_admin
Result<Agency> update_agency(App& app, const Principal& who, int64_t agency_id, const AgencyInput& in);
Status delete_agency(App& app, const Principal& who, int64_t agency_id);                          // mpp_admin
Status set_presence(App& app, const Principal& who, int64_t agency_id, const PresenceInput& in);  // mpp_admin
Result<Unit> create_unit(App& app, const Principal& who, int64_t agency_id, const UnitInput& in);
Result<Unit> update_unit(App& app, const Principal& who, int64_t unit_id, const UnitInput& in);
Status delete_unit(App& app, const Principal& who, int64_t unit_id);
// Creates the service with version 1 of its standard.
Result<Service> create_service(App& app, const Principal& who, int64_t agency_id, const ServiceInput& in,
                               const StandardInput& standard);
Result<Service> update_service(App& app, const Principal& who, int64_t service_id, const ServiceInput& in);
Status delete_service(App& app, const Principal& who, int64_t service_id);
// Publishes a new version (previous version + 1); older versions stay.
Result<Standard> publish_standard(App& app, const Principal& who, int64_t service_id, const StandardInput& in);
Result<Maklumat> publish_maklumat(App& app, const Principal& who, int64_t unit_id, const MaklumatInput& in);

}  // namespace layan::catalogue
