#pragma once

// The page groups, each registering its routes (one file each).

#include "http/router.h"
#include "web/internal/page.h"

namespace haven::web::internal {

// My work (the home page) and person search (work_pages.cc).
void AddWorkPages(http::Router& r, Ctx ctx);
// The child's record: summary, chronology, tabs, and the forms for each step (child_pages.cc).
void AddChildPages(http::Router& r, Ctx ctx);
// The front door: the contact queue, recording a contact, the decision (front_door_pages.cc).
void AddFrontDoorPages(http::Router& r, Ctx ctx);
// Team management, data quality and administration (team_pages.cc).
void AddTeamPages(http::Router& r, Ctx ctx);
// Management information: the dashboard, each measure with the list behind it, downloads
// (performance_pages.cc).
void AddPerformancePages(http::Router& r, Ctx ctx);
// The contract scorecard and the board pack, as a page and as PDF (scorecard_pages.cc).
void AddScorecardPages(http::Router& r, Ctx ctx);
// Teams' establishment against their staff, and sickness absence (workforce_pages.cc).
void AddWorkforcePages(http::Router& r, Ctx ctx);
// Ofsted's Annex A: the inspection date and the workbook's download (annex_a_page.cc).
void AddAnnexAPages(http::Router& r, Ctx ctx);

}  // namespace haven::web::internal
