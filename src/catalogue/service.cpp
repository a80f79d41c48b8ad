#include "catalogue/service.hpp"

#include <nlohmann/json.hpp>

#include "accounts/authz.hpp"
#include "app/app.hpp"
#include "audit/audit.hpp"
#include "catalogue/repo.hpp"
#include "core/cursor.hpp"

namespace layan::catalogue {
namespace {

using accounts::Action;
using accounts::authorize;
using accounts::Scope;
using nlohmann::json;

constexpr size_t kMaxQueryBytes = 200;
constexpr size_t kMaxQueryTerms = 16;
// Ranked search pages by offset; beyond this the client should narrow the query.
constexpr int64_t kMaxSearchOffset = 10000;

std::string now_text(App& app) {
  return format_utc(app.clock->now());
}

std::optional<int64_t> actor_user(const Principal& who) {
  return who.user_id ? std::optional<int64_t>(who.user_id) : std::nullopt;
}

Scope scope_of(const Service& s) {
  return {s.agency_id, s.unit_id};
}

bool may_read_management(const Principal& who, const Scope& scope) {
  return authorize(who, Action::kReadManagement, scope).ok();
}

// Runs a write. A UNIQUE or FOREIGN KEY violation that the checks before it
// could not see (a concurrent duplicate, a row still referenced by accounts)
// is a conflict, not a server error. The transaction inside `f` has rolled
// back by the time the exception arrives here.
template <typename F>
auto guarded_write(F&& f) -> decltype(f()) {
  return store::conflict_on_violation(
      std::forward<F>(f),
      Error::conflict("the change conflicts with stored data (a duplicate, or a record still referred to by others)"));
}

FieldError field(std::string name, std::string code, std::string id, std::string en) {
  return {std::move(name), std::move(code), std::move(id), std::move(en)};
}

Error slug_conflict() {
  return Error::conflict("the slug is already in use; choose another one");
}

// Search index text: the search terms joined by spaces, so both databases
// tokenize exactly the same words.
std::string index_text(const std::string& text) {
  std::string out;
  for (const auto& t : search_terms(text)) out += (out.empty() ? "" : " ") + t;
  return out;
}

// Rebuilds the service's row of service_search from what is stored now:
// `name` from the service name; `body` from summary, category, the agency's
// names, the requirements and the product of the current standard.
void reindex_service(soci::session& sql, int64_t service_id) {
  auto s = repo::find_service(sql, service_id);
  if (!s) {
    repo::delete_search_row(sql, service_id);
    return;
  }
  std::string body = s->summary + "\n" + s->category;
  if (auto a = repo::find_agency(sql, s->agency_id)) body += "\n" + a->name + "\n" + a->short_name;
  if (auto st = repo::current_standard(sql, service_id)) {
    for (const auto& r : st->requirements) body += "\n" + r.text + " " + r.note;
    body += "\n" + st->product;
  }
  repo::replace_search_row(sql, service_id, index_text(s->name), index_text(body));
}

// The service with its current standard, management components stripped
// unless `who` may read them.
Service with_standard(soci::session& sql, const Principal& who, Service s) {
  s.standard = repo::current_standard(sql, s.id);
  if (s.standard && !may_read_management(who, scope_of(s))) s.standard->management.reset();
  return s;
}

// kValidation when the unit does not belong to the agency.
Status check_unit_of_agency(soci::session& sql, std::optional<int64_t> unit_id, int64_t agency_id) {
  if (!unit_id) return ok_status();
  auto unit = repo::find_unit(sql, *unit_id);
  if (!unit || unit->agency_id != agency_id) {
    return Error::validation(
        {field("unit_id", "unknown", "Unit tidak ditemukan pada instansi ini", "No such unit in this agency")});
  }
  return ok_status();
}

Status merge_validation(const Status& service, const Status& standard) {
  if (service.ok() && standard.ok()) return ok_status();
  std::vector<FieldError> all;
  if (!service.ok()) all = service.error().fields;
  if (!standard.ok()) {
    for (auto f : standard.error().fields) {
      f.field = "standard." + f.field;
      all.push_back(std::move(f));
    }
  }
  return Error::validation(std::move(all));
}

Error cursor_mismatch() {
  return Error::bad_request(
      "the cursor belongs to a different kind of query: pass next_cursor from a previous "
      "page of the same query unchanged");
}

Result<std::optional<std::pair<std::string, int64_t>>> list_position(const std::string& cursor) {
  if (cursor.empty()) return std::optional<std::pair<std::string, int64_t>>();
  auto pos = decode_cursor(cursor);
  if (!pos) return std::move(pos).error();
  auto n = pos->find("n"), i = pos->find("i");
  if (n == pos->end() || i == pos->end() || !n->is_string() || !i->is_number_integer() || i->get<int64_t>() <= 0) {
    return cursor_mismatch();
  }
  return std::optional<std::pair<std::string, int64_t>>(std::make_pair(n->get<std::string>(), i->get<int64_t>()));
}

Result<int> search_offset(const std::string& cursor) {
  if (cursor.empty()) return 0;
  auto pos = decode_cursor(cursor);
  if (!pos) return std::move(pos).error();
  auto o = pos->find("o");
  if (o == pos->end() || !o->is_number_integer()) return cursor_mismatch();
  int64_t offset = o->get<int64_t>();
  if (offset < 0 || offset > kMaxSearchOffset) return Error::bad_request("the cursor is out of range");
  return static_cast<int>(offset);
}

}  // namespace

// ---------------------------------------------------------------- reads

Result<std::vector<Location>> list_locations(App& app, const Principal& who) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  return repo::list_locations(sql);
}

