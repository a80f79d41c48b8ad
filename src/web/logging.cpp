#include "web/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace layan::web {
namespace {

// %* : the message, escaped for a JSON string.
class JsonEscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      switch (c) {
        case '"':
          dest.append(std::string_view("\\\""));
          break;
        case '\\':
          dest.append(std::string_view("\\\\"));
          break;
        case '\n':
          dest.append(std::string_view("\\n"));
          break;
        case '\r':
          dest.append(std::string_view("\\r"));
          break;
        case '\t':
          dest.append(std::string_view("\\t"));
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            dest.append(std::string_view(buf));
          } else {
            dest.push_back(c);
          }
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonEscapedMessage>(); }
};

}  // namespace

void setup_logging(const Config& cfg) {
  auto main_logger = spdlog::stderr_logger_mt("layan");
  auto fmt = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  fmt->add_flag<JsonEscapedMessage>('*').set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":"%*"})");
  main_logger->set_formatter(std::move(fmt));
  main_logger->set_level(spdlog::level::from_str(cfg.log_level));
  spdlog::set_default_logger(main_logger);

  std::shared_ptr<spdlog::logger> access;
  if (cfg.access_log.empty()) {
    access = spdlog::stdout_logger_mt("access");
  } else {
    access = spdlog::basic_logger_mt("access", cfg.access_log);
  }
  // The access line is built by the caller as JSON members (no free text).
  access->set_formatter(std::make_unique<spdlog::pattern_formatter>(
      R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","type":"access",%v})", spdlog::pattern_time_type::utc));
  spdlog::flush_every(std::chrono::seconds(1));
  main_logger->flush_on(spdlog::level::info);
}

}  // namespace layan::web
