#include "org/org.h"

namespace haven::org {

std::string_view KindName(OrganisationKind kind) {
  switch (kind) {
    case OrganisationKind::kCouncil:
      return "council";
    case OrganisationKind::kTrust:
      return "trust";
    case OrganisationKind::kCommissioner:
      return "commissioner";
    case OrganisationKind::kPartnerAgency:
      return "partner_agency";
    case OrganisationKind::kGovernment:
      return "government";
  }
  return "council";
}

std::optional<OrganisationKind> ParseKind(std::string_view name) {
  for (auto k :
       {OrganisationKind::kCouncil, OrganisationKind::kTrust, OrganisationKind::kCommissioner,
        OrganisationKind::kPartnerAgency, OrganisationKind::kGovernment}) {
    if (KindName(k) == name) return k;
  }
  return std::nullopt;
}

}  // namespace haven::org
