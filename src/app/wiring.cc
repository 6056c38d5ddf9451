#include "app/wiring.h"

#include <filesystem>

#include "storage/database_url.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace haven::app {

Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& url, int pool_size, bool lazy,
                                                  bool bulk_load) {
  ASSIGN_OR_RETURN(storage::DatabaseUrl parsed, storage::ParseDatabaseUrl(url));
  if (parsed.backend == storage::Backend::kSqlite) {
    storage::SqliteOptions options;
    options.path = parsed.target;
    options.pool_size = bulk_load ? 1 : pool_size;
    options.bulk_load = bulk_load;
    return storage::OpenSqliteStore(options);
  }
  storage::PostgresOptions options;
  options.uri = parsed.target;
  options.pool_size = pool_size;
  options.lazy = lazy;
  return storage::OpenPostgresStore(options);
}

Services::Services(storage::Store& store, const Clock& clock, Random& random,
                   access::HashStrength strength, access::AuthOptions auth_options,
                   std::chrono::seconds session_max_age)
    : store(store),
      calendar(clocks::WorkingCalendar::EnglandAndWales()),
      hasher(strength),
      org(store, clock),
      workforce(store, clock, calendar),
      users(store, clock, hasher),
      auth(store, clock, random, hasher, auth_options),
      record_access(store, clock),
      people(store, clock, record_access),
      details(store, clock, record_access),
      search(store, clock),
      contacts(store, clock, calendar, timescales, record_access),
      casework(store, clock, record_access, calendar, timescales),
      allocations(store, clock, record_access, casework, calendar),
      merges(store, clock, record_access),
      loader(store, clock),
      data_quality(store, clock, calendar, record_access, returns::CinRules(),
                   returns::Ssda903Rules()),
      mi(store, clock, calendar, timescales, record_access, reporting::MiOptions{}),
      scorecards(store, clock, mi),
      annex_a(store, clock, record_access),
      api{auth,     users,         org,
          people,   details,       search,
          contacts, casework,      allocations,
          merges,   record_access, timescales,
          store,    clock,         session_max_age,
          {}},
      random_(random) {
  api.data_quality = &data_quality;
  api.mi = &mi;
  api.scorecards = &scorecards;
  api.annex_a = &annex_a;
  api.workforce = &workforce;
  api::RegisterApi(router, api);
  handler = api::WithSecurityHeaders([this](http::Request& req) { return router.Handle(req); });
}

size_t Services::EnableWeb(const std::string& assets_dir, web::WebOptions options) {
  web_assets_ = web::LoadAssets(assets_dir);
  web_options_ = options;
  web::RegisterWeb(router, api, web_assets_, web_options_, random_);
  return web_assets_.size();
}

std::string WebAssetsDir(const Settings& s) {
  if (!s.web_assets.empty()) return s.web_assets;
  // The build puts the program in build/<preset>/ and scripts/web.sh the assets in build/web.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "build/web";
  return (exe.parent_path().parent_path() / "web").string();
}

Status ApplyLocalStandards(const Settings& s, clocks::Timescales& timescales) {
  for (const auto& [id, amount] : s.local_standards) {
    Status applied = timescales.SetLocalStandard(id, amount);
    if (!applied.ok()) {
      return InvalidArgument("local_standards: " + id + ": " + applied.message(),
                             "local_standards");
    }
  }
  return Status::Ok();
}

access::AuthOptions AuthOptionsFrom(const Settings& s) {
  access::AuthOptions o;
  o.idle = std::chrono::minutes(s.session_idle_minutes);
  o.max_age = std::chrono::hours(s.session_max_hours);
  return o;
}

}  // namespace haven::app
