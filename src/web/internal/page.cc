#include "web/internal/page.h"

#include <charconv>

#include "common/random.h"
#include "domain/codes.h"
#include "http/errors.h"

namespace haven::web::internal {
namespace {

using access::Permission;
using access::Role;

struct NavEntry {
  const char* key;
  const char* href;
  const char* text;
};

std::vector<NavEntry> NavFor(const Visit& v) {
  std::vector<NavEntry> out = {{"work", "/", "My work"}};
  if (v.Can(Permission::kReadPerson)) out.push_back({"search", "/search", "Search"});
  if (v.Has(Role::kFrontDoorWorker) || v.Has(Role::kTeamManager)) {
    out.push_back({"front-door", "/front-door", "Front door"});
  }
  if (v.Can(Permission::kAllocate)) out.push_back({"team", "/team", "Team"});
  // The returns cover every child, so their findings are for those who may read across the
  // authority.
  if (v.Can(Permission::kReadAllRecords)) {
    out.push_back({"data-quality", "/data-quality", "Data quality"});
  }
  if (v.Can(Permission::kReadPerformance)) {
    out.push_back({"performance", "/performance", "Performance"});
  }
  if (v.Can(Permission::kManageWorkforce)) out.push_back({"workforce", "/workforce", "Workforce"});
  if (v.Can(Permission::kManageUsers)) out.push_back({"admin", "/admin", "Administration"});
  return out;
}

Html ServiceNavigation(const Visit* v, const std::string& current) {
  Html out =
      Raw("<section aria-label=\"Service information\" class=\"govuk-service-navigation\" "
          "data-module=\"govuk-service-navigation\"><div class=\"govuk-width-container\">"
          "<div class=\"govuk-service-navigation__container\">"
          "<span class=\"govuk-service-navigation__service-name\">"
          "<a href=\"/\" class=\"govuk-service-navigation__link\">Haven</a></span>");
  if (v) {
    out +=
        Raw("<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
            "<button type=\"button\" class=\"govuk-service-navigation__toggle "
            "govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" hidden>Menu</button>"
            "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
    for (const auto& n : NavFor(*v)) {
      const bool active = current == n.key;
      out += Raw(std::string("<li class=\"govuk-service-navigation__item") +
                 (active ? " govuk-service-navigation__item--active" : "") +
                 "\"><a class=\"govuk-service-navigation__link\" href=\"" + n.href + "\"" +
                 (active ? " aria-current=\"page\"" : "") + ">" + n.text + "</a></li>");
    }
    out += Raw("</ul></nav>");
  }
  return out + Raw("</div></div></section>");
}

Html UserBar(const Visit& v) {
  Html out = Raw("<div class=\"govuk-width-container haven-user-bar\"><p class=\"govuk-body-s "
                 "govuk-!-margin-bottom-0\">Signed in as ") +
             Tag("strong", "", Text(v.p.display_name)) + Raw("</p>");
  out += Form("/sign-out", v.p.csrf_token,
              Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary "
                  "govuk-!-margin-bottom-0\">Sign out</button>"));
  return out + Raw("</div>");
}

Html TimeoutDialog(const Visit& v) {
  return Raw("<dialog id=\"timeout-dialog\" class=\"haven-timeout-dialog\" "
             "aria-labelledby=\"timeout-title\" aria-describedby=\"timeout-text\">"
             "<h2 class=\"govuk-heading-m\" id=\"timeout-title\">You are about to be signed "
             "out</h2><p class=\"govuk-body\" id=\"timeout-text\">For your security, Haven signs "
             "you out after a period without activity. Anything you have not saved will be "
             "lost.</p><div class=\"govuk-button-group\"><button type=\"button\" "
             "class=\"govuk-button\" data-stay>Stay signed in</button></div>") +
         Form("/sign-out", v.p.csrf_token,
              Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\">"
                  "Sign out now</button>")) +
         Raw("</dialog>");
}

}  // namespace

http::Handler Signed(Ctx ctx, PageFn fn) {
  return [ctx, fn = std::move(fn)](http::Request& req) -> http::Response {
    auto cookie = req.Cookie(api::kSessionCookie);
    if (!cookie || cookie->empty()) return Redirect("/sign-in");
    Result<access::Principal> p = ctx.s.auth.AuthenticateSession(*cookie);
    if (!p.ok()) {
      if (p.status().code() == StatusCode::kUnauthenticated) return Redirect("/sign-in");
      return ErrorPage(ctx, nullptr, p.status());
    }
    req.user_id = p->user_id;
    Visit v{req, std::move(p).value(), {}};
    if (req.method == http::Method::kPost) {
      Result<FormData> form = FormData::Parse(req.body);
      if (!form.ok()) return ErrorPage(ctx, &v, form.status());
      v.form = std::move(form).value();
      const std::string sent = v.form.Get("csrf_token");
      if (sent.empty() || !ConstantTimeEquals(sent, v.p.csrf_token)) {
        return ErrorPage(ctx, &v,
                         PermissionDenied("This form has expired. Go back, reload the page and "
                                          "try again."));
      }
    }
    Result<http::Response> res = fn(v);
    if (!res.ok()) {
      const StatusCode code = res.status().code();
      if ((code == StatusCode::kInternal || code == StatusCode::kUnavailable) &&
          ctx.s.on_server_error) {
        ctx.s.on_server_error(req.request_id, res.status());
      }
      return ErrorPage(ctx, &v, res.status());
    }
    return std::move(res).value();
  };
}