Result<std::vector<Agency>> list_agencies(App& app, const Principal& who) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  return repo::list_agencies(sql);
}

Result<Agency> get_agency(App& app, const Principal& who, int64_t agency_id) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  auto agency = repo::find_agency(sql, agency_id);
  if (!agency) return Error::not_found("no such agency");
  agency->presence = repo::agency_presence(sql, agency_id);
  tx.commit();
  return std::move(*agency);
}

Result<std::vector<Unit>> list_units(App& app, const Principal& who, int64_t agency_id) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  if (!repo::find_agency(sql, agency_id)) return Error::not_found("no such agency");
  auto units = repo::list_units(sql, agency_id);
  tx.commit();
  return units;
}

Result<Unit> get_unit(App& app, const Principal& who, int64_t unit_id) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  auto unit = repo::find_unit(sql, unit_id);
  if (!unit) return Error::not_found("no such unit");
  return std::move(*unit);
}

Result<Page<ServiceSummary>> search_services(App& app, const Principal& who, const ServiceQuery& query) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  repo::ServiceFilter filter;
  filter.agency_id = query.agency_id;
  if (query.include_inactive) {
    if (auto s = authorize(who, Action::kReadManagement, {query.agency_id, std::nullopt}); !s) {
      return std::move(s).error();
    }
    // Staff of one agency see inactive services of that agency only.
    if (who.agency_id) {
      filter.inactive_of_agency = who.agency_id;
    } else {
      filter.all_inactive = true;
    }
  }
  std::vector<FieldError> errs;
  if (query.limit < 1 || query.limit > kMaxPageSize) {
    errs.push_back(
        field("limit", "out_of_range", "Jumlah per halaman harus 1 sampai 100", "limit must be from 1 to 100"));
  }
  if (query.q.size() > kMaxQueryBytes) {
    errs.push_back(field("q", "too_long", "Kata kunci pencarian maksimal 200 karakter",
                         "The search query must be at most 200 characters"));
  }
  if (!errs.empty()) return Error::validation(std::move(errs));

  bool ranked = query.q.find_first_not_of(" \t\r\n") != std::string::npos;
  Page<ServiceSummary> page;
  soci::session sql(app.db->pool());
  if (!ranked) {
    auto after = list_position(query.cursor);
    if (!after) return std::move(after).error();
    page.items = repo::list_services(sql, filter, *after, query.limit + 1);
    if (static_cast<int>(page.items.size()) > query.limit) {
      page.items.pop_back();
      const auto& last = page.items.back();
      page.next_cursor = encode_cursor({{"n", last.name}, {"i", last.id}});
    }
    return page;
  }
  auto offset = search_offset(query.cursor);
  if (!offset) return std::move(offset).error();
  // A query of only punctuation has no terms and matches nothing.
  auto terms = search_terms(query.q);
  if (terms.size() > kMaxQueryTerms) terms.resize(kMaxQueryTerms);
  page.items = repo::search_services(sql, app.db->dialect(), terms, filter, *offset, query.limit + 1);
  if (static_cast<int>(page.items.size()) > query.limit) {
    page.items.pop_back();
    page.next_cursor = encode_cursor({{"o", *offset + query.limit}});
  }
  return page;
}

Result<Service> get_service(App& app, const Principal& who, int64_t service_id) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  auto service = repo::find_service(sql, service_id);
  // An inactive service is hidden from everyone but its agency's staff; to
  // others it does not exist.
  if (!service || (!service->active && !may_read_management(who, scope_of(*service)))) {
    return Error::not_found("no such service");
  }
  Service out = with_standard(sql, who, std::move(*service));
  tx.commit();
  return out;
}

