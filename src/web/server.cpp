// The only translation unit that includes RESTinio: it turns RESTinio
// requests into web::Request, runs the application handler on a worker pool
// (database calls block; network threads must not), and writes the response.
//
// Body limits. RESTinio buffers a whole body before it calls a handler, and
// checks it against one server-wide max_body_size. Each route has a limit of
// its own, which also depends on the caller (app/pipeline.hpp), so this file
// replaces the parser's body callbacks: restinio::impl::create_parser_settings
// is a function template over the traits' HTTP-methods mapper, the traits
// below name a mapper type of this file, and the template is specialized for
// it. Its callbacks ask BodyLimitFn as soon as the headers are read, and never
// buffer (or reserve) more than it allows.
#include "web/server.hpp"

#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <asio/thread_pool.hpp>
#include <charconv>
#include <csignal>
#include <restinio/all.hpp>

namespace layan::web {
namespace {

// RESTinio's own methods, as a type of this file that create_parser_settings
// is specialized for.
struct HttpMethods : restinio::default_http_methods_t {};

struct Traits : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t> {
  using http_methods_mapper_t = HttpMethods;
};

// Markers the parser callbacks leave among a request's header fields. A field
// name from the wire never contains ':' (it ends the name), so no client can
// send them; head_of() leaves them out of web::Request.
const std::string kLimitField = ":layan-body-limit";      // the body limit, in decimal
const std::string kRefusedField = ":layan-body-refused";  // over it: body bytes seen so far, in decimal
const std::string kUnreadField = ":layan-body-unread";    // refused before any of it was read

// body_limit of the running server (run_server sets it before the server
// starts and clears it after it stops; it is only read in between). The
// parser callbacks are plain function pointers, with no context of ours.
const BodyLimitFn* g_body_limit = nullptr;

// The request without its body and without the markers.
Request head_of(const restinio::http_request_header_t& h, const char* method) {
  Request r;
  r.method = method;
  r.raw_target = std::string(h.request_target());
  r.path = url_decode(h.path(), false);
  r.query = parse_form(h.query());
  for (const auto& f : h) {
    if (f.name().starts_with(':')) continue;
    std::string name = f.name();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(std::move(name), f.value());
  }
  return r;
}

uint64_t number_field(const restinio::http_request_header_t& h, const std::string& name) {
  uint64_t n = 0;
  if (const std::string* v = h.try_get_field(name)) std::from_chars(v->data(), v->data() + v->size(), n);
  return n;
}

restinio::impl::http_parser_ctx_t& context_of(http_parser* parser) {
  return *static_cast<restinio::impl::http_parser_ctx_t*>(parser->data);
}

bool expects_continue(const restinio::http_request_header_t& h) {
  const std::string* v = h.try_get_field(restinio::http_field::expect);
  return v && iequals(*v, "100-continue");
}

// Once the headers are read: the limit for this request. A Content-Length over
// it is read and discarded (on_body), so that a client that sends its body
// anyway reads the 413 rather than a reset connection; but one over the
// transport cap, or from a client that waits for 100 Continue, is refused
// before any of it is read: returning 1 tells the parser there is no body, so
// the request is complete now (its answer closes the connection, with the
// rest of the body unread).
int on_headers_complete(http_parser* parser) noexcept {
  auto& ctx = context_of(parser);
  ctx.m_leading_headers_completed = true;  // later fields are trailers
  const bool sized = parser->content_length != ULLONG_MAX && parser->content_length > 0;
  if (!sized && !(parser->flags & F_CHUNKED)) return 0;
  try {
    auto& h = ctx.m_header;
    const size_t limit = (*g_body_limit)(head_of(h, HttpMethods::from_nodejs(parser->method).c_str()));
    h.set_field(kLimitField, std::to_string(limit));
    if (!sized || parser->content_length <= limit) {
      if (sized) ctx.m_body.reserve(static_cast<size_t>(parser->content_length));
      return 0;
    }
    h.set_field(kRefusedField, "0");
    if (parser->content_length <= ctx.m_limits.max_body_size() && !expects_continue(h)) return 0;
    h.set_field(kUnreadField, "");
    return 1;
  } catch (const std::exception&) {
    return -1;  // the connection is dropped
  }
}

// Buffers the body up to the limit. A body over it is counted and discarded:
// a refused Content-Length from the start, a chunked body from the chunk that
// takes it over (what it buffered is freed); a chunked body longer than the
// transport cap drops the connection.
int on_body(http_parser* parser, const char* at, size_t length) noexcept {
  auto& ctx = context_of(parser);
  try {
    auto& h = ctx.m_header;
    uint64_t seen = ctx.m_body.size() + length;
    if (h.has_field(kRefusedField)) {
      seen = number_field(h, kRefusedField) + length;
    } else if (!(parser->flags & F_CHUNKED) || seen <= number_field(h, kLimitField)) {
      ctx.m_body.append(at, length);  // a Content-Length within the limit, or a chunked body so far
      return 0;
    } else {
      std::string().swap(ctx.m_body);
    }
    if (seen > ctx.m_limits.max_body_size()) return -1;
    h.set_field(kRefusedField, std::to_string(seen));
    return 0;
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace
}  // namespace layan::web

namespace restinio::impl {

// RESTinio's parser settings, with the body callbacks above. Chunk boundaries
// are not recorded (nothing here reads them): a body of tiny chunks would
// otherwise cost 16 bytes of bookkeeping per chunk.
template <>
inline http_parser_settings create_parser_settings<layan::web::HttpMethods>() noexcept {
  http_parser_settings s;
  http_parser_settings_init(&s);
  s.on_url = [](http_parser* p, const char* at, size_t n) { return restinio_url_cb(p, at, n); };
  s.on_header_field = [](http_parser* p, const char* at, size_t n) { return restinio_header_field_cb(p, at, n); };
  s.on_header_value = [](http_parser* p, const char* at, size_t n) { return restinio_header_value_cb(p, at, n); };
  s.on_headers_complete = layan::web::on_headers_complete;
  s.on_body = layan::web::on_body;
  s.on_chunk_header = [](http_parser*) { return 0; };
  s.on_chunk_complete = [](http_parser*) { return 0; };
  s.on_message_complete = [](http_parser* p) { return restinio_message_complete_cb<layan::web::HttpMethods>(p); };
  return s;
}

}  // namespace restinio::impl

namespace layan::web {
namespace {

using RequestHandle = restinio::generic_request_handle_t<Traits::extra_data_factory_t::data_t>;

// Bodies at least this large are allocated with mmap and given back to the
// system when freed; after a request with such a body the heap is trimmed.
constexpr size_t kLargeBuffer = 256 << 10;

Request to_request(const RequestHandle& rh) {
  const auto& h = rh->header();
  Request r = head_of(h, h.method().c_str());
  r.body_refused = h.has_field(kRefusedField);
  // Moved, not copied: an upload is large. The request object itself is not
  // const (RESTinio makes it with make_shared), only its accessor is, and
  // nothing reads its body after this.
  r.body = std::move(const_cast<std::string&>(rh->body()));
  r.peer_ip = rh->remote_endpoint().address().to_string();
  r.remote_ip = r.peer_ip;
  return r;
}

void send(const RequestHandle& rh, Response&& resp, bool close_connection) {
  auto out = rh->create_response(
      restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(resp.status)}, ""});
  for (auto& [k, v] : resp.headers) out.append_header(k, v);
  if (close_connection) out.connection_close();
  out.set_body(std::move(resp.body));
  out.done();
}

}  // namespace

void run_server(const Config& cfg, AppHandler handler, FastHandler fast, BodyLimitFn body_limit,
                const std::function<void(uint16_t)>& on_listening) {
  if (g_body_limit) throw std::logic_error("run_server: a server is running in this process already");
  // glibc otherwise raises its mmap threshold to the largest buffer freed so
  // far (up to 32 MiB): after one upload, every later body would come from the
  // heap, and a burst of them would keep the process large for good.
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargeBuffer));

