// The pipeline's per-route body limit (uploads may be larger than other
// requests, for callers who may upload), its CSRF check on multipart forms, and that a stored file keeps
// its own sandboxing Content-Security-Policy. Runs Pipeline::handle directly,
// without a server.
#include <gtest/gtest.h>

#include "app/pipeline.hpp"
#include "files/download.hpp"
#include "test_db.hpp"

namespace layan {
namespace {

constexpr const char* kBoundary = "XyZ0123";

std::string multipart_body(const std::vector<std::pair<std::string, std::string>>& fields, size_t file_bytes) {
  std::string b;
  for (const auto& [k, v] : fields) {
    b += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  }
  b += std::string("--") + kBoundary +
       "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.bin\"\r\n"
       "Content-Type: application/octet-stream\r\n\r\n" +
       std::string(file_bytes, 'x') + "\r\n";
  return b + "--" + kBoundary + "--\r\n";
}

class PipelineUpload : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    auto url = store::parse_db_url(layan::testing::fresh_database_url("sqlite"));
    ASSERT_TRUE(url.ok());
    app_.db = store::Database::open(*url, 1);
    store::migrate(*app_.db, store::embedded_migrations());
    app_.clock = &clock_;
    app_.config.max_body_bytes = 1000;
    app_.config.max_upload_bytes = 5000;

    auto echo = [](web::RequestContext& ctx) {
      const auto& mp = ctx.multipart();
      if (!mp) return web::Response::text(400, mp.error().detail);
      return web::Response::text(200, std::to_string(mp->files("attachments").at(0)->data.size()));
    };
    router_.upload("/api/v1/uploads", echo);
    router_.post("/api/v1/small", echo);
    router_.add("POST", "/api/v1/exact", echo, {.body_limit = web::BodyLimit::kExplicit, .max_body_bytes = 2000});
    router_.upload_form("/pengaduan/baru", echo);
    router_.get("/berkas", [](web::RequestContext&) {
      return files::download_response("\x89PNG\r\n\x1a\n", "image/png", "a.png", true);
    });
    pipeline_ = std::make_unique<Pipeline>(app_, router_);
  }

  web::Response post(const std::string& path, std::string body, web::Pairs headers = {}) {
    web::Request req;
    req.method = "POST";
    req.path = req.raw_target = path;
    req.headers = std::move(headers);
    req.headers.emplace_back("content-type", std::string("multipart/form-data; boundary=") + kBoundary);
    req.headers.emplace_back("accept", "application/json");
    req.body = std::move(body);
    req.remote_ip = "127.0.0.1";
    return pipeline_->handle(req);
  }

  ManualClock clock_{std::chrono::system_clock::now()};
  App app_;
  web::Router router_;
  std::unique_ptr<Pipeline> pipeline_;
};

web::Request head(const std::string& content_type, web::Pairs headers = {}) {
  web::Request r;
  r.method = "POST";
  r.path = "/api/v1/x";
  r.headers = std::move(headers);
  r.headers.emplace_back("content-type", content_type);
  return r;
}

TEST_F(PipelineUpload, BodyAllowanceForEachKindOfRouteAndCaller) {
  Config cfg;
  web::Route plain, upload, exact, large;
  upload.body_limit = web::BodyLimit::kUpload;
  exact.body_limit = web::BodyLimit::kExplicit;
  exact.max_body_bytes = 123;
  large.body_limit = web::BodyLimit::kExplicit;
  large.max_body_bytes = 5 << 20;
  const std::string multipart = "multipart/form-data; boundary=x";
  const auto guest = head(multipart, {{"x-contact-token", "t"}});
  EXPECT_EQ(body_allowance(nullptr, guest, cfg).bytes, cfg.max_body_bytes);
  EXPECT_EQ(body_allowance(&plain, guest, cfg).bytes, 1u << 20);
  EXPECT_EQ(body_allowance(&exact, guest, cfg).bytes, 123u);
  EXPECT_EQ(body_allowance(&large, guest, cfg).bytes, 5u << 20);
  EXPECT_EQ(body_allowance(&large, head("application/json"), cfg).bytes, 1u << 20) << "JSON is small everywhere";

  struct Case {
    const char* name;
    web::Request req;
    size_t bytes;
  };
  const Case cases[] = {
      {"a guest's contact token", guest, 27u << 20},
      {"a session cookie", head(multipart, {{"cookie", "layan_lang=id; layan_session=abc"}}), 27u << 20},
      {"an API key", head(multipart, {{"authorization", "Bearer lyn_x"}}), 27u << 20},
      {"the pages' contact cookie", head(multipart, {{"cookie", "layan_contact=abc"}}), 27u << 20},
      {"no credential", head(multipart, {{"cookie", "layan_csrf=abc; layan_lang=en"}}), 1u << 20},
      {"JSON, even with a credential", head("application/json", {{"x-contact-token", "t"}}), 1u << 20},
      {"a URL-encoded form", head("application/x-www-form-urlencoded", {{"x-contact-token", "t"}}), 1u << 20},
  };
  for (const auto& c : cases) EXPECT_EQ(body_allowance(&upload, c.req, cfg).bytes, c.bytes) << c.name;
  EXPECT_NE(body_allowance(&upload, head("application/json"), cfg).advice.find("multipart/form-data"),
            std::string::npos);
  EXPECT_GE(cfg.max_transport_body_bytes, cfg.max_upload_bytes);
}

