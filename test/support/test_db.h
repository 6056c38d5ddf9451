#pragma once

// Fresh databases for tests: a temporary SQLite file, or a new schema in the PostgreSQL server that
// scripts/with-postgres.sh started (HAVEN_TEST_POSTGRES_URL). Suites are instantiated once per
// backend; the PostgreSQL instantiation is named "Postgres" so the test script can count it.

#include <memory>
#include <string>

#include "storage/store.h"

namespace haven::test {

enum class Backend { kSqlite, kPostgres };

std::string BackendName(Backend b);

// True when HAVEN_TEST_POSTGRES_URL is set.
bool PostgresConfigured();

class TestDb {
 public:
  // A database URL for a new, empty database on `backend`.
  explicit TestDb(Backend backend);
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  const std::string& url() const { return url_; }
  Backend backend() const { return backend_; }
  // Opens a store on it (not migrated).
  std::unique_ptr<storage::Store> Open(int pool_size = 4) const;
  // Opens and migrates.
  std::unique_ptr<storage::Store> OpenMigrated(int pool_size = 4) const;

 private:
  Backend backend_;
  std::string url_;
  std::string dir_;     // SQLite temp folder
  std::string schema_;  // PostgreSQL schema
};

}  // namespace haven::test

#include <gtest/gtest.h>

#include <cstdlib>

namespace haven::test {

// A suite run once per backend. PostgreSQL cases skip (and say so) when no server is configured,
// unless HAVEN_REQUIRE_POSTGRES is set, as the test script sets it: then they fail.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  // Creates db_ on this suite's backend and opens store_ on it, migrated.
  void OpenDatabase() {
    db_ = std::make_unique<TestDb>(GetParam());
    store_ = db_->OpenMigrated();
    ASSERT_NE(store_, nullptr);
  }

  // The single integer a query returns (a COUNT), or -1 after recording a failure.
  int64_t Count(const std::string& sql, const storage::Params& params = {}) {
    auto r = storage::QueryOnce(*store_, sql, params);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->rows.at(0).Int(0) : -1;
  }

  std::unique_ptr<TestDb> db_;
  std::unique_ptr<storage::Store> store_;

  void SetUp() override {
    if (GetParam() == Backend::kPostgres && !PostgresConfigured()) {
      if (std::getenv("HAVEN_REQUIRE_POSTGRES") != nullptr) {
        FAIL() << "HAVEN_REQUIRE_POSTGRES is set but HAVEN_TEST_POSTGRES_URL is not";
      }
      GTEST_SKIP() << "HAVEN_TEST_POSTGRES_URL is not set";
    }
  }
};

}  // namespace haven::test

#define HAVEN_INSTANTIATE_BACKENDS(Suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(Sqlite, Suite, ::testing::Values(::haven::test::Backend::kSqlite)); \
  INSTANTIATE_TEST_SUITE_P(Postgres, Suite, ::testing::Values(::haven::test::Backend::kPostgres))
