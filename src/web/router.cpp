#include "web/router.hpp"

#include <stdexcept>

namespace layan::web {
namespace {

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}
bool is_rest(const std::string& seg) {
  return seg.size() > 3 && seg.rfind("{*", 0) == 0 && seg.back() == '}';
}

// Number of literal segments: more literal = more specific.
int specificity(const Route& r) {
  int n = 0;
  for (const auto& s : r.segments) n += is_param(s) ? 0 : 1;
  return n;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route r{std::move(method), pattern, std::move(handler), split_path(pattern)};
  r.body_limit = options.body_limit;
  r.max_body_bytes = options.max_body_bytes;
  r.idempotency = options.idempotency;
  r.rate_limit = options.rate_limit;
  r.operator_only = options.operator_only;
  for (const auto& existing : routes_) {
    if (existing.method == r.method && existing.pattern == r.pattern) {
      throw std::logic_error("route registered twice: " + r.method + " " + r.pattern);
    }
  }
  routes_.push_back(std::move(r));
}

void Router::get_public(std::string pattern, Handler h) {
  add("GET", std::move(pattern), std::move(h));
  routes_.back().public_cache = true;
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  auto segs = split_path(path);
  Match best;
  int best_spec = -1;
  for (const auto& r : routes_) {
    bool rest = !r.segments.empty() && is_rest(r.segments.back());
    if (rest ? segs.size() < r.segments.size() : r.segments.size() != segs.size()) continue;
    std::unordered_map<std::string, std::string> params;
    bool ok = true;
    for (size_t i = 0; i < r.segments.size() && ok; ++i) {
      if (is_rest(r.segments[i])) {
        std::string joined;
        for (size_t k = i; k < segs.size(); ++k) joined += (k > i ? "/" : "") + segs[k];
        params[r.segments[i].substr(2, r.segments[i].size() - 3)] = joined;
      } else if (is_param(r.segments[i])) {
        params[r.segments[i].substr(1, r.segments[i].size() - 2)] = segs[i];
      } else if (r.segments[i] != segs[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    bool method_ok = r.method == method || (method == "HEAD" && r.method == "GET");
    if (!method_ok) {
      best.other_method = true;
      continue;
    }
    int spec = specificity(r) * 2 + (rest ? 0 : 1);
    if (spec > best_spec) {
      best_spec = spec;
      best.route = &r;
      best.params = std::move(params);
    }
  }
  return best;
}

}  // namespace layan::web
