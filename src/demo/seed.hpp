#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "core/result.hpp"

namespace layan {
struct App;
}

namespace layan::demo {

// Loads the demo mall from `json_path` (seed/demo.json): the MPP location,
// agencies with their presence, units, maklumat, services and standards, plus
// one account per role, and prints the demo accounts; and the holidays of
// 2026 into the working-day calendar. Idempotent: does nothing when the demo
// location already exists, except adding holidays that are not yet listed.
Status seed_demo(App& app, const std::string& json_path);

// The demo complaints (doc["complaints"]), played through the complaints
// service in time order over the past months (demo/complaints.cpp). Agencies
// without a demo admin get a liaison account with `password`.
Status seed_demo_complaints(App& app, const nlohmann::json& doc, const std::string& password);

}  // namespace layan::demo
