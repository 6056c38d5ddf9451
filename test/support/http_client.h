#pragma once

// A tiny blocking HTTP/1.1 client for tests, over plain sockets, so tests exercise the real server
// without compiling Beast again.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace haven::test {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// Sends one request on a new connection (Connection: close) and reads the reply.
HttpReply Send(uint16_t port, const std::string& method, const std::string& path,
               const std::string& body = "",
               const std::map<std::string, std::string>& headers = {});

// Sends raw bytes and returns everything the server writes back until it closes.
std::string SendRaw(uint16_t port, const std::string& bytes);

// Parses one or more HTTP responses from raw bytes.
std::vector<HttpReply> ParseReplies(const std::string& raw);

}  // namespace haven::test
