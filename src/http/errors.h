#pragma once

// The one mapping from Status codes to HTTP statuses, and the one error body shape:
//   {"error": {"code": "invalid_argument", "message": "...", "field": "username"}}
// `field` is null when no single input field is at fault.

#include <string>
#include <string_view>

#include "common/status.h"
#include "http/message.h"

namespace haven::http {

int HttpStatusFor(StatusCode code);

// Internal and Unavailable statuses get a plain message: their detail is for the server log.
Response ErrorResponse(const Status& status);
// For transport-level errors that have no Status code of their own (404 route, 405, 413, 415).
Response ErrorJson(int http_status, std::string_view code, const std::string& message,
                   const std::string& field = {});

}  // namespace haven::http