Result<std::vector<StandardVersionInfo>> list_standard_versions(App& app, const Principal& who, int64_t service_id) {
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  auto service = repo::find_service(sql, service_id);
  if (!service) return Error::not_found("no such service");
  if (auto s = authorize(who, Action::kReadManagement, scope_of(*service)); !s) return std::move(s).error();
  auto versions = repo::list_standard_versions(sql, service_id);
  tx.commit();
  return versions;
}

Result<Standard> get_standard_version(App& app, const Principal& who, int64_t service_id, int version) {
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  auto service = repo::find_service(sql, service_id);
  if (!service) return Error::not_found("no such service");
  if (auto s = authorize(who, Action::kReadManagement, scope_of(*service)); !s) return std::move(s).error();
  auto standard = repo::find_standard(sql, service_id, version);
  if (!standard) return Error::not_found("no such version of the standard");
  tx.commit();
  return std::move(*standard);
}

Result<std::optional<Maklumat>> current_maklumat(App& app, const Principal& who, int64_t unit_id) {
  if (auto s = authorize(who, Action::kReadPublic); !s) return std::move(s).error();
  soci::session sql(app.db->pool());
  store::Transaction tx(sql, app.db->dialect(), store::Transaction::Mode::kRead);
  if (!repo::find_unit(sql, unit_id)) return Error::not_found("no such unit");
  auto m = repo::current_maklumat(sql, unit_id);
  tx.commit();
  return m;
}

// ---------------------------------------------------------------- writes

Result<Location> create_location(App& app, const Principal& who, const LocationInput& in) {
  if (auto s = authorize(who, Action::kManageAgencies); !s) return std::move(s).error();
  if (auto s = validate_location(in); !s) return std::move(s).error();
  LocationInput row = in;
  if (row.timezone.empty()) row.timezone = "Asia/Jakarta";
  auto created = guarded_write([&]() -> Result<Location> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    if (repo::location_slug_taken(sql, row.slug)) return slug_conflict();
    std::string now = now_text(app);
    int64_t id = repo::insert_location(sql, row, now);
    audit::append(sql, app.db->dialect(), who, now, "location.create", "mpp_location", id, json::object());
    tx.commit();
    return Location{id, row.slug, row.name, row.address, row.city, row.timezone, row.opening_hours};
  });
  // The first location's zone is the working-day calendar's.
  if (created) app.calendar.invalidate();
  return created;
}

Result<Agency> create_agency(App& app, const Principal& who, const AgencyInput& in) {
  if (auto s = authorize(who, Action::kManageAgencies); !s) return std::move(s).error();
  if (auto s = validate_agency(in); !s) return std::move(s).error();
  return guarded_write([&]() -> Result<Agency> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    if (repo::agency_slug_taken(sql, in.slug)) return slug_conflict();
    std::string now = now_text(app);
    int64_t id = repo::insert_agency(sql, in, now);
    audit::append(sql, app.db->dialect(), who, now, "agency.create", "agency", id, json::object());
    auto agency = repo::find_agency(sql, id);
    tx.commit();
    return std::move(*agency);
  });
}

Result<Agency> update_agency(App& app, const Principal& who, int64_t agency_id, const AgencyInput& in) {
  return guarded_write([&]() -> Result<Agency> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    if (!repo::find_agency(sql, agency_id)) return Error::not_found("no such agency");
    if (auto s = authorize(who, Action::kEditAgency, {agency_id, std::nullopt}); !s) return std::move(s).error();
    if (auto s = validate_agency(in); !s) return std::move(s).error();
    if (repo::agency_slug_taken(sql, in.slug, agency_id)) return slug_conflict();
    std::string now = now_text(app);
    repo::update_agency(sql, agency_id, in, now);
    // The agency's names are part of every one of its services' search text.
    for (int64_t service_id : repo::service_ids_of_agency(sql, agency_id)) reindex_service(sql, service_id);
    audit::append(sql, app.db->dialect(), who, now, "agency.update", "agency", agency_id, json::object());
    auto agency = repo::find_agency(sql, agency_id);
    agency->presence = repo::agency_presence(sql, agency_id);
    tx.commit();
    return std::move(*agency);
  });
}

