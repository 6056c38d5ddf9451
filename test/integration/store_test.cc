// The storage suite: the same cases on SQLite and on a real PostgreSQL server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "app/wiring.h"
#include "common/clock.h"
#include "storage/backup.h"
#include "storage/change_feed.h"
#include "storage/history.h"
#include "storage/migrations.h"
#include "storage/schema.h"
#include "support/test_db.h"

namespace haven::test {
namespace {

using storage::Rows;
using storage::Tx;
using storage::TxMode;

class StoreTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    OpenDatabase();
    if (HasFatalFailure()) return;
  }

  // An organisation row written the way services write: insert, then its version.
  Status InsertOrganisation(Tx& tx, const std::string& code, int64_t* id) {
    const std::string now = FormatTimestamp(clock_.Now());
    ASSIGN_OR_RETURN(Rows rows,
                     tx.Query("INSERT INTO organisations (code, name, kind, version, "
                              "created_at, updated_at) VALUES (?, ?, 'council', 1, ?, ?) "
                              "RETURNING id",
                              {code, "Council " + code, now, now}));
    *id = rows.rows[0].Int(0);
    return storage::WriteVersion(tx, {std::nullopt, "req-1"},
                                 {"organisations", *id, "create", "test"}, clock_.Now());
  }

  FakeClock clock_{TimePoint(std::chrono::milliseconds(1'790'000'000'000))};
};

TEST_P(StoreTest, MigrationsAreVersionedAndRunOnce) {
  auto version = storage::SchemaVersion(*store_);
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, storage::HavenMigrations().back().version);
  auto again = storage::Migrate(*store_, storage::HavenMigrations(), clock_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  for (const auto& table : storage::HavenTables())
    EXPECT_EQ(Count("SELECT COUNT(*) FROM " + table), 0) << table;
}

