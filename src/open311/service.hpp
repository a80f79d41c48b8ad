#pragma once

// Open311 GeoReport v2 over layan's catalogue and complaints services. Every
// read and write goes through catalogue/service.hpp and
// complaints/service.hpp, so their authorization and privacy rules apply:
// only public reports are ever read here, and never a reporter's identity.

#include <string>
#include <vector>

#include "catalogue/model.hpp"
#include "complaints/service.hpp"
#include "core/result.hpp"
#include "open311/mapping.hpp"

namespace layan {
struct App;
}

namespace layan::open311 {

// Every active service of the catalogue, by name.
Result<std::vector<catalogue::ServiceSummary>> list_services(App& app);

// The active service with this service_code; kNotFound otherwise.
Result<catalogue::Service> find_service(App& app, const std::string& service_code);

// A report as GeoReport shows it to anyone.
struct PublicRequest {
  complaints::Complaint complaint;  // as complaints::view_anyone returns it
  std::string status_notes;         // the latest message staff made public; may be empty
  std::string agency_responsible;   // the agency handling it, else the one it was reported to
  // Not public (not yet verified, rahasia, whistle-blowing): only the status
  // fields may be shown, never the description, address, coordinates or media.
  bool text_withheld = false;
};

// Public reports matching `q`, newest first, at most kMaxRequests. With
// request ids (public ids), those of them that are public (unknown or
// confidential ids are left out), in the order given.
Result<std::vector<PublicRequest>> find_requests(App& app, const RequestsQuery& q);

// One report by its public id (or, for clients that filed before public ids
// existed, its tracking code): a public report in full, any other with
// text_withheld (an app that filed it can follow its status). kNotFound when
// there is none.
Result<PublicRequest> find_request(App& app, const std::string& service_request_id);

// GET tokens/{token}: a token is the tracking code that POST answered with;
// this returns the public id of its report, public or not (whoever holds the
// code may already follow the report with it); kNotFound otherwise.
Result<std::string> request_id_for_token(App& app, const std::string& token);

// POST requests with `form` (parse_new_request()): first authenticates its
// api_key as an integration (kForbidden when missing, unknown or revoked),
// then reads the form, checks that service_code is an active service
// (kNotFound) and submits the report through complaints::submit, whose field
// errors come back under their Open311 names. A retry with the same
// `idempotency_key` returns the first report.
Result<complaints::Submitted> create_request(App& app, const web::Pairs& form, const std::string& idempotency_key,
                                             const std::string& client_ip);

}  // namespace layan::open311
