#pragma once

// Haven's web application: server-rendered pages in the GOV.UK Design System style, for the
// journeys social workers, managers, front-door staff, performance officers and administrators
// use every day. Pages work without JavaScript. Handlers are thin, as in the API: they read the
// form, call the same services the API calls (which check permissions and log every read of a
// child's record), and render the result. Every form carries the session's CSRF token; personal
// data never goes in a URL (search is a POST); every page has a strict Content-Security-Policy.

#include <map>
#include <string>

#include "api/api.h"
#include "common/random.h"
#include "http/router.h"

namespace haven::web {

// A static file served under /assets/.
struct Asset {
  std::string content_type;
  std::string body;
  std::string etag;
};
// Path under /assets/ ("haven.css", "images/x.svg") to file.
using Assets = std::map<std::string, Asset>;

// Reads every file under `dir` (build/web, made by scripts/web.sh). An empty map, and the pages
// still work unstyled, when the folder is missing; the caller says so in the log.
Assets LoadAssets(const std::string& dir);

struct WebOptions {
  // The idle limit of a session, for the timeout warning.
  int session_idle_seconds = 30 * 60;
};

// The page routes, and /assets/. `services`, `assets`, `options` and `random` must outlive the
// router.
void RegisterWeb(http::Router& router, const api::ApiServices& services, const Assets& assets,
                 const WebOptions& options, Random& random);

// The Content-Security-Policy of the pages: scripts, styles, images and fonts from Haven only, no
// inline script or style, no framing, forms post only to Haven.
const char* PageContentSecurityPolicy();

}  // namespace haven::web
