// Children looked after: opening a looked-after child's record with ten years of history (the
// record, the care view with its derived episodes, the casework clocks and the chronology), p50
// and p99; and deriving the SSDA903 episodes of every child in care of a large authority, timed.
// All history is recorded through the services, as a worker would record it. SQLite always;
// PostgreSQL too when HAVEN_TEST_POSTGRES_URL is set (scripts/with-postgres.sh).
//
//   BENCH_CARE_LONG      children with ten years of history (default 100)
//   BENCH_CARE_CHILDREN  children in care for the whole-authority derivation (default 1650,
//                        about a large county's looked-after population)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "app/demo.h"
#include "app/wiring.h"
#include "common/clock.h"
#include "common/date.h"
#include "common/random.h"
#include "domain/care.h"
#include "storage/migrations.h"
#include "storage/schema.h"

namespace haven::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) {
    std::fprintf(stderr, "care_bench: %s: %s\n", what.c_str(), r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(r).value();
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::atoi(v) : fallback;
}

double Percentile(std::vector<double> ms, double p) {
  std::sort(ms.begin(), ms.end());
  return ms.empty() ? 0 : ms[static_cast<size_t>(p * static_cast<double>(ms.size() - 1))];
}

class CareBench {
 public:
  CareBench(storage::Store& store, const Clock& clock)
      : services_(store, clock, random_, access::HashStrength::kMinimum, access::AuthOptions{},
                  std::chrono::hours(12)) {
    Must(app::CreateDemoAuthority(services_, "bench-password-1"), "creating the demo authority");
    auto user = Must(services_.users.FindByUsername("director"), "finding the director");
    who_.user_id = user.id;
    // Authority-wide reading and recording, so record-level access never refuses the bench.
    who_.roles = {access::Role::kDirector, access::Role::kTeamManager};
    actor_ = {user.id, "bench"};
    area_ = Must(storage::QueryOnce(store, "SELECT id FROM service_areas WHERE code = 'CYPIC'"),
                 "finding the service area")
                .rows.at(0)
                .Int(0);
  }

  int64_t NewChild(int n, const std::string& born) {
    domain::Person p;
    p.service_area_id = area_;
    p.given_name = "Child";
    p.family_name = "Number" + std::to_string(n);
    p.date_of_birth = born;
    p.sex = n % 2 ? "F" : "M";
    return Must(services_.people.Create(who_, actor_, p, "bench"), "creating a child").id;
  }

  void Step(int64_t child, const std::string& kind, domain::Values v) {
    Must(services_.casework.Add(who_, actor_, kind, child, std::nullopt, std::move(v)),
         "recording a " + kind);
  }

  // A period of care from `start` lasting `years`, with a move every `move_months`, a legal
  // status change after 6 weeks, reviews, visits, health checks and PEPs on their schedules.
  void CareHistory(int64_t child, Date start, int years, int move_months, bool leave) {
    auto made = Must(services_.casework.StartCare(
                         who_, actor_, child,
                         {{"start_date", start.ToString()},
                          {"category_of_need", "N1"},
                          {"home_postcode", "DN1 3BU"}},
                         {{"legal_status", "V2"}},
                         {{"placement_type", "U6"},
                          {"provider", "PR1"},
                          {"carer_kind", "in_house_foster"},
                          {"postcode", "DN4 5AA"},
                          {"intended_duration", "medium_term"}}),
                     "coming into care");
    const std::string period = std::to_string(made.at(0).record.id);
    // Nothing after "today" (the bench's clock): a history reaching past it stops there.
    const Date end = std::min(start.AddMonths(12 * years), today_);
    Step(child, "legal_status",
         {{"care_period_id", period}, {"start_date", start.AddDays(42).ToString()},
          {"legal_status", "C1"}});
    Step(child, "legal_status",
         {{"care_period_id", period}, {"start_date", start.AddMonths(6).ToString()},
          {"legal_status", "C2"}});
    int n = 0;
    for (Date d = start.AddMonths(move_months); d < end; d = d.AddMonths(move_months)) {
      Step(child, "placement",
           {{"care_period_id", period}, {"start_date", d.ToString()},
            {"placement_type", ++n % 3 == 0 ? "K2" : "U4"}, {"provider", n % 3 == 0 ? "PR4" : "PR1"},
            {"carer_kind", n % 3 == 0 ? "childrens_home" : "in_house_foster"},
            {"urn", "SC" + std::to_string(100000 + n)}, {"postcode", "S1 2AB"},
            {"intended_duration", "until_18"}, {"weekly_cost_social_care", "950.00"},
            {"change_reason", "CARPL"}});
    }
    for (Date d = start.AddDays(19); d < end; d = d.AddMonths(6)) {
      Step(child, "cla_review",
           {{"care_period_id", period}, {"review_date", d.ToString()}, {"participation", "PN1"}});
    }
    for (Date d = start.AddDays(5); d < end; d = d.AddDays(40)) {
      Step(child, "cla_visit", {{"care_period_id", period}, {"visit_date", d.ToString()}, {"seen", "1"}});
    }
    for (Date d = start.AddDays(15); d < end; d = d.AddMonths(12)) {
      Step(child, "health_check",
           {{"care_period_id", period},
            {"check_kind", d == start.AddDays(15) ? "initial_health_assessment" : "health_review"},
            {"check_date", d.ToString()}});
    }
    for (Date d = start.AddDays(8); d < end; d = d.AddMonths(4)) {
      Step(child, "pep", {{"care_period_id", period}, {"pep_date", d.ToString()}});
    }
    if (leave && end < today_) {
      Must(services_.casework.Change(who_, actor_, "care_period", made.at(0).record.id, 1,
                                     {{"end_date", end.ToString()}, {"reason_ended", "E4A"}}),
           "leaving care");
    }
  }

