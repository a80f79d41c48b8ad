#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "catalogue/model.hpp"
#include "store/database.hpp"

namespace layan::catalogue::repo {

// All SQL of the catalogue. Callers own transactions and authorization; these
// functions only read and write rows. Every value is bound (soci::use), and
// the SQL is the same on SQLite and PostgreSQL except for the search query.
// Booleans are INTEGER 0/1, timestamps TEXT from format_utc().

// ---- MPP locations
std::vector<Location> list_locations(soci::session& sql);
bool location_exists(soci::session& sql, int64_t id);
bool location_slug_taken(soci::session& sql, const std::string& slug);
int64_t insert_location(soci::session& sql, const LocationInput& in, const std::string& now);

// ---- Agencies. service_count counts active services; presence is not filled.
std::vector<Agency> list_agencies(soci::session& sql);
std::optional<Agency> find_agency(soci::session& sql, int64_t id);
std::vector<Presence> agency_presence(soci::session& sql, int64_t agency_id);
// True when another agency than `except_id` has this slug.
bool agency_slug_taken(soci::session& sql, const std::string& slug, int64_t except_id = 0);
int64_t insert_agency(soci::session& sql, const AgencyInput& in, const std::string& now);
void update_agency(soci::session& sql, int64_t id, const AgencyInput& in, const std::string& now);
void delete_agency(soci::session& sql, int64_t id);
// Inserts or replaces the agency's presence at one location.
void upsert_presence(soci::session& sql, int64_t agency_id, const PresenceInput& in);

// ---- Units
std::vector<Unit> list_units(soci::session& sql, int64_t agency_id);
std::optional<Unit> find_unit(soci::session& sql, int64_t id);
bool unit_slug_taken(soci::session& sql, int64_t agency_id, const std::string& slug, int64_t except_id = 0);
int64_t insert_unit(soci::session& sql, int64_t agency_id, const UnitInput& in, const std::string& now);
void update_unit(soci::session& sql, int64_t id, const UnitInput& in, const std::string& now);
void delete_unit(soci::session& sql, int64_t id);

// ---- Services. find_service fills agency_name and unit_name, not standard.
std::optional<Service> find_service(soci::session& sql, int64_t id);
bool service_slug_taken(soci::session& sql, int64_t agency_id, const std::string& slug, int64_t except_id = 0);
int64_t insert_service(soci::session& sql, int64_t agency_id, const ServiceInput& in, const std::string& now);
void update_service(soci::session& sql, int64_t id, const ServiceInput& in, const std::string& now);
// Sets updated_at. On PostgreSQL this also locks the row until the
// transaction ends, which serialises concurrent publishers of one service.
void touch_service(soci::session& sql, int64_t id, const std::string& now);
void delete_service(soci::session& sql, int64_t id);
std::vector<int64_t> service_ids_of_agency(soci::session& sql, int64_t agency_id);

// ---- Standards. Rows are read with management components always filled;
// the service layer strips them for callers who may not see them.
std::optional<Standard> current_standard(soci::session& sql, int64_t service_id);
std::optional<Standard> find_standard(soci::session& sql, int64_t service_id, int version);
// Highest version of the service's standard, 0 when it has none.
int max_standard_version(soci::session& sql, int64_t service_id);
// Inserts one version; `created_by` is a user id or nullopt (system, API key).
Standard insert_standard(soci::session& sql, int64_t service_id, int version, const StandardInput& in,
                         std::optional<int64_t> created_by, const std::string& now);
// Every version, newest first.
std::vector<StandardVersionInfo> list_standard_versions(soci::session& sql, int64_t service_id);

// ---- Maklumat
std::optional<Maklumat> current_maklumat(soci::session& sql, int64_t unit_id);
Maklumat insert_maklumat(soci::session& sql, int64_t unit_id, const MaklumatInput& in,
                         std::optional<int64_t> created_by, const std::string& now);

// ---- Search index (table service_search, rowid = service id). Text is
// already folded by the caller.
void replace_search_row(soci::session& sql, int64_t service_id, const std::string& name, const std::string& body);
void delete_search_row(soci::session& sql, int64_t service_id);
void delete_search_rows_of_agency(soci::session& sql, int64_t agency_id);

// Which services a list or search may return.
struct ServiceFilter {
  std::optional<int64_t> agency_id;
  // Inactive services are returned when `all_inactive` is set, or when they
  // belong to `inactive_of_agency`; otherwise only active ones.
  bool all_inactive = false;
  std::optional<int64_t> inactive_of_agency;
};

// Services by name then id, strictly after (after_name, after_id) when given;
// at most `limit` rows.
std::vector<ServiceSummary> list_services(soci::session& sql, const ServiceFilter& filter,
                                          const std::optional<std::pair<std::string, int64_t>>& after, int limit);

// Ranked full-text search. `terms` are folded alphanumeric tokens (see
// search_terms()); each is matched as a prefix and all must match. Ranking:
// SQLite bm25(service_search, 10.0, 1.0), PostgreSQL ts_rank DESC; ties by
// name, then id. Rows `offset`..`offset + limit - 1`.
std::vector<ServiceSummary> search_services(soci::session& sql, store::Dialect dialect,
                                            const std::vector<std::string>& terms, const ServiceFilter& filter,
                                            int offset, int limit);

}  // namespace layan::catalogue::repo
