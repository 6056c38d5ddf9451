#pragma once

// Routes a request to a handler by method and path pattern. Patterns are literal segments and
// `{name}` captures ("/api/v1/admin/users/{id}"). An unknown path gets 404, a known path with
// another method gets 405 with an Allow header, both in the standard error shape.

#include <string>
#include <utility>
#include <vector>

#include "http/message.h"

namespace haven::http {

class Router {
 public:
  void Add(Method method, const std::string& pattern, Handler handler);
  Response Handle(Request& req) const;
  // Every route as (method, pattern), in the order added: for documentation and its tests.
  std::vector<std::pair<Method, std::string>> Routes() const;

 private:
  struct Route {
    Method method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  static bool Match(const Route& r, const std::vector<std::string>& segs,
                    std::map<std::string, std::string>* params);
  std::vector<Route> routes_;
};

}  // namespace haven::http