// Migration 10 rebuilds the section 47 and child protection plan tables on SQLite (a column can
// only lose NOT NULL that way): every row and every reference to them survives, and afterwards
// an enquiry or a plan may name no earlier record.
TEST_P(StoreTest, MigrationTenKeepsEnquiriesAndPlansAndTheirReferences) {
  TestDb db(GetParam());
  auto store = db.Open();
  std::vector<storage::Migration> to_nine = storage::HavenMigrations();
  to_nine.resize(9);
  ASSERT_TRUE(storage::Migrate(*store, to_nine, clock_).ok());
  const std::string t = "2025-01-01T00:00:00.000Z";
  const std::vector<std::string> rows = {
      "INSERT INTO service_areas (code, name, version, created_at, updated_at) VALUES "
      "('CF', 'Children', 1, 'T', 'T')",
      "INSERT INTO teams (code, name, service_area_id, version, created_at, updated_at) VALUES "
      "('T1', 'Team', 1, 1, 'T', 'T')",
      "INSERT INTO people (service_area_id, kind, given_name, family_name, sex, version, "
      "created_at, updated_at) VALUES (1, 'child', 'A', 'B', 'F', 1, 'T', 'T')",
      "INSERT INTO referrals (person_id, team_id, referral_date, source, version, created_at, "
      "updated_at) VALUES (1, 1, '2025-01-01', '1A', 1, 'T', 'T')",
      "INSERT INTO strategy_discussions (person_id, referral_id, discussion_date, version, "
      "created_at, updated_at) VALUES (1, 1, '2025-01-02', 1, 'T', 'T')",
      "INSERT INTO s47_enquiries (person_id, referral_id, strategy_discussion_id, start_date, "
      "outcome, version, created_at, updated_at) VALUES (1, 1, 1, '2025-01-02', 'icpc', 1, 'T', "
      "'T')",
      "INSERT INTO icpcs (person_id, referral_id, s47_id, conference_date, outcome, version, "
      "created_at, updated_at) VALUES (1, 1, 1, '2025-01-20', 'cp_plan', 1, 'T', 'T')",
      "INSERT INTO cp_plans (person_id, referral_id, icpc_id, start_date, initial_category, "
      "latest_category, version, created_at, updated_at) VALUES (1, 1, 1, '2025-01-20', 'NEG', "
      "'NEG', 1, 'T', 'T')",
      "INSERT INTO cp_reviews (person_id, referral_id, cp_plan_id, review_date, version, "
      "created_at, updated_at) VALUES (1, 1, 1, '2025-04-20', 1, 'T', 'T')",
  };
  ASSERT_TRUE(store
                  ->Transact(TxMode::kWrite,
                             [&](Tx& tx) -> Status {
                               for (std::string sql : rows) {
                                 for (size_t at = sql.find("'T'"); at != std::string::npos;
                                      at = sql.find("'T'", at + 1)) {
                                   sql.replace(at, 3, "'" + t + "'");
                                 }
                                 RETURN_IF_ERROR(tx.Exec(sql).status());
                               }
                               return Status::Ok();
                             })
                  .ok());

  auto applied = storage::Migrate(*store, storage::HavenMigrations(), clock_);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(*applied, static_cast<int>(storage::HavenMigrations().size()) - 9);
  auto count = [&](const std::string& sql) {
    auto r = storage::QueryOnce(*store, sql);
    return r.ok() && !r->rows.empty() ? r->rows[0].Int(0) : -1;
  };
  EXPECT_EQ(count("SELECT COUNT(*) FROM s47_enquiries WHERE strategy_discussion_id = 1 AND "
                  "outcome = 'icpc' AND strategy_before_records = 0"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cp_plans WHERE icpc_id = 1 AND "
                  "conference_before_records = 0"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM icpcs i JOIN s47_enquiries s ON s.id = i.s47_id"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM cp_reviews r JOIN cp_plans p ON p.id = r.cp_plan_id"), 1);
  // The references still hold: a conference may not name an enquiry that does not exist.
  Status dangling = store->Transact(TxMode::kWrite, [&](Tx& tx) {
    return tx
        .Exec(
            "INSERT INTO icpcs (person_id, referral_id, s47_id, conference_date, version, "
            "created_at, updated_at) VALUES (1, 1, 99, '2025-02-01', 1, ?, ?)",
            {t, t})
        .status();
  });
  EXPECT_FALSE(dangling.ok());
  // And now an enquiry and a plan may follow records the system does not hold.
  Status before = store->Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO s47_enquiries (person_id, referral_id, start_date, "
                            "strategy_before_records, version, created_at, updated_at) VALUES "
                            "(1, 1, '2025-03-01', 1, 1, ?, ?)",
                            {t, t})
                        .status());
    return tx
        .Exec(
            "INSERT INTO cp_plans (person_id, referral_id, start_date, initial_category, "
            "latest_category, conference_before_records, version, created_at, "
            "updated_at) VALUES (1, 1, '2024-06-01', 'NEG', 'NEG', 1, 1, ?, ?)",
            {t, t})
        .status();
  });
  EXPECT_TRUE(before.ok()) << before.ToString();
}