http::Response Render(const Ctx& ctx, const Visit* v, const PageSpec& spec, int status) {
  std::string title = (spec.errors.empty() ? "" : "Error: ") + spec.title + " – Haven";
  Html page = Raw("<!DOCTYPE html><html lang=\"en\" class=\"govuk-template\"><head>"
                  "<meta charset=\"utf-8\"><title>") +
              Text(title) +
              Raw("</title><meta name=\"viewport\" content=\"width=device-width, "
                  "initial-scale=1, viewport-fit=cover\"><meta name=\"theme-color\" "
                  "content=\"#0b0c0c\"><link rel=\"icon\" sizes=\"48x48\" "
                  "href=\"/assets/images/favicon.ico\"><link rel=\"stylesheet\" "
                  "href=\"/assets/haven.css\">");
  if (v) page += Raw("<meta name=\"csrf-token\" content=\"" + Escape(v->p.csrf_token) + "\">");
  page += Raw("</head><body class=\"govuk-template__body\"");
  if (v) {
    page += Raw(" data-session-idle-seconds=\"" + std::to_string(ctx.options.session_idle_seconds) +
                "\"");
  }
  page += Raw(
      "><a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">Skip "
      "to main content</a><header class=\"govuk-header\" data-module=\"govuk-header\">"
      "<div class=\"govuk-header__container govuk-width-container\"><div "
      "class=\"govuk-header__content\"><a href=\"/\" class=\"govuk-header__link "
      "govuk-header__service-name\">Haven: children's social care record</a></div></div>"
      "</header>");
  page += ServiceNavigation(v, spec.nav);
  if (v) page += UserBar(*v);
  page += Raw("<div class=\"govuk-width-container\">");
  if (!spec.back.empty()) page += A(spec.back, "Back", "govuk-back-link");
  page += Raw("<main class=\"govuk-main-wrapper\" id=\"main-content\">");
  page += ErrorSummary(spec.errors) + spec.banner + spec.body;
  page +=
      Raw("</main></div><footer class=\"govuk-footer\"><div class=\"govuk-width-container\">"
          "<div class=\"govuk-footer__meta\"><div class=\"govuk-footer__meta-item "
          "govuk-footer__meta-item--grow\"><p class=\"govuk-body-s\">Haven records who opens each "
          "child's record. Use it only for your work with the child.</p></div></div></div>"
          "</footer>");
  if (v) page += TimeoutDialog(*v);
  page +=
      Raw("<script src=\"/assets/jquery.min.js\"></script>"
          "<script src=\"/assets/moj-frontend.min.js\"></script>"
          "<script type=\"module\" src=\"/assets/haven.js\"></script></body></html>");
  http::Response res;
  res.status = status;
  res.body = std::move(page.s);
  res.SetHeader("Content-Type", "text/html; charset=utf-8");
  res.SetHeader("Content-Security-Policy", PageContentSecurityPolicy());
  return res;
}

http::Response Redirect(const std::string& location) {
  http::Response res;
  res.status = 303;
  res.SetHeader("Location", location);
  return res;
}

http::Response ErrorPage(const Ctx& ctx, const Visit* v, const Status& status) {
  const int code = http::HttpStatusFor(status.code());
  std::string title;
  std::string text = status.message();
  switch (status.code()) {
    case StatusCode::kNotFound:
      title = "Page not found";
      break;
    case StatusCode::kPermissionDenied:
      title = "You cannot see or do this";
      break;
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists:
      title = "This cannot be done as the record stands";
      break;
    case StatusCode::kInvalidArgument:
      title = "There is a problem with the request";
      break;
    case StatusCode::kInternal:
    case StatusCode::kUnavailable:
      title = "Sorry, there is a problem with Haven";
      text = "Try again later. Nothing you did has been lost or half saved.";
      break;
    default:
      title = "Sorry, this could not be done";
  }
  PageSpec spec;
  spec.title = title;
  spec.body = Heading(1, title) + Para(text) +
              Para("If you think this is wrong, ask your team manager or the Haven administrator.");
  if (v) spec.body += Raw("<p class=\"govuk-body\">") + A("/", "Go to My work") + Raw("</p>");
  return Render(ctx, v, spec, code);
}

std::vector<FieldError> ErrorsOf(const Status& status) {
  return {FieldError{status.field(), status.message()}};
}

bool FormCanFix(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument ||
         status.code() == StatusCode::kFailedPrecondition;
}

int64_t FormVersion(const FormData& form) {
  const std::string text = form.Get("version");
  int64_t version = 0;
  std::from_chars(text.data(), text.data() + text.size(), version);
  return version;
}

std::string CodeLabel(const std::string& list, const std::string& code) {
  for (const auto& c : domain::Codes(list).codes) {
    if (c.code == code) return c.label;
  }
  return code;
}

std::vector<Option> CodeOptions(const std::string& list) {
  std::vector<Option> out;
  for (const auto& c : domain::Codes(list).codes) out.push_back({c.code, c.label});
  return out;
}

std::string PersonName(const domain::Person& p) {
  std::string name = p.given_name;
  if (!p.family_name.empty()) name += (name.empty() ? "" : " ") + p.family_name;
  return name.empty() ? "Unnamed (id " + std::to_string(p.id) + ")" : name;
}

std::string Id(int64_t id) { return std::to_string(id); }

Result<int64_t> PathId(const http::Request& req, const std::string& name) {
  const std::string& text = req.params.at(name);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    return NotFound("There is no such page.");
  }
  return v;
}

}  // namespace haven::web::internal
