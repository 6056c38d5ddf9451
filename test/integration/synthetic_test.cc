// The record loader and the synthetic authority on both backends: a hand-written history loads
// and is versioned as recorded; each bad fact is refused with the child, the fact and the field
// named, and nothing of the batch is kept; the generated authority obeys the record's rules, is the
// same for the same seed, has its faults where the manifest says, and its rates are near England's.
#include "app/synthetic.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "app/wiring.h"
#include "domain/identifiers.h"
#include "support/test_db.h"

namespace haven::test {
namespace {

using record::ChildHistory;
using record::LoadStep;

TimePoint At(const std::string& stamp) {
  TimePoint t;
  EXPECT_TRUE(ParseTimestamp(stamp, &t)) << stamp;
  return t;
}

class LoaderTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    OpenDatabase();
    if (HasFatalFailure()) return;
    services_ =
        std::make_unique<app::Services>(*store_, clock_, random_, access::HashStrength::kMinimum,
                                        access::AuthOptions{}, std::chrono::hours(12));
    auto demo = app::CreateDemoAuthority(*services_, "demo-password");
    ASSERT_TRUE(demo.ok()) << demo.status().ToString();
    admin_ = PrincipalOf("admin");
    area_ = Id("SELECT id FROM service_areas WHERE code = 'CF'");
    team_ = Id("SELECT id FROM teams WHERE code = 'CIN-CP-1'");
    worker_ = Id("SELECT id FROM users WHERE username = 'social.worker'");
    manager_ = Id("SELECT id FROM users WHERE username = 'team.manager'");
  }

  int64_t Id(const std::string& sql) {
    auto r = storage::QueryOnce(*store_, sql);
    EXPECT_TRUE(r.ok() && !r->empty()) << sql;
    return r.ok() && !r->empty() ? r->rows[0].Int(0) : 0;
  }

  access::Principal PrincipalOf(const std::string& username) {
    auto u = services_->users.FindByUsername(username);
    EXPECT_TRUE(u.ok());
    access::Principal p;
    p.user_id = u->id;
    p.username = u->username;
    p.roles = u->roles;
    p.team_id = u->team_id;
    return p;
  }

  // A child referred by the police in May 2025, assessed (authorised by the team manager) and
  // put on a child in need plan, allocated to the demo social worker.
  ChildHistory GoodChild(const std::string& la_id) {
    ChildHistory h;
    h.person.service_area_id = area_;
    h.person.given_name = "Ruby";
    h.person.family_name = "Lockwood";
    h.person.date_of_birth = "2016-02-03";
    h.person.sex = "F";
    h.person.ethnicity = "WBRI";
    h.person.la_child_id = la_id;
    h.person.nhs_number = "9434765919";
    domain::Address a;
    a.line1 = "4 Sandall Road";
    a.postcode = "DN5 8PZ";
    a.start_date = "2016-02-03";
    h.addresses.push_back(a);
    record::LoadContact c;
    c.key = "c1";
    c.contact.received_at = "2025-05-06T09:30";
    c.contact.source = "6";
    c.contact.referrer_name = "PC Brook";
    c.contact.concerns = "Domestic incident; the child was present.";
    c.contact.decision = "referral";
    c.contact.threshold_reason = "Level 4: statutory assessment";
    c.contact.decided_at = "2025-05-06T14:00";
    c.contact.decided_by = Id("SELECT id FROM users WHERE username = 'frontdoor'");
    h.contacts.push_back(c);
    LoadStep r;
    r.kind = "referral";
    r.key = "r1";
    r.refs["contact_id"] = "c1";
    r.values = {{"referral_date", "2025-05-06"},
                {"source", "6"},
                {"team_id", std::to_string(team_)},
                {"primary_need", "N1"}};
    h.steps.push_back(r);
    LoadStep as;
    as.kind = "assessment";
    as.key = "a1";
    as.referral_key = "r1";
    as.values = {{"start_date", "2025-05-07"},
                 {"child_seen_date", "2025-05-09"},
                 {"completed_date", "2025-06-20"},
                 {"factors", "3B"},
                 {"outcome", "cin_plan"}};
    as.recorded_by = worker_;
    as.authorised_at = "2025-06-23T15:00";
    as.authorised_by = manager_;
    h.steps.push_back(as);
    LoadStep plan;
    plan.kind = "cin_plan";
    plan.key = "p1";
    plan.referral_key = "r1";
    plan.values = {{"start_date", "2025-06-25"}};
    h.steps.push_back(plan);
    LoadStep visit;
    visit.kind = "cin_visit";
    visit.key = "v1";
    visit.referral_key = "r1";
    visit.refs["cin_plan_id"] = "p1";
    visit.values = {{"visit_date", "2025-07-10"}, {"seen", "1"}};
    h.steps.push_back(visit);
    record::LoadAllocation al;
    al.team_id = team_;
    al.worker_id = worker_;
    al.start_date = "2025-05-07";
    al.reason = "Allocated";
    al.change_reason = "FCONTA";
    h.allocations.push_back(al);
    return h;
  }

