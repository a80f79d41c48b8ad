// The only translation unit that includes RESTinio: it turns RESTinio
// requests into web::Request, runs the application handler on a worker pool
// (database calls block; network threads must not), and writes the response.
#include "web/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <asio/thread_pool.hpp>
#include <csignal>
#include <restinio/all.hpp>

namespace layan::web {
namespace {

using Traits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

Request to_request(const restinio::request_handle_t& rh) {
  Request r;
  const auto& h = rh->header();
  r.method = h.method().c_str();
  r.raw_target = std::string(h.request_target());
  r.path = url_decode(h.path(), false);
  std::string_view q = h.query();
  r.query = parse_form(q);
  for (const auto& f : h) {
    std::string name = f.name();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), f.value());
  }
  r.body = rh->body();
  r.peer_ip = rh->remote_endpoint().address().to_string();
  r.remote_ip = r.peer_ip;
  return r;
}

void send(const restinio::request_handle_t& rh, Response&& resp) {
  auto out = rh->create_response(
      restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)}, ""});
  for (auto& [k, v] : resp.headers) out.append_header(k, v);
  out.set_body(std::move(resp.body));
  out.done();
}

}  // namespace

void run_server(const Config& cfg, AppHandler handler, FastHandler fast,
                const std::function<void(uint16_t)>& on_listening) {
  asio::thread_pool workers(cfg.worker_threads);

  restinio::incoming_http_msg_limits_t limits;
  limits.max_url_size(cfg.max_transport_url_bytes)
      .max_field_name_size(cfg.max_field_bytes)
      .max_field_value_size(cfg.max_field_bytes)
      .max_field_count(cfg.max_header_count)
      .max_body_size(std::max(cfg.max_transport_body_bytes, cfg.max_upload_bytes));

  auto settings = restinio::server_settings_t<Traits>{}
                      .port(cfg.port)
                      .address(cfg.listen_address)
                      .incoming_http_msg_limits(limits)
                      .read_next_http_message_timelimit(std::chrono::seconds(cfg.read_timeout_s))
                      .write_http_response_timelimit(std::chrono::seconds(cfg.write_timeout_s))
                      .handle_request_timeout(std::chrono::seconds(cfg.handler_timeout_s))
                      .max_pipelined_requests(16)
                      .acceptor_post_bind_hook(
                          [&](asio::ip::tcp::acceptor& acceptor) { on_listening(acceptor.local_endpoint().port()); })
                      .request_handler([&](restinio::request_handle_t rh) {
                        auto req = std::make_shared<Request>(to_request(rh));
                        if (fast) {
                          std::optional<Response> resp;
                          try {
                            resp = fast(*req);
                          } catch (const std::exception& e) {
                            spdlog::error("fast path failed: {}", e.what());
                          }
                          if (resp) {
                            send(rh, std::move(*resp));
                            return restinio::request_accepted();
                          }
                        }
                        asio::post(workers, [rh, req, &handler] {
                          Response resp;
                          try {
                            resp = handler(*req);
                          } catch (const std::exception& e) {
                            spdlog::error("unhandled error in request handler: {}", e.what());
                            resp = Response::text(500, "Internal Server Error");
                          }
                          send(rh, std::move(resp));
                        });
                        return restinio::request_accepted();
                      });

  restinio::http_server_t<Traits> server{restinio::own_io_context(), std::move(settings)};
  std::exception_ptr failure;
  asio::signal_set signals(server.io_context(), SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", sig);
    server.close_async([&] { server.io_context().stop(); },
                       [&](std::exception_ptr ex) {
                         failure = ex;
                         server.io_context().stop();
                       });
  });
  server.open_async([] {},
                    [&](std::exception_ptr ex) {
                      failure = ex;
                      server.io_context().stop();
                    });

  std::vector<std::thread> io_threads;
  for (size_t i = 1; i < std::max<size_t>(1, cfg.io_threads); ++i) {
    io_threads.emplace_back([&] { server.io_context().run(); });
  }
  server.io_context().run();
  for (auto& t : io_threads) t.join();
  workers.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace layan::web
