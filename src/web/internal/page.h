#pragma once

// What every page handler shares: the signed-in visit (principal, form, CSRF check), the page
// layout (GOV.UK template, service navigation, the signed-in bar, the timeout warning), redirects,
// and turning a refusal into an error page or a form's error summary.

#include <functional>
#include <string>
#include <vector>

#include "api/api.h"
#include "http/message.h"
#include "storage/history.h"
#include "web/form.h"
#include "web/html.h"
#include "web/web.h"

namespace haven::web::internal {

struct Ctx {
  const api::ApiServices& s;
  const WebOptions& options;
  const Assets* assets = nullptr;  // the stylesheet, for pages printed to PDF
};

// One signed-in request.
struct Visit {
  http::Request& req;
  access::Principal p;
  FormData form;  // the posted form; empty for a GET
  storage::Actor actor() const { return storage::Actor{p.user_id, req.request_id}; }
  bool Can(access::Permission perm) const { return access::Authorize(p, perm).ok(); }
  bool Has(access::Role role) const { return p.roles.count(role) > 0; }
};

using PageFn = std::function<Result<http::Response>(Visit&)>;

// Requires a signed-in session (a visitor without one is sent to the sign-in page) and, on a
// POST, a form with the session's CSRF token. A failed Result becomes the error page.
http::Handler Signed(Ctx ctx, PageFn fn);

struct PageSpec {
  std::string title;
  std::string nav;  // the service navigation item that is current: "work", "search", ...
  Html body;
  std::vector<FieldError> errors;  // the title gets "Error: " and the body the error summary
  std::string back;                // a back link above the content
  Html banner;                     // above the heading, e.g. a success banner
};

// A whole page. `v` is null for the signed-out pages (sign-in, errors before sign-in).
http::Response Render(const Ctx& ctx, const Visit* v, const PageSpec& spec, int status = 200);
http::Response Redirect(const std::string& location);
// The error page for a refusal (404, 403, 409, ...), in words the user can act on.
http::Response ErrorPage(const Ctx& ctx, const Visit* v, const Status& status);

// A refusal as form errors: a field error when the status names one (`field_ids` maps the
// service's field name to the input's id, e.g. a date's NAME-day), else one general error.
std::vector<FieldError> ErrorsOf(const Status& status);
// A service's refusal the user can put right on the form they sent (a bad answer, or a record
// that no longer allows it): shown as the form's errors rather than the error page.
bool FormCanFix(const Status& status);
// The record version a form carries (field "version"), for the service's check that nobody
// changed the record meanwhile; 0 when missing, which that check refuses.
int64_t FormVersion(const FormData& form);

// The label of a code in a national code list ("6: Police"), or the code itself.
std::string CodeLabel(const std::string& list, const std::string& code);
std::vector<Option> CodeOptions(const std::string& list);

std::string PersonName(const domain::Person& p);
std::string Id(int64_t id);
// A positive id from the path parameter `name`; anything else is a page that does not exist.
Result<int64_t> PathId(const http::Request& req, const std::string& name);

}  // namespace haven::web::internal
