#include "record/internal/clocks_cache.h"

#include <gtest/gtest.h>

#include "support/test_db.h"

namespace haven::record::internal {
namespace {

class ClocksCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<test::TestDb>(test::Backend::kSqlite);
    store_ = db_->OpenMigrated();
    ASSERT_NE(store_, nullptr);
  }

  // A version of a row of `person_id`'s, as any writer leaves one.
  void Change(int64_t person_id) {
    auto r = store_->Transact(storage::TxMode::kWrite, [&](storage::Tx& tx) {
      return tx
          .Exec(
              "INSERT INTO record_versions (entity, record_id, version, operation, at, reason, "
              "data) VALUES ('case_notes', ?, ?, 'create', '2026-01-05T09:00:00.000Z', 'test', ?)",
              {++next_, int64_t{1}, "{\"person_id\":\"" + std::to_string(person_id) + "\"}"})
          .status();
    });
    ASSERT_TRUE(r.ok()) << r.ToString();
  }

  static std::shared_ptr<const DerivedChild> Child(Date day, const std::string& case_type) {
    return std::make_shared<const DerivedChild>(DerivedChild{day, case_type, {}});
  }

  uint64_t CatchUp(ClocksCache& cache) {
    auto ticket = cache.CatchUp(*store_, TimePoint{});
    EXPECT_TRUE(ticket.ok()) << ticket.status().ToString();
    return ticket.ok() ? *ticket : 0;
  }

  const Date day_ = *Date::Parse("2026-01-05");
  int64_t next_ = 0;
  std::unique_ptr<test::TestDb> db_;
  std::unique_ptr<storage::Store> store_;
};

TEST_F(ClocksCacheTest, KeepsAChildUntilTheirRecordChangesAndOnlyForTheDay) {
  ClocksCache cache;
  const uint64_t ticket = CatchUp(cache);
  cache.Put(ticket, 7, Child(day_, "cin"));
  cache.Put(ticket, 8, Child(day_, "cp"));
  ASSERT_NE(cache.Find(7, day_), nullptr);
  EXPECT_EQ(cache.Find(7, day_)->case_type, "cin");
  EXPECT_EQ(cache.Find(7, day_.AddDays(1)), nullptr);  // clocks run out overnight

  Change(7);
  EXPECT_NE(cache.Find(7, day_), nullptr);  // until someone looks
  CatchUp(cache);
  EXPECT_EQ(cache.Find(7, day_), nullptr);
  EXPECT_NE(cache.Find(8, day_), nullptr);  // others are kept
}

TEST_F(ClocksCacheTest, WhatWasReadBeforeALaterLookFoundAChangeIsNotKept) {
  ClocksCache cache;
  const uint64_t early = CatchUp(cache);
  // Another page's look finds a change while this page is still reading: what this page read may
  // be from before the change, so it is not kept.
  Change(7);
  const uint64_t late = CatchUp(cache);
  EXPECT_NE(early, late);
  cache.Put(early, 7, Child(day_, "cin"));
  EXPECT_EQ(cache.Find(7, day_), nullptr);
  cache.Put(late, 7, Child(day_, "cp"));
  ASSERT_NE(cache.Find(7, day_), nullptr);
  EXPECT_EQ(cache.Find(7, day_)->case_type, "cp");
  // A look that finds nothing leaves the ticket good.
  EXPECT_EQ(CatchUp(cache), late);
}

TEST_F(ClocksCacheTest, KeepsAtMostItsCapacityDroppingTheLeastRecentlyUsed) {
  ClocksCache cache(2);
  const uint64_t ticket = CatchUp(cache);
  cache.Put(ticket, 1, Child(day_, "cin"));
  cache.Put(ticket, 2, Child(day_, "cin"));
  ASSERT_NE(cache.Find(1, day_), nullptr);  // 1 is now the more recently used
  cache.Put(ticket, 3, Child(day_, "cin"));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(cache.Find(1, day_), nullptr);
  EXPECT_EQ(cache.Find(2, day_), nullptr);
  EXPECT_NE(cache.Find(3, day_), nullptr);
}

}  // namespace
}  // namespace haven::record::internal
