// Record benchmark: what a worker waits for, measured through Haven's services on a record of the
// size of a large authority's.
//
//   record_bench
//
// On SQLite (a file in a fresh temporary folder) and, when HAVEN_TEST_POSTGRES_URL is set, on
// that PostgreSQL database (which must hold no people yet; scripts/with-postgres.sh makes one):
//   (a) person search over BENCH_PEOPLE people: p50 and p99 of SearchService::Search over a mix
//       of misspelt names, name and date of birth, identifiers and postcodes;
//   (b) opening a child's record and chronology (GetRecord, then Chronology) for children with a
//       referral, assessment, section 47, conference, child protection plan, visits and contacts;
//   (c) contacts recorded per second, each in its own transaction, on 1 and on 4 threads.
//
// Environment:
//   BENCH_PEOPLE            people to seed, at least 1000 (default 500000 on SQLite, 150000 on
//                           PostgreSQL, where seeding is slower: see kPostgresPeople)
//   BENCH_SECONDS           seconds per contacts run (default 5)
//   BENCH_OUT               if set, one JSON line per database is appended to this file
//   HAVEN_TEST_POSTGRES_URL postgres://... to run on PostgreSQL too
//
// A benchmark measures; it fails only when the services return errors, never on a time.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/wiring.h"
#include "common/date.h"
#include "domain/identifiers.h"
#include "record/internal/person_rows.h"
#include "storage/migrations.h"
#include "storage/schema.h"
#include "storage/versioned.h"

