// The record's readers that keep derived data in memory (ADR 016): the work views' clocks and
// person search's name index. Each answer is compared with the answer of a server that has just
// started (nothing kept), after writes through this server, writes through another server on the
// same database, a merge and its undo, and days passing with no write at all.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "support/api_fixture.h"

namespace haven::test {
namespace {

class RecordCachesTest : public DatedApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    other_store_ = db_->OpenMigrated();
    ASSERT_NE(other_store_, nullptr);
    other_ = ServicesOver(*other_store_);
  }

  std::unique_ptr<app::Services> ServicesOver(storage::Store& store) {
    return std::make_unique<app::Services>(store, *clock_holder_, random_,
                                           access::HashStrength::kMinimum, access::AuthOptions{},
                                           std::chrono::hours(12));
  }

  // The user as a signed-in caller of the services.
  access::Principal Who(const std::string& username) {
    auto user = services_->users.FindByUsername(username);
    EXPECT_TRUE(user.ok()) << username;
    access::Principal p;
    if (user.ok()) {
      p.user_id = user->id;
      p.username = user->username;
      p.display_name = user->display_name;
      p.roles = user->roles;
      p.team_id = user->team_id;
    }
    return p;
  }

  void Allocate(const Session& manager, int64_t child, int64_t worker_id) {
    Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(child) + "/allocations",
            Json{{"team_id", TeamId("CIN-CP-1")},
                 {"worker_id", worker_id},
                 {"start_date", "2026-01-05"},
                 {"reason", "new referral"}}
                .dump()),
       201);
  }

  int64_t Merge(const Session& manager, int64_t kept, int64_t merged) {
    auto merge = Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(kept) + "/merge",
                         Json{{"merged_id", merged}, {"reason", "same child"}}.dump()),
                    201);
    return merge.value("id", int64_t{0});
  }

  void UndoMerge(const Session& manager, int64_t merge) {
    Ok(Call(manager, "POST", "/api/v1/merges/" + std::to_string(merge) + "/undo",
            Json{{"reason", "they are twins"}}.dump()));
  }

  // A worker's work, in full, as text to compare.
  static std::string WorkOf(app::Services& s, const access::Principal& who) {
    auto w = s.allocations.Work(who, who.user_id, std::nullopt);
    EXPECT_TRUE(w.ok()) << w.status().ToString();
    if (!w.ok()) return "";
    std::ostringstream out;
    out << "week " << w->week_ending << "\n";
    for (const auto& c : w->caseload) {
      out << "child " << c.person_id << " " << c.name << " " << c.case_type << " "
          << c.next_due.value_or("-") << "\n";
    }
    for (const auto* items : {&w->overdue, &w->due_this_week}) {
      out << (items == &w->overdue ? "overdue" : "this week") << "\n";
      for (const auto& i : *items) {
        out << "  " << i.person_id << " " << i.action.timescale_id << " " << i.action.kind << " "
            << i.action.record_id << " " << i.action.clock.due.ToString() << " "
            << static_cast<int>(i.action.clock.state) << " " << i.action.clock.working_days_left
            << "\n";
      }
    }
    for (const auto& d : w->drift) out << "drift " << d << "\n";
    return out.str();
  }

  // The same from a server that has only just started.
  std::string FreshWorkOf(const access::Principal& who) {
    auto fresh = ServicesOver(*store_);
    return WorkOf(*fresh, who);
  }

  // Each person found by `name`, with what they matched on.
  static std::string Found(app::Services& s, const access::Principal& who,
                           const std::string& name) {
    record::SearchQuery q;
    q.name = name;
    auto hits = s.search.Search(who, q);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    if (!hits.ok()) return "";
    std::ostringstream out;
    for (const auto& h : *hits) {
      out << h.person.id << " " << h.person.given_name << " " << h.person.family_name << " "
          << h.score;
      for (const auto& m : h.matched_on) out << " " << m;
      out << "\n";
    }
    return out.str();
  }

  std::string FreshFound(const access::Principal& who, const std::string& name) {
    auto fresh = ServicesOver(*store_);
    return Found(*fresh, who, name);
  }

  static bool Has(const std::string& found, int64_t id) {
    std::istringstream in(found);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(std::to_string(id) + " ", 0) == 0) return true;
    }
    return false;
  }

  std::unique_ptr<storage::Store> other_store_;
  std::unique_ptr<app::Services> other_;  // another server on the same database
};

