#pragma once

// Organisations, service areas and teams: who runs what. Every record belongs to a service area,
// and which organisation runs a service area is effective-dated, so a service can move between a
// council and a trust on a date with its records intact.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/validate.h"

namespace haven::org {

enum class OrganisationKind { kCouncil, kTrust, kCommissioner, kPartnerAgency, kGovernment };

std::string_view KindName(OrganisationKind kind);
std::optional<OrganisationKind> ParseKind(std::string_view name);

struct Organisation {
  int64_t id = 0;
  std::string code;
  std::string name;
  OrganisationKind kind = OrganisationKind::kCouncil;
  bool active = true;
};

struct ServiceArea {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::optional<int64_t> parent_id;
  bool active = true;
};

struct Team {
  int64_t id = 0;
  std::string code;
  std::string name;
  int64_t service_area_id = 0;
  bool active = true;
};

}  // namespace haven::org
