#pragma once

// Pure mapping between Open311 GeoReport v2 and layan's complaints and
// catalogue: parameters in, documents out. No database, no HTTP.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/model.hpp"
#include "complaints/service.hpp"
#include "core/clock.hpp"
#include "core/config.hpp"
#include "core/result.hpp"
#include "open311/format.hpp"
#include "web/http.hpp"

namespace layan::open311 {

inline constexpr const char* kSpecification = "http://wiki.open311.org/GeoReport_v2";
// When this API last changed (the discovery document's changeset).
inline constexpr const char* kChangeset = "2026-05-01T00:00:00Z";
// GET requests: the longest window between start_date and end_date, and the
// default window (the last kMaxWindowDays days).
inline constexpr int kMaxWindowDays = 90;
// GET requests answers at most this many requests, newest first; a client
// narrows start_date/end_date to fetch more.
inline constexpr size_t kMaxRequests = 200;
// service_request_id may list at most this many ids; service_code this many codes.
inline constexpr size_t kMaxRequestIds = 100;
inline constexpr size_t kMaxServiceCodes = 20;
// Open311: a description holds at most 4,000 characters.
inline constexpr size_t kMaxDescriptionChars = 4000;
// attribute[title] defaults to the description's first characters.
inline constexpr size_t kDefaultTitleChars = 80;
inline constexpr size_t kMaxMediaUrlBytes = 2000;

// "open" while a report is being handled (complaints::is_open), else
// "closed" (resolved, closed, rejected, duplicate, abuse, archived).
const char* status_name(complaints::Status s);

// The complaint statuses an Open311 `status` filter selects: "open",
// "closed", or both comma-separated (then, like an empty filter, every
// status: an empty list). Anything else is kValidation on `status`.
Result<std::vector<std::string>> statuses_for(std::string_view filter);

// An ISO 8601 date and time with its zone, as GeoReport requires:
// YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z, ±HH:MM or ±HHMM. A space
// where the '+' of the offset should be is read as '+' (an unencoded '+' in a
// query string arrives as a space). nullopt for anything else, including
// impossible dates and times.
std::optional<TimePoint> parse_datetime(std::string_view text);

// The submission window of GET requests: [from, to) as UTC text (`to` empty:
// open). Defaults: neither bound given, the last kMaxWindowDays days; one
// bound given, kMaxWindowDays from it. start_date after end_date, or more than
// kMaxWindowDays between them, is kValidation; so is a bound that is not
// parse_datetime() text. Both bounds are inclusive to the second.
struct Window {
  std::string from, to;
};
Result<Window> request_window(const std::optional<std::string>& start_date, const std::optional<std::string>& end_date,
                              TimePoint now);

// GET requests.{fmt}.
struct RequestsQuery {
  // service_request_id: tracking codes; when given, every other filter is
  // ignored (GeoReport: "this overrides all other arguments").
  std::vector<std::string> request_ids;
  std::vector<int64_t> service_ids;   // service_code, comma-separated; empty: any
  std::vector<std::string> statuses;  // complaint statuses; empty: any
  Window window;
};
// Reads the query string; malformed parameters are kValidation.
Result<RequestsQuery> parse_requests_query(const web::Pairs& query, TimePoint now);

// service_code as a catalogue service id; nullopt when it cannot be one.
std::optional<int64_t> parse_service_code(std::string_view code);

// POST requests.{fmt}: the form (without api_key) as a new complaint on the
// "open311" channel: service_code, lat/long or address_string (one is
// required), email, phone, first_name, last_name (reporter_name), description
// (at most kMaxDescriptionChars characters), media_url (http or https;
// recorded as a last line "Media: URL" of the description, never fetched),
// attribute[type] (required; aspirasi, pengaduan or permintaan_informasi),
// attribute[privacy] (default rahasia), attribute[title] (default
// title_from(description)), attribute[event_date] (a date YYYY-MM-DD or a
// parse_datetime() text, of which the date as written is kept). Missing or
// malformed parameters and unknown attribute codes are kValidation under
// their Open311 names; a service_code that cannot be an id is kNotFound.
// What complaints::submit checks (lengths, contacts, values) is left to it.
Result<complaints::NewComplaint> parse_new_request(const web::Pairs& form);

// The first kDefaultTitleChars characters of `description` on one line:
// line breaks, tabs and runs of spaces become one space, invalid UTF-8 is
// dropped, and the result is trimmed.
std::string title_from(std::string_view description);

// `error` from complaints::submit with its field names as the Open311
// parameters (service_id → service_code, latitude → lat, reporter_email →
// email, title → attribute[title], ...).
Error with_open311_fields(Error error);

// The service notice of a report of type `t`: how long verification and
// completion take (Config::complaints), in Indonesian or English.
std::string service_notice(const ComplaintSettings& limits, complaints::Type t, bool english);

// The first sentence of the notice that POST requests answers: the tracking
// code the reporter follows the report with (docs/api.md, "Identifiers").
std::string filed_notice(const std::string& tracking_code, bool english);

// ---- Documents, fields in the specification's order

Document discovery_document(const std::string& public_url);
// One entry of services.{fmt}.
Document service_document(const catalogue::ServiceSummary& s);
// services/{service_code}.{fmt}: the attributes type, privacy, title, event_date.
Document service_definition(int64_t service_id);
// One request of requests.{fmt}. Holds no reporter identity: the complaint
// carries none, and no other field is taken from the reporter but the
// report's own text and location. `status_only` (a report that is not
// public) leaves out the description, address, coordinates and media.
Document request_document(const complaints::Complaint& c, const std::string& status_notes,
                          const std::string& agency_responsible, const std::string& notice, bool status_only);

}  // namespace layan::open311
