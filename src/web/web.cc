#include "web/web.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/random.h"
#include "web/internal/page.h"
#include "web/internal/pages.h"

namespace haven::web {
namespace {

using http::Method;
using http::Request;
using http::Response;
using internal::Ctx;
using internal::PageSpec;
using internal::Render;
using internal::Visit;

constexpr const char* kSignInCookie = "haven_sign_in";

std::string ContentTypeOf(const std::string& path) {
  auto ends = [&](const char* ext) {
    const std::string e = ext;
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

Response ServeAsset(const Assets& assets, const std::string& prefix, const Request& req) {
  auto it = assets.find(prefix + req.params.at("file"));
  if (it == assets.end()) {
    Response res;
    res.status = 404;
    res.SetHeader("Content-Type", "text/plain; charset=utf-8");
    res.body = "Not found";
    return res;
  }
  Response res;
  res.SetHeader("ETag", it->second.etag);
  // Assets change only with a new build; a day's caching keeps pages quick, the ETag keeps them
  // right.
  res.SetHeader("Cache-Control", "public, max-age=86400");
  if (req.Header("if-none-match") == it->second.etag) {
    res.status = 304;
    return res;
  }
  res.SetHeader("Content-Type", it->second.content_type);
  res.body = it->second.body;
  return res;
}

std::string SignInCookie(const std::string& value, int max_age) {
  return std::string(kSignInCookie) + "=" + value +
         "; Path=/sign-in; Max-Age=" + std::to_string(max_age) +
         "; HttpOnly; Secure; SameSite=Strict";
}

std::string SessionCookie(const std::string& value, int64_t max_age) {
  return std::string(api::kSessionCookie) + "=" + value +
         "; Path=/; Max-Age=" + std::to_string(max_age) + "; HttpOnly; Secure; SameSite=Strict";
}

// The sign-in page. A form token in a cookie and in the form (double submit) stops another site
// signing a user in to an account of its choosing.
Response SignInPage(const Ctx& ctx, Random& random, const std::string& username,
                    const std::vector<FieldError>& errors, const Html& banner, int status) {
  const std::string token = RandomToken(random, 24);
  PageSpec spec;
  spec.title = "Sign in";
  spec.errors = errors;
  spec.banner = banner;
  InputSpec user{.name = "username",
                 .label = "Username",
                 .value = username,
                 .autocomplete = "username",
                 .error = ErrorFor(errors, "username")};
  user.width = "govuk-!-width-one-half";
  InputSpec pass{.name = "password",
                 .label = "Password",
                 .type = "password",
                 .autocomplete = "current-password",
                 .error = ErrorFor(errors, "password")};
  pass.width = "govuk-!-width-one-half";
  spec.body = Raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") +
              Heading(1, "Sign in to Haven") +
              Form("/sign-in", token, Input(user) + Input(pass) + Button("Sign in")) +
              Raw("</div></div>");
  Response res = Render(ctx, nullptr, spec, status);
  res.SetHeader("Set-Cookie", SignInCookie(token, 3600));
  return res;
}

void AddSignIn(http::Router& r, Ctx ctx, Random& random) {
  r.Add(Method::kGet, "/sign-in", [ctx, &random](Request& req) {
    Html banner;
    if (req.QueryParam("timed-out")) {
      banner = Banner("Important",
                      Raw("<p class=\"govuk-notification-banner__heading\">You were signed out "
                          "because Haven had not been used for a while. Sign in again to "
                          "continue.</p>"),
                      false);
    } else if (req.QueryParam("signed-out")) {
      banner = Banner("Success",
                      Raw("<p class=\"govuk-notification-banner__heading\">You have signed "
                          "out.</p>"),
                      true);
    }
    return SignInPage(ctx, random, "", {}, banner, 200);
  });
  r.Add(Method::kPost, "/sign-in", [ctx, &random](Request& req) {
    Result<FormData> form = FormData::Parse(req.body);
    if (!form.ok()) return SignInPage(ctx, random, "", internal::ErrorsOf(form.status()), {}, 400);
    const std::string sent = form->Get("csrf_token");
    const std::string cookie = req.Cookie(kSignInCookie).value_or("");
    if (sent.empty() || cookie.empty() || !ConstantTimeEquals(sent, cookie)) {
      return SignInPage(ctx, random, form->Get("username"),
                        {{"username", "The sign-in form had expired. Sign in again."}}, {}, 400);
    }
    std::vector<FieldError> errors;
    const std::string username = form->Get("username");
    const std::string password = form->Find("password").value_or("");
    if (username.empty()) errors.push_back({"username", "Enter your username"});
    if (password.empty()) errors.push_back({"password", "Enter your password"});
    if (!errors.empty()) return SignInPage(ctx, random, username, errors, {}, 400);
    Result<access::SignedIn> in =
        ctx.s.auth.SignIn(username, password, req.request_id, req.Cookie(api::kSessionCookie));
    if (!in.ok()) {
      if (in.status().code() == StatusCode::kInternal ||
          in.status().code() == StatusCode::kUnavailable) {
        if (ctx.s.on_server_error) ctx.s.on_server_error(req.request_id, in.status());
        return internal::ErrorPage(ctx, nullptr, in.status());
      }
      // The same words whatever was wrong, so the page does not tell which usernames exist.
      const bool throttled = in.status().code() == StatusCode::kResourceExhausted;
      return SignInPage(ctx, random, username,
                        {{"username", throttled ? in.status().message()
                                                : "Enter a correct username and password"}},
                        {}, throttled ? 429 : 401);
    }
    req.user_id = in->user.id;
    Response res = internal::Redirect("/");
    res.headers.emplace_back("Set-Cookie", SessionCookie(in->token, ctx.s.session_max_age.count()));
    res.headers.emplace_back("Set-Cookie", SignInCookie("", 0));
    return res;
  });
  r.Add(Method::kPost, "/sign-out", internal::Signed(ctx, [ctx](Visit& v) -> Result<Response> {
          RETURN_IF_ERROR(ctx.s.auth.SignOut(v.p, v.req.request_id));
          Response res = internal::Redirect("/sign-in?signed-out=1");
          res.SetHeader("Set-Cookie", SessionCookie("", 0));
          return res;
        }));
  // The timeout warning's "Stay signed in": authenticating the session is what keeps it.
  r.Add(Method::kPost, "/session/keep-alive", internal::Signed(ctx, [](Visit&) -> Result<Response> {
          Response res;
          res.status = 204;
          return res;
        }));
}

}  // namespace

Assets LoadAssets(const std::string& dir) {
  Assets out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const std::string rel = std::filesystem::relative(it->path(), dir).generic_string();
    if (rel.ends_with(".log") || rel.ends_with(".tmp")) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    Asset a{ContentTypeOf(rel), body.str(), ""};
    a.etag = "\"" + Sha256Hex(a.body).substr(0, 16) + "\"";
    out.emplace(rel, std::move(a));
  }
  return out;
}

const char* PageContentSecurityPolicy() {
  return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
         "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
         "base-uri 'none'";
}

void RegisterWeb(http::Router& router, const api::ApiServices& services, const Assets& assets,
                 const WebOptions& options, Random& random) {
  const Ctx ctx{services, options, &assets};
  router.Add(Method::kGet, "/assets/{file}",
             [&assets](Request& req) { return ServeAsset(assets, "", req); });
  router.Add(Method::kGet, "/assets/images/{file}",
             [&assets](Request& req) { return ServeAsset(assets, "images/", req); });
  AddSignIn(router, ctx, random);
  internal::AddWorkPages(router, ctx);
  internal::AddChildPages(router, ctx);
  internal::AddFrontDoorPages(router, ctx);
  internal::AddTeamPages(router, ctx);
  internal::AddPerformancePages(router, ctx);
  internal::AddAnnexAPages(router, ctx);
  internal::AddScorecardPages(router, ctx);
  internal::AddWorkforcePages(router, ctx);
}

}  // namespace haven::web
