#pragma once

// The one place where Haven's concrete objects are built and connected. Commands, the server and
// the integration tests all start from here.

#include <memory>
#include <string>

#include "access/auth_service.h"
#include "access/password.h"
#include "access/user_service.h"
#include "api/api.h"
#include "clocks/calendar.h"
#include "clocks/timescales.h"
#include "common/clock.h"
#include "common/config.h"
#include "common/random.h"
#include "http/router.h"
#include "org/org_service.h"
#include "record/allocation_service.h"
#include "record/casework_service.h"
#include "record/contact_service.h"
#include "record/merge_service.h"
#include "record/people_service.h"
#include "record/person_details_service.h"
#include "record/record_access.h"
#include "record/record_loader.h"
#include "record/search_service.h"
#include "storage/store.h"
#include "web/web.h"

namespace haven::app {

// Opens the store a database URL names. `lazy` (PostgreSQL only) defers connecting.
// `bulk_load` (SQLite only) is for building a new database in one go; see SqliteOptions.
Result<std::unique_ptr<storage::Store>> OpenStore(const std::string& url, int pool_size,
                                                  bool lazy = false, bool bulk_load = false);

// The services over one store, and the API router over them.
class Services {
 public:
  Services(storage::Store& store, const Clock& clock, Random& random, access::HashStrength strength,
           access::AuthOptions auth_options, std::chrono::seconds session_max_age);
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;

  storage::Store& store;
  clocks::WorkingCalendar calendar;
  clocks::Timescales timescales;
  access::PasswordHasher hasher;
  org::OrgService org;
  org::WorkforceService workforce;
  access::UserService users;
  access::AuthService auth;
  record::RecordAccess record_access;
  record::PeopleService people;
  record::PersonDetailsService details;
  record::SearchService search;
  record::ContactService contacts;
  record::CaseworkService casework;
  record::AllocationService allocations;
  record::MergeService merges;
  record::RecordLoader loader;
  exports::DataQualityService data_quality;
  reporting::MiService mi;
  reporting::ScorecardService scorecards;
  exports::AnnexAService annex_a;
  api::ApiServices api;
  http::Router router;
  // The router behind the security headers: what the server runs.
  http::Handler handler;

  // Adds the web pages to the router, serving the assets in `assets_dir` (see web::LoadAssets).
  // Returns how many asset files were found: none means the pages are served unstyled.
  size_t EnableWeb(const std::string& assets_dir, web::WebOptions options);

 private:
  Random& random_;
  web::Assets web_assets_;
  web::WebOptions web_options_;
};

// The web assets' folder a setting names, or else build/web beside the program's build folder.
std::string WebAssetsDir(const Settings& s);

access::AuthOptions AuthOptionsFrom(const Settings& s);

// Applies the settings' local standards to `timescales`; an unknown or statutory timescale is an
// error naming the local_standards setting.
Status ApplyLocalStandards(const Settings& s, clocks::Timescales& timescales);

}  // namespace haven::app
