#pragma once

#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace layan::web {

// Request counts and latency histograms by route pattern, method and status,
// rendered in the Prometheus text exposition format. Thread-safe.
class Metrics {
 public:
  void observe(const std::string& route, const std::string& method, int status, double seconds);
  std::string render() const;

 private:
  struct Series {
    std::vector<uint64_t> buckets;  // cumulative counts per kBuckets bound
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;
};

}  // namespace layan::web
