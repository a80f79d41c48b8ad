#include "demo/seed.hpp"

namespace layan::demo {
Status seed_demo(App& app, const std::string& json_path) { return Error::bad_request("TODO"); }
}  // namespace layan::demo
