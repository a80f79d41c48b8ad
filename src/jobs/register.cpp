#include "jobs/register.hpp"

#include "notify/service.hpp"

namespace layan::jobs {

void register_all(Runner& runner) {
  runner.add("outbox", std::chrono::seconds(10), notify::outbox_job);
}

}  // namespace layan::jobs