  Result<std::vector<record::LoadedChild>> Load(const std::vector<ChildHistory>& children) {
    return services_->loader.Load(admin_, {admin_.user_id, "test"}, children, "migration test");
  }

  // Loading a good child and then `bad` (a good child changed by `spoil`) is refused with the
  // message naming child 2 and `fragment`, on `field`; and no person of the batch is stored.
  void ExpectRefused(const std::function<void(ChildHistory&)>& spoil, const std::string& field,
                     const std::string& fragment) {
    SCOPED_TRACE(field + ": " + fragment);
    ChildHistory bad = GoodChild("BAD1");
    spoil(bad);
    const int64_t before = Id("SELECT COUNT(*) FROM people");
    auto r = Load({GoodChild("OK1"), bad});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().field(), field) << r.status().ToString();
    EXPECT_NE(r.status().message().find("child 2 ("), std::string::npos) << r.status().ToString();
    EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().ToString();
    EXPECT_EQ(Id("SELECT COUNT(*) FROM people"), before);
    EXPECT_EQ(Id("SELECT COUNT(*) FROM people WHERE la_child_id = 'OK1'"), 0);
  }

  FakeClock clock_{At("2026-01-12T12:00:00.000Z")};
  SecureRandom random_;
  std::unique_ptr<app::Services> services_;
  access::Principal admin_;
  int64_t area_ = 0, team_ = 0, worker_ = 0, manager_ = 0;
};

TEST_P(LoaderTest, LoadsAHistoryVersionedAsItWasRecorded) {
  ChildHistory again = GoodChild("DN1");
  // A second referral within 12 months of the first is a re-referral, worked out by the loader.
  LoadStep r2;
  r2.kind = "referral";
  r2.key = "r2";
  r2.values = {
      {"referral_date", "2025-11-03"}, {"source", "2A"}, {"team_id", std::to_string(team_)}};
  auto& plan = again.steps[2];
  plan.values["end_date"] = "2025-10-01";
  auto& first = again.steps[0];
  first.values["closure_date"] = "2025-10-02";
  first.values["closure_reason"] = "RC7";
  again.steps.push_back(r2);
  record::LoadCounts counts;
  auto loaded =
      services_->loader.Load(admin_, {admin_.user_id, "test"}, {again}, "migration test", &counts);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->size(), 1u);
  const auto& child = (*loaded)[0];
  EXPECT_GT(child.person_id, 0);
  EXPECT_EQ(child.ids.size(), 6u);  // c1, r1, a1, p1, v1, r2
  EXPECT_EQ(counts.rows.at("referrals"), 2);
  EXPECT_EQ(counts.rows.at("allocations"), 1);
  const std::string r1 = std::to_string(child.ids.at("r1")),
                    r2id = std::to_string(child.ids.at("r2"));
  EXPECT_EQ(Id("SELECT re_referral FROM referrals WHERE id = " + r1), 0);
  EXPECT_EQ(Id("SELECT re_referral FROM referrals WHERE id = " + r2id), 1);
  // The assessment: recorded by the worker on its start date, then authorised as a second version.
  const std::string a1 = std::to_string(child.ids.at("a1"));
  EXPECT_EQ(Id("SELECT recorded_by FROM assessments WHERE id = " + a1), worker_);
  EXPECT_EQ(Id("SELECT authorised_by FROM assessments WHERE id = " + a1), manager_);
  auto versions = storage::QueryOnce(
      *store_,
      "SELECT version, operation, at FROM record_versions WHERE entity = 'assessments' AND "
      "record_id = ? ORDER BY version",
      {child.ids.at("a1")});
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->rows.size(), 2u);
  EXPECT_EQ(versions->rows[0].Text(1), "create");
  EXPECT_EQ(versions->rows[0].Text(2).substr(0, 10), "2025-05-07");
  EXPECT_EQ(versions->rows[1].Text(1), "authorise");
  EXPECT_EQ(versions->rows[1].Text(2).substr(0, 16), "2025-06-23T15:00");
  // The contact's decision is its second version, by the front-door worker.
  EXPECT_EQ(Id("SELECT COUNT(*) FROM record_versions WHERE entity = 'contacts' AND record_id = " +
               std::to_string(child.ids.at("c1"))),
            2);
  EXPECT_EQ(Id("SELECT COUNT(*) FROM person_addresses WHERE person_id = " +
               std::to_string(child.person_id)),
            1);
}

