#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "core/clock.hpp"

namespace layan::jobs {

// A background job: does what is due at `now` (from app.clock). Should
// finish within minutes (a lease on SQLite lasts 10); throws only for
// broken infrastructure or bugs.
using Job = std::function<void(App& app, TimePoint now)>;

enum class Outcome {
  kRan,
  kSkipped,  // another process or node was running it
  kFailed,   // it threw; the exception was logged
};

struct RunRecord {
  std::string name;
  Outcome outcome = Outcome::kRan;
};

// Runs registered jobs on one background thread, each every `every` by
// app.clock, always under run_exclusively(name) so that only one node (or
// process) runs a given job at a time. A job that throws is logged and
// tried again at its next time: a failing job never takes the server down.
class Runner {
 public:
  explicit Runner(App& app) : app_(app) {}
  ~Runner() { stop(); }
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // Registers a job; call before start(). Names are unique; they key the
  // cross-node lock.
  void add(std::string name, std::chrono::seconds every, Job job);

  // Starts the thread; each job first runs at once, then every `every`.
  void start();
  // Wakes the thread and waits for it: returns at once when idle, else when
  // the running job returns. Idempotent.
  void stop();

  // Asks for job `name` to run as soon as possible (new work is queued, such
  // as a one-time code to send), without waiting for its interval. Never
  // blocks; harmless when not started.
  void poke(const std::string& name);
  // Runs every job once, in the order added, on the calling thread (for
  // `layan jobs run`). Must not be called while started.
  std::vector<RunRecord> run_all_once(TimePoint now);

  // Names of the registered jobs, in the order added.
  std::vector<std::string> names() const;

 private:
  struct Entry {
    std::string name;
    std::chrono::seconds every;
    Job job;
    TimePoint next;
    bool poked = false;  // run again at once, even if poked while running
  };
  Outcome run_one(Entry& e, TimePoint now);
  void loop();

  App& app_;
  std::vector<Entry> jobs_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool poked_ = false;
};

}  // namespace layan::jobs
