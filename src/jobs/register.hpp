#pragma once

#include "jobs/runner.hpp"

namespace layan::jobs {

// Adds every background job of the application to `runner` (used by
// `layan serve` and `layan jobs run`). A module with a job adds one line here.
void register_all(Runner& runner);

}  // namespace layan::jobs