TEST_P(RecordCachesTest, MyWorkShowsEachChangeOnTheNextLookWhoeverMadeIt) {
  Session front = TokenFor("frontdoor");
  Session manager = TokenFor("team.manager");
  Session worker_session = TokenFor("social.worker");
  const access::Principal worker = Who("social.worker");
  const int64_t child = NewChild(front, "Maisie", "Thornton");
  const int64_t referral = Refer(front, manager, child);
  Allocate(manager, child, worker.user_id);
  const std::string allocated = WorkOf(*services_, worker);
  EXPECT_NE(allocated.find("Maisie Thornton"), std::string::npos) << allocated;
  EXPECT_EQ(allocated, FreshWorkOf(worker));
  EXPECT_EQ(allocated, WorkOf(*services_, worker));  // kept, and the same

  // Steps through this server: the enquiry ends with a conference to hold, 15 working days
  // from the strategy discussion.
  const std::string rbase = "/api/v1/referrals/" + std::to_string(referral);
  auto sd = Ok(Call(worker_session, "POST", rbase + "/strategy-discussions",
                    Json{{"discussion_date", "2026-01-05"}, {"outcome", "s47"}}.dump()),
               201);
  auto s47 = Ok(Call(worker_session, "POST", rbase + "/s47-enquiries",
                     Json{{"strategy_discussion_id", sd["id"]},
                          {"start_date", "2026-01-05"},
                          {"end_date", "2026-01-05"},
                          {"outcome", "icpc"}}
                         .dump()),
                201);
  const std::string enquired = WorkOf(*services_, worker);
  EXPECT_NE(enquired.find("2026-01-26"), std::string::npos) << enquired;  // the conference's date
  EXPECT_NE(enquired, allocated);
  EXPECT_EQ(enquired, FreshWorkOf(worker));

  // A step through another server on the same database: the conference is held.
  auto icpc = other_->casework.Add(worker, storage::Actor{worker.user_id, "other-server"}, "icpc",
                                   std::nullopt, referral,
                                   {{"s47_id", std::to_string(s47.value("id", int64_t{0}))},
                                    {"conference_date", "2026-01-05"},
                                    {"outcome", "cp_plan"}});
  ASSERT_TRUE(icpc.ok()) << icpc.status().ToString();
  const std::string conferenced = WorkOf(*services_, worker);
  EXPECT_NE(conferenced, enquired);
  EXPECT_EQ(conferenced, FreshWorkOf(worker));

  // Weeks pass with no write: the clocks run out all the same.
  Today("2026-03-20");
  const std::string later = WorkOf(*services_, worker);
  EXPECT_NE(later, conferenced);
  EXPECT_NE(later.find("overdue\n  "), std::string::npos) << later;
  EXPECT_EQ(later, FreshWorkOf(worker));
}

TEST_P(RecordCachesTest, AMergeAndItsUndoMoveTheWorkWithTheRecords) {
  Session front = TokenFor("frontdoor");
  Session manager = TokenFor("team.manager");
  const access::Principal worker = Who("social.worker");
  const int64_t kept = NewChild(front, "Jayden", "Price");
  const int64_t dup = NewChild(front, "Jaden", "Price");
  Allocate(manager, kept, worker.user_id);
  Refer(front, manager, dup);  // the duplicate's referral, which the merge brings over
  const std::string before = WorkOf(*services_, worker);
  EXPECT_EQ(before, FreshWorkOf(worker));

  const int64_t merge = Merge(manager, kept, dup);
  const std::string merged = WorkOf(*services_, worker);
  EXPECT_NE(merged, before);
  EXPECT_EQ(merged, FreshWorkOf(worker));

  // Undoing moves the referral back to the duplicate: its versions name only the duplicate, so
  // the merge's own version must send the kept child's clocks back to be derived again.
  UndoMerge(manager, merge);
  const std::string undone = WorkOf(*services_, worker);
  EXPECT_EQ(undone, before);
  EXPECT_EQ(undone, FreshWorkOf(worker));
}