TEST_P(LoaderTest, EachBadFactIsRefusedByNameAndNothingIsKept) {
  ExpectRefused([](ChildHistory& h) { h.person.nhs_number = "9434765918"; }, "nhs_number", "");
  ExpectRefused([](ChildHistory& h) { h.person.service_area_id = 99999; }, "service_area_id",
                "no service area");
  ExpectRefused([](ChildHistory& h) { h.person.la_child_id = "OK1"; }, "la_child_id",
                "LA child id");
  ExpectRefused([](ChildHistory& h) { h.contacts[0].contact.source = "99"; }, "source",
                "contact c1");
  ExpectRefused([](ChildHistory& h) { h.contacts[0].contact.decided_at = "2025-05-06T08:00"; },
                "decided_at", "decided before");
  ExpectRefused([](ChildHistory& h) { h.steps[0].kind = "visit"; }, "kind", "no kind of casework");
  ExpectRefused([](ChildHistory& h) { h.steps[1].key = "c1"; }, "key", "its own key");
  ExpectRefused([](ChildHistory& h) { h.steps[1].referral_key = "r9"; }, "referral_id",
                "no earlier referral");
  ExpectRefused([](ChildHistory& h) { h.steps[3].refs["cin_plan_id"] = "a1"; }, "cin_plan_id",
                "cin_visit v1");
  ExpectRefused([](ChildHistory& h) { h.steps[1].values["child_seen_date"] = "2025-05-01"; },
                "child_seen_date", "before the referral");
  ExpectRefused([](ChildHistory& h) { h.steps[0].values["re_referral"] = "1"; }, "re_referral",
                "referral r1");
  ExpectRefused([](ChildHistory& h) { h.steps[0].values["source"] = std::nullopt; }, "source",
                "required");
  ExpectRefused([this](ChildHistory& h) { h.steps[1].authorised_by = worker_; }, "authorised_by",
                "may not authorise");
  ExpectRefused([](ChildHistory& h) { h.steps[1].authorised_at = "2025-05-01T10:00"; },
                "authorised_at", "authorised before");
  ExpectRefused([](ChildHistory& h) { h.steps[1].values.erase("outcome"); }, "outcome", "outcome");
  ExpectRefused([](ChildHistory& h) { h.steps[3].values["visit_date"] = "2027-01-01"; },
                "visit_date", "in the future");
  ExpectRefused([](ChildHistory& h) { h.steps[1].recorded_at = "2026-02-01T10:00"; }, "recorded_at",
                "future");
  ExpectRefused(
      [](ChildHistory& h) {
        h.steps[2].values["end_date"] = "2025-07-01";  // the visit on 10 July falls outside
      },
      "visit_date", "after the Child in need plan ended");
  // Closing the referral while its plan is open is caught when the referral is checked again with
  // everything that hangs from it, as when a worker closes it.
  ExpectRefused(
      [](ChildHistory& h) {
        h.steps[0].values["closure_date"] = "2025-08-01";
        h.steps[0].values["closure_reason"] = "RC7";
      },
      "closure_date", "before closing the referral");
  ExpectRefused(
      [](ChildHistory& h) {
        LoadStep care;
        care.kind = "care_period";
        care.key = "cla1";
        care.values = {{"start_date", "2025-08-01"}, {"category_of_need", "N1"}};
        h.steps.push_back(care);
      },
      "legal_status", "care history");
  ExpectRefused([](ChildHistory& h) { h.allocations[0].worker_id = 99999; }, "worker_id",
                "no user");
  ExpectRefused(
      [this](ChildHistory& h) {
        h.allocations[0].worker_id = Id("SELECT id FROM users WHERE username = 'agency.worker'");
      },
      "worker_id", "not in that team");
  ExpectRefused(
      [](ChildHistory& h) {
        auto second = h.allocations[0];
        second.start_date = "2025-06-01";
        h.allocations.push_back(second);
      },
      "start_date", "still open");
  ExpectRefused([](ChildHistory& h) { h.allocations[0].change_reason = "BORED"; }, "change_reason",
                "allocation 1");
  // Without the permission, nothing is read or written.
  auto refused = services_->loader.Load(PrincipalOf("social.worker"), {worker_, "test"},
                                        {GoodChild("X1")}, "migration test");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  auto no_reason = Load({});
  EXPECT_TRUE(no_reason.ok());
  auto blank = services_->loader.Load(admin_, {admin_.user_id, "test"}, {GoodChild("X2")}, "");
  EXPECT_FALSE(blank.ok());
  EXPECT_EQ(blank.status().field(), "reason");
  EXPECT_EQ(Id("SELECT COUNT(*) FROM people"), 0);
}