Status delete_agency(App& app, const Principal& who, int64_t agency_id) {
  return guarded_write([&]() -> Status {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    if (!repo::find_agency(sql, agency_id)) return Error::not_found("no such agency");
    if (auto s = authorize(who, Action::kManageAgencies, {agency_id, std::nullopt}); !s) {
      return std::move(s).error();
    }
    // SQLite's FTS table has no foreign key to cascade through.
    repo::delete_search_rows_of_agency(sql, agency_id);
    repo::delete_agency(sql, agency_id);
    std::string now = now_text(app);
    audit::append(sql, app.db->dialect(), who, now, "agency.delete", "agency", agency_id, json::object());
    tx.commit();
    return ok_status();
  });
}

Status set_presence(App& app, const Principal& who, int64_t agency_id, const PresenceInput& in) {
  return guarded_write([&]() -> Status {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    if (!repo::find_agency(sql, agency_id)) return Error::not_found("no such agency");
    // The mall's manager decides where each tenant's counters are.
    if (auto s = authorize(who, Action::kManageAgencies, {agency_id, std::nullopt}); !s) {
      return std::move(s).error();
    }
    if (auto s = validate_presence(in); !s) return std::move(s).error();
    if (!repo::location_exists(sql, in.location_id)) {
      return Error::validation({field("location_id", "unknown", "Lokasi MPP tidak ditemukan", "No such MPP location")});
    }
    repo::upsert_presence(sql, agency_id, in);
    std::string now = now_text(app);
    audit::append(sql, app.db->dialect(), who, now, "agency.presence", "agency", agency_id,
                  {{"location_id", in.location_id}});
    tx.commit();
    return ok_status();
  });
}

Result<Unit> create_unit(App& app, const Principal& who, int64_t agency_id, const UnitInput& in) {
  return guarded_write([&]() -> Result<Unit> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    if (!repo::find_agency(sql, agency_id)) return Error::not_found("no such agency");
    // Agency-wide scope: a unit-scoped admin cannot add units.
    if (auto s = authorize(who, Action::kEditCatalogue, {agency_id, std::nullopt}); !s) {
      return std::move(s).error();
    }
    if (auto s = validate_unit(in); !s) return std::move(s).error();
    if (repo::unit_slug_taken(sql, agency_id, in.slug)) return slug_conflict();
    std::string now = now_text(app);
    int64_t id = repo::insert_unit(sql, agency_id, in, now);
    audit::append(sql, app.db->dialect(), who, now, "unit.create", "unit", id, {{"agency_id", agency_id}});
    tx.commit();
    return Unit{id, agency_id, in.slug, in.name, in.head_name, in.head_title};
  });
}

Result<Unit> update_unit(App& app, const Principal& who, int64_t unit_id, const UnitInput& in) {
  return guarded_write([&]() -> Result<Unit> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    auto unit = repo::find_unit(sql, unit_id);
    if (!unit) return Error::not_found("no such unit");
    if (auto s = authorize(who, Action::kEditCatalogue, {unit->agency_id, unit_id}); !s) {
      return std::move(s).error();
    }
    if (auto s = validate_unit(in); !s) return std::move(s).error();
    if (repo::unit_slug_taken(sql, unit->agency_id, in.slug, unit_id)) return slug_conflict();
    std::string now = now_text(app);
    repo::update_unit(sql, unit_id, in, now);
    audit::append(sql, app.db->dialect(), who, now, "unit.update", "unit", unit_id, json::object());
    tx.commit();
    return Unit{unit_id, unit->agency_id, in.slug, in.name, in.head_name, in.head_title};
  });
}

Status delete_unit(App& app, const Principal& who, int64_t unit_id) {
  return guarded_write([&]() -> Status {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    auto unit = repo::find_unit(sql, unit_id);
    if (!unit) return Error::not_found("no such unit");
    // Removing a unit is the agency's decision, not the unit's own admin's.
    if (auto s = authorize(who, Action::kEditCatalogue, {unit->agency_id, std::nullopt}); !s) {
      return std::move(s).error();
    }
    repo::delete_unit(sql, unit_id);
    std::string now = now_text(app);
    audit::append(sql, app.db->dialect(), who, now, "unit.delete", "unit", unit_id, json::object());
    tx.commit();
    return ok_status();
  });
}

Result<Service> create_service(App& app, const Principal& who, int64_t agency_id, const ServiceInput& in,
                               const StandardInput& standard) {
  return guarded_write([&]() -> Result<Service> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    if (!repo::find_agency(sql, agency_id)) return Error::not_found("no such agency");
    if (auto s = authorize(who, Action::kEditCatalogue, {agency_id, in.unit_id}); !s) return std::move(s).error();
    if (auto s = merge_validation(validate_service(in), validate_standard(standard)); !s) {
      return std::move(s).error();
    }
    if (auto s = check_unit_of_agency(sql, in.unit_id, agency_id); !s) return std::move(s).error();
    if (repo::service_slug_taken(sql, agency_id, in.slug)) return slug_conflict();
    std::string now = now_text(app);
    int64_t id = repo::insert_service(sql, agency_id, in, now);
    repo::insert_standard(sql, id, 1, standard, actor_user(who), now);
    reindex_service(sql, id);
    audit::append(sql, app.db->dialect(), who, now, "service.create", "service", id,
                  {{"agency_id", agency_id}, {"version", 1}});
    Service out = with_standard(sql, who, std::move(*repo::find_service(sql, id)));
    tx.commit();
    return out;
  });
}