// The backup copies HavenTables(): a table the migrations create but that list leaves out would
// silently be missing from every backup.
TEST_P(StoreTest, EveryTableIsInTheBackupList) {
  const bool pg = store_->dialect() == storage::Dialect::kPostgres;
  auto rows = storage::QueryOnce(
      *store_, pg ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                    "current_schema() AND table_type = 'BASE TABLE'"
                  : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite_%'");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const std::set<std::string> listed(storage::HavenTables().begin(), storage::HavenTables().end());
  size_t found = 0;
  for (const auto& r : rows->rows) {
    if (r.Text(0) == "schema_migrations") continue;
    ++found;
    EXPECT_EQ(listed.count(r.Text(0)), 1u) << r.Text(0) << " is not in HavenTables()";
  }
  EXPECT_EQ(found, listed.size());
}

TEST_P(StoreTest, AMigrationOutOfSequenceIsRefused) {
  std::vector<storage::Migration> gap = storage::HavenMigrations();
  gap.push_back(
      {static_cast<int>(gap.size()) + 2, "skips a number", {"CREATE TABLE nope (id INTEGER)"}});
  auto r = storage::Migrate(*store_, gap, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(StoreTest, AFailedMigrationLeavesTheSchemaAsItWas) {
  std::vector<storage::Migration> bad = storage::HavenMigrations();
  const int next = static_cast<int>(bad.size()) + 1;
  bad.push_back({next, "half good", {"CREATE TABLE half_good (id {pk})", "THIS IS NOT SQL"}});
  ASSERT_FALSE(storage::Migrate(*store_, bad, clock_).ok());
  EXPECT_EQ(*storage::SchemaVersion(*store_), next - 1);
  EXPECT_FALSE(storage::QueryOnce(*store_, "SELECT * FROM half_good").ok());
}

TEST_P(StoreTest, BindsEveryValueTypeAndReadsNulls) {
  Status s = store_->Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Rows r, tx.Query("SELECT ? AS a, ? AS b, ? AS c, ? AS d",
                                      {int64_t{42}, std::string("O'Brien; DROP TABLE users"),
                                       storage::Null(), 2.5}));
    EXPECT_EQ(r.columns, (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(r.rows[0].Int(0), 42);
    EXPECT_EQ(r.rows[0].Text(1), "O'Brien; DROP TABLE users");
    EXPECT_TRUE(r.rows[0].IsNull(2));
    EXPECT_DOUBLE_EQ(r.rows[0].Real(3), 2.5);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST_P(StoreTest, AFailedTransactionChangesNothing) {
  Status s = store_->Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    int64_t id = 0;
    RETURN_IF_ERROR(InsertOrganisation(tx, "A", &id));
    return InvalidArgument("the caller changed its mind");
  });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisations"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions"), 0);
}

TEST_P(StoreTest, ConstraintViolationsMapToCanonicalCodes) {
  ASSERT_TRUE(store_
                  ->Transact(TxMode::kWrite,
                             [&](Tx& tx) {
                               int64_t id = 0;
                               return InsertOrganisation(tx, "DUP", &id);
                             })
                  .ok());
  Status dup = store_->Transact(TxMode::kWrite, [&](Tx& tx) {
    int64_t id = 0;
    return InsertOrganisation(tx, "DUP", &id);
  });
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists) << dup.ToString();
  Status fk = store_->Transact(TxMode::kWrite, [&](Tx& tx) {
    return tx
        .Exec(
            "INSERT INTO teams (code, name, service_area_id, version, created_at, updated_at) "
            "VALUES ('T', 'Team', 999, 1, 'x', 'x')")
        .status();
  });
  EXPECT_EQ(fk.code(), StatusCode::kFailedPrecondition) << fk.ToString();
  Status check = store_->Transact(TxMode::kWrite, [&](Tx& tx) {
    return tx
        .Exec(
            "INSERT INTO organisations (code, name, kind, version, created_at, updated_at) "
            "VALUES ('K', 'K', 'pirate ship', 1, 'x', 'x')")
        .status();
  });
  EXPECT_EQ(check.code(), StatusCode::kFailedPrecondition) << check.ToString();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisations"), 1);
}

// A store opened for bulk loading sets its non-unique indexes aside while a new database is
// loaded and builds them again at the end; unique ones keep being enforced throughout.
TEST_P(StoreTest, ABulkLoadSetsIndexesAsideAndBuildsThemAgain) {
  const bool sqlite = GetParam() == Backend::kSqlite;
  const std::string indexes =
      sqlite ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
             : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()";
  const std::string unique =
      sqlite ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
               "sql LIKE 'CREATE UNIQUE%'"
             : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
               "indexdef LIKE 'CREATE UNIQUE%'";
  const int64_t before = Count(indexes);
  const int64_t unique_before = Count(unique);
  ASSERT_GT(before, unique_before);
  ASSERT_GE(unique_before, 1);
  // An ordinary store never sets anything aside.
  ASSERT_TRUE(store_->BeginBulkLoad().ok());
  EXPECT_EQ(Count(indexes), before);
  ASSERT_TRUE(store_->EndBulkLoad().ok());

  store_.reset();
  auto bulk = app::OpenStore(db_->url(), 1, /*lazy=*/false, /*bulk_load=*/true);
  ASSERT_TRUE(bulk.ok()) << bulk.status().ToString();
  store_ = std::move(*bulk);
  ASSERT_TRUE(store_->BeginBulkLoad().ok());
  EXPECT_EQ(Count(indexes), sqlite ? unique_before : before);
  EXPECT_EQ(Count(unique), unique_before);
  int64_t id = 0;
  ASSERT_TRUE(
      store_->Transact(TxMode::kWrite, [&](Tx& tx) { return InsertOrganisation(tx, "B", &id); })
          .ok());
  ASSERT_TRUE(store_->EndBulkLoad().ok());
  EXPECT_EQ(Count(indexes), before);
  EXPECT_EQ(Count(unique), unique_before);
  // A second end has nothing left to build.
  EXPECT_TRUE(store_->EndBulkLoad().ok());
  EXPECT_EQ(Count(indexes), before);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisations WHERE code = 'B'"), 1);
}

