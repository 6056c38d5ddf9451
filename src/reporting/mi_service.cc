#include "reporting/mi_service.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_set>

#include "reporting/internal/read_facts.h"

namespace haven::reporting {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

namespace {

// More changes than this since the last look are read as a reload, not child by child.
constexpr size_t kCatchUpLimit = 20000;

std::optional<Date> DateOf(const Row& r, size_t i) {
  if (r.IsNull(i) || r.Text(i).size() < 10) return std::nullopt;
  return Date::Parse(std::string_view(r.Text(i)).substr(0, 10));
}

}  // namespace

// Teams, service areas and who ran them, for filters and names.
struct MiService::Structure {
  struct Owner {
    int64_t area = 0;
    int64_t organisation = 0;
    Date from;
    std::optional<Date> to;
  };
  std::map<int64_t, std::pair<std::string, int64_t>> teams;  // id -> (name, service area)
  std::map<int64_t, std::pair<std::string, int64_t>> areas;  // id -> (name, parent or 0)
  std::map<int64_t, std::string> organisations;
  std::vector<Owner> owners;

  bool Within(int64_t area, int64_t ancestor) const {
    for (int depth = 0; area != 0 && depth < 32; ++depth) {
      if (area == ancestor) return true;
      auto it = areas.find(area);
      area = it == areas.end() ? 0 : it->second.second;
    }
    return false;
  }
  // The organisation running `area` on `d`: its own owner then, else its parent's.
  int64_t OwnerOn(int64_t area, Date d) const {
    for (int depth = 0; area != 0 && depth < 32; ++depth) {
      for (const Owner& o : owners) {
        if (o.area == area && o.from <= d && (!o.to || *o.to > d)) return o.organisation;
      }
      auto it = areas.find(area);
      area = it == areas.end() ? 0 : it->second.second;
    }
    return 0;
  }
};

MiService::MiService(storage::Store& store, const Clock& clock,
                     const clocks::WorkingCalendar& calendar, const clocks::Timescales& timescales,
                     record::RecordAccess& access, MiOptions options)
    : store_(store),
      clock_(clock),
      calendar_(calendar),
      timescales_(timescales),
      access_(access),
      options_(options) {}

MiService::~MiService() = default;

void MiService::Configure(MiOptions options) {
  std::lock_guard lock(mu_);
  options_ = options;
  model_.reset();
}

Date MiService::Today() const { return *Date::Parse(FormatTimestamp(clock_.Now()).substr(0, 10)); }

Status MiService::ReadStructure(Tx& tx) {
  auto s = std::make_unique<Structure>();
  ASSIGN_OR_RETURN(Rows teams, tx.Query("SELECT id, name, service_area_id FROM teams"));
  for (const Row& r : teams.rows) s->teams[r.Int(0)] = {r.Text(1), r.Int(2)};
  ASSIGN_OR_RETURN(Rows areas, tx.Query("SELECT id, name, parent_id FROM service_areas"));
  for (const Row& r : areas.rows) s->areas[r.Int(0)] = {r.Text(1), r.Int(2)};
  ASSIGN_OR_RETURN(Rows orgs, tx.Query("SELECT id, name FROM organisations"));
  for (const Row& r : orgs.rows) s->organisations[r.Int(0)] = r.Text(1);
  ASSIGN_OR_RETURN(Rows owners, tx.Query("SELECT service_area_id, organisation_id, effective_from, "
                                         "effective_to FROM service_area_owners"));
  for (const Row& r : owners.rows) {
    auto from = DateOf(r, 2);
    if (from) s->owners.push_back({r.Int(0), r.Int(1), *from, DateOf(r, 3)});
  }
  structure_ = std::move(s);
  return Status::Ok();
}

Status MiService::Reload() {
  std::lock_guard lock(mu_);
  return ReloadLocked();
}

Status MiService::ReloadLocked() {
  ASSIGN_OR_RETURN(Standards standards, Standards::From(timescales_));
  auto model = std::make_unique<Model>(calendar_, std::move(standards), options_.child_population,
                                       options_.months_shown);
  std::unordered_map<int64_t, ChildFacts> children;
  Workforce workforce;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    // The feed starts first: anything written after this is caught up with later.
    RETURN_IF_ERROR(feed_.Start(tx, clock_.Now()));
    RETURN_IF_ERROR(ReadStructure(tx));
    ASSIGN_OR_RETURN(children, internal::ReadChildren(tx, nullptr));
    ASSIGN_OR_RETURN(workforce, internal::ReadWorkforce(tx));
    return Status::Ok();
  }));
  model->Load(std::move(children), std::move(workforce), Today());
  model_ = std::move(model);
  return Status::Ok();
}

