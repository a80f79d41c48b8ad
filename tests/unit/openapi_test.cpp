// docs/openapi.json and the router describe the same API: every route under
// /api/ is documented with its method, and every documented path and method
// exists (the document may also describe /healthz, /readyz and /metrics).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

#include <nlohmann/json.hpp>

#include "app/pipeline.hpp"

namespace layan {
namespace {

nlohmann::json load_document() {
  std::ifstream in(std::filesystem::path(default_share_dir()) / "docs" / "openapi.json");
  EXPECT_TRUE(in.good()) << "docs/openapi.json is missing";
  auto doc = nlohmann::json::parse(in, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << "docs/openapi.json is not valid JSON";
  return doc;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

using Operation = std::pair<std::string, std::string>;  // path pattern, lower-case method

TEST(OpenApi, DocumentAndRouterAgree) {
  web::Router router;
  register_all_routes(router);
  std::set<Operation> routed, api_routes;
  for (const auto& r : router.routes()) {
    routed.insert({r.pattern, lower(r.method)});
    if (r.pattern.rfind("/api/", 0) == 0) api_routes.insert({r.pattern, lower(r.method)});
  }
  ASSERT_FALSE(api_routes.empty());

  auto doc = load_document();
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.value("openapi", ""), "3.1.0");
  std::set<Operation> documented;
  static const std::set<std::string> http_methods = {"get",   "put",  "post",    "delete",
                                                     "patch", "head", "options", "trace"};
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [key, op] : item.items()) {
      if (http_methods.count(key)) documented.insert({path, key});
    }
  }
  for (const auto& op : api_routes) {
    EXPECT_TRUE(documented.count(op)) << "undocumented route: " << op.second << " " << op.first;
  }
  for (const auto& op : documented) {
    EXPECT_TRUE(routed.count(op)) << "documented but not routed: " << op.second << " " << op.first;
  }
  for (const char* system : {"/healthz", "/readyz", "/metrics"}) {
    EXPECT_TRUE(documented.count({system, "get"})) << system;
  }
}

TEST(OpenApi, EveryReferenceResolvesAndPathParametersAreDeclared) {
  auto doc = load_document();
  // Every $ref points at a defined component.
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& j) {
    if (j.is_object()) {
      if (auto r = j.find("$ref"); r != j.end() && r->is_string()) {
        std::string ref = *r;
        ASSERT_EQ(ref.rfind("#/", 0), 0u) << ref;
        auto ptr = nlohmann::json::json_pointer(ref.substr(1));
        EXPECT_TRUE(doc.contains(ptr)) << "dangling " << ref;
      }
      for (const auto& [k, v] : j.items()) walk(v);
    } else if (j.is_array()) {
      for (const auto& v : j) walk(v);
    }
  };
  walk(doc);
  for (const auto& [path, item] : doc["paths"].items()) {
    std::set<std::string> in_path;
    for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open + 1)) {
      in_path.insert(path.substr(open + 1, path.find('}', open) - open - 1));
    }
    for (const auto& [method, op] : item.items()) {
      std::set<std::string> declared;
      for (const auto& p : op.value("parameters", nlohmann::json::array())) {
        if (p.value("in", "") == "path") declared.insert(p.value("name", ""));
      }
      EXPECT_EQ(declared, in_path) << method << " " << path;
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  }
  for (const char* scheme : {"sessionCookie", "csrfHeader", "apiKey"}) {
    EXPECT_TRUE(doc["components"]["securitySchemes"].contains(scheme)) << scheme;
  }
  for (const char* schema : {"Agency", "Unit", "Service", "Standard", "Maklumat", "Problem"}) {
    EXPECT_TRUE(doc["components"]["schemas"].contains(schema)) << schema;
  }
}

}  // namespace
}  // namespace layan
