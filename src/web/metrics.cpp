#include "web/metrics.hpp"

#include <fmt/format.h>

namespace layan::web {
namespace {
constexpr double kBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
constexpr size_t kBucketCount = sizeof(kBuckets) / sizeof(kBuckets[0]);
}  // namespace

void Metrics::observe(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mu_);
  auto& s = series_[{route, method, status}];
  if (s.buckets.empty()) s.buckets.resize(kBucketCount);
  for (size_t i = 0; i < kBucketCount; ++i) {
    if (seconds <= kBuckets[i]) s.buckets[i]++;
  }
  s.count++;
  s.sum += seconds;
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP layan_http_requests_total HTTP requests answered, by route pattern, method and status.\n";
  out += "# TYPE layan_http_requests_total counter\n";
  for (const auto& [key, s] : series_) {
    const auto& [route, method, status] = key;
    out += fmt::format("layan_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n", route, method,
                       status, s.count);
  }
  out += "# HELP layan_http_request_duration_seconds Time from request to response, by route.\n";
  out += "# TYPE layan_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const auto& [route, method, status] = key;
    auto labels = fmt::format("route=\"{}\",method=\"{}\",status=\"{}\"", route, method, status);
    for (size_t i = 0; i < kBucketCount; ++i) {
      out += fmt::format("layan_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels, kBuckets[i],
                         s.buckets[i]);
    }
    out += fmt::format("layan_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, s.count);
    out += fmt::format("layan_http_request_duration_seconds_sum{{{}}} {:.6f}\n", labels, s.sum);
    out += fmt::format("layan_http_request_duration_seconds_count{{{}}} {}\n", labels, s.count);
  }
  return out;
}

}  // namespace layan::web