TEST_P(StoreTest, EachWriteGetsAVersionRowWithActorTimeAndReason) {
  int64_t id = 0;
  ASSERT_TRUE(
      store_->Transact(TxMode::kWrite, [&](Tx& tx) { return InsertOrganisation(tx, "V", &id); })
          .ok());
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_TRUE(
      store_
          ->Transact(
              TxMode::kWrite,
              [&](Tx& tx) -> Status {
                RETURN_IF_ERROR(
                    tx.Exec("UPDATE organisations SET name = ?, version = version + 1 WHERE id = ?",
                            {std::string("Renamed"), id})
                        .status());
                return storage::WriteVersion(tx, {std::nullopt, "req-2"},
                                             {"organisations", id, "update", "renamed by test"},
                                             clock_.Now());
              })
          .ok());
  std::vector<storage::Version> versions;
  ASSERT_TRUE(store_
                  ->Transact(TxMode::kRead,
                             [&](Tx& tx) -> Status {
                               ASSIGN_OR_RETURN(versions,
                                                storage::ListVersions(tx, "organisations", id));
                               return Status::Ok();
                             })
                  .ok());
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].operation, "create");
  EXPECT_EQ(versions[1].operation, "update");
  EXPECT_EQ(versions[1].reason, "renamed by test");
  EXPECT_FALSE(versions[1].actor_id.has_value());
  EXPECT_EQ(versions[1].at, FormatTimestamp(clock_.Now()));
  EXPECT_EQ(nlohmann::json::parse(versions[0].data)["name"], "Council V");
  EXPECT_EQ(nlohmann::json::parse(versions[1].data)["name"], "Renamed");
}

TEST_P(StoreTest, AVersionNumberCannotBeWrittenTwice) {
  int64_t id = 0;
  ASSERT_TRUE(
      store_->Transact(TxMode::kWrite, [&](Tx& tx) { return InsertOrganisation(tx, "W", &id); })
          .ok());
  // Writing a version without bumping the row's version collides with the one already stored.
  Status s = store_->Transact(TxMode::kWrite, [&](Tx& tx) {
    return storage::WriteVersion(tx, {std::nullopt, ""}, {"organisations", id, "update", "no bump"},
                                 clock_.Now());
  });
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions"), 1);
}

TEST_P(StoreTest, ConcurrentWritersAllLand) {
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status s = store_->Transact(TxMode::kWrite, [&](Tx& tx) {
          int64_t id = 0;
          return InsertOrganisation(tx, "C" + std::to_string(t) + "_" + std::to_string(i), &id);
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisations"), kThreads * kEach);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM record_versions"), kThreads * kEach);
}

