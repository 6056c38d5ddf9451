#include "storage/change_feed.h"

#include <gtest/gtest.h>

namespace haven::storage {
namespace {

TEST(PeopleOfTest, NamesThePersonARowBelongsTo) {
  EXPECT_EQ(PeopleOf({1, "people", 42, R"({"id":"42","given_name":"Ann"})"}),
            std::vector<int64_t>{42});
  // Columns as the database printed them (text), or as numbers.
  EXPECT_EQ(PeopleOf({2, "cp_visits", 7, R"({"id":"7","person_id":"19"})"}),
            std::vector<int64_t>{19});
  EXPECT_EQ(PeopleOf({3, "contacts", 8, R"({"id":8,"person_id":23})"}), std::vector<int64_t>{23});
  // A merge names both records: undoing it moves rows back to the merged one.
  EXPECT_EQ(PeopleOf({4, "person_merges", 1, R"({"id":"1","kept_id":"5","merged_id":"6"})"}),
            (std::vector<int64_t>{5, 6}));
}

TEST(PeopleOfTest, NamesNoOneForOtherRowsOrBadData) {
  EXPECT_TRUE(PeopleOf({1, "users", 3, R"({"id":"3","team_id":"2"})"}).empty());
  EXPECT_TRUE(PeopleOf({2, "teams", 3, R"({"id":"3"})"}).empty());
  EXPECT_TRUE(PeopleOf({3, "cp_visits", 7, R"({"person_id":"x1"})"}).empty());
  EXPECT_TRUE(PeopleOf({4, "cp_visits", 7, R"({"person_id":)"}).empty());
  EXPECT_TRUE(PeopleOf({5, "cp_visits", 7, R"({"person_id":null})"}).empty());
}

}  // namespace
}  // namespace haven::storage
