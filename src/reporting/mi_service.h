#pragma once

// Management information, live. The service reads every child's facts once, holds the figures in
// memory (reporting::Model), and before each answer catches up with what changed in the record
// since (storage::ChangeFeed: the versions written since the last look name the children to
// recompute, whoever wrote them: a worker, an import, another process).
// A new day recomputes everything, because clocks run out without any event.
//
// Figures are for the whole authority or a team, service area or organisation (the organisation
// that ran each service area at each month's end, so a transferred service's history follows it).
// Figures are not personal and are open to every role that reads performance; the list behind a
// figure names only the children whose records the reader may open (the rest are counted, not
// named), and each child named is written to the access log.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/roles.h"
#include "clocks/calendar.h"
#include "clocks/timescales.h"
#include "common/clock.h"
#include "record/record_access.h"
#include "reporting/model.h"
#include "storage/change_feed.h"
#include "storage/history.h"
#include "storage/store.h"

namespace haven::reporting {

struct MiOptions {
  int64_t child_population = 0;  // children aged 0 to 17; 0 when not set (rates are not shown)
  int months_shown = 24;
};

struct MiFilter {
  std::optional<int64_t> team_id;
  std::optional<int64_t> service_area_id;
  std::optional<int64_t> organisation_id;
};

struct Choice {
  int64_t id = 0;
  std::string name;
};

struct FigureLine {
  const Measure* measure = nullptr;
  int index = 0;
  Figure now;                  // the last month shown (the month so far)
  std::vector<Figure> series;  // each month shown, oldest first
};

struct Overview {
  std::vector<Date> months;  // each shown month's end (the last is today)
  std::vector<FigureLine> lines;
  std::string scope;  // "the whole authority", "team: ...", ...
  int64_t population = 0;
  size_t children = 0;  // children whose facts are held
};

struct ListRow {
  Subject subject = Subject::kChild;
  int64_t id = 0;    // person, user or team id
  std::string name;  // the child's, worker's or team's name
  std::string la_child_id;
  std::string team;
  Date date;             // the event's date
  bool counted = false;  // in the numerator
  int32_t numerator = 0;
  int32_t denominator = 0;
  std::optional<int32_t> value;
  std::string detail;  // a worker's or team's part, in words (children's are counted or not)
};

struct FigureList {
  const Measure* measure = nullptr;
  Date month_end;
  Figure figure;
  std::string scope;
  std::vector<ListRow> rows;
  size_t withheld = 0;  // children whose records the reader may not open, and workers whose
                        // sickness they may not see (counted, not named)
};

// The overview as a table: one row per measure (id, area, title, basis, unit, England), then a
// column per month shown, for CSV and xlsx downloads.
std::vector<std::vector<std::string>> OverviewRows(const Overview& o);

class MiService {
 public:
  MiService(storage::Store& store, const Clock& clock, const clocks::WorkingCalendar& calendar,
            const clocks::Timescales& timescales, record::RecordAccess& access, MiOptions options);
  ~MiService();
  // Changes the options (at start-up, from the settings); the next answer reads everything again.
  void Configure(MiOptions options);

  Result<Overview> Figures(const access::Principal& who, const MiFilter& filter);
  // The list behind one measure's figure for a month ("YYYY-MM"; empty for the latest).
  Result<FigureList> Behind(const access::Principal& who, const storage::Actor& actor,
                            const std::string& measure, const std::string& month,
                            const MiFilter& filter);
  // What the filters offer.
  Result<std::vector<Choice>> TeamChoices();
  Result<std::vector<Choice>> AreaChoices();
  Result<std::vector<Choice>> OrganisationChoices();

  // For benchmarks and tests: read everything again; catch up with the record; recompute all.
  Status Reload();
  Status CatchUp();
  void Recompute();
  const Model* model() const { return model_.get(); }

 private:
  struct Structure;
  Status ReloadLocked();
  Status EnsureLocked();
  Status CatchUpLocked();
  Status ReadStructure(storage::Tx& tx);
  Result<Teams> TeamsFor(const MiFilter& filter, Date at) const;
  std::string ScopeOf(const MiFilter& filter) const;
  Date Today() const;

  storage::Store& store_;
  const Clock& clock_;
  const clocks::WorkingCalendar& calendar_;
  const clocks::Timescales& timescales_;
  record::RecordAccess& access_;
  MiOptions options_;
  std::mutex mu_;
  std::unique_ptr<Model> model_;
  std::unique_ptr<Structure> structure_;
  storage::ChangeFeed feed_;
};

}  // namespace haven::reporting