TEST_P(StoreTest, BackupRestoresIntoAnEmptyDatabaseOnEitherBackend) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_
                    ->Transact(TxMode::kWrite,
                               [&](Tx& tx) {
                                 int64_t id = 0;
                                 return InsertOrganisation(tx, "B" + std::to_string(i), &id);
                               })
                    .ok());
  }
  std::stringstream file;
  auto written = storage::WriteBackup(*store_, file, clock_);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  EXPECT_EQ(written->rows, 6);  // 3 organisations, 3 versions

  // Restore into both backends that this run has, whichever wrote it.
  std::vector<Backend> targets = {Backend::kSqlite};
  if (PostgresConfigured()) targets.push_back(Backend::kPostgres);
  for (Backend target : targets) {
    TestDb other(target);
    auto dest = other.OpenMigrated();
    std::stringstream in(file.str());
    auto restored = storage::RestoreBackup(*dest, in);
    ASSERT_TRUE(restored.ok()) << BackendName(target) << ": " << restored.status().ToString();
    EXPECT_EQ(restored->rows, 6);
    auto names = storage::QueryOnce(*dest, "SELECT code FROM organisations ORDER BY id");
    ASSERT_TRUE(names.ok());
    ASSERT_EQ(names->size(), 3u);
    EXPECT_EQ(names->rows[2].Text(0), "B2");
    // New rows after a restore continue the numbering rather than colliding.
    Status more = dest->Transact(TxMode::kWrite, [&](Tx& tx) {
      int64_t id = 0;
      RETURN_IF_ERROR(InsertOrganisation(tx, "AFTER", &id));
      EXPECT_GT(id, 3);
      return Status::Ok();
    });
    EXPECT_TRUE(more.ok()) << BackendName(target) << ": " << more.ToString();
  }
}

TEST_P(StoreTest, RestoreRefusesADatabaseWithDataAndChangesNothing) {
  int64_t id = 0;
  ASSERT_TRUE(
      store_->Transact(TxMode::kWrite, [&](Tx& tx) { return InsertOrganisation(tx, "KEEP", &id); })
          .ok());
  std::stringstream file;
  ASSERT_TRUE(storage::WriteBackup(*store_, file, clock_).ok());
  std::stringstream in(file.str());
  auto r = storage::RestoreBackup(*store_, in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisations"), 1);
}

TEST_P(StoreTest, ADamagedBackupIsRejectedWholeWithTheLine) {
  int64_t id = 0;
  ASSERT_TRUE(
      store_->Transact(TxMode::kWrite, [&](Tx& tx) { return InsertOrganisation(tx, "X", &id); })
          .ok());
  std::stringstream file;
  ASSERT_TRUE(storage::WriteBackup(*store_, file, clock_).ok());
  const std::string good = file.str();

  TestDb other(GetParam());
  auto dest = other.OpenMigrated();
  // Truncated: the end marker is missing.
  std::string truncated = good.substr(0, good.rfind("{\"end\""));
  std::stringstream t(truncated);
  auto r1 = storage::RestoreBackup(*dest, t);
  ASSERT_FALSE(r1.ok());
  EXPECT_NE(r1.status().message().find("ends early"), std::string::npos) << r1.status().message();
  // A row for a table Haven does not have.
  std::string alien = good;
  alien.insert(good.find('\n') + 1, "{\"t\":\"passwords\",\"r\":{\"id\":\"1\"}}\n");
  std::stringstream a(alien);
  auto r2 = storage::RestoreBackup(*dest, a);
  ASSERT_FALSE(r2.ok());
  EXPECT_NE(r2.status().message().find("line 2"), std::string::npos) << r2.status().message();
  auto rows = storage::QueryOnce(*dest, "SELECT COUNT(*) FROM organisations");
  EXPECT_EQ(rows->rows[0].Int(0), 0);
}

// A bug that throws inside a transaction must not cost the pool its connection: with a pool of
// one, the next transaction would otherwise wait for a connection that never comes back.
TEST_P(StoreTest, AnExceptionInsideATransactionRollsBackAndReturnsTheConnection) {
  auto small = db_->Open(/*pool_size=*/1);
  ASSERT_NE(small, nullptr);
  EXPECT_THROW(small->Transact(TxMode::kWrite,
                               [&](Tx& tx) -> Status {
                                 int64_t id = 0;
                                 RETURN_IF_ERROR(InsertOrganisation(tx, "THROWN", &id));
                                 throw std::runtime_error("a bug");
                               }),
               std::runtime_error);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(small->Ping().ok()) << "attempt " << i;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM organisations"), 0);
}

// Versions written with the ids a PostgreSQL sequence can leave visible out of order: a later id
// committed first, then the earlier; and an id never used (a rolled-back transaction).
TEST_P(StoreTest, TheChangeFeedFindsVersionsThatCommitOutOfOrderAndGivesUpOnRollbacks) {
  auto version = [&](int64_t id, int64_t record) {
    return store_->Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
      return tx
          .Exec(
              "INSERT INTO record_versions (id, entity, record_id, version, operation, at, "
              "reason, data) VALUES (?, 'referrals', ?, 1, 'create', 'now', 'test', "
              "'{\"person_id\": \"7\"}')",
              {id, record})
          .status();
    });
  };
  storage::ChangeFeed feed(std::chrono::seconds(60));
  auto next = [&](size_t limit = 100) {
    Result<std::vector<storage::VersionSeen>> out = std::vector<storage::VersionSeen>();
    EXPECT_TRUE(store_
                    ->Transact(TxMode::kRead,
                               [&](Tx& tx) -> Status {
                                 out = feed.Next(tx, limit, clock_.Now());
                                 return Status::Ok();
                               })
                    .ok());
    return out;
  };
  auto ids = [](const std::vector<storage::VersionSeen>& changes) {
    std::vector<int64_t> out;
    for (const auto& c : changes) out.push_back(c.id);
    return out;
  };
  ASSERT_TRUE(version(1000001, 1).ok());
  ASSERT_TRUE(
      store_->Transact(TxMode::kRead, [&](Tx& tx) { return feed.Start(tx, clock_.Now()); }).ok());
  EXPECT_TRUE(next()->empty());
  ASSERT_TRUE(version(1000003, 3).ok());  // 1000002 is still being written
  ASSERT_TRUE(version(1000005, 5).ok());  // and 1000004
  auto first = next();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(ids(*first), (std::vector<int64_t>{1000003, 1000005}));
  EXPECT_EQ((*first)[0].entity, "referrals");
  EXPECT_EQ((*first)[0].record_id, 3);
  EXPECT_EQ(feed.waiting(), 2u);
  ASSERT_TRUE(version(1000002, 2).ok());  // commits late
  EXPECT_EQ(ids(*next()), (std::vector<int64_t>{1000002}));
  EXPECT_EQ(feed.waiting(), 1u);
  EXPECT_TRUE(next()->empty());  // nothing is given twice
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_TRUE(next()->empty());
  EXPECT_EQ(feed.waiting(), 0u);  // 1000004 was rolled back: no longer looked for
  for (int64_t id = 1000006; id < 1000010; ++id) ASSERT_TRUE(version(id, id).ok());
  EXPECT_EQ(next(3).status().code(), StatusCode::kResourceExhausted);
}

