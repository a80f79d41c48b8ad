#include "demo/seed.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "accounts/service.hpp"
#include "app/app.hpp"
#include "calendar/service.hpp"
#include "catalogue/service.hpp"

namespace layan::demo {
namespace {

using nlohmann::json;

// The demo accounts, one per role; `make run` prints them.
constexpr const char* kDemoPassword = "layan-demo-2026";

struct DemoAccount {
  const char* email;
  const char* name;
  const char* role;
  const char* agency_slug;  // nullptr: not tied to an agency
};

constexpr DemoAccount kAccounts[] = {
    {"admin@mpp.demo", "Rina Pengelola MPP", "mpp_admin", nullptr},
    {"admin.disdukcapil@mpp.demo", "Budi Admin Disdukcapil", "agency_admin", "disdukcapil"},
    {"admin.dpmptsp@mpp.demo", "Sari Admin DPMPTSP", "agency_admin", "dpmptsp"},
    {"petugas.disdukcapil@mpp.demo", "Agus Petugas Loket", "officer", "disdukcapil"},
    {"evaluator@mpp.demo", "Dewi Evaluator Inspektorat", "evaluator", nullptr},
    {"warga@mpp.demo", "Wawan Warga", "citizen", nullptr},
};

std::string str(const json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::vector<catalogue::Item> items(const json& arr) {
  std::vector<catalogue::Item> out;
  for (const auto& i : arr) out.push_back({str(i, "text"), str(i, "note")});
  return out;
}

catalogue::StandardInput standard_input(const json& s) {
  catalogue::StandardInput in;
  in.requirements = items(s.at("requirements"));
  in.procedure = items(s.at("procedure"));
  in.duration_value = s.at("duration").at("value").get<int>();
  in.duration_unit = s.at("duration").at("unit").get<std::string>();
  in.fee_amount = s.at("fee").at("amount").get<int64_t>();
  in.fee_basis = str(s.at("fee"), "basis");
  in.product = str(s, "product");
  in.complaint_channel = str(s, "complaint_channel");
  in.management.legal_basis = str(s, "legal_basis");
  in.management.facilities = str(s, "facilities");
  in.management.staff_competence = str(s, "staff_competence");
  in.management.internal_supervision = str(s, "internal_supervision");
  in.management.staff_count = s.value("staff_count", 0);
  in.management.service_guarantee = str(s, "service_guarantee");
  in.management.safety_guarantee = str(s, "safety_guarantee");
  in.management.performance_evaluation = str(s, "performance_evaluation");
  in.change_note = "Standar pelayanan awal";
  return in;
}

void print_accounts() {
  std::cout << "\nDemo accounts (password: " << kDemoPassword << "):\n";
  for (const auto& acc : kAccounts) {
    std::string role = acc.role;
    std::cout << "  " << role << std::string(14 - role.size(), ' ') << acc.email
              << (acc.agency_slug ? std::string(" (") + acc.agency_slug + ")" : "") << "\n";
  }
  std::cout << std::flush;
}

// Prefixes a failure with what was being loaded, so a bad demo file is easy to fix.
Error context(std::string what, Error e) {
  e.detail = what + ": " + e.detail;
  for (const auto& f : e.fields) e.detail += " [" + f.field + ": " + f.message_en + "]";
  return e;
}

// The year's holidays from SKB 3 Menteri ("holidays_2026": [{date, name}]);
// names starting "Cuti Bersama" are collective leave. Days already listed
// are kept as they are, so this also fills a calendar of an older demo
// database.
Status seed_holidays(App& app, const json& doc) {
  const auto system = accounts::system_principal();
  size_t added = 0;
  for (const auto& h : doc.value("holidays_2026", json::array())) {
    std::string day = str(h, "date"), name = str(h, "name");
    if (calendar::get_holiday(app, system, day)) continue;
    std::string kind = name.rfind("Cuti Bersama", 0) == 0 ? "cuti_bersama" : "libur_nasional";
    auto created = calendar::create_holiday(app, system, {day, name, kind});
    if (!created) return context("holiday " + day, std::move(created).error());
    ++added;
  }
  if (added) std::cout << "loaded " << added << " holidays of 2026\n";
  return ok_status();
}

}  // namespace

Status seed_demo(App& app, const std::string& json_path) {
  std::ifstream in(json_path);
  if (!in) return Error::bad_request("cannot read " + json_path);
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded()) return Error::bad_request(json_path + " is not valid JSON");

