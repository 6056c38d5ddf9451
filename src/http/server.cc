// The only file that instantiates Boost.Beast: it is slow to compile, so it is kept here.
#include "http/server.h"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdio>
#include <exception>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <vector>

#include "http/errors.h"

namespace haven::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// A connection as the shutdown sees it. Touched only on the connection's strand, except `idle`.
struct ConnState {
  asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;
  bool idle = true;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  AccessLogger access_log;
  asio::io_context ioc;
  // Shutdown's grace timer is only ever touched on this strand.
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(ioc)};
  asio::steady_timer grace_timer{control};
  // The acceptor and the signal set are also used only on `control`.
  tcp::acceptor acceptor{control};
  asio::signal_set signals{control};
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> next_request{0};
  std::string id_prefix;
  uint16_t bound_port = 0;

  std::mutex mu;
  std::unordered_map<uint64_t, std::shared_ptr<ConnState>> conns;  // GUARDED_BY(mu)
  uint64_t next_conn = 0;                                          // GUARDED_BY(mu)

  std::string NextRequestId() {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s-%06llu", id_prefix.c_str(),
                  static_cast<unsigned long long>(++next_request));
    return buf;
  }

  uint64_t Register(std::shared_ptr<ConnState> c) {
    std::lock_guard lock(mu);
    conns[++next_conn] = std::move(c);
    return next_conn;
  }

  void Unregister(uint64_t id) {
    bool last = false;
    {
      std::lock_guard lock(mu);
      conns.erase(id);
      last = conns.empty();
    }
    if (last && stopping) asio::post(control, [this] { grace_timer.cancel(); });
  }

  void CloseIdle() {
    std::lock_guard lock(mu);
    for (auto& entry : conns) {
      std::shared_ptr<ConnState> c = entry.second;
      asio::post(c->executor, [c] {
        if (c->stream && c->idle) c->stream->socket().close();
      });
    }
  }

  // Runs on `control`. The timer is armed before the registry is checked, so a last connection
  // that closes at any moment either is seen here or cancels the armed timer.
  void BeginShutdown() {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    grace_timer.expires_after(options.shutdown_grace);
    grace_timer.async_wait([this](beast::error_code e) {
      if (!e) ioc.stop();  // requests still running after the grace period are cut off
    });
    CloseIdle();
    bool none = false;
    {
      std::lock_guard lock(mu);
      none = conns.empty();
    }
    if (none) grace_timer.cancel();
  }

  Response Dispatch(Request& req) {
    try {
      return handler(req);
    } catch (const std::exception& e) {
      std::fprintf(stderr,
                   "{\"level\":\"error\",\"request_id\":\"%s\",\"msg\":\"handler threw\"}\n",
                   req.request_id.c_str());
      return ErrorJson(500, "internal", "something went wrong on the server");
    }
  }

  asio::awaitable<void> WriteError(beast::tcp_stream& stream, int status, std::string_view code,
                                   const std::string& message, const std::string& request_id) {
    Response res = ErrorJson(status, code, message);
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(status), 11};
    for (const auto& [k, v] : res.headers) out.set(k, v);
    for (const auto& [k, v] : options.error_headers) out.set(k, v);
    out.set("X-Request-Id", request_id);
    out.body() = res.body;
    out.keep_alive(false);
    out.prepare_payload();
    beast::error_code ec;
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
    if (access_log) access_log({request_id, "-", "(rejected)", status, res.body.size(), 0, {}});
  }

  asio::awaitable<void> Serve(tcp::socket socket) {
    auto state = std::make_shared<ConnState>();
    state->executor = socket.get_executor();
    beast::tcp_stream stream(std::move(socket));
    state->stream = &stream;
    const uint64_t conn_id = Register(state);
    // Leaves the registry however the coroutine ends, including by an exception.
    struct Registration {
      Impl* impl;
      std::shared_ptr<ConnState> state;
      uint64_t id;
      ~Registration() {
        state->stream = nullptr;
        impl->Unregister(id);
      }
    } registration{this, state, conn_id};
    beast::flat_buffer buffer;
    for (;;) {
      if (stopping) break;
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
      parser.body_limit(options.max_body_bytes);
      beast::error_code ec;
      state->idle = true;
      stream.expires_after(buffer.size() > 0 ? options.request_timeout : options.idle_timeout);
      co_await bhttp::async_read_header(stream, buffer, parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      state->idle = false;
      if (ec) {
        if (ec == bhttp::error::body_limit) {
          // Beast checks a declared Content-Length against the limit as the header completes.
          co_await WriteError(stream, 413, "payload_too_large",
                              "the request body is larger than the limit of " +
                                  std::to_string(options.max_body_bytes) + " bytes",
                              NextRequestId());
        } else if (ec == bhttp::error::header_limit) {
          co_await WriteError(stream, 431, "header_too_large",
                              "the request headers are larger than " +
                                  std::to_string(options.max_header_bytes) + " bytes",
                              NextRequestId());
        } else if (ec != bhttp::error::end_of_stream && ec != beast::error::timeout &&
                   ec != asio::error::operation_aborted && ec != asio::error::connection_reset &&
                   ec != asio::error::eof && ec != asio::error::bad_descriptor) {
          co_await WriteError(stream, 400, "bad_request", "the request is not valid HTTP/1.1",
                              NextRequestId());
        }
        break;
      }
      const auto started = std::chrono::steady_clock::now();
      const std::string request_id = NextRequestId();
      if (parser.content_length() && *parser.content_length() > options.max_body_bytes) {
        co_await WriteError(stream, 413, "payload_too_large",
                            "the request body is larger than the limit of " +
                                std::to_string(options.max_body_bytes) + " bytes",
                            request_id);
        break;
      }
      stream.expires_after(options.request_timeout);
      co_await bhttp::async_read(stream, buffer, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec == bhttp::error::body_limit) {
        co_await WriteError(stream, 413, "payload_too_large",
                            "the request body is larger than the limit of " +
                                std::to_string(options.max_body_bytes) + " bytes",
                            request_id);
        break;
      }
      if (ec == beast::error::timeout) {
        co_await WriteError(stream, 408, "request_timeout", "the request took too long to arrive",
                            request_id);
        break;
      }
      if (ec) {
        if (ec != asio::error::operation_aborted && ec != bhttp::error::end_of_stream) {
          co_await WriteError(stream, 400, "bad_request", "the request body could not be read",
                              request_id);
        }
        break;
      }
      bhttp::request<bhttp::string_body> breq = parser.release();
      Request req;
      req.method =
          ParseMethod(std::string_view(breq.method_string().data(), breq.method_string().size()));
      req.target = std::string(breq.target());
      const size_t q = req.target.find('?');
      req.path = req.target.substr(0, q);
      if (q != std::string::npos) req.query = req.target.substr(q + 1);
      for (const auto& field : breq) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        req.headers.emplace_back(std::move(name), std::string(field.value()));
      }
      req.body = std::move(breq.body());
      req.request_id = request_id;

      Response res = Dispatch(req);

      const bool keep_alive = breq.keep_alive() && !stopping;
      bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status),
                                              breq.version()};
      // insert, not set: a response may carry several Set-Cookie headers.
      for (const auto& [k, v] : res.headers) out.insert(k, v);
      out.set("X-Request-Id", request_id);
      const size_t bytes = res.body.size();
      if (req.method != Method::kHead) out.body() = std::move(res.body);
      out.keep_alive(keep_alive);
      out.prepare_payload();
      if (req.method == Method::kHead) out.content_length(bytes);
      stream.expires_after(options.request_timeout);
      co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
      if (access_log) {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        access_log({request_id, std::string(MethodName(req.method)), req.route, res.status, bytes,
                    us, req.user_id});
      }
      if (ec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  asio::awaitable<void> Accept() {
    for (;;) {
      tcp::socket socket(asio::make_strand(ioc));
      beast::error_code ec;
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (stopping || !acceptor.is_open()) co_return;
      if (ec) continue;
      auto ex = socket.get_executor();
      asio::co_spawn(ex, Serve(std::move(socket)), asio::detached);
    }
  }
};

