#include "api/openapi.h"

namespace haven::api {

nlohmann::json OpenApiDocument() {
  return {{"openapi", "3.1.0"}, {"info", {{"title", "Haven API"}, {"version", HAVEN_VERSION}}},
          {"paths", nlohmann::json::object()}};
}

}  // namespace haven::api
