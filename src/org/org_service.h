#pragma once

// Reads and writes organisations, service areas, their effective-dated owners, and teams. Every
// write is versioned with its actor and reason.

#include <string>
#include <vector>

#include "common/clock.h"
#include "org/org.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::org {

struct NewServiceArea {
  std::string code;
  std::string name;
  std::optional<int64_t> parent_id;
  int64_t organisation_id = 0;  // who runs it from `effective_from`
  std::string effective_from;   // YYYY-MM-DD
};

class OrgService {
 public:
  OrgService(storage::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Result<Organisation> CreateOrganisation(const storage::Actor& actor, const Organisation& o,
                                          const std::string& reason);
  Result<std::vector<Organisation>> ListOrganisations();
  Result<ServiceArea> CreateServiceArea(const storage::Actor& actor, const NewServiceArea& a,
                                        const std::string& reason);
  Result<std::vector<ServiceArea>> ListServiceAreas();
  Result<Team> CreateTeam(const storage::Actor& actor, const Team& t, const std::string& reason);
  Result<std::vector<Team>> ListTeams();
  Result<Team> FindTeamByCode(const std::string& code);
  // The organisation running the service area on `date` (YYYY-MM-DD).
  Result<Organisation> OwnerOn(int64_t service_area_id, const std::string& date);

 private:
  storage::Store& store_;
  const Clock& clock_;
};

}  // namespace haven::org