  // PostgreSQL records history about 40 times slower here (each step is a transaction on a
  // throwaway server), so its defaults are smaller; the figures print the counts used.
  void Run(const std::string& label) {
    const bool pg = label == "postgres";
    const int long_children = EnvInt("BENCH_CARE_LONG", pg ? 20 : 100);
    const int all_children = EnvInt("BENCH_CARE_CHILDREN", pg ? 200 : 1650);
    const Date today = today_;

    // (a) Ten years of history each, still in care.
    auto setup = SteadyClock::now();
    std::vector<int64_t> long_ids;
    for (int i = 0; i < long_children; ++i) {
      const int64_t child = NewChild(i, "2008-0" + std::to_string(1 + i % 9) + "-15");
      CareHistory(child, today.AddMonths(-120).AddDays(-(i % 60)), 10, 14, false);
      long_ids.push_back(child);
    }
    const double setup_s = std::chrono::duration<double>(SteadyClock::now() - setup).count();
    std::vector<double> ms;
    size_t episodes = 0, entries = 0;
    for (int round = 0; round < 3; ++round) {
      for (int64_t child : long_ids) {
        const auto start = SteadyClock::now();
        Must(services_.details.GetRecord(who_, actor_, child, "bench"), "opening the record");
        auto care = Must(services_.casework.Care(who_, actor_, child), "the care view");
        Must(services_.casework.Case(who_, actor_, child), "the clocks");
        auto chron = Must(services_.casework.Chronology(who_, actor_, child, {}), "chronology");
        ms.push_back(std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count());
        episodes += care.episodes.size();
        entries += chron.size();
      }
    }
    std::printf("looked-after record (10 years) p50 %.2f ms p99 %.2f ms (%s, %d children, %zu "
                "episodes and %zu chronology entries each; history recorded in %.1f s)\n",
                Percentile(ms, 0.5), Percentile(ms, 0.99), label.c_str(), long_children,
                episodes / ms.size(), entries / ms.size(), setup_s);
    std::fflush(stdout);

    // (b) A large authority's children in care: shorter, varied histories.
    setup = SteadyClock::now();
    for (int i = long_children; i < long_children + all_children; ++i) {
      const int64_t child = NewChild(i, "2012-0" + std::to_string(1 + i % 9) + "-10");
      CareHistory(child, today.AddMonths(-(6 + i % 40)), 1 + i % 3, 5 + i % 7, false);
    }
    const double all_setup_s = std::chrono::duration<double>(SteadyClock::now() - setup).count();
    auto ids = Must(storage::QueryOnce(services_.api.store,
                                       "SELECT DISTINCT person_id FROM care_periods "
                                       "WHERE end_date IS NULL ORDER BY person_id"),
                    "listing the children in care");
    const auto start = SteadyClock::now();
    size_t derived = 0;
    Status s = services_.api.store.Transact(storage::TxMode::kRead, [&](storage::Tx& tx) -> Status {
      for (const auto& r : ids.rows) {
        ASSIGN_OR_RETURN(auto steps, services_.casework.LoadSteps(tx, r.Int(0)));
        ASSIGN_OR_RETURN(auto eps, domain::DeriveEpisodes(steps));
        derived += eps.size();
      }
      return Status::Ok();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "care_bench: deriving: %s\n", s.ToString().c_str());
      std::exit(1);
    }
    const double derive_s = std::chrono::duration<double>(SteadyClock::now() - start).count();
    std::printf("episodes for all %zu children in care: %.2f s (%s, %zu episodes; histories "
                "recorded through the services in %.1f s)\n",
                ids.size(), derive_s, label.c_str(), derived, all_setup_s);
    std::fflush(stdout);
  }

 private:
  SecureRandom random_;
  app::Services services_;
  access::Principal who_;
  storage::Actor actor_;
  int64_t area_ = 0;
  Date today_ = *Date::Parse("2026-06-01");
};

void RunOn(const std::string& label, const std::string& url) {
  const FakeClock clock(
      TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 6 / 1) + std::chrono::hours(9)));
  auto store = Must(app::OpenStore(url, 4), "opening " + label);
  Must(storage::Migrate(*store, storage::HavenMigrations(), clock), "migrating");
  CareBench bench(*store, clock);
  bench.Run(label);
}

}  // namespace
}  // namespace haven::bench

int main() {
  std::string dir = std::filesystem::temp_directory_path() / "haven-care-bench.XXXXXX";
  if (mkdtemp(dir.data()) == nullptr) return 1;
  haven::bench::RunOn("sqlite", "sqlite:" + dir + "/care.db");
  std::filesystem::remove_all(dir);
  if (const char* pg = std::getenv("HAVEN_TEST_POSTGRES_URL"); pg != nullptr && *pg != '\0') {
    haven::bench::RunOn("postgres", pg);
  }
  return 0;
}
