#include "api/handler_support.h"

#include <charconv>

#include "common/random.h"
#include "http/errors.h"

namespace haven::api {

using access::Principal;
using http::Method;
using http::Request;
using http::Response;


// Turns a failed Status into the error response, telling the server log of server-side ones.
http::Handler Wrap(const ApiServices& s, Fn fn) {
  return [&s, fn = std::move(fn)](Request& req) -> Response {
    Result<Response> r = fn(req);
    if (!r.ok()) {
      const StatusCode code = r.status().code();
      if ((code == StatusCode::kInternal || code == StatusCode::kUnavailable) &&
          s.on_server_error) {
        s.on_server_error(req.request_id, r.status());
      }
      return http::ErrorResponse(r.status());
    }
    return std::move(r).value();
  };
}

// Requires a JSON body (415 otherwise) before the handler runs.
http::Handler JsonBody(http::Handler inner) {
  return [inner = std::move(inner)](Request& req) -> Response {
    const std::string type = req.Header("content-type").value_or("");
    if (type.rfind("application/json", 0) != 0) {
      return http::ErrorJson(415, "unsupported_media_type",
                             "send the request body as JSON with Content-Type: application/json",
                             "Content-Type");
    }
    return inner(req);
  };
}

namespace {
bool IsSafe(Method m) { return m == Method::kGet || m == Method::kHead || m == Method::kOptions; }

}  // namespace

// Finds the caller: an API token in Authorization, else the session cookie. Cookie sessions must
// send the CSRF token with any request that changes something.
Result<Principal> Authenticate(const ApiServices& s, Request& req) {
  if (auto auth = req.Header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth->rfind(kBearer, 0) != 0) {
      return Unauthenticated("the Authorization header must be 'Bearer <API token>'");
    }
    ASSIGN_OR_RETURN(Principal p, s.auth.AuthenticateApiToken(auth->substr(kBearer.size())));
    req.user_id = p.user_id;
    return p;
  }
  auto cookie = req.Cookie(kSessionCookie);
  if (!cookie || cookie->empty()) return Unauthenticated("sign in to continue");
  ASSIGN_OR_RETURN(Principal p, s.auth.AuthenticateSession(*cookie));
  req.user_id = p.user_id;
  if (!IsSafe(req.method)) {
    const std::string sent = req.Header(kCsrfHeader).value_or("");
    if (sent.empty() || !ConstantTimeEquals(sent, p.csrf_token)) {
      return PermissionDenied(
          "the request has no valid CSRF token (send the X-CSRF-Token header "
          "given at sign-in)");
    }
  }
  return p;
}

http::Handler Authed(const ApiServices& s, AuthedFn fn) {
  return Wrap(s, [&s, fn = std::move(fn)](Request& req) -> Result<Response> {
    ASSIGN_OR_RETURN(Principal p, Authenticate(s, req));
    return fn(req, p);
  });
}

storage::Actor ActorOf(const Principal& p, const Request& req) {
  return storage::Actor{p.user_id, req.request_id};
}

Result<int64_t> IdParam(const Request& req, const std::string& name) {
  const std::string& text = req.params.at(name);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    return InvalidArgument(name + " in the path must be a positive whole number", name);
  }
  return v;
}

Result<std::string> ReasonOr(const Json& body, const std::string& fallback) {
  ASSIGN_OR_RETURN(auto reason, StringField(body, "reason", fallback.empty()));
  return reason.value_or(fallback);
}

}  // namespace haven::api
