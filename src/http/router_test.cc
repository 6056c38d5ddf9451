#include "http/router.h"

#include <gtest/gtest.h>

#include "http/errors.h"

namespace haven::http {
namespace {

Request Make(Method m, std::string path) {
  Request r;
  r.method = m;
  r.path = std::move(path);
  return r;
}

TEST(RouterTest, MatchesPatternsAndCapturesParameters) {
  Router router;
  router.Add(Method::kGet, "/api/v1/people/{id}",
             [](Request& req) { return JsonResponse(200, req.params.at("id")); });
  Request req = Make(Method::kGet, "/api/v1/people/42");
  Response res = router.Handle(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "42");
  EXPECT_EQ(req.route, "/api/v1/people/{id}");
}

TEST(RouterTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  Router router;
  router.Add(Method::kGet, "/a", [](Request&) { return JsonResponse(200, "{}"); });
  router.Add(Method::kPost, "/a", [](Request&) { return JsonResponse(201, "{}"); });
  Request missing = Make(Method::kGet, "/b");
  Response r404 = router.Handle(missing);
  EXPECT_EQ(r404.status, 404);
  EXPECT_NE(r404.body.find("\"code\":\"not_found\""), std::string::npos);
  Request wrong = Make(Method::kDelete, "/a");
  Response r405 = router.Handle(wrong);
  EXPECT_EQ(r405.status, 405);
  EXPECT_EQ(r405.Header("Allow"), "GET, POST");
  router.Add(Method::kGet, "/a/{id}", [](Request&) { return JsonResponse(200, "{}"); });
  Request with_param = Make(Method::kGet, "/a/7");
  EXPECT_EQ(router.Handle(with_param).status, 200);
  Request empty_param = Make(Method::kGet, "/a/");  // an empty segment is no id
  EXPECT_EQ(router.Handle(empty_param).status, 404);
}

TEST(ErrorsTest, OneMappingFromStatusToHttp) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  Response r = ErrorResponse(InvalidArgument("username is required", "username"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(
      r.body,
      R"({"error":{"code":"invalid_argument","field":"username","message":"username is required"}})");
}

TEST(ErrorsTest, InternalDetailStaysOnTheServer) {
  Response r = ErrorResponse(Internal("sqlite: disk I/O error at /var/lib/secret.db"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST(MessageTest, CookiesQueryAndDecoding) {
  Request r;
  r.headers = {{"cookie", "a=1; haven_session=abc; b=2"}};
  r.query = "q=Smith%2C+J&empty=&flag";
  EXPECT_EQ(r.Cookie("haven_session"), "abc");
  EXPECT_FALSE(r.Cookie("missing").has_value());
  EXPECT_EQ(r.QueryParam("q"), "Smith, J");
  EXPECT_EQ(r.QueryParam("empty"), "");
  EXPECT_EQ(r.QueryParam("flag"), "");
  EXPECT_FALSE(UrlDecode("%zz").has_value());
  EXPECT_FALSE(UrlDecode("%4").has_value());
  EXPECT_EQ(UrlDecode("%41"), "A");
}

}  // namespace
}  // namespace haven::http
