// Configuration: the upload limits and the operations settings from the TOML
// file and the environment.
#include "core/config.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace layan {
namespace {

TEST(Config, UploadLimitDefaults) {
  Config cfg;
  EXPECT_EQ(cfg.max_body_bytes, 1u << 20);
  EXPECT_EQ(cfg.max_upload_bytes, 27u << 20);
  EXPECT_EQ(cfg.max_attachment_bytes, 5u << 20);
  EXPECT_EQ(cfg.max_attachments, 5u);
  EXPECT_EQ(cfg.max_transport_body_bytes, 32u << 20);
  EXPECT_GE(cfg.max_transport_body_bytes, cfg.max_upload_bytes);
}

TEST(Config, UploadLimitsFromTomlThenEnvironment) {
  auto path = std::filesystem::temp_directory_path() / "layan-config-test.toml";
  std::ofstream(path) << "max_upload_bytes = 2000000\nmax_attachment_bytes = 300000\nmax_attachments = 3\n"
                         "max_transport_body_bytes = 4000000\n";
  Config cfg;
  ASSERT_TRUE(load_config_file(path.string(), cfg).ok());
  std::filesystem::remove(path);
  EXPECT_EQ(cfg.max_upload_bytes, 2000000u);
  EXPECT_EQ(cfg.max_attachment_bytes, 300000u);
  EXPECT_EQ(cfg.max_attachments, 3u);
  EXPECT_EQ(cfg.max_transport_body_bytes, 4000000u);

  ::setenv("LAYAN_MAX_UPLOAD_BYTES", "3000000", 1);
  ::setenv("LAYAN_MAX_ATTACHMENT_BYTES", "400000", 1);
  ::setenv("LAYAN_MAX_ATTACHMENTS", "2", 1);
  auto s = apply_environment(cfg);
  ::setenv("LAYAN_MAX_ATTACHMENTS", "many", 1);
  auto bad = apply_environment(cfg);
  ::unsetenv("LAYAN_MAX_UPLOAD_BYTES");
  ::unsetenv("LAYAN_MAX_ATTACHMENT_BYTES");
  ::unsetenv("LAYAN_MAX_ATTACHMENTS");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(cfg.max_upload_bytes, 3000000u);
  EXPECT_EQ(cfg.max_attachment_bytes, 400000u);
  EXPECT_EQ(cfg.max_attachments, 2u);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().detail.find("LAYAN_MAX_ATTACHMENTS"), std::string::npos);
}

TEST(Config, OperationsSettingsFromTomlThenEnvironment) {
  Config defaults;
  EXPECT_EQ(defaults.metrics_token, "");
  EXPECT_FALSE(defaults.notify_mailbox);

  auto path = std::filesystem::temp_directory_path() / "layan-config-ops-test.toml";
  std::ofstream(path) << "metrics_token = \"from-file\"\nnotify_mailbox = true\n";
  Config cfg;
  ASSERT_TRUE(load_config_file(path.string(), cfg).ok());
  EXPECT_EQ(cfg.metrics_token, "from-file");
  EXPECT_TRUE(cfg.notify_mailbox);
  std::filesystem::remove(path);

  ::setenv("LAYAN_METRICS_TOKEN", "from-env", 1);
  ::setenv("LAYAN_NOTIFY_MAILBOX", "0", 1);
  auto s = apply_environment(cfg);
  ::unsetenv("LAYAN_METRICS_TOKEN");
  ::unsetenv("LAYAN_NOTIFY_MAILBOX");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(cfg.metrics_token, "from-env");
  EXPECT_FALSE(cfg.notify_mailbox);
}

}  // namespace
}  // namespace layan
