#pragma once

// The JSON API under /api/v1, plus /healthz and /readyz. Handlers are thin: they parse the
// request, find the caller (session cookie or API token, with the CSRF check for cookie
// sessions), call a service, and render the result or the error. Permission checks are made by
// the services through access::Authorize, never decided here.

#include <chrono>

#include "access/auth_service.h"
#include "access/user_service.h"
#include "common/clock.h"
#include "exports/annex_a.h"
#include "exports/data_quality.h"
#include "http/router.h"
#include "org/org_service.h"
#include "org/workforce_service.h"
#include "record/allocation_service.h"
#include "record/casework_service.h"
#include "record/contact_service.h"
#include "record/merge_service.h"
#include "record/people_service.h"
#include "record/person_details_service.h"
#include "record/record_access.h"
#include "record/search_service.h"
#include "reporting/mi_service.h"
#include "reporting/scorecard.h"
#include "storage/store.h"

namespace haven::api {

struct ApiServices {
  access::AuthService& auth;
  access::UserService& users;
  org::OrgService& org;
  record::PeopleService& people;
  record::PersonDetailsService& details;
  record::SearchService& search;
  record::ContactService& contacts;
  record::CaseworkService& casework;
  record::AllocationService& allocations;
  record::MergeService& merges;
  record::RecordAccess& record_access;
  const clocks::Timescales& timescales;
  storage::Store& store;
  const Clock& clock;
  std::chrono::seconds session_max_age{12 * 3600};
  // Told of every Internal or Unavailable error, with its detail, for the server log.
  std::function<void(const std::string& request_id, const Status&)> on_server_error;
  // The data-quality view of the statutory returns (returns_api.cc); its routes answer 503
  // without it.
  exports::DataQualityService* data_quality = nullptr;
  // Management information (performance_api.cc); its routes answer 503 without it.
  reporting::MiService* mi = nullptr;
  // The contract scorecard (performance_api.cc); its routes answer 503 without it.
  reporting::ScorecardService* scorecards = nullptr;
  // Ofsted's Annex A download (returns_api.cc); its route answers 503 without it.
  exports::AnnexAService* annex_a = nullptr;
  // Teams' establishment and staff sickness (workforce_api.cc); 503 without it.
  org::WorkforceService* workforce = nullptr;
};

inline constexpr const char* kSessionCookie = "haven_session";
inline constexpr const char* kCsrfHeader = "x-csrf-token";

// The data-quality and Annex A routes (returns_api.cc).
void RegisterReturnsApi(http::Router& router, const ApiServices& services);

// The workforce routes: establishment and sickness (workforce_api.cc).
void RegisterWorkforceApi(http::Router& router, const ApiServices& services);

// The management-information routes (performance_api.cc).
void RegisterPerformanceApi(http::Router& router, const ApiServices& services);
// The contract scorecard's routes (performance_api.cc).
void RegisterContractApi(http::Router& router, const ApiServices& services);
// The filter a performance request names (team, service_area, organisation ids), and the
// figures as a CSV or xlsx download, for the API and the web pages.
Result<reporting::MiFilter> PerformanceFilter(const http::Request& req);
http::Response PerformanceDownload(const reporting::Overview& o, const std::string& format);

// The casework, allocation, merge and OpenAPI routes (casework_api.cc).
void RegisterCaseworkApi(http::Router& router, const ApiServices& services);

// The Annex A workbook as a download (an attachment named by its date), with the number of people
// left out as restricted from the reader in X-Annex-A-Withheld.
http::Response AnnexAResponse(const exports::AnnexADownload& download);

// Adds every route to `router`.
void RegisterApi(http::Router& router, const ApiServices& services);

// The security headers every response carries (CSP, nosniff, frame denial, no-store, referrer
// policy, HSTS).
const std::vector<std::pair<std::string, std::string>>& SecurityHeaders();

// Wraps a handler so every response carries SecurityHeaders().
http::Handler WithSecurityHeaders(http::Handler inner);

}  // namespace haven::api