Result<Service> update_service(App& app, const Principal& who, int64_t service_id, const ServiceInput& in) {
  return guarded_write([&]() -> Result<Service> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    auto service = repo::find_service(sql, service_id);
    if (!service) return Error::not_found("no such service");
    if (auto s = authorize(who, Action::kEditCatalogue, scope_of(*service)); !s) return std::move(s).error();
    // Moving a service to another unit needs the right to edit that unit too.
    if (in.unit_id != service->unit_id) {
      if (auto s = authorize(who, Action::kEditCatalogue, {service->agency_id, in.unit_id}); !s) {
        return std::move(s).error();
      }
    }
    if (auto s = validate_service(in); !s) return std::move(s).error();
    if (auto s = check_unit_of_agency(sql, in.unit_id, service->agency_id); !s) return std::move(s).error();
    if (repo::service_slug_taken(sql, service->agency_id, in.slug, service_id)) return slug_conflict();
    std::string now = now_text(app);
    repo::update_service(sql, service_id, in, now);
    reindex_service(sql, service_id);
    audit::append(sql, app.db->dialect(), who, now, "service.update", "service", service_id, {{"active", in.active}});
    Service out = with_standard(sql, who, std::move(*repo::find_service(sql, service_id)));
    tx.commit();
    return out;
  });
}

Status delete_service(App& app, const Principal& who, int64_t service_id) {
  return guarded_write([&]() -> Status {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    auto service = repo::find_service(sql, service_id);
    if (!service) return Error::not_found("no such service");
    if (auto s = authorize(who, Action::kEditCatalogue, scope_of(*service)); !s) return std::move(s).error();
    repo::delete_search_row(sql, service_id);
    repo::delete_service(sql, service_id);
    std::string now = now_text(app);
    audit::append(sql, app.db->dialect(), who, now, "service.delete", "service", service_id,
                  {{"agency_id", service->agency_id}});
    tx.commit();
    return ok_status();
  });
}

Result<Standard> publish_standard(App& app, const Principal& who, int64_t service_id, const StandardInput& in) {
  return guarded_write([&]() -> Result<Standard> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    auto service = repo::find_service(sql, service_id);
    if (!service) return Error::not_found("no such service");
    if (auto s = authorize(who, Action::kEditCatalogue, scope_of(*service)); !s) return std::move(s).error();
    if (auto s = validate_standard(in); !s) return std::move(s).error();
    std::string now = now_text(app);
    // Touch first: on PostgreSQL the row lock makes a concurrent publisher
    // wait, so both do not compute the same next version.
    repo::touch_service(sql, service_id, now);
    int version = repo::max_standard_version(sql, service_id) + 1;
    Standard standard = repo::insert_standard(sql, service_id, version, in, actor_user(who), now);
    reindex_service(sql, service_id);
    audit::append(sql, app.db->dialect(), who, now, "standard.publish", "service", service_id, {{"version", version}});
    tx.commit();
    if (!may_read_management(who, scope_of(*service))) standard.management.reset();
    return standard;
  });
}

Result<Maklumat> publish_maklumat(App& app, const Principal& who, int64_t unit_id, const MaklumatInput& in) {
  return guarded_write([&]() -> Result<Maklumat> {
    soci::session sql(app.db->pool());
    store::Transaction tx(sql, app.db->dialect());
    auto unit = repo::find_unit(sql, unit_id);
    if (!unit) return Error::not_found("no such unit");
    if (auto s = authorize(who, Action::kEditCatalogue, {unit->agency_id, unit_id}); !s) {
      return std::move(s).error();
    }
    if (auto s = validate_maklumat(in); !s) return std::move(s).error();
    std::string now = now_text(app);
    Maklumat m = repo::insert_maklumat(sql, unit_id, in, actor_user(who), now);
    audit::append(sql, app.db->dialect(), who, now, "maklumat.publish", "unit", unit_id, {{"maklumat_id", m.id}});
    tx.commit();
    return m;
  });
}

}  // namespace layan::catalogue
