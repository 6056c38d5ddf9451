#pragma once

// What every API handler shares: turning a failed Status into the error response, requiring a
// JSON body, finding the signed-in caller (API token or session cookie with its CSRF check), and
// reading ids and reasons from a request.

#include <functional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "api/api.h"
#include "api/json_io.h"
#include "http/message.h"
#include "storage/history.h"

namespace haven::api {

using Fn = std::function<Result<http::Response>(http::Request&)>;
using AuthedFn = std::function<Result<http::Response>(http::Request&, const access::Principal&)>;

// Turns a failed Status into the error response, telling the server log of server-side ones.
http::Handler Wrap(const ApiServices& s, Fn fn);
// Requires a JSON body (415 otherwise) before the handler runs.
http::Handler JsonBody(http::Handler inner);
// Finds the caller: an API token in Authorization, else the session cookie. Cookie sessions must
// send the CSRF token with any request that changes something.
Result<access::Principal> Authenticate(const ApiServices& s, http::Request& req);
// Wrap, after Authenticate.
http::Handler Authed(const ApiServices& s, AuthedFn fn);

// {"items": [...]} of anything ToJson renders.
template <typename T>
http::Response Items(const std::vector<T>& list) {
  Json items = Json::array();
  for (const auto& item : list) items.push_back(ToJson(item));
  return JsonOk(200, {{"items", items}});
}

storage::Actor ActorOf(const access::Principal& p, const http::Request& req);
// A positive id from the path parameter `name`.
Result<int64_t> IdParam(const http::Request& req, const std::string& name = "id");
// The body's "reason", or `fallback`; required when `fallback` is empty.
Result<std::string> ReasonOr(const Json& body, const std::string& fallback);

}  // namespace haven::api
