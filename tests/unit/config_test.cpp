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
  EXPECT_EQ(defaults.lookup_limit.per_minute, 120);
  EXPECT_EQ(defaults.lookup_limit.misses_per_minute, 10);
  EXPECT_EQ(defaults.metrics_token, "");
  EXPECT_FALSE(defaults.notify_mailbox);

  auto path = std::filesystem::temp_directory_path() / "layan-config-ops-test.toml";
  std::ofstream(path) << "metrics_token = \"from-file\"\nnotify_mailbox = true\n"
                         "[lookup_limit]\nper_minute = 30\nmisses_per_minute = 0\n";
  Config cfg;
  ASSERT_TRUE(load_config_file(path.string(), cfg).ok());
  EXPECT_EQ(cfg.metrics_token, "from-file");
  EXPECT_TRUE(cfg.notify_mailbox);
  EXPECT_EQ(cfg.lookup_limit.per_minute, 30);
  EXPECT_EQ(cfg.lookup_limit.misses_per_minute, 0);
  std::ofstream(path) << "[lookup_limit]\nper_minute = -1\n";
  auto bad = load_config_file(path.string(), cfg);
  std::filesystem::remove(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().detail.find("lookup_limit.per_minute"), std::string::npos);

  ::setenv("LAYAN_METRICS_TOKEN", "from-env", 1);
  ::setenv("LAYAN_NOTIFY_MAILBOX", "0", 1);
  ::setenv("LAYAN_LOOKUP_LIMIT_PER_MINUTE", "90", 1);
  ::setenv("LAYAN_LOOKUP_LIMIT_MISSES_PER_MINUTE", "5", 1);
  auto s = apply_environment(cfg);
  ::unsetenv("LAYAN_METRICS_TOKEN");
  ::unsetenv("LAYAN_NOTIFY_MAILBOX");
  ::unsetenv("LAYAN_LOOKUP_LIMIT_PER_MINUTE");
  ::unsetenv("LAYAN_LOOKUP_LIMIT_MISSES_PER_MINUTE");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(cfg.metrics_token, "from-env");
  EXPECT_FALSE(cfg.notify_mailbox);
  EXPECT_EQ(cfg.lookup_limit.per_minute, 90);
  EXPECT_EQ(cfg.lookup_limit.misses_per_minute, 5);
}

}  // namespace
}  // namespace layan
