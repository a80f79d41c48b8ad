// Demo complaints (seed/demo.json "complaints"): reports of the last months
// in every stage of the lifecycle, played through the complaints service in
// time order on a moved clock, so that timelines, deadlines, escalations,
// the audit log and the statistics are what real use would have produced.
#include <algorithm>
#include <iostream>
#include <map>

#include "accounts/repo.hpp"
#include "accounts/service.hpp"
#include "app/app.hpp"
#include "catalogue/repo.hpp"
#include "catalogue/service.hpp"
#include "complaints/service.hpp"
#include "demo/seed.hpp"

namespace layan::demo {
namespace {

using accounts::Principal;
using accounts::Role;
using complaints::Transition;
using nlohmann::json;

// One thing that happens to one demo report, at one time.
struct Step {
  TimePoint at;
  size_t report = 0;
  Transition kind = Transition::kSubmit;
  int order = 0;  // keeps a report's steps in sequence when times tie
};

std::string text(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

Status fail(const std::string& what, const Error& e) {
  return Error{e.kind, "demo complaint " + what + ": " + e.detail, e.fields};
}

}  // namespace

Status seed_demo_complaints(App& app, const json& doc, const std::string& password) {
  const json& list = doc.value("complaints", json::array());
  if (list.empty()) return ok_status();
  const Principal system = accounts::system_principal();
  const TimePoint now = app.clock->now();
  ManualClock clock(now);
  const Clock* real_clock = app.clock;
  app.clock = &clock;
  struct Restore {
    App& app;
    const Clock* clock;
    ~Restore() { app.clock = clock; }
  } restore{app, real_clock};

  soci::session sql(app.db->pool());
  auto principal_of = [&](const std::string& email) -> std::optional<Principal> {
    auto u = accounts::repo::find_user_by_email(sql, email);
    if (!u) return std::nullopt;
    Principal p;
    p.role = u->role;
    p.user_id = u->id;
    p.agency_id = u->agency_id;
    p.unit_id = u->unit_id;
    p.name = u->name;
    return p;
  };
  auto desk = principal_of("admin@mpp.demo");
  auto citizen = principal_of("warga@mpp.demo");
  if (!desk || !citizen) return Error::bad_request("demo complaints need the demo accounts");
  Principal integration;
  integration.role = Role::kIntegration;
  integration.name = "demo";

  // The catalogue by slug: agencies, and each agency's services.
  std::map<std::string, catalogue::Agency> agencies;
  std::map<std::pair<int64_t, std::string>, int64_t> services;
  auto all = catalogue::list_agencies(app, system);
  if (!all) return all.error();
  for (const auto& a : *all) {
    agencies[a.slug] = a;
    catalogue::ServiceQuery q;
    q.agency_id = a.id;
    q.limit = catalogue::kMaxPageSize;
    auto page = catalogue::search_services(app, system, q);
    if (!page) return page.error();
    for (const auto& s : page->items) services[{a.id, s.slug}] = s.id;
  }
  auto service_of = [&](int64_t agency_id, const std::string& slug) -> std::optional<int64_t> {
    auto it = services.find({agency_id, slug});
    if (it == services.end()) return std::nullopt;
    return it->second;
  };

  // Each agency's liaison: its demo admin, else a liaison account made here.
  std::map<std::string, Principal> liaison;
  auto liaison_of = [&](const std::string& slug) -> Result<Principal> {
    if (auto it = liaison.find(slug); it != liaison.end()) return it->second;
    auto agency =
        agencies.find(slug) == agencies.end() ? std::nullopt : std::optional<catalogue::Agency>(agencies.at(slug));
    if (!agency) return Error::bad_request("unknown agency " + slug);
    std::optional<Principal> p = principal_of("admin." + slug + "@mpp.demo");
    if (!p) {
      const std::string email = "penghubung." + slug + "@mpp.demo";
      auto id = accounts::create_user(
          app, system,
          {email, "Petugas Penghubung " + agency->short_name, password, "agency_admin", agency->id, std::nullopt});
      if (!id) return id.error();
      p = principal_of(email);
    }
    liaison[slug] = *p;
    return *p;
  };

  // The plan: every report's steps, by outcome.
  std::vector<Step> steps;
  for (size_t i = 0; i < list.size(); ++i) {
    const json& c = list[i];
    const TimePoint t0 = now - std::chrono::days(c.value("days_ago", 1)) + std::chrono::hours(static_cast<int>(i % 6));
    const std::string outcome = text(c, "outcome");
    int order = 0;
    auto at = [&](int hours, Transition t) { steps.push_back({t0 + std::chrono::hours(hours), i, t, order++}); };
    at(0, Transition::kSubmit);
    if (outcome == "submitted") continue;
    if (outcome == "returned") {
      at(20, Transition::kReturnForCompletion);
      continue;
    }
    if (outcome == "duplicate") {
      at(20, Transition::kMarkDuplicate);
      continue;
    }
    if (outcome == "rejected") {
      at(20, Transition::kReject);
      continue;
    }
    at(20, Transition::kVerify);
    if (outcome == "verified") continue;
    at(22, Transition::kDispositionToAgency);
    if (outcome == "at_agency") continue;
    if (outcome == "not_our_authority") {
      at(48, Transition::kNotOurAuthority);
      continue;
    }
    at(30, Transition::kDispositionToUnit);
    if (outcome == "at_unit") continue;
    at(72, Transition::kReply);
    if (outcome == "in_progress") continue;
    at(240, Transition::kResolve);
    if (outcome == "closed" && text(c, "reporter") == "warga") {
      at(290, Transition::kConfirm);
      if (c.contains("rating")) at(291, Transition::kRate);
    }
  }
  std::stable_sort(steps.begin(), steps.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at || (a.at == b.at && a.report < b.report); });

