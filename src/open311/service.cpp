#include "open311/service.hpp"

#include <algorithm>
#include <map>

#include "accounts/service.hpp"
#include "catalogue/service.hpp"

namespace layan::open311 {
namespace {

using accounts::Principal;

// Reads here are the public's: no caller's rights widen them.
const Principal kPublic{};

// The names of agencies a report was sent to, looked up once per answer.
class AgencyNames {
 public:
  explicit AgencyNames(App& app) : app_(app) {}

  const std::string& name(int64_t id) {
    auto it = names_.find(id);
    if (it == names_.end()) {
      auto agency = catalogue::get_agency(app_, kPublic, id);
      it = names_.emplace(id, agency ? agency->name : std::string()).first;
    }
    return it->second;
  }

 private:
  App& app_;
  std::map<int64_t, std::string> names_;
};

PublicRequest public_request(complaints::ComplaintView&& v, AgencyNames& agencies) {
  PublicRequest out;
  // complaints::view_anyone() keeps a message only where staff made it public.
  for (auto e = v.events.rbegin(); e != v.events.rend(); ++e) {
    if (e->actor != complaints::ActorKind::kReporter && !e->message.empty()) {
      out.status_notes = e->message;
      break;
    }
  }
  const auto& c = v.complaint;
  if (c.agency_id) {
    out.agency_responsible = c.agency_name;
  } else if (c.target_agency_id) {
    out.agency_responsible = agencies.name(*c.target_agency_id);
  }
  out.text_withheld = v.text_withheld;
  out.complaint = std::move(v.complaint);
  return out;
}

bool newer(const complaints::Complaint& a, const complaints::Complaint& b) {
  return a.submitted_at != b.submitted_at ? a.submitted_at > b.submitted_at : a.id > b.id;
}

}  // namespace

Result<std::vector<catalogue::ServiceSummary>> list_services(App& app) {
  std::vector<catalogue::ServiceSummary> out;
  catalogue::ServiceQuery q;
  q.limit = catalogue::kMaxPageSize;
  while (true) {
    auto page = catalogue::search_services(app, kPublic, q);
    if (!page) return std::move(page).error();
    for (auto& s : page->items) out.push_back(std::move(s));
    if (!page->next_cursor) break;
    q.cursor = *page->next_cursor;
  }
  return out;
}

Result<catalogue::Service> find_service(App& app, const std::string& service_code) {
  auto id = parse_service_code(service_code);
  if (!id) return Error::not_found("service_code " + service_code + " not found");
  auto service = catalogue::get_service(app, kPublic, *id);
  if (!service || !service->active) return Error::not_found("service_code " + service_code + " not found");
  return service;
}

Result<std::vector<PublicRequest>> find_requests(App& app, const RequestsQuery& q) {
  AgencyNames agencies(app);
  std::vector<PublicRequest> out;
  if (!q.request_ids.empty()) {
    for (auto& v : complaints::views_public(app, q.request_ids)) out.push_back(public_request(std::move(v), agencies));
    return out;
  }
  std::vector<std::optional<int64_t>> services(q.service_ids.begin(), q.service_ids.end());
  if (services.empty()) services.emplace_back(std::nullopt);
  std::vector<complaints::Complaint> found;
  for (const auto& service_id : services) {
    complaints::ListQuery lq;
    lq.box = "public";
    lq.statuses = q.statuses;
    lq.service_id = service_id;
    lq.submitted_from = q.window.from;
    lq.submitted_to = q.window.to;
    lq.limit = 100;
    size_t taken = 0;
    while (taken < kMaxRequests) {
      auto page = complaints::list(app, kPublic, lq);
      if (!page) return std::move(page).error();
      taken += page->items.size();
      for (auto& c : page->items) found.push_back(std::move(c));
      if (page->next_cursor.empty()) break;
      lq.cursor = page->next_cursor;
    }
  }
  std::sort(found.begin(), found.end(), newer);
  if (found.size() > kMaxRequests) found.resize(kMaxRequests);
  // Read again as the public, all at once: a report that stopped being public
  // since the list was read is left out.
  std::vector<std::string> ids;
  for (const auto& c : found) ids.push_back(c.public_id);
  for (auto& v : complaints::views_public(app, ids)) out.push_back(public_request(std::move(v), agencies));
  return out;
}

Result<PublicRequest> find_request(App& app, const std::string& service_request_id) {
  auto v = complaints::view_anyone(app, service_request_id);
  if (!v) return Error::not_found("service_request_id " + service_request_id + " not found");
  AgencyNames agencies(app);
  return public_request(std::move(*v), agencies);
}

Result<std::string> request_id_for_token(App& app, const std::string& token) {
  if (!complaints::normalize_tracking_code(token)) return Error::not_found("token " + token + " not found");
  auto v = complaints::view_anyone(app, token);
  if (!v) return Error::not_found("token " + token + " not found");
  return v->complaint.public_id;
}

Result<complaints::Submitted> create_request(App& app, const web::Pairs& form, const std::string& idempotency_key,
                                             const std::string& client_ip) {
  auto api_key = web::find_pair(form, "api_key");
  if (!api_key || api_key->empty()) return Error::forbidden("api_key is required to create a service request");
  auto who = accounts::authenticate(app, std::nullopt, *api_key);
  if (!who || who->role != accounts::Role::kIntegration) {
    return Error::forbidden("invalid api_key: unknown or revoked");
  }
  auto in = parse_new_request(form);
  if (!in) return std::move(in).error();
  if (auto s = find_service(app, std::to_string(*in->service_id)); !s) return std::move(s).error();
  in->idempotency_key = idempotency_key;
  in->client_ip = client_ip;
  auto done = complaints::submit(app, *who, std::move(*in));
  if (!done) return with_open311_fields(std::move(done).error());
  return done;
}

}  // namespace layan::open311
