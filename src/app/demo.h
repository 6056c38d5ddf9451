#pragma once

// The demo authority: the default service structure of SERVICES.md (a council, the trust that ran
// its children's services from 2014 to 2022, the DfE commissioner, and their service areas and
// teams) and one demo account per role. The synthetic children and their history come with the
// `haven demo` generator.

#include <string>

#include "app/wiring.h"
#include "common/status.h"

namespace haven::app {

struct DemoSummary {
  int organisations = 0;
  int service_areas = 0;
  int teams = 0;
  int users = 0;
};

// Creates the structure and accounts in an empty, migrated database. Every account gets
// `password`. Fails with AlreadyExists if the demo is already there.
Result<DemoSummary> CreateDemoAuthority(Services& services, const std::string& password);

}  // namespace haven::app
