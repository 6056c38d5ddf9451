#pragma once

// Haven's own small HTTP request and response types. Handlers see only these; Boost.Beast stays
// inside server.cc, so the rest of the code neither includes Boost nor pays its compile time.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haven::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };
std::string_view MethodName(Method m);
Method ParseMethod(std::string_view s);

struct Request {
  Method method = Method::kGet;
  std::string target;                                        // path and query as sent
  std::string path;                                          // without the query
  std::string query;                                         // after '?', or empty
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;
  std::string request_id;
  std::map<std::string, std::string> params;  // filled from the matched route pattern

  // Set while handling, for the access log: the route pattern matched, and the signed-in user.
  std::string route;
  std::optional<int64_t> user_id;

  std::optional<std::string> Header(std::string_view lower_name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
  std::optional<std::string> QueryParam(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  void SetHeader(std::string name, std::string value);
  std::optional<std::string> Header(std::string_view name) const;
};

using Handler = std::function<Response(Request&)>;

Response JsonResponse(int status, std::string body);

// Percent-decoding of a URL component; '+' is a space. Returns nullopt on a bad escape.
std::optional<std::string> UrlDecode(std::string_view s);

}  // namespace haven::http
