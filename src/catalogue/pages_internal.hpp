#pragma once

// Shared by pages.cpp (public pages), staff_pages.cpp (editing the
// catalogue) and agency_pages.cpp (maintaining agencies and units); not part
// of the catalogue's interface.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catalogue/model.hpp"
#include "core/result.hpp"
#include "web/context.hpp"
#include "web/router.hpp"

namespace layan::catalogue {

void register_staff_pages(web::Router& router);
// /kelola/instansi/... and /kelola/unit/{id}/ubah: agencies, their presence
// at the mall and their units.
void register_agency_pages(web::Router& router);

// Links [{"href", "label"}] to the agency pages the caller may use for this
// agency (edit its record, its presence, add a unit); empty for the public.
nlohmann::json agency_manage_links(const web::RequestContext& ctx, int64_t agency_id);
// The page that edits a unit's record.
std::string unit_edit_url(int64_t unit_id);

// The MPP's time zone (of its first location), for showing stored UTC times.
std::string mpp_timezone(web::RequestContext& ctx);

// Every service matching `query`, following the cursor through all pages
// (bounded, so a huge catalogue cannot make one page request unbounded).
Result<std::vector<ServiceSummary>> all_services(web::RequestContext& ctx, ServiceQuery query);

// Breadcrumbs for the layout: [{"href", "label"}], the home page first. The
// current page is not listed (GOV.UK pattern).
nlohmann::json breadcrumbs(const web::RequestContext& ctx, std::vector<std::pair<std::string, std::string>> trail = {});

// Ok when the caller may edit the catalogue of this agency (and unit): decides
// which edit buttons and forms a page offers. The service layer checks again
// on every write.
Status edit_permission(const web::RequestContext& ctx, int64_t agency_id, std::optional<int64_t> unit_id);

std::string service_url(int64_t id);
std::string agency_url(int64_t id);

}  // namespace layan::catalogue
