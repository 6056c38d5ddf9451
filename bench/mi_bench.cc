// The management-information benchmark (issue 8): every KPI for an authority already in a
// database (bench/mi_bench.sh builds a large county, scale 3, with ten years of history).
// Prints the time to read every child's facts, the time for a full recompute of every measure
// (median of 7), and the time to bring the figures up to date after one new event (a contact
// recorded through the services, then the catch-up that finds it in the version log, reads the
// child again and recomputes them; median and 95th percentile of 40).
//
//   mi_bench DATABASE_URL [CHILD_POPULATION]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/wiring.h"
#include "common/random.h"

using namespace haven;

namespace {

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "mi_bench: %s: %s\n", what, r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

void Must(Status s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "mi_bench: %s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: mi_bench DATABASE_URL [CHILD_POPULATION]\n");
    return 2;
  }
  const int64_t population = argc > 2 ? std::atoll(argv[2]) : 195000;
  auto store = Must(app::OpenStore(argv[1], 4), "opening the database");
  SystemClock clock;
  SecureRandom random;
  app::Services services(*store, clock, random, access::HashStrength::kMinimum, {},
                         std::chrono::hours(12));
  services.mi.Configure({population, 24});

  auto t0 = std::chrono::steady_clock::now();
  Must(services.mi.Reload(), "reading the figures");
  const double load_ms = Ms(std::chrono::steady_clock::now() - t0);
  const auto* model = services.mi.model();
  std::printf("mi: %zu children, %zu contributions, %zu measures x %d months\n", model->children(),
              model->cube().Contributions(), reporting::Measures().size(), model->frame().shown);
  std::printf("mi: read every child's facts and computed      %8.1f ms\n", load_ms);

  std::vector<double> recompute;
  for (int i = 0; i < 7; ++i) {
    t0 = std::chrono::steady_clock::now();
    services.mi.Recompute();
    recompute.push_back(Ms(std::chrono::steady_clock::now() - t0));
  }
  std::printf("mi: full recompute of every KPI, median of 7   %8.1f ms  (target < 200)\n",
              Percentile(recompute, 0.5));

  // A manager who may record a contact for any child.
  auto users = Must(
      [&]() -> Result<storage::Rows> {
        storage::Rows rows;
        RETURN_IF_ERROR(store->Transact(storage::TxMode::kRead, [&](storage::Tx& tx) -> Status {
          ASSIGN_OR_RETURN(rows, tx.Query("SELECT id, team_id FROM users WHERE roles LIKE "
                                          "'%team_manager%' AND status = 'active' ORDER BY id "
                                          "LIMIT 1"));
          return Status::Ok();
        }));
        return rows;
      }(),
      "finding a manager");
  auto children = Must(
      [&]() -> Result<storage::Rows> {
        storage::Rows rows;
        RETURN_IF_ERROR(store->Transact(storage::TxMode::kRead, [&](storage::Tx& tx) -> Status {
          ASSIGN_OR_RETURN(rows, tx.Query("SELECT DISTINCT person_id FROM referrals ORDER BY "
                                          "person_id LIMIT 40"));
          return Status::Ok();
        }));
        return rows;
      }(),
      "finding children");
  if (users.empty() || children.size() < 40) {
    std::fprintf(stderr, "mi_bench: the database has no manager or too few children\n");
    return 1;
  }
  access::Principal manager;
  manager.user_id = users.rows[0].Int(0);
  manager.username = "bench";
  manager.roles = {access::Role::kTeamManager, access::Role::kDirector};
  manager.team_id = users.rows[0].Int(1);
  const storage::Actor actor{manager.user_id, "mi-bench"};
  std::vector<double> refresh;
  const double referrals_before =
      model->cube()
          .At(reporting::MeasureIndex("contacts_rate"), model->frame().months - 1, {})
          .numerator;
  for (const auto& row : children.rows) {
    domain::Contact c;
    c.person_id = row.Int(0);
    c.received_at = FormatTimestamp(clock.Now()).substr(0, 16);
    c.source = "2A";
    c.referrer_name = "Jo Teacher";
    c.referrer_agency = "Hexthorpe Primary School";
    c.concerns = "Benchmark contact.";
    Must(services.contacts.Record(manager, actor, c).status(), "recording a contact");
    t0 = std::chrono::steady_clock::now();
    Must(services.mi.CatchUp(), "catching up");
    refresh.push_back(Ms(std::chrono::steady_clock::now() - t0));
  }
  const double referrals_after =
      model->cube()
          .At(reporting::MeasureIndex("contacts_rate"), model->frame().months - 1, {})
          .numerator;
  std::printf("mi: refresh after one event, median of 40      %8.2f ms  (target < 5)\n",
              Percentile(refresh, 0.5));
  std::printf("mi: refresh after one event, 95th percentile   %8.2f ms\n",
              Percentile(refresh, 0.95));
  std::printf("mi: contacts counted this month before and after: %.0f -> %.0f\n", referrals_before,
              referrals_after);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("mi: peak resident memory                       %8ld MB\n", usage.ru_maxrss / 1024);
  return 0;
}