  std::vector<int64_t> ids(list.size(), 0);
  size_t done = 0;
  for (const Step& s : steps) {
    clock.set(s.at);
    const json& c = list[s.report];
    const std::string agency_slug = text(c, "agency");
    if (s.kind == Transition::kSubmit) {
      complaints::NewComplaint in;
      in.type = text(c, "type");
      in.privacy = text(c, "privacy");
      in.title = text(c, "title");
      in.description = text(c, "description");
      in.client_ip = "demo";
      auto agency = agencies.find(agency_slug);
      if (agency == agencies.end()) return Error::bad_request("unknown agency " + agency_slug);
      in.agency_id = agency->second.id;
      in.service_id = service_of(agency->second.id, text(c, "service"));
      Principal who = *citizen;
      if (c["reporter"].is_object()) {
        who = integration;
        in.reporter_name = text(c["reporter"], "name");
        in.reporter_email = text(c["reporter"], "email");
        in.reporter_phone = text(c["reporter"], "phone");
      }
      auto r = complaints::submit(app, who, in);
      if (!r) return fail(in.title, r.error());
      ids[s.report] = r->complaint.id;
      ++done;
      continue;
    }
    complaints::ActionInput a;
    a.kind = s.kind;
    Principal who = *desk;
    auto agency_actor = liaison_of(agency_slug);
    if (!agency_actor) return fail(text(c, "title"), agency_actor.error());
    switch (s.kind) {
      case Transition::kReturnForCompletion:
      case Transition::kReject:
        a.message = text(c, "reason");
        break;
      case Transition::kMarkDuplicate:
        a.related_id = ids.at(s.report - 1);
        break;
      case Transition::kDispositionToAgency:
        a.agency_id = agency_actor->agency_id;
        break;
      case Transition::kNotOurAuthority:
        who = *agency_actor;
        a.message = text(c, "reason");
        break;
      case Transition::kDispositionToUnit: {
        who = *agency_actor;
        auto id = service_of(*agency_actor->agency_id, text(c, "service"));
        auto svc = id ? catalogue::repo::find_service(sql, *id) : std::nullopt;
        if (!svc || !svc->unit_id) continue;
        a.unit_id = svc->unit_id;
        break;
      }
      case Transition::kReply:
        who = *agency_actor;
        a.message = text(c, "reply");
        break;
      case Transition::kResolve:
        who = *agency_actor;
        a.message = text(c, "resolution");
        break;
      case Transition::kConfirm:
        who = *citizen;
        break;
      case Transition::kRate:
        who = *citizen;
        a.rating = c.value("rating", 5);
        break;
      default:
        break;
    }
    auto r = complaints::act(app, who, ids[s.report], a);
    if (!r) return fail(text(c, "title") + " (" + complaints::to_string(s.kind) + ")", r.error());
  }
  // What the background job would have done meanwhile: auto-closing and
  // escalating, as of now.
  clock.set(now);
  auto swept = complaints::sweep_deadlines(app, now);
  std::cout << "loaded " << done << " complaints (" << swept.auto_closed << " closed automatically, " << swept.escalated
            << " escalations)\n";
  return ok_status();
}

}  // namespace layan::demo
