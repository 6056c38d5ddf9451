#pragma once

// The HTTP/1.1 server. Keep-alive; limits on header size, body size and the time a request may
// take; a request id on every request (X-Request-Id); one structured access-log record per
// request; and a graceful shutdown that stops accepting, lets requests in flight finish, closes
// idle connections, and gives up after a grace period.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/message.h"

namespace haven::http {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 0;  // 0 picks a free port
  int threads = 1;
  size_t max_header_bytes = size_t{16} * 1024;
  size_t max_body_bytes = 1 << 20;
  std::chrono::seconds request_timeout{30};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds shutdown_grace{10};
  // Headers added to the responses the server writes itself (400, 408, 413, 431), which never
  // reach a handler: the same security headers the handlers' responses carry.
  std::vector<std::pair<std::string, std::string>> error_headers;
  // Shut down gracefully on SIGTERM and SIGINT.
  bool handle_signals = false;
};

// What the access log holds: no path beyond the route pattern, no query, no body, no names.
struct AccessRecord {
  std::string request_id;
  std::string method;
  std::string route;
  int status = 0;
  size_t response_bytes = 0;
  int64_t duration_us = 0;
  std::optional<int64_t> user_id;
};

using AccessLogger = std::function<void(const AccessRecord&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler, AccessLogger access_log = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads.
  Status Start();
  // The port bound (useful with port 0).
  uint16_t port() const;
  // Begins a graceful shutdown; returns at once. Safe from any thread.
  void Shutdown();
  // Blocks until the server has stopped.
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haven::http