TEST_F(PipelineUpload, UploadRoutesAcceptLargerBodies) {
  const web::Pairs guest{{"x-contact-token", "t"}};
  auto big = multipart_body({}, 3000);  // over max_body_bytes, under max_upload_bytes
  auto r = post("/api/v1/uploads", big, guest);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "3000");

  r = post("/api/v1/uploads", big);
  EXPECT_EQ(r.status, 413) << "a caller without any credential may not upload";
  EXPECT_NE(r.body.find("1000"), std::string::npos) << r.body;

  r = post("/api/v1/small", big, guest);
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("/problems/payload-too-large"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("1000"), std::string::npos) << "names the limit that applies: " << r.body;

  r = post("/api/v1/uploads", multipart_body({}, 6000), guest);
  EXPECT_EQ(r.status, 413) << "over max_upload_bytes";
  EXPECT_NE(r.body.find("5000"), std::string::npos) << r.body;

  EXPECT_EQ(post("/api/v1/exact", multipart_body({}, 1500)).status, 200);
  EXPECT_EQ(post("/api/v1/exact", multipart_body({}, 2500)).status, 413);
  EXPECT_EQ(post("/api/v1/nowhere", big).status, 413) << "unknown routes have the global limit";
  EXPECT_EQ(pipeline_->body_limit(head("application/json")), 1000u) << "unknown routes have the global limit";
}

TEST_F(PipelineUpload, ARefusedBodyIsAnsweredWithoutAWorker) {
  web::Request req;
  req.method = "POST";
  req.path = req.raw_target = "/api/v1/small";
  req.headers = {{"content-type", "application/json"}};
  req.body_refused = true;  // the server read none of it
  auto r = pipeline_->try_fast(req);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(r->body.find("/problems/payload-too-large"), std::string::npos) << r->body;
}

TEST_F(PipelineUpload, CsrfTokenInAMultipartForm) {
  std::string token = "abcdefghijklmnopqrstuvwxyz0123";
  web::Pairs cookie{{"cookie", "layan_csrf=" + token + "; layan_contact=abc"}};
  auto r = post("/pengaduan/baru", multipart_body({{"csrf_token", token}, {"title", "Jalan"}}, 2000), cookie);
  EXPECT_EQ(r.status, 200) << "the form's csrf_token field is accepted: " << r.body;

  r = post("/pengaduan/baru", multipart_body({{"csrf_token", "wrong-token-wrong-token"}}, 10), cookie);
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("/problems/csrf"), std::string::npos) << r.body;

  r = post("/pengaduan/baru", multipart_body({{"title", "no token"}}, 10), cookie);
  EXPECT_EQ(r.status, 403);

  r = post("/pengaduan/baru", "not a multipart body", cookie);
  EXPECT_EQ(r.status, 403) << "a malformed body carries no token";
}

TEST_F(PipelineUpload, StoredFilesKeepTheirSandbox) {
  web::Request req;
  req.method = "GET";
  req.path = req.raw_target = "/berkas";
  auto r = pipeline_->handle(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-security-policy").value_or("").rfind("sandbox; default-src 'none'", 0), 0u)
      << "the pipeline does not replace the download's policy";
  EXPECT_EQ(r.header("x-frame-options"), "DENY") << "the other security headers are still added";
}

}  // namespace
}  // namespace layan
