#include "storage/database_url.h"

#include <gtest/gtest.h>

#include "storage/migrations.h"
#include "storage/postgres/postgres_store.h"

namespace haven::storage {
namespace {

TEST(DatabaseUrlTest, SqliteForms) {
  auto a = ParseDatabaseUrl("sqlite:data/haven.db");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->backend, Backend::kSqlite);
  EXPECT_EQ(a->target, "data/haven.db");
  auto b = ParseDatabaseUrl("sqlite:///var/lib/haven.db");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->target, "/var/lib/haven.db");
}

TEST(DatabaseUrlTest, PostgresKeepsTheUriAndRedactsThePassword) {
  auto p = ParseDatabaseUrl("postgres://haven:s3cret@db.local:5432/haven");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->backend, Backend::kPostgres);
  EXPECT_EQ(p->target, "postgres://haven:s3cret@db.local:5432/haven");
  EXPECT_EQ(p->redacted, "postgres://haven:***@db.local:5432/haven");
  EXPECT_TRUE(ParseDatabaseUrl("postgresql://localhost/haven").ok());
  auto q = ParseDatabaseUrl("postgres://db.local/haven?user=u&password=hunter2&sslmode=require");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->redacted, "postgres://db.local/haven?user=u&password=***&sslmode=require");
  EXPECT_EQ(q->target.find("***"), std::string::npos) << "the real URI keeps the password";
}

TEST(DatabaseUrlTest, BadUrlsNameTheSetting) {
  for (const char* bad : {"mysql://x/y", "haven.db", "sqlite:", "postgres://", ""}) {
    auto r = ParseDatabaseUrl(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "database") << bad;
  }
  auto r = ParseDatabaseUrl("oracle://u:pw@h/d");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find("pw@"), std::string::npos) << "password leaked into message";
}

TEST(DialectTest, PlaceholdersAndTokens) {
  EXPECT_EQ(PostgresPlaceholders("SELECT ? , '?' , ?"), "SELECT $1 , '?' , $2");
  EXPECT_EQ(ExpandDialect("id {pk}", Dialect::kSqlite), "id INTEGER PRIMARY KEY AUTOINCREMENT");
  EXPECT_EQ(ExpandDialect("id {pk}", Dialect::kPostgres), "id BIGSERIAL PRIMARY KEY");
}

}  // namespace
}  // namespace haven::storage