HAVEN_INSTANTIATE_BACKENDS(LoaderTest);

// --- the synthetic authority ------------------------------------------------------------------

class SyntheticTest : public BackendTest {
 protected:
  void SetUp() override { BackendTest::SetUp(); }

  // Builds an authority on a new database of the suite's backend.
  struct Built {
    std::unique_ptr<TestDb> db;
    std::unique_ptr<storage::Store> store;
    app::SyntheticSummary summary;
  };
  Built Build(const app::SyntheticOptions& o) {
    Built b;
    b.db = std::make_unique<TestDb>(GetParam());
    b.store = b.db->OpenMigrated();
    app::Services services(*b.store, clock_, random_, access::HashStrength::kMinimum,
                           access::AuthOptions{}, std::chrono::hours(12));
    int64_t last = 0;
    auto s = app::CreateSyntheticAuthority(services, clock_, o, [&](int64_t done, int64_t total) {
      EXPECT_GT(done, last);
      EXPECT_LE(done, total);
      last = done;
    });
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (s.ok()) b.summary = *s;
    EXPECT_EQ(last, b.summary.children);
    return b;
  }

  static int64_t Count(storage::Store& store, const std::string& sql) {
    auto r = storage::QueryOnce(store, sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    return r.ok() ? r->rows.at(0).Int(0) : -1;
  }

  // What an authority holds, as text to compare: people, referrals, plans and care in id order.
  static std::string Digest(storage::Store& store) {
    std::string out;
    for (const char* sql :
         {"SELECT la_child_id, given_name, family_name, date_of_birth, upn, nhs_number FROM people "
          "ORDER BY id",
          "SELECT person_id, referral_date, source, closure_date, re_referral FROM referrals ORDER "
          "BY id",
          "SELECT person_id, start_date, end_date FROM cp_plans ORDER BY id",
          "SELECT person_id, placement_type, start_date, postcode FROM placements ORDER BY id",
          "SELECT person_id, team_id, worker_id, start_date, end_date FROM allocations ORDER BY id",
          "SELECT username, display_name FROM users ORDER BY id"}) {
      auto r = storage::QueryOnce(store, sql);
      EXPECT_TRUE(r.ok()) << sql;
      if (!r.ok()) continue;
      for (const auto& row : r->rows) {
        for (size_t i = 0; i < r->columns.size(); ++i) out += row.OptText(i).value_or("-") + "|";
        out += "\n";
      }
    }
    return out;
  }

  FakeClock clock_{At("2026-11-20T15:00:00.000Z")};
  SecureRandom random_;
};

TEST_P(SyntheticTest, SameSeedSameAuthorityAndItKeepsTheRecordsRules) {
  app::SyntheticOptions o;
  o.scale = 0.01;  // 770 children, ten years
  o.seed = 42;
  o.batch = 200;
  Built a = Build(o);
  if (HasFailure()) return;
  storage::Store& s = *a.store;
  EXPECT_EQ(a.summary.children, 770);
  EXPECT_EQ(Count(s, "SELECT COUNT(*) FROM people"), 770);
  for (const char* table : {"contacts", "referrals", "assessments", "s47_enquiries", "cp_plans",
                            "cin_plans", "cin_visits", "allocations", "early_help"}) {
    EXPECT_GT(Count(s, std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
    EXPECT_EQ(Count(s, std::string("SELECT COUNT(*) FROM ") + table),
              a.summary.rows.count(table) ? a.summary.rows.at(table) : -1)
        << table;
  }
  // Every row has its first version, and nothing is dated on or after the day it was generated.
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM "
                  "record_versions v WHERE v.entity = 'contacts' AND v.record_id = c.id AND "
                  "v.version = 1)"),
            0);
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM referrals WHERE referral_date >= '2026-11-20' OR "
                  "closure_date >= '2026-11-20'"),
            0);
  EXPECT_EQ(Count(s, "SELECT COUNT(*) FROM contacts WHERE received_at >= '2026-11-20'"), 0);
  // Closed referrals have a primary need and a reason; plans hang from conferences.
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM referrals WHERE closure_date IS NOT NULL AND "
                  "(primary_need IS NULL OR closure_reason IS NULL)"),
            0);
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM cp_plans p WHERE NOT EXISTS (SELECT 1 FROM icpcs i "
                  "WHERE i.id = p.icpc_id AND i.conference_date = p.start_date)"),
            0);
  // Authorisations come from someone who may authorise: the team managers.
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM assessments a JOIN users u ON u.id = a.authorised_by "
                  "WHERE u.roles NOT LIKE '%team_manager%'"),
            0);
  EXPECT_GT(Count(s, "SELECT COUNT(*) FROM assessments WHERE authorised_by IS NOT NULL"), 0);
  // A child's allocations follow one another and do not overlap.
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM allocations a JOIN allocations b ON a.person_id = "
                  "b.person_id AND a.id < b.id AND (a.end_date IS NULL OR a.end_date > "
                  "b.start_date)"),
            0);
  // Identifiers are valid: UPN check letters and NHS numbers in the test range, all distinct.
  auto ids = storage::QueryOnce(s, "SELECT upn, nhs_number FROM people");
  ASSERT_TRUE(ids.ok());
  std::set<std::string> upns, nhs;
  for (const auto& row : ids->rows) {
    if (auto upn = row.OptText(0)) {
      EXPECT_TRUE(domain::ValidateUpn(*upn).ok()) << *upn;
      upns.insert(*upn);
    }
    ASSERT_TRUE(row.OptText(1).has_value());
    EXPECT_TRUE(domain::ValidateNhsNumber(*row.OptText(1)).ok()) << *row.OptText(1);
    EXPECT_EQ(row.OptText(1)->substr(0, 3), "999");
    nhs.insert(*row.OptText(1));
  }
  EXPECT_EQ(nhs.size(), 770u);
  EXPECT_GT(upns.size(), 500u);
  // The staff: managers for every team, agency workers among the social workers, past staff who
  // cannot sign in.
  EXPECT_GT(a.summary.staff, 30);
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM users WHERE password_hash = '!' AND username NOT LIKE "
                  "'staff-%'"),
            0);
  EXPECT_GT(Count(s, "SELECT COUNT(*) FROM users WHERE employment_type = 'agency'"), 0);
  EXPECT_GT(Count(s,
                  "SELECT COUNT(*) FROM users WHERE status = 'disabled' AND end_date < "
                  "'2026-11-20'"),
            0);
  // The demo social worker holds children today, so My work has something in it.
  EXPECT_GT(Count(s,
                  "SELECT COUNT(*) FROM allocations a JOIN users u ON u.id = a.worker_id "
                  "WHERE u.username = 'social.worker' AND a.end_date IS NULL"),
            0);

  if (GetParam() == Backend::kSqlite) {
    // The same seed gives the same authority; another seed another one.
    Built again = Build(o);
    EXPECT_EQ(Digest(*a.store), Digest(*again.store));
    o.seed = 43;
    Built other = Build(o);
    EXPECT_NE(Digest(*a.store), Digest(*other.store));
  }
}