Status MiService::EnsureLocked() {
  if (!model_) RETURN_IF_ERROR(ReloadLocked());
  RETURN_IF_ERROR(CatchUpLocked());
  if (model_->frame().month_end.back() != Today()) model_->Recompute(Today());
  return Status::Ok();
}

Status MiService::CatchUp() {
  std::lock_guard lock(mu_);
  if (!model_) return FailedPrecondition("the figures have not been read yet");
  return CatchUpLocked();
}

void MiService::Recompute() {
  std::lock_guard lock(mu_);
  if (model_) model_->Recompute(Today());
}

Status MiService::CatchUpLocked() {
  std::set<int64_t> people;
  bool staff = false, structure = false, reload = false;
  std::unordered_map<int64_t, ChildFacts> read;
  Workforce workforce;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    auto changes = feed_.Next(tx, kCatchUpLimit, clock_.Now());
    if (!changes.ok() && changes.status().code() == StatusCode::kResourceExhausted) {
      reload = true;
      return Status::Ok();
    }
    RETURN_IF_ERROR(changes.status());
    for (const storage::VersionSeen& c : *changes) {
      if (c.entity == "users" || c.entity == "sickness_absences" ||
          c.entity == "team_establishment") {
        staff = true;
      } else if (c.entity == "teams" || c.entity == "service_areas" ||
                 c.entity == "service_area_owners" || c.entity == "organisations") {
        structure = true;
      } else {
        for (const int64_t id : storage::PeopleOf(c)) people.insert(id);
      }
    }
    if (structure) RETURN_IF_ERROR(ReadStructure(tx));
    if (!people.empty()) {
      const std::vector<int64_t> ids(people.begin(), people.end());
      ASSIGN_OR_RETURN(read, internal::ReadChildren(tx, &ids));
    }
    if (staff) {
      ASSIGN_OR_RETURN(workforce, internal::ReadWorkforce(tx));
    }
    return Status::Ok();
  }));
  if (reload) return ReloadLocked();
  for (int64_t id : people) {
    auto it = read.find(id);
    if (it == read.end()) {
      model_->Update(id, std::nullopt);
    } else {
      model_->Update(id, std::move(it->second));
    }
  }
  if (staff) model_->UpdateWorkforce(std::move(workforce));
  return Status::Ok();
}

Result<Teams> MiService::TeamsFor(const MiFilter& filter, Date at) const {
  if (!filter.team_id && !filter.service_area_id && !filter.organisation_id) return Teams();
  std::vector<int32_t> out;
  for (const auto& [id, team] : structure_->teams) {
    if (filter.team_id && id != *filter.team_id) continue;
    if (filter.service_area_id && !structure_->Within(team.second, *filter.service_area_id)) {
      continue;
    }
    if (filter.organisation_id && structure_->OwnerOn(team.second, at) != *filter.organisation_id) {
      continue;
    }
    out.push_back(static_cast<int32_t>(id));
  }
  std::sort(out.begin(), out.end());
  return Teams(std::move(out));
}

