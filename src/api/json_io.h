#pragma once

// Reading fields from a JSON request body with errors that name the field, and writing the JSON
// shapes of Haven's types.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "access/auth_service.h"
#include "access/user_service.h"
#include "common/status.h"
#include "domain/person.h"
#include "domain/person_details.h"
#include "http/message.h"
#include "org/org.h"
#include "record/contact_service.h"
#include "record/person_details_service.h"
#include "record/search_service.h"
#include "storage/history.h"

namespace haven::api {

using Json = nlohmann::json;

// The body as a JSON object. The caller has checked the content type.
Result<Json> ParseObject(const http::Request& req);

// A field that must be a string; absent gives nullopt, or an error when `required`.
Result<std::optional<std::string>> StringField(const Json& j, const std::string& name,
                                               bool required);
Result<std::optional<int64_t>> IntField(const Json& j, const std::string& name, bool required);
// A required number as it was sent (6.5 or "6.5"), for the service to check and store.
Result<std::string> NumberText(const Json& j, const std::string& name);
Result<std::optional<std::vector<std::string>>> StringListField(const Json& j,
                                                                const std::string& name,
                                                                bool required);
// Rejects any member not in `allowed`, naming it, so a misspelt field is not silently ignored.
Status OnlyFields(const Json& j, const std::vector<std::string>& allowed);

Json ToJson(const access::User& u);
Json ToJson(const access::ApiToken& t);
Json ToJson(const org::Organisation& o);
Json ToJson(const org::ServiceArea& a);
Json ToJson(const org::Team& t);
Json ToJson(const domain::Person& p);
Json ToJson(const domain::OtherName& n);
Json ToJson(const domain::Address& a);
Json ToJson(const domain::Alert& a);
Json ToJson(const record::RelationshipView& r);
// The person's fields plus names, addresses, alerts (all, and those current today) and
// relationships.
Json ToJson(const record::PersonRecord& r);
// A search hit: enough to tell two people apart, the score, what matched, and current alerts.
Json ToJson(const record::SearchHit& h);
Json ToJson(const record::ContactView& c);
// The contact, the child, and the child's earlier contacts.
Json ToJson(const record::ContactRecord& r);
Json ToJson(const storage::Version& v);
Json ToJson(const storage::AccessEntry& e);

http::Response JsonOk(int status, const Json& body);

}  // namespace haven::api
