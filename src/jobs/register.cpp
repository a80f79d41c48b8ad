#include "jobs/register.hpp"

#include "complaints/service.hpp"
#include "files/sweep.hpp"
#include "notify/service.hpp"

namespace layan::jobs {

void register_all(Runner& runner) {
  runner.add("outbox", std::chrono::seconds(10), notify::outbox_job);
  runner.add("complaint_deadlines", std::chrono::seconds(60), complaints::deadlines_job);
  runner.add("file_sweep", std::chrono::hours(6), files::sweep_job);
}

}  // namespace layan::jobs