TEST_P(RecordCachesTest, SearchFindsEachChangeToNamesOnTheNextSearchWhoeverMadeIt) {
  Session front = TokenFor("frontdoor");
  Session manager = TokenFor("team.manager");
  const access::Principal worker = Who("social.worker");
  ASSERT_TRUE(services_->search.Prepare().ok());  // reads the index, as haven serve does
  const int64_t first = NewChild(front, "Rosalind", "Featherstone");
  std::string found = Found(*services_, worker, "Rosalind Featherstone");
  EXPECT_TRUE(Has(found, first)) << found;
  EXPECT_EQ(found, FreshFound(worker, "Rosalind Featherstone"));

  // Someone else new.
  const int64_t second = NewChild(front, "Ottoline", "Quenby");
  found = Found(*services_, worker, "Ottoline Quenby");
  EXPECT_TRUE(Has(found, second)) << found;
  EXPECT_EQ(found, FreshFound(worker, "Ottoline Quenby"));

  // Renamed through this server: found by the new name only.
  const std::string path = "/api/v1/people/" + std::to_string(second);
  Ok(Call(manager, "PATCH", path,
          Json{{"given_name", "Wilhelmina"},
               {"family_name", "Ashcombe"},
               {"version", 1},
               {"reason", "name recorded wrongly"}}
              .dump()));
  found = Found(*services_, worker, "Ottoline Quenby");
  EXPECT_FALSE(Has(found, second)) << found;
  EXPECT_EQ(found, FreshFound(worker, "Ottoline Quenby"));
  found = Found(*services_, worker, "Wilhelmina Ashcombe");
  EXPECT_TRUE(Has(found, second)) << found;
  EXPECT_EQ(found, FreshFound(worker, "Wilhelmina Ashcombe"));

  // Another name, through another server.
  domain::OtherName alias;
  alias.person_id = second;
  alias.kind = "alias";
  alias.given_name = "Tabitha";
  alias.family_name = "Marchbanks";
  auto added = other_->details.AddName(Who("team.manager"),
                                       storage::Actor{Who("team.manager").user_id, "other"}, alias,
                                       "known by it at school");
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  found = Found(*services_, worker, "Tabitha Marchbanks");
  EXPECT_TRUE(Has(found, second)) << found;
  EXPECT_NE(found.find("other_name"), std::string::npos) << found;
  EXPECT_EQ(found, FreshFound(worker, "Tabitha Marchbanks"));

  // Merged into the first, then the merge undone.
  const int64_t twin = NewChild(front, "Rosalind", "Featherstone");
  found = Found(*services_, worker, "Rosalind Featherstone");
  EXPECT_TRUE(Has(found, twin)) << found;
  const int64_t merge = Merge(manager, first, twin);
  found = Found(*services_, worker, "Rosalind Featherstone");
  EXPECT_FALSE(Has(found, twin)) << found;
  EXPECT_TRUE(Has(found, first)) << found;
  EXPECT_EQ(found, FreshFound(worker, "Rosalind Featherstone"));
  UndoMerge(manager, merge);
  found = Found(*services_, worker, "Rosalind Featherstone");
  EXPECT_TRUE(Has(found, twin)) << found;
  EXPECT_EQ(found, FreshFound(worker, "Rosalind Featherstone"));

  // Restricted to the manager alone: the worker no longer finds the record, the manager does.
  Ok(Call(manager, "POST", "/api/v1/people/" + std::to_string(first) + "/restriction",
          Json{{"users", {Who("team.manager").user_id}}, {"reason", "staff member's relative"}}
              .dump()));
  found = Found(*services_, worker, "Rosalind Featherstone");
  EXPECT_FALSE(Has(found, first)) << found;
  EXPECT_EQ(found, FreshFound(worker, "Rosalind Featherstone"));
  found = Found(*services_, Who("team.manager"), "Rosalind Featherstone");
  EXPECT_TRUE(Has(found, first)) << found;
  EXPECT_EQ(found, FreshFound(Who("team.manager"), "Rosalind Featherstone"));
}

HAVEN_INSTANTIATE_BACKENDS(RecordCachesTest);

}  // namespace
}  // namespace haven::test