  const BodyLimitFn limit_or_default = [&](const Request& head) -> size_t {
    try {
      return body_limit(head);
    } catch (const std::exception& e) {
      spdlog::error("body limit failed: {}", e.what());
      return cfg.max_body_bytes;
    }
  };
  g_body_limit = &limit_or_default;
  struct Unset {
    ~Unset() { g_body_limit = nullptr; }
  } unset;

  asio::thread_pool workers(cfg.worker_threads);

  // max_body_size is the transport cap: what is read (and discarded) of a
  // refused chunked body before the connection is dropped.
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
                      // Each connection's read buffer (RESTinio's default is
                      // 4 KiB): 16 KiB reads an upload with 2.6 times less
                      // CPU (16 x 26 MiB: 0.28 s against 0.73 s).
                      .buffer_size(16 << 10)
                      .acceptor_post_bind_hook(
                          [&](asio::ip::tcp::acceptor& acceptor) { on_listening(acceptor.local_endpoint().port()); })
                      .request_handler([&](RequestHandle rh) {
                        auto req = std::make_shared<Request>(to_request(rh));
                        std::optional<Response> resp;
                        if (fast) {
                          try {
                            resp = fast(*req);
                          } catch (const std::exception& e) {
                            spdlog::error("fast path failed: {}", e.what());
                          }
                        }
                        if (req->body_refused) {
                          // Answered here, on the network thread. When the
                          // body was left unread, the answer closes the
                          // connection, and being written before this
                          // returns, it keeps RESTinio from reading the rest
                          // of the body as the next request.
                          if (!resp) resp = Response::text(413, "Payload Too Large");
                          send(rh, std::move(*resp), rh->header().has_field(kUnreadField));
                          return restinio::request_accepted();
                        }
                        if (resp) {
                          send(rh, std::move(*resp), false);
                          return restinio::request_accepted();
                        }
                        asio::post(workers, [rh, req, &handler]() mutable {
                          Response resp;
                          try {
                            resp = handler(*req);
                          } catch (const std::exception& e) {
                            spdlog::error("unhandled error in request handler: {}", e.what());
                            resp = Response::text(500, "Internal Server Error");
                          }
                          send(rh, std::move(resp), false);
                          // What a large body left free in the heap (its
                          // parts, decoded files) goes back to the system.
                          const bool large = req->body.size() >= kLargeBuffer;
                          req.reset();
                          if (large) malloc_trim(0);
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