namespace haven::bench {
namespace {

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr int kSqlitePeople = 500000;
// Seeding runs about 10 statements a person, each a round trip to the server that parses and
// plans it: about 750 people a second on 2 cores, so 500,000 would take over 10 minutes.
constexpr int kPostgresPeople = 150000;
constexpr int kBatch = 5000;  // people per seeding transaction
constexpr uint64_t kSeed = 20260601;
constexpr int kQueriesPerKind = 250;
constexpr int kChildren = 200;
constexpr int kRecordRounds = 3;

// ---- Made-up people ---------------------------------------------------------------------------

// Each list runs from the most to the least common, and Rng::Common picks accordingly.
constexpr const char* kGirls[] = {
    "Olivia",   "Amelia",    "Isla",    "Ava",       "Mia",      "Ivy",      "Lily",    "Isabella",
    "Rosie",    "Sophia",    "Grace",   "Freya",     "Willow",   "Florence", "Emily",   "Ella",
    "Poppy",    "Evie",      "Elsie",   "Charlotte", "Evelyn",   "Sienna",   "Sofia",   "Daisy",
    "Phoebe",   "Sophie",    "Alice",   "Harper",    "Matilda",  "Ruby",     "Emilia",  "Maya",
    "Millie",   "Isabelle",  "Eva",     "Luna",      "Jessica",  "Chloe",    "Layla",   "Megan",
    "Hannah",   "Katie",     "Kathryn", "Leah",      "Holly",    "Amber",    "Jasmine", "Niamh",
    "Courtney", "Chantelle", "Lucy",    "Erin",      "Scarlett", "Imogen",   "Aria",    "Zara",
    "Nancy",    "Thea",      "Mila",    "Robyn",     "Abigail",  "Bethany",  "Paige",   "Lacey",
    "Kayla",    "Summer",    "Aisha",   "Fatima",    "Zainab",   "Maryam",   "Eleanor", "Harriet",
    "Lola",     "Violet",    "Ellie",   "Molly",     "Lexi",     "Lottie",   "Darcy",   "Hollie"};
constexpr const char* kBoys[] = {
    "Noah",    "Oliver",   "George",    "Arthur",  "Muhammad", "Leo",       "Harry",   "Oscar",
    "Archie",  "Henry",    "Theodore",  "Freddie", "Jack",     "Charlie",   "Theo",    "Alfie",
    "Jacob",   "Thomas",   "Finley",    "Arlo",    "William",  "Lucas",     "Roman",   "Tommy",
    "Isaac",   "Teddy",    "Alexander", "Luca",    "Edward",   "James",     "Joshua",  "Albie",
    "Elijah",  "Max",      "Mohammed",  "Reuben",  "Mason",    "Sebastian", "Rory",    "Jude",
    "Louie",   "Benjamin", "Ethan",     "Adam",    "Hugo",     "Joseph",    "Reggie",  "Ronnie",
    "Tyler",   "Bradley",  "Logan",     "Riley",   "Dylan",    "Kian",      "Callum",  "Liam",
    "Jayden",  "Kai",      "Harrison",  "Samuel",  "Daniel",   "Toby",      "Zachary", "Ibrahim",
    "Yusuf",   "Ayaan",    "Ryan",      "Connor",  "Jamie",    "Kyle",      "Lewis",   "Owen",
    "Dominic", "Stanley",  "Frankie",   "Ollie",   "Ezra",     "Caleb",     "Nathan",  "Jenson"};
constexpr const char* kFamilies[] = {
    "Smith",     "Jones",     "Williams", "Taylor",   "Brown",     "Davies",     "Evans",
    "Wilson",    "Thomas",    "Johnson",  "Roberts",  "Robinson",  "Thompson",   "Wright",
    "Walker",    "White",     "Edwards",  "Hughes",   "Green",     "Hall",       "Lewis",
    "Harris",    "Clarke",    "Patel",    "Jackson",  "Wood",      "Turner",     "Martin",
    "Cooper",    "Hill",      "Ward",     "Morris",   "Moore",     "Clark",      "Lee",
    "King",      "Baker",     "Harrison", "Morgan",   "Allen",     "James",      "Scott",
    "Phillips",  "Watson",    "Davis",    "Parker",   "Price",     "Bennett",    "Young",
    "Griffiths", "Mitchell",  "Kelly",    "Cook",     "Carter",    "Richardson", "Bailey",
    "Collins",   "Bell",      "Shaw",     "Murphy",   "Miller",    "Cox",        "Richards",
    "Khan",      "Marshall",  "Anderson", "Simpson",  "Ellis",     "Adams",      "Singh",
    "Begum",     "Wilkinson", "Foster",   "Chapman",  "Powell",    "Webb",       "Rogers",
    "Gray",      "Mason",     "Ali",      "Hunt",     "Hussain",   "Campbell",   "Matthews",
    "Owen",      "Palmer",    "Holmes",   "Mills",    "Barnes",    "Knight",     "Lloyd",
    "Butler",    "Russell",   "Barker",   "Fisher",   "Stevens",   "Jenkins",    "Murray",
    "Dixon",     "Harvey",    "Graham",   "Pearson",  "Ahmed",     "Fletcher",   "Walsh",
    "Kaur",      "Gibson",    "Howard",   "Andrews",  "Stewart",   "Elliott",    "Reynolds",
    "Saunders",  "Payne",     "Fox",      "Ford",     "Pearce",    "Day",        "Brooks",
    "West",      "Lawrence",  "Cole",     "Atkinson", "Bradley",   "Spencer",    "Gill",
    "Dawson",    "Ball",      "Burton",   "O'Brien",  "Watts",     "Rose",       "Booth",
    "Perry",     "Ryan",      "Grant",    "Wells",    "Armstrong", "Francis",    "Rees",
    "Hayes",     "Hart",      "Hudson",   "Newman",   "Barrett",   "Webster",    "Hunter",
    "Gregory",   "Carr",      "Lowe",     "Page",     "Marsh",     "Riley",      "Dunn",
    "Woods",     "Parsons",   "Berry",    "Stone",    "Reid",      "Holland",    "Hawkins",
    "Fenwick",   "Nowak",     "Kowalski", "Okafor",   "Mensah",    "Popescu"};
// Most people have a less common name: the long tail is made of English place-name parts
// (Ash + worth, Thorn + ton), 1,000 names between them.
constexpr const char* kFamilyStarts[] = {
    "Ash",  "Black", "Brad",  "Brom",  "Chad", "Clay", "Crab", "Dun",   "Els",  "Fair",
    "Farn", "Gold",  "Green", "Hal",   "Hart", "Hay",  "Hol",  "Kings", "Lang", "Mar",
    "Mid",  "New",   "North", "Oak",   "Pen",  "Rad",  "Red",  "Ros",   "Rush", "Sand",
    "Shep", "South", "Stan",  "Thorn", "Wal",  "West", "Whit", "Wood",  "Wor",  "Yar"};
constexpr const char* kFamilyEnds[] = {"ley",  "ton",   "worth", "field", "ford",  "wood",   "well",
                                       "by",   "ham",   "ridge", "more",  "croft", "stone",  "bury",
                                       "dale", "hurst", "wick",  "combe", "brook", "thorpe", "lock",
                                       "shaw", "gate",  "land",  "cliffe"};
// Doncaster, Sheffield and Rotherham outward codes.
constexpr const char* kOutwards[] = {"DN1", "DN2",  "DN3",  "DN4", "DN5", "DN6", "DN7",
                                     "DN8", "DN11", "DN12", "S63", "S64", "S60", "S61",
                                     "S65", "S66",  "S2",   "S5",  "S8",  "S13"};
constexpr char kInwardLetters[] = "ABDEFGHJ";  // a few of the letters a postcode's end may use
constexpr const char* kStreets[] = {"Carr House Road", "Bentley Road", "Thorne Road",
                                    "Balby Road",      "Station Road", "Church Lane",
                                    "Cemetery Road",   "Park Avenue",  "Chequer Road"};
constexpr const char* kTowns[] = {"Doncaster", "Rotherham", "Sheffield", "Mexborough", "Thorne"};

template <typename T, size_t N>
constexpr size_t Count(const T (&)[N]) {
  return N;
}

// SplitMix64: small, fast, and the same sequence on every platform, so every run (and both
// databases) seeds the same people.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(double p) { return Unit() < p; }
  // An index into a list ordered from the most common entry, skewed towards the start: the
  // first of n is picked with probability (1/n)^(1/skew).
  size_t Common(size_t n, double skew) {
    return std::min(n - 1, static_cast<size_t>(std::pow(Unit(), skew) * static_cast<double>(n)));
  }

