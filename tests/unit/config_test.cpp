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

TEST(Config, LoginThrottleFromTomlThenEnvironment) {
  Config defaults;
  EXPECT_EQ(defaults.login.pair_free_failures, 3);
  EXPECT_EQ(defaults.login.pair_max_delay_s, 900);
  EXPECT_EQ(defaults.login.address_free_failures, 20);
  EXPECT_EQ(defaults.login.account_free_failures, 20);
  EXPECT_EQ(defaults.login.shared_max_delay_s, 300);

  auto path = std::filesystem::temp_directory_path() / "layan-login-config-test.toml";
  std::ofstream(path) << "[login]\npair_free_failures = 5\npair_max_delay_s = 600\naddress_free_failures = 50\n";
  Config cfg;
  ASSERT_TRUE(load_config_file(path.string(), cfg).ok());
  EXPECT_EQ(cfg.login.pair_free_failures, 5);
  EXPECT_EQ(cfg.login.pair_max_delay_s, 600);
  EXPECT_EQ(cfg.login.address_free_failures, 50);
  EXPECT_EQ(cfg.login.account_free_failures, 20) << "unset keys keep their default";
  std::ofstream(path) << "[login]\npair_max_delay_s = -1\n";
  auto negative = load_config_file(path.string(), cfg);
  std::filesystem::remove(path);
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().detail.find("login.pair_max_delay_s"), std::string::npos);

  ::setenv("LAYAN_LOGIN_ACCOUNT_FREE_FAILURES", "30", 1);
  ::setenv("LAYAN_LOGIN_SHARED_MAX_DELAY_S", "120", 1);
  auto s = apply_environment(cfg);
  ::setenv("LAYAN_LOGIN_SHARED_MAX_DELAY_S", "a while", 1);
  auto bad = apply_environment(cfg);
  ::unsetenv("LAYAN_LOGIN_ACCOUNT_FREE_FAILURES");
  ::unsetenv("LAYAN_LOGIN_SHARED_MAX_DELAY_S");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(cfg.login.account_free_failures, 30);
  EXPECT_EQ(cfg.login.shared_max_delay_s, 120);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().detail.find("LAYAN_LOGIN_SHARED_MAX_DELAY_S"), std::string::npos);
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