std::string MiService::ScopeOf(const MiFilter& filter) const {
  auto name = [](const auto& map, int64_t id) -> std::string {
    auto it = map.find(id);
    if (it == map.end()) return "#" + std::to_string(id);
    if constexpr (std::is_same_v<std::decay_t<decltype(it->second)>, std::string>) {
      return it->second;
    } else {
      return it->second.first;
    }
  };
  std::vector<std::string> parts;
  if (filter.organisation_id) {
    parts.push_back("run by " + name(structure_->organisations, *filter.organisation_id));
  }
  if (filter.service_area_id) {
    parts.push_back("service area " + name(structure_->areas, *filter.service_area_id));
  }
  if (filter.team_id) parts.push_back("team " + name(structure_->teams, *filter.team_id));
  if (parts.empty()) return "the whole authority";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

namespace {
Status CheckFilter(const MiFilter& f, const auto& teams, const auto& areas, const auto& orgs) {
  if (f.team_id && !teams.count(*f.team_id)) {
    return InvalidArgument("no team with id " + std::to_string(*f.team_id), "team");
  }
  if (f.service_area_id && !areas.count(*f.service_area_id)) {
    return InvalidArgument("no service area with id " + std::to_string(*f.service_area_id),
                           "service_area");
  }
  if (f.organisation_id && !orgs.count(*f.organisation_id)) {
    return InvalidArgument("no organisation with id " + std::to_string(*f.organisation_id),
                           "organisation");
  }
  return Status::Ok();
}

// A worker's or team's parts of one figure, one per month of its window, as one row.
std::vector<Part> MergeStaffParts(std::vector<Part> parts) {
  std::vector<Part> out;
  std::map<std::pair<Subject, int64_t>, size_t> at;
  for (Part& p : parts) {
    if (p.subject == Subject::kChild) {
      out.push_back(std::move(p));
      continue;
    }
    auto [it, fresh] = at.try_emplace({p.subject, p.id}, out.size());
    if (fresh) {
      out.push_back(std::move(p));
      continue;
    }
    Part& merged = out[it->second];
    merged.numerator += p.numerator;
    merged.denominator += p.denominator;
    merged.date = std::min(merged.date, p.date);
  }
  return out;
}

// Thousandths as a figure with one decimal place: 2500 is "2.5".
std::string Thousandths(int64_t n) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(n) / 1000.0);
  return text;
}

// What a worker's or team's part is: "2.0 vacancies (FTE) of 7.0 vacancies and permanent social
// workers (FTE)".
std::string StaffDetail(const Measure& m, const Part& p) {
  std::string out;
  if (p.numerator > 0) out = Thousandths(p.numerator) + " " + m.numerator;
  if (p.denominator > 0) {
    out += (out.empty() ? "" : " of ") + Thousandths(p.denominator) + " " + m.denominator;
  }
  return out;
}
}  // namespace

Result<Overview> MiService::Figures(const access::Principal& who, const MiFilter& filter) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerformance));
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(EnsureLocked());
  RETURN_IF_ERROR(
      CheckFilter(filter, structure_->teams, structure_->areas, structure_->organisations));
  const Frame& frame = model_->frame();
  Overview out;
  out.scope = ScopeOf(filter);
  out.population = options_.child_population;
  out.children = model_->children();
  std::vector<Teams> teams_by_month;
  for (int m = frame.FirstShown(); m < frame.months; ++m) {
    out.months.push_back(frame.month_end[m]);
    ASSIGN_OR_RETURN(Teams t, TeamsFor(filter, frame.month_end[m]));
    teams_by_month.push_back(std::move(t));
  }
  const auto& measures = Measures();
  for (size_t i = 0; i < measures.size(); ++i) {
    FigureLine line;
    line.measure = &measures[i];
    line.index = static_cast<int>(i);
    for (int m = frame.FirstShown(); m < frame.months; ++m) {
      line.series.push_back(
          model_->cube().At(line.index, m, teams_by_month[m - frame.FirstShown()]));
    }
    line.now = line.series.back();
    out.lines.push_back(std::move(line));
  }
  return out;
}

