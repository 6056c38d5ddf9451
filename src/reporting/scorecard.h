#pragma once

// The commissioner's contract scorecard. A contract names the organisation that runs the services
// and the commissioner that holds it to account; the commissioner chooses measures with a target
// and a tolerance. Each month each measure is green (at the target or better), amber (worse, but
// within the tolerance) or red, for the services the provider ran that month. The grading is pure;
// ScorecardService stores contracts and reads the figures from MiService. The provider is a
// council or a trust; the commissioner a council, a commissioning body or government.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "common/clock.h"
#include "common/date.h"
#include "reporting/cube.h"
#include "reporting/measures.h"
#include "reporting/mi_service.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::reporting {

enum class Rag { kGreen, kAmber, kRed, kNone };
std::string_view RagName(Rag r);  // "green", "amber", "red", "no figure"

// Grades a figure against a target: "better" follows the measure's direction.
Rag Grade(const Measure& m, const Figure& f, double target, double tolerance);

struct Target {
  int64_t id = 0;
  std::string measure;
  double target = 0;
  double tolerance = 0;
  int64_t version = 0;
};

struct Contract {
  int64_t id = 0;
  std::string name;
  int64_t provider_id = 0;
  std::string provider;
  int64_t commissioner_id = 0;
  std::string commissioner;
  Date start;
  std::optional<Date> end;
  std::vector<Target> targets;
};

struct NewContract {
  std::string name;
  int64_t provider_id = 0;
  int64_t commissioner_id = 0;
  std::string start_date;  // YYYY-MM-DD
};

struct ScoreLine {
  const Measure* measure = nullptr;
  Target target;
  std::vector<Figure> figures;  // each month shown
  std::vector<Rag> grades;
};

struct Scorecard {
  Contract contract;
  std::vector<Date> months;  // the months shown
  std::vector<ScoreLine> lines;
  Overview overview;  // every measure for the provider's services, for the board pack
};

class ScorecardService {
 public:
  ScorecardService(storage::Store& store, const Clock& clock, MiService& mi)
      : store_(store), clock_(clock), mi_(mi) {}

  Result<std::vector<Contract>> List(const access::Principal& who);
  Result<Contract> Get(const access::Principal& who, int64_t id);
  Result<int64_t> Create(const access::Principal& who, const storage::Actor& actor,
                         const NewContract& c, const std::string& reason);
  // Sets a measure's target and tolerance (a new target, or a change to the measure's). When
  // changing one, `version` is the version of the target the caller saw (a stale one is a
  // conflict); without it the change applies to the target as it stands.
  Status SetTarget(const access::Principal& who, const storage::Actor& actor, int64_t contract,
                   const std::string& measure, const std::string& target,
                   const std::string& tolerance, std::optional<int64_t> version = std::nullopt,
                   const std::string& reason = "target set");
  Result<Scorecard> Card(const access::Principal& who, int64_t contract);

 private:
  Result<Contract> Load(storage::Tx& tx, int64_t id);

  storage::Store& store_;
  const Clock& clock_;
  MiService& mi_;
};

}  // namespace haven::reporting
