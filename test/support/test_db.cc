#include "support/test_db.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "app/wiring.h"
#include "common/clock.h"
#include "storage/migrations.h"
#include "storage/schema.h"

namespace haven::test {
namespace {

std::string Unique() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(rd() % 100000);
}

void AdminExec(const std::string& sql) {
  PGconn* c = PQconnectdb(std::getenv("HAVEN_TEST_POSTGRES_URL"));
  if (PQstatus(c) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to test PostgreSQL: " << PQerrorMessage(c);
    PQfinish(c);
    return;
  }
  PQclear(PQexec(c, "SET client_min_messages TO warning"));
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK) ADD_FAILURE() << sql << ": " << PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
}

}  // namespace

std::string BackendName(Backend b) { return b == Backend::kSqlite ? "sqlite" : "postgres"; }

bool PostgresConfigured() {
  const char* url = std::getenv("HAVEN_TEST_POSTGRES_URL");
  return url != nullptr && *url != '\0';
}

TestDb::TestDb(Backend backend) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    dir_ = (std::filesystem::temp_directory_path() / ("haven_test_" + Unique())).string();
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + dir_ + "/haven.db";
    return;
  }
  schema_ = "t_" + Unique();
  AdminExec("CREATE SCHEMA " + schema_);
  std::string base = std::getenv("HAVEN_TEST_POSTGRES_URL");
  url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema_;
}

TestDb::~TestDb() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (!schema_.empty()) AdminExec("DROP SCHEMA " + schema_ + " CASCADE");
}

std::unique_ptr<storage::Store> TestDb::Open(int pool_size) const {
  auto store = app::OpenStore(url_, pool_size);
  if (!store.ok()) {
    ADD_FAILURE() << "cannot open test database: " << store.status().ToString();
    return nullptr;
  }
  return std::move(store).value();
}

std::unique_ptr<storage::Store> TestDb::OpenMigrated(int pool_size) const {
  auto store = Open(pool_size);
  if (!store) return nullptr;
  SystemClock clock;
  auto applied = storage::Migrate(*store, storage::HavenMigrations(), clock);
  if (!applied.ok()) ADD_FAILURE() << "migration failed: " << applied.status().ToString();
  return store;
}

}  // namespace haven::test
