#include "app/demo.h"

#include <map>

namespace haven::app {

Result<DemoSummary> CreateDemoAuthority(Services& s, const std::string& password) {
  const storage::Actor system{std::nullopt, "demo"};
  const std::string reason = "demo authority";
  DemoSummary summary;

  ASSIGN_OR_RETURN(auto council, s.org.CreateOrganisation(
                                     system,
                                     {0, "DMBC", "Doncaster Metropolitan Borough Council (demo)",
                                      org::OrganisationKind::kCouncil, true},
                                     reason));
  ASSIGN_OR_RETURN(
      auto trust, s.org.CreateOrganisation(system,
                                           {0, "DCST", "Doncaster Children's Services Trust (demo)",
                                            org::OrganisationKind::kTrust, true},
                                           reason));
  RETURN_IF_ERROR(
      s.org
          .CreateOrganisation(system,
                              {0, "DFE-COMM", "DfE Children's Services Commissioner (demo)",
                               org::OrganisationKind::kCommissioner, true},
                              reason)
          .status());
  summary.organisations = 3;

  struct AreaSpec {
    const char* code;
    const char* name;
    const char* parent;
    bool trust_runs;
  };
  // The Children and Families branch ran in the trust; the council kept Education and
  // Commissioning and Performance.
  const AreaSpec areas[] = {
      {"CYPS", "Children and Young People's Service", nullptr, false},
      {"CF", "Children and Families", "CYPS", false},
      {"IFSS", "Integrated Family Support Service", "CF", true},
      {"CMARAS", "Children's Multi-Agency Referral and Assessment Service", "CF", true},
      {"TFS", "Targeted Family Support", "CF", true},
      {"CYPIC", "Children and Young People in Care", "CF", true},
      {"YOS", "Youth Offending Service", "CF", true},
      {"EDU", "Education", "CYPS", false},
      {"SEND", "Special Educational Needs and Disabilities", "EDU", false},
      {"CP", "Commissioning and Performance", "CYPS", false},
      {"SAFSTD", "Safeguarding Standards", "CP", true},
      {"EPERF", "eServices and Performance", "CP", false},
  };
  std::map<std::string, int64_t> area_ids;
  for (const auto& a : areas) {
    org::NewServiceArea na;
    na.code = a.code;
    na.name = a.name;
    if (a.parent) na.parent_id = area_ids.at(a.parent);
    na.organisation_id = a.trust_runs ? trust.id : council.id;
    na.effective_from = a.trust_runs ? "2014-10-01" : "2000-01-01";
    ASSIGN_OR_RETURN(auto created, s.org.CreateServiceArea(system, na, reason));
    area_ids[a.code] = created.id;
    ++summary.service_areas;
  }

  struct TeamSpec {
    const char* code;
    const char* name;
    const char* area;
  };
  const TeamSpec teams[] = {
      {"FRONT-DOOR", "Front door (MASH)", "CMARAS"},
      {"ASSESS-1", "Assessment team 1", "CMARAS"},
      {"CIN-CP-1", "Children in need and child protection team 1", "TFS"},
      {"CIN-CP-2", "Children in need and child protection team 2", "TFS"},
      {"CLA-1", "Children in care team 1", "CYPIC"},
      {"LEAVING-CARE", "Leaving care (16+)", "CYPIC"},
      {"FOSTERING", "Fostering", "CYPIC"},
      {"ADOPTION", "Adoption", "CYPIC"},
      {"EARLY-HELP", "Early help", "IFSS"},
      {"IRO", "Independent reviewing officers and CP chairs", "SAFSTD"},
      {"PERFORMANCE", "Performance and data", "EPERF"},
  };
  std::map<std::string, int64_t> team_ids;
  for (const auto& t : teams) {
    ASSIGN_OR_RETURN(
        auto created,
        s.org.CreateTeam(system, {0, t.code, t.name, area_ids.at(t.area), true}, reason));
    team_ids[t.code] = created.id;
    ++summary.teams;
  }

  struct UserSpec {
    const char* username;
    const char* name;
    const char* role;
    const char* team;
  };
  const UserSpec users[] = {
      {"admin", "Demo Administrator", "administrator", nullptr},
      {"frontdoor", "Demo Front-door Worker", "front_door_worker", "FRONT-DOOR"},
      {"social.worker", "Demo Social Worker", "social_worker", "CIN-CP-1"},
      {"agency.worker", "Demo Agency Social Worker", "social_worker", "CIN-CP-2"},
      {"team.manager", "Demo Team Manager", "team_manager", "CIN-CP-1"},
      {"iro", "Demo Reviewing Officer", "reviewing_officer", "IRO"},
      {"performance", "Demo Performance Officer", "performance_officer", "PERFORMANCE"},
      {"director", "Demo Director", "director", nullptr},
      {"commissioner", "Demo Commissioner", "commissioner", nullptr},
      {"partner", "Demo Partner Agency", "partner_agency", nullptr},
  };
  for (const auto& u : users) {
    access::NewUser nu;
    nu.username = u.username;
    nu.display_name = u.name;
    nu.password = password;
    nu.roles = {u.role};
    if (u.team) nu.team_id = team_ids.at(u.team);
    if (u.team) {
      const bool agency = std::string(u.username) == "agency.worker";
      nu.employment = {agency ? "agency" : "permanent", agency ? 0.8 : 1.0, "2024-04-01",
                       std::nullopt};
    }
    RETURN_IF_ERROR(s.users.Create(system, nu, reason).status());
    ++summary.users;
  }
  return summary;
}

}  // namespace haven::app