// The faults and the rates do not depend on the backend: these run on SQLite only.
class SyntheticSqliteTest : public SyntheticTest {};

TEST_P(SyntheticSqliteTest, PlantedFaultsAreWhereTheManifestSays) {
  app::SyntheticOptions o;
  o.scale = 0.02;
  o.seed = 5;
  o.faults = true;
  Built b = Build(o);
  if (HasFailure()) return;
  const auto manifest = nlohmann::json::parse(app::FaultManifest(b.summary, o));
  ASSERT_TRUE(manifest["faults"].is_array());
  ASSERT_GT(manifest["faults"].size(), 10u);
  std::set<std::string> kinds;
  storage::Store& s = *b.store;
  for (const auto& f : manifest["faults"]) {
    const std::string kind = f["kind"], child = f["la_child_id"];
    kinds.insert(kind);
    const std::string person = "(SELECT id FROM people WHERE la_child_id = '" + child + "')";
    int64_t seen = -1;
    if (kind == "missing_ethnicity") {
      seen = Count(s, "SELECT COUNT(*) FROM people WHERE ethnicity IS NULL AND id = " + person);
    } else if (kind == "missing_upn") {
      seen = Count(s,
                   "SELECT COUNT(*) FROM people WHERE upn IS NULL AND upn_unknown IS NULL AND "
                   "id = " +
                       person);
    } else if (kind == "late_authorisation") {
      // Authorised 40 or more working days after completion: 8 weeks or more.
      seen =
          Count(s, "SELECT COUNT(*) FROM assessments WHERE person_id = " + person +
                       " AND authorised_at >= completed_date AND julianday(substr(authorised_at, "
                       "1, 10)) - julianday(completed_date) >= 56");
    } else if (kind == "assessment_not_seen") {
      seen = Count(s,
                   "SELECT COUNT(*) FROM assessments WHERE child_seen_date IS NULL AND "
                   "completed_date IS NOT NULL AND person_id = " +
                       person);
    } else if (kind == "missing_placement_postcode") {
      seen = Count(
          s, "SELECT COUNT(*) FROM placements WHERE postcode IS NULL AND person_id = " + person);
    } else if (kind == "late_case_note") {
      seen = Count(s,
                   "SELECT COUNT(*) FROM case_notes WHERE substr(recorded_at, 1, 10) > "
                   "date(event_date, '+7 days') AND person_id = " +
                       person);
    }
    EXPECT_GT(seen, 0) << kind << " for " << child;
  }
  EXPECT_GE(kinds.size(), 5u);
  // Without the option the same authority has none of them.
  o.faults = false;
  Built clean = Build(o);
  EXPECT_TRUE(clean.summary.faults.empty());
  EXPECT_EQ(Count(*clean.store, "SELECT COUNT(*) FROM people WHERE ethnicity IS NULL"), 0);
  EXPECT_EQ(Count(*clean.store, "SELECT COUNT(*) FROM case_notes"), 0);
}

