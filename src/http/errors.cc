#include "http/errors.h"

#include <nlohmann/json.hpp>

namespace haven::http {

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorJson(int http_status, std::string_view code, const std::string& message,
                   const std::string& field) {
  nlohmann::json body = {
      {"error",
       {{"code", code},
        {"message", message},
        {"field", field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field)}}}};
  return JsonResponse(http_status,
                      body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response ErrorResponse(const Status& status) {
  // Internal and unavailable errors keep their detail (paths, hosts) for the server log; the
  // caller gets a plain message.
  if (status.code() == StatusCode::kInternal) {
    return ErrorJson(500, StatusCodeName(status.code()), "something went wrong on the server");
  }
  if (status.code() == StatusCode::kUnavailable) {
    return ErrorJson(503, StatusCodeName(status.code()),
                     "the service is unavailable for a moment: try again shortly");
  }
  return ErrorJson(HttpStatusFor(status.code()), StatusCodeName(status.code()), status.message(),
                   status.field());
}

}  // namespace haven::http
