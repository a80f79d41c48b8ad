#include "jobs/runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cassert>

#include "jobs/exclusive.hpp"
#include "store/database.hpp"

namespace layan::jobs {
namespace {

// The longest wait between looks at the clock: a clock that jumps (a
// ManualClock in tests) is noticed within this.
constexpr std::chrono::seconds kMaxWait{1};

}  // namespace

void Runner::add(std::string name, std::chrono::seconds every, Job job) {
  assert(!thread_.joinable());
  assert(std::none_of(jobs_.begin(), jobs_.end(), [&](const Entry& e) { return e.name == name; }));
  jobs_.push_back({std::move(name), every, std::move(job), TimePoint{}});
}

std::vector<std::string> Runner::names() const {
  std::vector<std::string> out;
  for (const auto& e : jobs_) out.push_back(e.name);
  return out;
}

void Runner::start() {
  assert(!thread_.joinable());
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Runner::stop() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Runner::poke(const std::string& name) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    for (auto& e : jobs_) {
      if (e.name == name) e.poked = poked_ = true;
    }
  }
  wake_.notify_all();
}

Outcome Runner::run_one(Entry& e, TimePoint now) {
  try {
    if (run_exclusively(app_, e.name, [&] { e.job(app_, now); })) return Outcome::kRan;
    spdlog::debug("job {} skipped: running elsewhere", e.name);
    return Outcome::kSkipped;
  } catch (const std::exception& ex) {
    spdlog::error("job {} failed: {}", e.name, store::loggable_error(ex));
  } catch (...) {
    spdlog::error("job {} failed with an unknown exception", e.name);
  }
  return Outcome::kFailed;
}

std::vector<RunRecord> Runner::run_all_once(TimePoint now) {
  assert(!thread_.joinable());
  std::vector<RunRecord> out;
  for (auto& e : jobs_) out.push_back({e.name, run_one(e, now)});
  return out;
}

void Runner::loop() {
  std::unique_lock<std::mutex> lk(mu_);
  for (auto& e : jobs_) e.next = app_.clock->now();
  while (!stopping_) {
    for (auto& e : jobs_) {
      if (stopping_) break;
      TimePoint now = app_.clock->now();
      if (now < e.next && !e.poked) continue;
      e.poked = false;
      lk.unlock();
      run_one(e, now);
      lk.lock();
      e.next = e.poked ? app_.clock->now() : app_.clock->now() + e.every;
    }
    if (stopping_ || jobs_.empty()) {
      wake_.wait(lk, [&] { return stopping_; });
      break;
    }
    TimePoint earliest = jobs_.front().next;
    for (const auto& e : jobs_) earliest = std::min(earliest, e.next);
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(earliest - app_.clock->now());
    wait = std::clamp<std::chrono::milliseconds>(wait, std::chrono::milliseconds(0), kMaxWait);
    wake_.wait_for(lk, wait, [&] { return stopping_ || poked_; });
    poked_ = false;
  }
}

}  // namespace layan::jobs