 private:
  uint64_t state_;
};

std::string Digits(Rng& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(static_cast<char>('0' + rng.Below(10)));
  return out;
}

// A UPN with a correct check letter (LA code 371).
std::string MakeUpn(Rng& rng) {
  std::string upn = "?371" + Digits(rng, 9);
  upn[0] = *domain::UpnCheckLetter(upn);
  return upn;
}

// An NHS number with a correct modulus-11 check digit.
std::string MakeNhsNumber(Rng& rng) {
  for (;;) {
    std::string nhs = Digits(rng, 9);
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (nhs[static_cast<size_t>(i)] - '0') * (10 - i);
    const int check = 11 - sum % 11;
    if (check == 10) continue;  // no valid number ends this way
    nhs.push_back(static_cast<char>('0' + (check == 11 ? 0 : check)));
    return nhs;
  }
}

std::string MakePostcode(Rng& rng) {
  std::string pc = std::string(kOutwards[rng.Below(Count(kOutwards))]) + " " + Digits(rng, 1);
  pc.push_back(kInwardLetters[rng.Below(sizeof kInwardLetters - 1)]);
  pc.push_back(kInwardLetters[rng.Below(sizeof kInwardLetters - 1)]);
  return pc;
}

std::string FamilyName(Rng& rng) {
  if (rng.Chance(0.45)) return kFamilies[rng.Common(Count(kFamilies), 1.5)];
  return std::string(kFamilyStarts[rng.Below(Count(kFamilyStarts))]) +
         kFamilyEnds[rng.Below(Count(kFamilyEnds))];
}

struct PersonSpec {
  bool child = true;
  std::string given_name, family_name, sex, date_of_birth;
  std::optional<std::string> upn, nhs_number, la_child_id, postcode, previous_family_name;
  bool alert = false;
  bool merged = false;  // a duplicate of the person before it, merged into them
  bool restricted = false;
  bool named_on_restriction = false;  // the searching user is named on the restriction
};

// Person `index`: the same on every run and on both databases.
PersonSpec MakePerson(uint64_t index, const Date& today) {
  Rng rng(kSeed * 1000003 + index);
  PersonSpec p;
  p.child = rng.Chance(0.85);
  const bool girl = rng.Chance(0.5);
  p.sex = girl ? "F" : "M";
  // Shares close to England's: the commonest given name about 3% of its sex, Smith about 1.5%
  // of people.
  p.given_name =
      girl ? kGirls[rng.Common(Count(kGirls), 1.25)] : kBoys[rng.Common(Count(kBoys), 1.25)];
  if (rng.Chance(0.08)) {  // a second given name
    p.given_name += std::string(" ") +
                    (girl ? kGirls[rng.Below(Count(kGirls))] : kBoys[rng.Below(Count(kBoys))]);
  }
  p.family_name = FamilyName(rng);
  if (rng.Chance(0.04)) p.family_name += std::string("-") + kFamilies[rng.Below(Count(kFamilies))];
  constexpr size_t kYear = 365;
  const int age_days =
      static_cast<int>(p.child ? rng.Below(18 * kYear) : 18 * kYear + rng.Below(50 * kYear));
  p.date_of_birth = today.AddDays(-age_days - 1).ToString();
  if (p.child) {
    p.la_child_id = "C" + std::to_string(10000000 + index);
    if (rng.Chance(0.7)) p.upn = MakeUpn(rng);
  }
  if (rng.Chance(0.8)) p.nhs_number = MakeNhsNumber(rng);
  if (rng.Chance(0.4)) p.postcode = MakePostcode(rng);
  if (rng.Chance(0.03)) p.previous_family_name = FamilyName(rng);
  p.alert = rng.Chance(0.02);
  p.merged = index % kBatch != 0 && rng.Chance(0.002);
  p.restricted = !p.merged && rng.Chance(0.002);
  p.named_on_restriction = p.restricted && rng.Chance(0.5);
  return p;
}

// What a query is built from and expected to find.
struct Target {
  int64_t id = 0;
  uint64_t index = 0;
  PersonSpec spec;
};

// ---- Figures ----------------------------------------------------------------------------------

double Ms(SteadyClock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Nearest-rank percentile of `ms` (sorted here).
double Percentile(std::vector<double>& ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  size_t rank = static_cast<size_t>(p * static_cast<double>(ms.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, ms.size());
  return ms[rank - 1];
}

[[noreturn]] void Die(const std::string& what, const Status& s) {
  std::fprintf(stderr, "record_bench: %s: %s\n", what.c_str(), s.ToString().c_str());
  std::exit(1);
}

template <typename T>
T Must(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(*r);
}

void Must(const Status& s, const std::string& what) {
  if (!s.ok()) Die(what, s);
}

std::optional<int> EnvInt(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  if (*end != '\0' || n <= 0 || n > 100000000) {
    std::fprintf(stderr, "record_bench: %s must be a positive whole number, got '%s'\n", name, v);
    std::exit(2);
  }
  return static_cast<int>(n);
}

// ---- One database -----------------------------------------------------------------------------

class Bench {
 public:
  Bench(std::string backend, storage::Store& store, const Clock& clock, int people)
      : backend_(std::move(backend)),
        store_(store),
        clock_(clock),
        people_(people),
        services_(store, clock, random_, access::HashStrength::kMinimum, access::AuthOptions{},
                  std::chrono::hours(12)) {}

  void Run(Json& out) {
    SetUpStaff();
    Seed(out);
    Search(out);
    OpenRecords(out);
    RecordContacts(out);
  }

 private:
  std::string Label() const { return backend_ + ", " + std::to_string(people_) + " people"; }

  void SetUpStaff() {
    const storage::Actor system{std::nullopt, "bench"};
    const std::string reason = "record benchmark";
    auto council = Must(
        services_.org.CreateOrganisation(
            system, {0, "BENCH", "Bench Council", org::OrganisationKind::kCouncil, true}, reason),
        "creating the council");
    org::NewServiceArea na;
    na.code = "BENCH-CSC";
    na.name = "Children's social care";
    na.organisation_id = council.id;
    na.effective_from = "2000-01-01";
    area_id_ = Must(services_.org.CreateServiceArea(system, na, reason), "creating the area").id;
    auto team = Must(services_.org.CreateTeam(
                         system, {0, "BENCH-CP", "Child protection team", area_id_, true}, reason),
                     "creating the team");
    auto account = [&](const std::string& username, const std::string& role) {
      access::NewUser u;
      u.username = username;
      u.display_name = "Bench " + role;
      u.password = "bench-password-" + username + "-not-for-use";
      u.roles = {role};
      u.team_id = team.id;
      return Must(services_.users.Create(system, u, reason), "creating " + username).id;
    };
    // Principals are built directly: signing in is not what is measured.
    manager_.user_id = account("bench.manager", "team_manager");
    manager_.username = "bench.manager";
    manager_.roles = {access::Role::kTeamManager};
    manager_.team_id = team.id;
    director_.user_id = account("bench.director", "director");
    director_.username = "bench.director";
    director_.roles = {access::Role::kDirector};
    director_.team_id = team.id;
  }

  // Inserts people [first, first + count) in one transaction, as the services store them: each a
  // versioned row with its search keys, some with an address, a previous name or an alert, a few
  // merged or restricted.
  Status SeedBatch(uint64_t first, int count, std::vector<Target>& targets, double sample) {
    const storage::Actor actor{manager_.user_id, "bench-seed"};
    const std::string reason = "benchmark seed";
    const Date today = *Date::Parse(FormatTimestamp(clock_.Now()).substr(0, 10));
    const TimePoint at = clock_.Now();
    std::vector<Target> picked;
    Status s = store_.Transact(storage::TxMode::kWrite, [&](storage::Tx& tx) -> Status {
      picked.clear();  // the store may run this again on a reopened connection
      Rng pick(kSeed + first);
      int64_t previous_id = 0;
      PersonSpec previous;
      for (uint64_t i = first; i < first + static_cast<uint64_t>(count); ++i) {
        PersonSpec p = MakePerson(i, today);
        if (p.merged) {  // the duplicate has the name and birthday of the person it duplicates
          p.given_name = previous.given_name;
          p.family_name = previous.family_name;
          p.date_of_birth = previous.date_of_birth;
          p.sex = previous.sex;
          p.upn = p.nhs_number = p.la_child_id = p.previous_family_name = std::nullopt;
        }
        storage::Columns cols = {{"service_area_id", area_id_},
                                 {"kind", std::string(p.child ? "child" : "adult")},
                                 {"given_name", p.given_name},
                                 {"family_name", p.family_name},
                                 {"date_of_birth", p.date_of_birth},
                                 {"sex", p.sex},
                                 {"la_child_id", storage::OptionalText(p.la_child_id)},
                                 {"upn", storage::OptionalText(p.upn)},
                                 {"nhs_number", storage::OptionalText(p.nhs_number)},
                                 {"restricted", int64_t{p.restricted ? 1 : 0}}};
        if (p.merged) cols.emplace_back("merged_into", previous_id);
        ASSIGN_OR_RETURN(int64_t id,
                         storage::InsertVersioned(tx, actor, "people", cols, reason, at));
        if (p.previous_family_name) {
          RETURN_IF_ERROR(storage::InsertVersioned(tx, actor, "person_names",
                                                   {{"person_id", id},
                                                    {"kind", std::string("previous")},
                                                    {"given_name", p.given_name},
                                                    {"family_name", *p.previous_family_name}},
                                                   reason, at)
                              .status());
        }
        RETURN_IF_ERROR(record::internal::RefreshSearchKeys(tx, id));
        if (p.postcode) {
          Rng street(i);
          RETURN_IF_ERROR(
              storage::InsertVersioned(
                  tx, actor, "person_addresses",
                  {{"person_id", id},
                   {"line1", std::to_string(1 + street.Below(200)) + " " +
                                 kStreets[street.Below(Count(kStreets))]},
                   {"town", std::string(kTowns[street.Below(Count(kTowns))])},
                   {"postcode", *p.postcode},
                   {"start_date", today.AddDays(-static_cast<int>(street.Below(3000))).ToString()}},
                  reason, at)
                  .status());
        }
        if (p.alert) {
          RETURN_IF_ERROR(storage::InsertVersioned(tx, actor, "person_alerts",
                                                   {{"person_id", id},
                                                    {"kind", std::string("risk_to_staff")},
                                                    {"detail", std::string("Dog at the address")},
                                                    {"start_date", std::string("2025-01-01")}},
                                                   reason, at)
                              .status());
        }
        if (p.named_on_restriction) {
          RETURN_IF_ERROR(storage::InsertVersioned(
                              tx, actor, "record_restrictions",
                              {{"person_id", id}, {"user_id", director_.user_id}}, reason, at)
                              .status());
        }
        // Queries look for people a search must show.
        if (!p.merged && !p.restricted && pick.Chance(sample)) picked.push_back({id, i, p});
        previous_id = id;
        previous = std::move(p);
      }
      return Status::Ok();
    });
    if (s.ok()) targets.insert(targets.end(), picked.begin(), picked.end());
    return s;
  }

  void Seed(Json& out) {
    auto existing = Must(storage::QueryOnce(store_, "SELECT COUNT(*) FROM people"), "counting");
    if (existing.rows[0].Int(0) != 0) {
      std::fprintf(stderr,
                   "record_bench: the %s database already holds people; use an empty database "
                   "(scripts/with-postgres.sh makes one)\n",
                   backend_.c_str());
      std::exit(1);
    }
    // SQLite has one writer at a time; PostgreSQL overlaps one client's round trips with
    // another's work.
    const int threads = store_.dialect() == storage::Dialect::kPostgres ? 2 : 1;
    const int batches = (people_ + kBatch - 1) / kBatch;
    const double sample = std::min(1.0, 8000.0 / people_);
    std::vector<std::vector<Target>> found(static_cast<size_t>(threads));
    std::atomic<int> next{0}, done{0};
    std::atomic<bool> failed{false};
    Status failure;
    const auto start = SteadyClock::now();
    auto worker = [&](size_t t) {
      for (int b; !failed && (b = next++) < batches;) {
        const uint64_t first = static_cast<uint64_t>(b) * kBatch;
        const int count = std::min(kBatch, people_ - b * kBatch);
        Status s = SeedBatch(first, count, found[t], sample);
        if (!s.ok()) {
          if (!failed.exchange(true)) failure = s;
          return;
        }
        const int d = ++done;
        if (d % 20 == 0) {
          std::fprintf(stderr, "record_bench: %s: seeded %d of %d people (%.0f s)\n",
                       backend_.c_str(), std::min(d * kBatch, people_), people_,
                       std::chrono::duration<double>(SteadyClock::now() - start).count());
        }
      }
    };
    std::vector<std::thread> pool;
    for (size_t t = 0; t < static_cast<size_t>(threads); ++t) pool.emplace_back(worker, t);
    for (auto& th : pool) th.join();
    if (failed) Die("seeding people", failure);
    if (store_.dialect() == storage::Dialect::kPostgres) {
      // Production servers keep planner statistics with autovacuum; a bulk load has to wait for
      // it, so gather them now rather than measure plans made without them.
      Must(store_.Transact(storage::TxMode::kWrite,
                           [](storage::Tx& tx) { return tx.Exec("ANALYZE").status(); }),
           "ANALYZE");
    }
    const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
    for (auto& f : found) targets_.insert(targets_.end(), f.begin(), f.end());
    std::sort(targets_.begin(), targets_.end(),
              [](const Target& a, const Target& b) { return a.index < b.index; });
    if (targets_.empty()) Die("seeding people", Internal("no people were sampled to search for"));
    // How common the commonest name is decides how many candidates a search weighs.
    std::map<std::string, int> families;
    for (const Target& t : targets_) ++families[t.spec.family_name];
    const auto commonest =
        std::max_element(families.begin(), families.end(),
                         [](const auto& a, const auto& b) { return a.second < b.second; });
    std::printf(
        "seed %d people %.1f s, %.0f people/s, %d thread%s (%s); commonest family name "
        "%s, %.1f%% of a sample of %zu\n",
        people_, seconds, people_ / seconds, threads, threads == 1 ? "" : "s", backend_.c_str(),
        commonest->first.c_str(), 100.0 * commonest->second / static_cast<double>(targets_.size()),
        targets_.size());
    std::fflush(stdout);
    out["people"] = people_;
    out["seed_seconds"] = seconds;
    out["seed_threads"] = threads;
  }

  // ---- (a) search ----

  static std::string Misspell(const std::string& word, Rng& rng) {
    if (word.size() < 4) return word;
    std::string w = word;
    const size_t i = 1 + rng.Below(w.size() - 2);  // never the first letter, and i + 1 exists
    switch (rng.Below(4)) {
      case 0:
        std::swap(w[i], w[i + 1]);
        break;
      case 1:
        w.erase(i, 1);
        break;
      case 2:
        w.insert(i, 1, w[i]);
        break;
      default: {
        const std::string vowels = "aeiou";
        for (size_t j = 1; j < w.size(); ++j) {
          const size_t v = vowels.find(w[j]);
          if (v != std::string::npos) {
            w[j] = vowels[(v + 1 + rng.Below(4)) % 5];
            return w;
          }
        }
        std::swap(w[i], w[i + 1]);
      }
    }
    return w;
  }

  struct Query {
    std::string kind;
    record::SearchQuery query;
    int64_t expected = 0;
    std::string given_name, family_name;  // the expected person's
  };

  std::vector<Query> MakeQueries() {
    Rng rng(kSeed ^ 0x5EA6C4ULL);
    std::vector<Query> out;
    auto target = [&]() -> const Target& { return targets_[rng.Below(targets_.size())]; };
    for (int n = 0; n < kQueriesPerKind; ++n) {
      {
        const Target& t = target();
        Query q{"misspelt_name", {}, t.id, t.spec.given_name, t.spec.family_name};
        const bool given = rng.Chance(0.5);
        q.query.name = (given ? Misspell(t.spec.given_name, rng) : t.spec.given_name) + " " +
                       (given ? t.spec.family_name : Misspell(t.spec.family_name, rng));
        out.push_back(q);
      }
      {
        const Target& t = target();
        Query q{"name_dob", {}, t.id, t.spec.given_name, t.spec.family_name};
        q.query.name = t.spec.given_name + " " +
                       (rng.Chance(0.5) ? Misspell(t.spec.family_name, rng) : t.spec.family_name);
        q.query.date_of_birth = t.spec.date_of_birth;
        out.push_back(q);
      }
      {
        const Target* t = &target();
        while (!t->spec.upn && !t->spec.nhs_number && !t->spec.la_child_id) t = &target();
        Query q{"identifier", {}, t->id, t->spec.given_name, t->spec.family_name};
        std::vector<std::string> ids;
        if (t->spec.upn) ids.push_back(t->spec.upn->substr(0, 4) + " " + t->spec.upn->substr(4));
        if (t->spec.nhs_number) {
          const std::string& n = *t->spec.nhs_number;
          ids.push_back(n.substr(0, 3) + " " + n.substr(3, 3) + " " + n.substr(6));
        }
        if (t->spec.la_child_id) ids.push_back(*t->spec.la_child_id);
        q.query.identifier = ids[rng.Below(ids.size())];
        out.push_back(q);
      }
      {
        const Target* t = &target();
        while (!t->spec.postcode) t = &target();
        Query q{"postcode", {}, t->id, t->spec.given_name, t->spec.family_name};
        std::string pc;
        for (char c : *t->spec.postcode) {
          if (c != ' ')
            pc.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        q.query.postcode = pc;
        out.push_back(q);
      }
    }
    return out;
  }

  void Search(Json& out) {
    const std::vector<Query> queries = MakeQueries();
    // Warm the caches (SQLite pages, prepared statements, PostgreSQL buffers) unmeasured.
    for (size_t i = 0; i < std::min<size_t>(queries.size(), 100); ++i) {
      Must(services_.search.Search(director_, queries[i].query), "search (warm-up)");
    }
    std::map<std::string, std::vector<double>> by_kind;
    std::map<std::string, int> found, named;
    std::vector<double> all;
    for (const Query& q : queries) {
      const auto start = SteadyClock::now();
      auto hits = Must(services_.search.Search(director_, q.query), "search");
      const double ms = Ms(SteadyClock::now() - start);
      all.push_back(ms);
      by_kind[q.kind].push_back(ms);
      for (const auto& h : hits) {
        if (h.person.id == q.expected) {
          ++found[q.kind];
          break;
        }
      }
      // With common names several people share the intended one's name exactly, and any of them
      // first means the misspelling was seen through.
      if (!hits.empty() && hits[0].person.given_name == q.given_name &&
          hits[0].person.family_name == q.family_name) {
        ++named[q.kind];
      }
    }
    const size_t n = all.size();
    const double p50 = Percentile(all, 0.5), p99 = Percentile(all, 0.99);
    std::printf("search p50 %.2f ms p99 %.2f ms (%s, %zu queries)\n", p50, p99, Label().c_str(), n);
    Json kinds = Json::object();
    for (auto& [kind, ms] : by_kind) {
      const double k50 = Percentile(ms, 0.5), k99 = Percentile(ms, 0.99);
      const double pct = 100.0 * found[kind] / static_cast<double>(ms.size());
      kinds[kind] = {{"p50_ms", k50}, {"p99_ms", k99}, {"found_pct", pct}};
      std::string quality = "intended person in the top 20 " + Fixed(pct, 0) + "%";
      if (kind == "misspelt_name" || kind == "name_dob") {
        const double first = 100.0 * named[kind] / static_cast<double>(ms.size());
        kinds[kind]["name_first_pct"] = first;
        quality += ", someone of that name first " + Fixed(first, 0) + "%";
      }
      std::printf("search %s p50 %.2f ms p99 %.2f ms, %s (%s)\n", kind.c_str(), k50, k99,
                  quality.c_str(), backend_.c_str());
    }
    std::fflush(stdout);
    out["search"] = {{"queries", n}, {"p50_ms", p50}, {"p99_ms", p99}, {"by_kind", kinds}};
  }

  // ---- (b) a child's record and chronology ----

  int64_t AddStep(const std::string& kind, std::optional<int64_t> person,
                  std::optional<int64_t> referral, domain::Values values) {
    const storage::Actor actor{manager_.user_id, "bench"};
    auto r = services_.casework.Add(manager_, actor, kind, person, referral, std::move(values));
    return Must(std::move(r), "recording a " + kind).record.id;
  }

  int64_t AddContact(int64_t person_id, const std::string& received_at) {
    domain::Contact c;
    c.person_id = person_id;
    c.received_at = received_at;
    c.source = "2A";
    c.referrer_name = "Jo Teacher";
    c.referrer_agency = "Hexthorpe Primary School";
    c.concerns = "Arrived hungry and unkempt several days this week; bruise on the left arm.";
    const storage::Actor actor{manager_.user_id, "bench"};
    return Must(services_.contacts.Record(manager_, actor, c), "recording a contact").contact.id;
  }

  // A child protection case, from the first contact to visits under the plan.
  void AddCase(int64_t child, const Date& start) {
    auto day = [&](int n) { return start.AddDays(n).ToString(); };
    AddContact(child, day(-90) + "T09:30");
    AddContact(child, day(-40) + "T14:05");
    const int64_t contact = AddContact(child, day(0) + "T10:15");
    const int64_t referral =
        AddStep("referral", child, std::nullopt,
                {{"contact_id", std::to_string(contact)}, {"primary_need", "N1"}});
    AddStep("assessment", std::nullopt, referral,
            {{"start_date", day(1)}, {"child_seen_date", day(3)}});
    const int64_t discussion = AddStep("strategy_discussion", std::nullopt, referral,
                                       {{"discussion_date", day(2)},
                                        {"participants", "Police, health, school"},
                                        {"outcome", "s47"}});
    const int64_t s47 = AddStep("s47", std::nullopt, referral,
                                {{"strategy_discussion_id", std::to_string(discussion)},
                                 {"start_date", day(2)},
                                 {"end_date", day(12)},
                                 {"outcome", "icpc"}});
    const int64_t icpc = AddStep(
        "icpc", std::nullopt, referral,
        {{"s47_id", std::to_string(s47)}, {"conference_date", day(15)}, {"outcome", "cp_plan"}});
    const int64_t plan = AddStep(
        "cp_plan", std::nullopt, referral,
        {{"icpc_id", std::to_string(icpc)}, {"start_date", day(15)}, {"initial_category", "NEG"}});
    for (int v = 1; v <= 6; ++v) {
      AddStep("cp_visit", std::nullopt, referral,
              {{"cp_plan_id", std::to_string(plan)},
               {"visit_date", day(15 + 10 * v)},
               {"seen", "1"},
               {"seen_alone", v % 2 == 0 ? "1" : "0"}});
    }
  }

  void OpenRecords(Json& out) {
    // Children old enough for a case that began a year or so ago.
    std::vector<int64_t> children;
    Rng rng(kSeed ^ 0xCA5EULL);
    for (const Target& t : targets_) {
      if (t.spec.child && t.spec.date_of_birth < "2024-01-01") children.push_back(t.id);
    }
    for (size_t i = children.size(); i > 1; --i) std::swap(children[i - 1], children[rng.Below(i)]);
    if (children.size() > static_cast<size_t>(kChildren)) children.resize(kChildren);
    const auto setup = SteadyClock::now();
    const Date first = *Date::Parse("2025-03-01");
    for (size_t i = 0; i < children.size(); ++i) {
      AddCase(children[i], first.AddDays(static_cast<int>(i % 150)));
    }
    const double setup_s = std::chrono::duration<double>(SteadyClock::now() - setup).count();

    const storage::Actor actor{director_.user_id, "bench"};
    std::vector<double> ms;
    size_t entries = 0;
    for (int round = 0; round < kRecordRounds; ++round) {
      for (int64_t child : children) {
        const auto start = SteadyClock::now();
        auto rec =
            Must(services_.details.GetRecord(director_, actor, child, "bench"), "opening a record");
        auto chron =
            Must(services_.casework.Chronology(director_, actor, child, record::ChronologyFilter{}),
                 "reading a chronology");
        ms.push_back(Ms(SteadyClock::now() - start));
        entries += chron.size();
      }
    }
    const double per =
        ms.empty() ? 0 : static_cast<double>(entries) / static_cast<double>(ms.size());
    const double p50 = Percentile(ms, 0.5), p99 = Percentile(ms, 0.99);
    std::printf(
        "record+chronology p50 %.2f ms p99 %.2f ms (%s, %zu children, %.0f entries each; "
        "cases recorded through the services in %.1f s)\n",
        p50, p99, Label().c_str(), children.size(), per, setup_s);
    std::fflush(stdout);
    out["record_chronology"] = {{"children", children.size()},
                                {"opens", ms.size()},
                                {"entries_each", per},
                                {"p50_ms", p50},
                                {"p99_ms", p99}};
  }

  // ---- (c) contacts per second ----

  // Contacts recorded by `threads` threads for `seconds`, per second.
  double ContactsPerSecond(int threads, int seconds) {
    std::atomic<int64_t> recorded{0};
    std::atomic<bool> failed{false};
    Status failure;
    const auto until = SteadyClock::now() + std::chrono::seconds(seconds);
    const auto start = SteadyClock::now();
    auto worker = [&](int t) {
      Rng rng(kSeed + 77 + static_cast<uint64_t>(t));
      const storage::Actor actor{manager_.user_id, "bench"};
      while (!failed && SteadyClock::now() < until) {
        domain::Contact c;
        c.person_id = targets_[rng.Below(targets_.size())].id;
        c.received_at = "2026-05-29T11:20";
        c.source = "6";
        c.referrer_name = "PC Sam Ward";
        c.referrer_agency = "South Yorkshire Police";
        c.concerns = "Attended a domestic incident at the address; the child was present.";
        auto r = services_.contacts.Record(manager_, actor, c);
        if (!r.ok()) {
          if (!failed.exchange(true)) failure = r.status();
          return;
        }
        ++recorded;
      }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t);
    for (auto& th : pool) th.join();
    if (failed) Die("recording contacts", failure);
    return static_cast<double>(recorded) /
           std::chrono::duration<double>(SteadyClock::now() - start).count();
  }

  // How durable a commit is on this database, as the database reports it, for the figure's
  // label: the throwaway PostgreSQL of scripts/with-postgres.sh runs without fsync.
  std::string Durability() {
    auto setting = [&](const std::string& sql) {
      auto r = storage::QueryOnce(store_, sql);
      return r.ok() && !r->empty() ? r->rows[0].Text(0) : std::string("?");
    };
    if (store_.dialect() == storage::Dialect::kSqlite) {
      static const char* const kSync[] = {"OFF", "NORMAL", "FULL", "EXTRA"};
      const std::string sync = setting("PRAGMA synchronous");
      const bool known = sync.size() == 1 && sync[0] >= '0' && sync[0] <= '3';
      return "journal_mode=" + setting("PRAGMA journal_mode") +
             " synchronous=" + (known ? kSync[sync[0] - '0'] : sync);
    }
    return "fsync=" + setting("SELECT current_setting('fsync')") +
           " synchronous_commit=" + setting("SELECT current_setting('synchronous_commit')");
  }

  void RecordContacts(Json& out) {
    const int seconds = EnvInt("BENCH_SECONDS").value_or(5);
    const std::string durability = Durability();
    Json runs = Json::object();
    for (int threads : {1, 4}) {
      const double rate = ContactsPerSecond(threads, seconds);
      std::printf("contacts %d thread%s %.0f per second (%s, %s, each its own transaction)\n",
                  threads, threads == 1 ? "" : "s", rate, backend_.c_str(), durability.c_str());
      std::fflush(stdout);
      runs[std::to_string(threads)] = rate;
    }
    out["contacts_per_second"] = {
        {"threads", runs}, {"seconds", seconds}, {"durability", durability}};
  }

  std::string backend_;
  storage::Store& store_;
  const Clock& clock_;
  int people_;
  SecureRandom random_;
  app::Services services_;
  int64_t area_id_ = 0;
  access::Principal manager_, director_;
  std::vector<Target> targets_;
};

// Opens, migrates and benchmarks one database; returns its JSON figures.
Json RunOn(const std::string& backend, const std::string& url, int people) {
  // 2026-06-01 09:00 UTC: every seeded date and casework date lies before it.
  const FakeClock clock(
      TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 6 / 1) + std::chrono::hours(9)));
  auto store = Must(app::OpenStore(url, 8), "opening the " + backend + " database");
  Must(storage::Migrate(*store, storage::HavenMigrations(), clock).status(), "migrating");
  Json out = {{"bench", "record"}, {"backend", backend}};
  Bench bench(backend, *store, clock, people);
  bench.Run(out);
  return out;
}

std::string UtcNow() {
  return FormatTimestamp(std::chrono::time_point_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now()))
             .substr(0, 19) +
         "Z";
}

void Append(const Json& figures) {
  const char* path = std::getenv("BENCH_OUT");
  if (path == nullptr || *path == '\0') return;
  Json line = figures;
  line["time"] = UtcNow();
  line["cores"] = std::thread::hardware_concurrency();
  std::ofstream f(path, std::ios::app);
  f << line.dump() << "\n";
  if (!f) {
    std::fprintf(stderr, "record_bench: could not append to BENCH_OUT %s\n", path);
    std::exit(1);
  }
  std::printf("record_bench: results appended to %s\n", path);
}

int Main() {
  const std::optional<int> people = EnvInt("BENCH_PEOPLE");
  if (people && *people < 1000) {
    std::fprintf(stderr,
                 "record_bench: BENCH_PEOPLE must be at least 1000, to have %d children "
                 "with casework and people to search for\n",
                 kChildren);
    return 2;
  }
  std::printf(
      "record_bench: %u cores; people seeded through storage::InsertVersioned, casework "
      "and contacts through the services\n",
      std::thread::hardware_concurrency());
  std::fflush(stdout);

  std::string tmp = std::filesystem::temp_directory_path() / "haven-record-bench.XXXXXX";
  if (mkdtemp(tmp.data()) == nullptr) {
    std::perror("record_bench: mkdtemp");
    return 1;
  }
  Json sqlite = RunOn("sqlite", "sqlite:" + tmp + "/bench.db", people.value_or(kSqlitePeople));
  std::error_code ignored;
  std::filesystem::remove_all(tmp, ignored);
  Append(sqlite);

  const char* pg = std::getenv("HAVEN_TEST_POSTGRES_URL");
  if (pg == nullptr || *pg == '\0') {
    std::printf(
        "record_bench: HAVEN_TEST_POSTGRES_URL is not set; PostgreSQL skipped "
        "(run under scripts/with-postgres.sh)\n");
    return 0;
  }
  Append(RunOn("postgres", pg, people.value_or(kPostgresPeople)));
  return 0;
}

}  // namespace
}  // namespace haven::bench

int main() {
  try {
    return haven::bench::Main();
  } catch (const std::exception& e) {
    // Exceptions are bugs; report one line and stop.
    std::fprintf(stderr, "record_bench: fatal: %s\n", e.what());
    return 70;
  }
}