  if (auto s = seed_holidays(app, doc); !s) return s;
  const auto system = accounts::system_principal();
  const json& loc = doc.at("location");
  auto existing = catalogue::list_locations(app, system);
  if (!existing) return existing.error();
  for (const auto& l : *existing) {
    if (l.slug == str(loc, "slug")) {
      std::cout << "demo data already loaded (" << l.name << ")\n";
      print_accounts();
      return ok_status();
    }
  }

  try {
    auto location = catalogue::create_location(app, system,
                                               {str(loc, "slug"), str(loc, "name"), str(loc, "address"),
                                                str(loc, "city"), str(loc, "timezone"), str(loc, "opening_hours")});
    if (!location) return context("location", std::move(location).error());

    const json& agencies = doc.at("agencies");
    std::map<std::string, int64_t> agency_ids;
    size_t n = 0, services = 0;
    for (const auto& a : agencies) {
      std::string slug = str(a, "slug");
      auto agency =
          catalogue::create_agency(app, system,
                                   {slug, str(a, "name"), str(a, "short_name"), str(a, "kind"), str(a, "description"),
                                    str(a, "website"), str(a, "phone"), str(a, "email")});
      if (!agency) return context("agency " + slug, std::move(agency).error());
      agency_ids[slug] = agency->id;
      if (a.contains("presence")) {
        const json& p = a["presence"];
        auto s = catalogue::set_presence(app, system, agency->id,
                                         {location->id, str(p, "counters"), str(p, "floor"), str(p, "service_hours")});
        if (!s) return context("presence of " + slug, std::move(s).error());
      }
      std::map<std::string, int64_t> unit_ids;
      for (const auto& u : a.value("units", json::array())) {
        auto unit = catalogue::create_unit(app, system, agency->id,
                                           {str(u, "slug"), str(u, "name"), str(u, "head_name"), str(u, "head_title")});
        if (!unit) return context("unit " + str(u, "slug"), std::move(unit).error());
        unit_ids[str(u, "slug")] = unit->id;
        if (u.contains("maklumat")) {
          const json& m = u["maklumat"];
          auto mk = catalogue::publish_maklumat(
              app, system, unit->id,
              {str(m, "body"), str(m, "signer_name"), str(m, "signer_title"), str(m, "signed_on")});
          if (!mk) return context("maklumat of " + str(u, "slug"), std::move(mk).error());
        }
      }
      for (const auto& s : a.value("services", json::array())) {
        catalogue::ServiceInput si;
        si.slug = str(s, "slug");
        si.name = str(s, "name");
        si.summary = str(s, "summary");
        si.category = str(s, "category");
        si.delivery_modes = s.value("delivery_modes", std::vector<std::string>{"in_person"});
        if (auto it = unit_ids.find(str(s, "unit")); it != unit_ids.end()) si.unit_id = it->second;
        auto svc = catalogue::create_service(app, system, agency->id, si, standard_input(s.at("standard")));
        if (!svc) return context("service " + slug + "/" + si.slug, std::move(svc).error());
        ++services;
      }
      std::cout << "  [" << ++n << "/" << agencies.size() << "] " << str(a, "short_name") << ": "
                << a.value("services", json::array()).size() << " services\n"
                << std::flush;
    }

    for (const auto& acc : kAccounts) {
      accounts::NewUser u{acc.email, acc.name, kDemoPassword, acc.role, std::nullopt, std::nullopt};
      if (acc.agency_slug) u.agency_id = agency_ids.at(acc.agency_slug);
      auto id = accounts::create_user(app, system, u);
      if (!id) return context(std::string("account ") + acc.email, std::move(id).error());
    }
    std::cout << "loaded " << agencies.size() << " agencies and " << services << " services into " << location->name
              << "\n";
    if (auto s = seed_demo_complaints(app, doc, kDemoPassword); !s) return s;
    print_accounts();
  } catch (const json::exception& e) {
    return Error::bad_request(json_path + ": " + e.what());
  }
  return ok_status();
}

}  // namespace layan::demo