TEST_P(SyntheticSqliteTest, RatesAreNearEnglandsAndBadOptionsAreRefused) {
  app::SyntheticOptions o;
  o.scale = 0.05;  // 3,850 children
  o.seed = 1;
  Built b = Build(o);
  if (HasFailure()) return;
  storage::Store& s = *b.store;
  // Over the whole history, so that the shares rest on thousands of cases (NATIONAL_FIGURES.md).
  const double referrals = static_cast<double>(Count(s, "SELECT COUNT(*) FROM referrals"));
  ASSERT_GT(referrals, 1000);
  auto share = [&](const std::string& where) {
    return static_cast<double>(Count(s, "SELECT COUNT(*) FROM referrals WHERE " + where)) /
           referrals;
  };
  EXPECT_NEAR(share("source = '6'"), 0.28, 0.04);   // police
  EXPECT_NEAR(share("source = '2A'"), 0.21, 0.04);  // schools
  EXPECT_NEAR(share("nfa = 1"), 0.065, 0.03);
  EXPECT_NEAR(share("re_referral = 1"), 0.226, 0.07);
  const double s47 = static_cast<double>(Count(s, "SELECT COUNT(*) FROM s47_enquiries"));
  EXPECT_NEAR(s47 / referrals, 230590.0 / 633000.0, 0.08);
  // Plans: about 16% end within 3 months, few last 2 years.
  const double ended = static_cast<double>(Count(s,
                                                 "SELECT COUNT(*) FROM cp_plans WHERE end_date "
                                                 "IS NOT NULL"));
  ASSERT_GT(ended, 50);
  EXPECT_LT(Count(s,
                  "SELECT COUNT(*) FROM cp_plans WHERE end_date IS NOT NULL AND "
                  "julianday(end_date) - julianday(start_date) >= 730") /
                ended,
            0.1);
  // Placement mix: foster care first, then children's homes; no child under 10 in a home.
  const double placements = static_cast<double>(Count(s, "SELECT COUNT(*) FROM placements"));
  ASSERT_GT(placements, 50);
  EXPECT_GT(Count(s, "SELECT COUNT(*) FROM placements WHERE placement_type LIKE 'U%'") / placements,
            0.5);
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM placements p JOIN people c ON c.id = p.person_id WHERE "
                  "p.placement_type = 'K2' AND julianday(p.start_date) - "
                  "julianday(c.date_of_birth) < 3650"),
            0);
  // Unaccompanied asylum-seeking children: teenagers, in care from the day they arrive.
  EXPECT_GT(Count(s, "SELECT COUNT(*) FROM uasc_statuses"), 0);
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM uasc_statuses u JOIN people c ON c.id = u.person_id "
                  "WHERE julianday(u.start_date) - julianday(c.date_of_birth) < 14 * 365 OR NOT "
                  "EXISTS (SELECT 1 FROM care_periods p WHERE p.person_id = u.person_id AND "
                  "p.start_date = u.start_date)"),
            0);
  // The workforce: every social work team has an establishment, and the figures the measures
  // make of it are of the size England's are (vacancies 14.2% and sickness 3.5% in 2025; the
  // synthetic authority has more agency cover, which the DfE counts as vacant).
  EXPECT_GE(Count(s, "SELECT COUNT(DISTINCT team_id) FROM team_establishment"), 4);
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM users WHERE username LIKE 'staff-%' AND roles LIKE "
                  "'%social_worker%' AND team_id NOT IN (SELECT team_id FROM team_establishment)"),
            0);
  EXPECT_GT(Count(s, "SELECT COUNT(*) FROM sickness_absences"), 20);
  EXPECT_EQ(Count(s,
                  "SELECT COUNT(*) FROM sickness_absences a JOIN sickness_absences b ON a.user_id "
                  "= b.user_id AND a.id < b.id AND a.start_date <= COALESCE(b.end_date, "
                  "'9999') AND b.start_date <= COALESCE(a.end_date, '9999')"),
            0);
  {
    app::Services services(s, clock_, random_, access::HashStrength::kMinimum,
                           access::AuthOptions{}, std::chrono::hours(12));
    access::Principal reader;
    reader.user_id = 1;
    reader.roles = {access::Role::kPerformanceOfficer};
    auto figures = services.mi.Figures(reader, {});
    ASSERT_TRUE(figures.ok()) << figures.status().ToString();
    auto now = [&](const char* id) {
      return figures->lines.at(reporting::MeasureIndex(id)).now;
    };
    ASSERT_TRUE(now("vacancy_rate").has_value);
    EXPECT_GT(now("vacancy_rate").value, 5.0);
    EXPECT_LT(now("vacancy_rate").value, 40.0);
    ASSERT_TRUE(now("sickness_absence").has_value);
    EXPECT_NEAR(now("sickness_absence").value, 3.5, 1.5);
  }
  // The figures of the last year are there for the summary, next to England's.
  EXPECT_GT(b.summary.year.referrals, 0);
  const std::string text = app::FormatSummary(b.summary);
  for (const char* line : {"re-referrals within 12 months", "22.6%", "looked after at the year end",
                           "within 45 working days", "agency social workers"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }

  // Options out of range are refused by name, before anything is written.
  TestDb db(Backend::kSqlite);
  auto store = db.OpenMigrated();
  app::Services services(*store, clock_, random_, access::HashStrength::kMinimum,
                         access::AuthOptions{}, std::chrono::hours(12));
  app::SyntheticOptions bad;
  bad.scale = -1;
  auto r = app::CreateSyntheticAuthority(services, clock_, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "scale");
  bad.scale = 1;
  bad.years = 0;
  r = app::CreateSyntheticAuthority(services, clock_, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "years");
  EXPECT_EQ(Count(*store, "SELECT COUNT(*) FROM users"), 0);
  // A second run on the same database is refused: the demo is already there.
  bad.years = 10;
  bad.scale = 0;
  ASSERT_TRUE(app::CreateSyntheticAuthority(services, clock_, bad).ok());
  r = app::CreateSyntheticAuthority(services, clock_, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
}

HAVEN_INSTANTIATE_BACKENDS(SyntheticTest);
INSTANTIATE_TEST_SUITE_P(Sqlite, SyntheticSqliteTest, ::testing::Values(Backend::kSqlite));

}  // namespace
}  // namespace haven::test