Server::Server(ServerOptions options, Handler handler, AccessLogger access_log)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->access_log = std::move(access_log);
  std::random_device rd;
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%08x", rd());
  impl_->id_prefix = prefix;
}

Server::~Server() {
  Shutdown();
  Wait();
}

Status Server::Start() {
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.bind, ec);
  if (ec)
    return InvalidArgument("bind address '" + impl_->options.bind + "' is not an IP address",
                           "bind");
  const tcp::endpoint endpoint(address, impl_->options.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Unavailable("cannot listen on " + impl_->options.bind + ":" +
                       std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->bound_port = acc.local_endpoint().port();
  if (impl_->options.handle_signals) {
    impl_->signals.add(SIGTERM);
    impl_->signals.add(SIGINT);
    impl_->signals.async_wait([this](beast::error_code e, int) {
      if (!e) impl_->BeginShutdown();  // already on `control`
    });
  }
  asio::co_spawn(impl_->control, impl_->Accept(), asio::detached);
  for (int i = 0; i < std::max(1, impl_->options.threads); ++i) {
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return Status::Ok();
}

uint16_t Server::port() const { return impl_->bound_port; }

void Server::Shutdown() {
  if (impl_->threads.empty()) return;
  asio::post(impl_->control, [this] { impl_->BeginShutdown(); });
}

void Server::Wait() {
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
  impl_->threads.clear();
}

}  // namespace haven::http
