#pragma once

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

}  // namespace layan::demo