HAVEN_INSTANTIATE_BACKENDS(StoreTest);

}  // namespace
}  // namespace haven::test

namespace haven::test {
namespace {

// When PostgreSQL drops Haven's connections (a restart, a failover), the request in flight gets
// Unavailable and the pool reconnects for the next one.
TEST(PostgresReconnectTest, ThePoolReconnectsAfterTheServerDropsItsConnections) {
  if (!PostgresConfigured()) GTEST_SKIP() << "HAVEN_TEST_POSTGRES_URL is not set";
  TestDb db(Backend::kPostgres);
  auto store = db.OpenMigrated(/*pool_size=*/1);
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->Ping().ok());
  auto admin = app::OpenStore(std::getenv("HAVEN_TEST_POSTGRES_URL"), 1);
  ASSERT_TRUE(admin.ok());
  auto killed = storage::QueryOnce(**admin,
                                   "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                   "WHERE application_name = 'haven' AND pid <> pg_backend_pid()");
  ASSERT_TRUE(killed.ok()) << killed.status().ToString();
  EXPECT_GE(killed->rows[0].Int(0), 1);
  // The pool's one connection was killed: the next use finds out, and the one after reconnects.
  Status first = store->Ping();
  EXPECT_EQ(first.code(), StatusCode::kUnavailable) << first.ToString();
  EXPECT_TRUE(store->Ping().ok());
  EXPECT_EQ(*storage::SchemaVersion(*store), storage::HavenMigrations().back().version);
}

}  // namespace
}  // namespace haven::test
