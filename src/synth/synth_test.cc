// The synthetic authority's pure parts: identities with valid check characters, and a workforce
// with a manager in every team every day, turnover, an agency share and the demo posts kept.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "domain/identifiers.h"
#include "domain/person.h"
#include "synth/identity.h"
#include "synth/workforce.h"

namespace haven::synth {
namespace {

TEST(SynthIdentityTest, UpnsAndNhsNumbersAreValidAndDistinct) {
  std::set<std::string> upns, nhs;
  for (int64_t serial = 1; serial <= 20000; ++serial) {
    const std::string upn = Upn(371, serial, 2016 + static_cast<int>(serial % 10));
    ASSERT_TRUE(domain::ValidateUpn(upn).ok()) << upn;
    EXPECT_EQ(upn.substr(1, 3), "371");
    upns.insert(upn);
    const std::string n = NhsNumber(serial);
    ASSERT_TRUE(domain::ValidateNhsNumber(n).ok()) << n;
    EXPECT_EQ(n.substr(0, 3), "999");  // the range the NHS keeps for testing
    nhs.insert(n);
  }
  EXPECT_EQ(upns.size(), 20000u);
  EXPECT_EQ(nhs.size(), 20000u);
}

TEST(SynthIdentityTest, NamesAddressesAndEthnicityLookLikeTheBorough) {
  Rng rng(3);
  std::map<std::string, int> ethnicity;
  std::set<std::string> families;
  for (int i = 0; i < 5000; ++i) {
    const std::string eth = Ethnicity(rng);
    ++ethnicity[eth];
    domain::Person p;
    p.given_name = GivenName(rng, i % 2 ? "M" : "F", eth);
    p.family_name = FamilyName(rng, eth);
    families.insert(p.family_name);
    p.date_of_birth = "2015-01-01";
    p.sex = i % 2 ? "M" : "F";
    p.ethnicity = eth;
    ASSERT_TRUE(domain::NormalisePerson(p).ok());
    ASSERT_TRUE(domain::ValidatePerson(p, "2026-01-01").ok()) << p.given_name << " " << eth;
    const domain::Address a = HomeAddress(rng);
    EXPECT_FALSE(a.line1.empty());
    ASSERT_TRUE(domain::NormalisePostcode(a.postcode).ok()) << a.postcode;
    EXPECT_TRUE(a.postcode.rfind("DN", 0) == 0 || a.postcode.rfind("S64", 0) == 0) << a.postcode;
    ASSERT_TRUE(domain::NormalisePostcode(Postcode(rng)).ok());
  }
  // Mostly White British, as in the borough, with every group present.
  EXPECT_GT(ethnicity["WBRI"], 3800);
  EXPECT_LT(ethnicity["WBRI"], 4500);
  EXPECT_GT(ethnicity.size(), 10u);
  EXPECT_GT(families.size(), 100u);
}

TEST(SynthWorkforceTest, EveryTeamHasAManagerEveryDayAndTheDemoPostsAreKept) {
  Rng rng(1);
  const Date from = Date::FromYmd(2016, 11, 20), today = Date::FromYmd(2026, 11, 20);
  const Date demo = Date::FromYmd(2024, 4, 1);
  const std::vector<DemoPost> posts = {
      {"social.worker", "CIN-CP-1", "social_worker", "permanent", demo},
      {"team.manager", "CIN-CP-1", "team_manager", "permanent", demo}};
  const WorkforcePlan plan = PlanWorkforce(rng, 1.0, from, today, posts);
  std::map<std::string, int> teams_of_kind;
  for (const auto& t : plan.teams) ++teams_of_kind[t.code.substr(0, t.code.find('-'))];
  EXPECT_EQ(teams_of_kind["CIN"], 16);
  EXPECT_EQ(teams_of_kind["ASSESS"], 5);
  std::set<std::string> usernames;
  int social_workers_today = 0, agency_today = 0;
  for (const auto& s : plan.staff) {
    EXPECT_TRUE(usernames.insert(s.username).second) << s.username;
    EXPECT_TRUE(!s.end || s.start <= *s.end) << s.username;
    if (s.role == "social_worker" && s.start <= today && (!s.end || *s.end >= today)) {
      ++social_workers_today;
      if (s.type == "agency") ++agency_today;
    }
  }
  // A manager in post in every team on every day of the history (authorisations need one).
  for (const auto& t : plan.teams) {
    for (Date d = from; d <= today; d = d.AddDays(7)) {
      bool found = false;
      for (const auto& s : plan.staff) {
        if (s.team == t.code && s.role == "team_manager" && s.start <= d &&
            (!s.end || d <= *s.end)) {
          found = true;
        }
      }
      ASSERT_TRUE(found) << t.code << " has no manager on " << d.ToString();
    }
  }
  // Agency staff: a minority of the social workers in post (13-18% in England).
  ASSERT_GT(social_workers_today, 150);
  EXPECT_GT(agency_today, social_workers_today / 20);
  EXPECT_LT(agency_today, social_workers_today / 3);
  // The demo accounts hold their posts from their start, and the generated holders left before.
  int demo_held = 0;
  for (const auto& s : plan.staff) {
    if (s.exists) {
      ++demo_held;
      EXPECT_EQ(s.start, demo);
    }
  }
  EXPECT_EQ(demo_held, 2);
  // The same seed gives the same plan.
  Rng again(1);
  const WorkforcePlan second = PlanWorkforce(again, 1.0, from, today, posts);
  ASSERT_EQ(second.staff.size(), plan.staff.size());
  for (size_t i = 0; i < plan.staff.size(); ++i) {
    EXPECT_EQ(second.staff[i].display_name, plan.staff[i].display_name);
  }
}

}  // namespace
}  // namespace haven::synth
