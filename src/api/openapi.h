#pragma once

// The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json. The casework
// routes and their schemas are generated from domain::Steps(), so they cannot drift from the
// code; the other routes are described in openapi.cc.

#include <nlohmann/json.hpp>

namespace haven::api {

nlohmann::json OpenApiDocument();

}  // namespace haven::api