Result<FigureList> MiService::Behind(const access::Principal& who, const storage::Actor& actor,
                                     const std::string& measure, const std::string& month,
                                     const MiFilter& filter) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerformance));
  const int index = MeasureIndex(measure);
  if (index < 0) return InvalidArgument("no measure called '" + measure + "'", "measure");
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(EnsureLocked());
  RETURN_IF_ERROR(
      CheckFilter(filter, structure_->teams, structure_->areas, structure_->organisations));
  const Frame& frame = model_->frame();
  int m = frame.months - 1;
  if (!month.empty()) {
    auto first = Date::Parse(month + "-01");
    if (month.size() != 7 || !first) {
      return InvalidArgument("the month must be written YYYY-MM", "month");
    }
    m = frame.MonthOf(*first);
    if (m < frame.FirstShown()) {
      return InvalidArgument("figures are kept for the " + std::to_string(frame.shown) +
                                 " months to today; " + month + " is not one of them",
                             "month");
    }
  }
  FigureList out;
  out.measure = &Measures()[index];
  out.month_end = frame.month_end[m];
  out.scope = ScopeOf(filter);
  ASSIGN_OR_RETURN(Teams teams, TeamsFor(filter, out.month_end));
  out.figure = model_->cube().At(index, m, teams);
  std::vector<Part> parts = MergeStaffParts(model_->cube().Behind(index, m, teams));
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    return std::tie(a.date, a.id) < std::tie(b.date, b.id);
  });
  auto team_name = [&](int32_t id) -> std::string {
    if (id == 0) return "";
    auto it = structure_->teams.find(id);
    return it == structure_->teams.end() ? "" : it->second.first;
  };
  const bool private_staff = out.measure->staff_named_to_managers_only;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    std::map<int64_t, bool> readable;
    std::unordered_set<int64_t> logged;
    for (const Part& p : parts) {
      ListRow row;
      row.subject = p.subject;
      row.id = p.id;
      row.team = team_name(p.team_id);
      row.date = p.date;
      row.numerator = p.numerator;
      row.denominator = p.denominator;
      row.counted = p.numerator > 0;
      row.value = p.value;
      if (p.subject == Subject::kTeam) {
        row.name = team_name(static_cast<int32_t>(p.id));
        row.detail = StaffDetail(*out.measure, p);
        out.rows.push_back(std::move(row));
        continue;
      }
      if (p.subject == Subject::kStaff) {
        // Named only to those who manage that worker's team (and logged) where the measure says
        // so; everyone else sees the figure with the workers counted, not named.
        if (private_staff && !access::AuthorizeWorkforce(who, p.team_id).ok()) {
          ++out.withheld;
          continue;
        }
        ASSIGN_OR_RETURN(Rows u, tx.Query("SELECT display_name FROM users WHERE id = ?", {p.id}));
        row.name = u.empty() ? "" : u.rows[0].Text(0);
        row.detail = StaffDetail(*out.measure, p);
        if (private_staff) {
          RETURN_IF_ERROR(storage::LogAccess(
              tx, actor, {"users", p.id, "read", "performance: " + measure}, clock_.Now()));
        }
        out.rows.push_back(std::move(row));
        continue;
      }
      auto seen = readable.find(p.id);
      if (seen == readable.end()) {
        auto refusal = access_.Refusal(tx, who, p.id);
        const bool ok = refusal.ok() && !refusal->has_value();
        seen = readable.emplace(p.id, ok).first;
      }
      if (!seen->second) {
        ++out.withheld;
        continue;
      }
      ASSIGN_OR_RETURN(Rows person, tx.Query("SELECT given_name, family_name, la_child_id FROM "
                                             "people WHERE id = ?",
                                             {p.id}));
      if (!person.empty()) {
        row.name = person.rows[0].Text(0) + " " + person.rows[0].Text(1);
        row.la_child_id = person.rows[0].Text(2);
      }
      if (logged.insert(p.id).second) {
        RETURN_IF_ERROR(storage::LogAccess(
            tx, actor, {"people", p.id, "read", "performance: " + measure}, clock_.Now()));
      }
      out.rows.push_back(std::move(row));
    }
    return Status::Ok();
  }));
  return out;
}

std::vector<std::vector<std::string>> OverviewRows(const Overview& o) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"measure", "area", "title", "basis", "unit", "England"};
  for (Date d : o.months) header.push_back(d.ToString());
  rows.push_back(std::move(header));
  for (const FigureLine& line : o.lines) {
    const Measure& m = *line.measure;
    std::vector<std::string> row = {m.id,
                                    m.area,
                                    m.title,
                                    m.basis,
                                    std::string(UnitName(m.unit)),
                                    m.england ? FormatValue(m, *m.england) : ""};
    for (const Figure& f : line.series) row.push_back(f.has_value ? FormatValue(m, f.value) : "");
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<Choice>> MiService::TeamChoices() {
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(EnsureLocked());
  std::vector<Choice> out;
  for (const auto& [id, t] : structure_->teams) out.push_back({id, t.first});
  return out;
}

Result<std::vector<Choice>> MiService::AreaChoices() {
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(EnsureLocked());
  std::vector<Choice> out;
  for (const auto& [id, a] : structure_->areas) out.push_back({id, a.first});
  return out;
}

Result<std::vector<Choice>> MiService::OrganisationChoices() {
  std::lock_guard lock(mu_);
  RETURN_IF_ERROR(EnsureLocked());
  std::vector<Choice> out;
  for (const auto& [id, name] : structure_->organisations) out.push_back({id, name});
  return out;
}

}  // namespace haven::reporting
