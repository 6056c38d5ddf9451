#include "http/router.h"

#include "http/errors.h"

namespace haven::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 1;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    out.push_back(
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

void Router::Add(Method method, const std::string& pattern, Handler handler) {
  routes_.push_back({method, pattern, Split(pattern), std::move(handler)});
}

bool Router::Match(const Route& r, const std::vector<std::string>& segs,
                   std::map<std::string, std::string>* params) {
  if (r.segments.size() != segs.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < segs.size(); ++i) {
    const std::string& p = r.segments[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (segs[i].empty()) return false;
      auto decoded = UrlDecode(segs[i]);
      if (!decoded) return false;
      found[p.substr(1, p.size() - 2)] = *decoded;
    } else if (p != segs[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

Response Router::Handle(Request& req) const {
  const auto segs = Split(req.path);
  std::string allow;
  for (const Route& r : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(r, segs, &params)) continue;
    if (r.method == req.method || (req.method == Method::kHead && r.method == Method::kGet)) {
      req.params = std::move(params);
      req.route = r.pattern;
      return r.handler(req);
    }
    if (!allow.empty()) allow += ", ";
    allow += MethodName(r.method);
  }
  if (!allow.empty()) {
    req.route = "(method not allowed)";
    Response res =
        ErrorJson(405, "method_not_allowed",
                  std::string(MethodName(req.method)) + " is not allowed here; use " + allow);
    res.SetHeader("Allow", allow);
    return res;
  }
  req.route = "(no route)";
  return ErrorJson(404, "not_found", "there is no such endpoint");
}

std::vector<std::pair<Method, std::string>> Router::Routes() const {
  std::vector<std::pair<Method, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace haven::http
