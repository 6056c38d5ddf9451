#include "api/openapi.h"

#include <gtest/gtest.h>

#include <set>

#include "domain/casework.h"
#include "domain/codes.h"

namespace haven::api {
namespace {

using Json = nlohmann::json;

class OpenApiTest : public ::testing::Test {
 protected:
  Json doc_ = OpenApiDocument();
};

TEST_F(OpenApiTest, IsOpenApi31WithAVersionAndTheErrorShape) {
  EXPECT_EQ(doc_["openapi"], "3.1.0");
  EXPECT_EQ(doc_["info"]["version"], HAVEN_VERSION);
  EXPECT_TRUE(doc_["components"]["schemas"]["Error"]["properties"].contains("error"));
  EXPECT_TRUE(doc_["components"]["securitySchemes"].contains("bearerToken"));
  EXPECT_TRUE(doc_["components"]["securitySchemes"].contains("sessionCookie"));
}

TEST_F(OpenApiTest, EveryStepHasItsRoutesAndAuthoriseOnlyWhereNeeded) {
  for (const auto& spec : domain::Steps()) {
    SCOPED_TRACE(spec.kind);
    const std::string parent =
        spec.under_referral ? "/api/v1/referrals/{id}/" : "/api/v1/people/{id}/";
    const Json& paths = doc_["paths"];
    ASSERT_TRUE(paths.contains(parent + spec.path));
    EXPECT_TRUE(paths[parent + spec.path].contains("post"));
    const std::string one = "/api/v1/" + spec.path + "/{id}";
    ASSERT_TRUE(paths.contains(one));
    EXPECT_TRUE(paths[one].contains("get"));
    EXPECT_TRUE(paths[one].contains("patch"));
    EXPECT_EQ(paths.contains(one + "/authorise"), spec.needs_authorisation);
    // A change needs the version it was read at; fixed fields cannot be changed.
    const Json& change =
        paths[one]["patch"]["requestBody"]["content"]["application/json"]["schema"];
    EXPECT_NE(std::find(change["required"].begin(), change["required"].end(), "version"),
              change["required"].end());
    for (const auto& fixed : spec.fixed) EXPECT_FALSE(change["properties"].contains(fixed));
  }
}

TEST_F(OpenApiTest, CodeFieldsListExactlyTheirCodeList) {
  int checked = 0;
  for (const auto& spec : domain::Steps()) {
    for (const auto& f : spec.fields) {
      if (f.type != domain::FieldType::kCode) continue;
      const Json& schema = doc_["components"]["schemas"][spec.kind]["properties"][f.name];
      std::vector<std::string> expected;
      for (const auto& c : domain::Codes(f.list).codes) expected.push_back(c.code);
      EXPECT_EQ(schema["enum"].get<std::vector<std::string>>(), expected) << spec.kind << "." << f.name;
      ++checked;
    }
  }
  EXPECT_GT(checked, 20);
}

TEST_F(OpenApiTest, PathParametersAreDeclaredAndOperationIdsAreUnique) {
  std::set<std::string> ids;
  size_t operations = 0;
  for (const auto& [path, methods] : doc_["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      ++operations;
      EXPECT_TRUE(ids.insert(op["operationId"].get<std::string>()).second)
          << op["operationId"] << " twice";
      std::set<std::string> declared;
      if (op.contains("parameters")) {
        for (const auto& p : op["parameters"]) declared.insert(p["name"].get<std::string>());
      }
      for (size_t open = path.find('{'); open != std::string::npos;
           open = path.find('{', open + 1)) {
        const std::string name = path.substr(open + 1, path.find('}', open) - open - 1);
        EXPECT_EQ(declared.count(name), 1u) << method << " " << path << " {" << name << "}";
      }
      EXPECT_TRUE(op["responses"].contains("400") == op.contains("requestBody"))
          << method << " " << path;
    }
  }
  EXPECT_GT(operations, 100u);
}

}  // namespace
}  // namespace haven::api
