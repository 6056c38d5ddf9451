#include "reporting/scorecard.h"

#include <algorithm>

#include <cmath>
#include <cstdlib>

#include "storage/versioned.h"

namespace haven::reporting {

using storage::Row;
using storage::Rows;
using storage::Tx;
using storage::TxMode;

std::string_view RagName(Rag r) {
  switch (r) {
    case Rag::kGreen:
      return "green";
    case Rag::kAmber:
      return "amber";
    case Rag::kRed:
      return "red";
    case Rag::kNone:
      break;
  }
  return "no figure";
}

Rag Grade(const Measure& m, const Figure& f, double target, double tolerance) {
  if (!f.has_value) return Rag::kNone;
  // How far the figure falls short of the target (negative or zero: met).
  const double short_by = m.higher_is_better ? target - f.value : f.value - target;
  if (short_by <= 1e-9) return Rag::kGreen;
  if (short_by <= tolerance + 1e-9) return Rag::kAmber;
  return Rag::kRed;
}

namespace {

std::optional<double> ParseNumber(const std::string& text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

Result<Contract> ScorecardService::Load(Tx& tx, int64_t id) {
  ASSIGN_OR_RETURN(Rows rows,
                   tx.Query("SELECT c.id, c.name, c.provider_id, p.name, c.commissioner_id, "
                            "m.name, c.start_date, c.end_date FROM contracts c "
                            "JOIN organisations p ON p.id = c.provider_id "
                            "JOIN organisations m ON m.id = c.commissioner_id WHERE c.id = ?",
                            {id}));
  if (rows.empty()) return NotFound("no contract with id " + std::to_string(id));
  const Row& r = rows.rows[0];
  Contract c;
  c.id = r.Int(0);
  c.name = r.Text(1);
  c.provider_id = r.Int(2);
  c.provider = r.Text(3);
  c.commissioner_id = r.Int(4);
  c.commissioner = r.Text(5);
  c.start = Date::Parse(r.Text(6)).value_or(Date());
  if (!r.IsNull(7)) c.end = Date::Parse(r.Text(7));
  ASSIGN_OR_RETURN(Rows targets, tx.Query("SELECT id, measure, target, tolerance, version FROM "
                                          "contract_targets WHERE contract_id = ? AND active = 1 "
                                          "ORDER BY id",
                                          {id}));
  for (const Row& t : targets.rows) {
    c.targets.push_back({t.Int(0), t.Text(1), t.Real(2), t.Real(3), t.Int(4)});
  }
  return c;
}

Result<std::vector<Contract>> ScorecardService::List(const access::Principal& who) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerformance));
  std::vector<Contract> out;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    out.clear();
    ASSIGN_OR_RETURN(Rows ids, tx.Query("SELECT id FROM contracts ORDER BY start_date, id"));
    for (const Row& r : ids.rows) {
      ASSIGN_OR_RETURN(Contract c, Load(tx, r.Int(0)));
      out.push_back(std::move(c));
    }
    return Status::Ok();
  }));
  return out;
}

Result<Contract> ScorecardService::Get(const access::Principal& who, int64_t id) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kReadPerformance));
  Contract out;
  RETURN_IF_ERROR(store_.Transact(TxMode::kRead, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(out, Load(tx, id));
    return Status::Ok();
  }));
  return out;
}

Result<int64_t> ScorecardService::Create(const access::Principal& who, const storage::Actor& actor,
                                         const NewContract& c, const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kManageContracts));
  if (c.name.empty()) return InvalidArgument("give the contract a name", "name");
  if (c.name.size() > 200) return InvalidArgument("the name is too long", "name");
  if (!Date::Parse(c.start_date)) {
    return InvalidArgument("the start date must be a real date", "start_date");
  }
  if (c.provider_id == c.commissioner_id && c.provider_id != 0) {
    return InvalidArgument("the provider and the commissioner must be different organisations",
                           "provider_id");
  }
  int64_t id = 0;
  RETURN_IF_ERROR(store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    // Who may be on each side: a service is run by a council or a trust, and held to account
    // by a council, a commissioning body or government.
    struct Side {
      int64_t id;
      const char* field;
      std::vector<std::string> kinds;
      const char* message;
    };
    for (const Side& side :
         {Side{c.provider_id, "provider_id", {"council", "trust"},
               "the provider must be a council or a trust"},
          Side{c.commissioner_id, "commissioner_id", {"council", "commissioner", "government"},
               "the commissioner must be a council, a commissioning body or government"}}) {
      ASSIGN_OR_RETURN(Rows found,
                       tx.Query("SELECT kind FROM organisations WHERE id = ?", {side.id}));
      if (found.empty()) return InvalidArgument("choose an organisation", side.field);
      const std::string kind = found.rows[0].Text(0);
      if (std::find(side.kinds.begin(), side.kinds.end(), kind) == side.kinds.end()) {
        return InvalidArgument(side.message, side.field);
      }
    }
    ASSIGN_OR_RETURN(id, storage::InsertVersioned(tx, actor, "contracts",
                                                  {{"name", c.name},
                                                   {"provider_id", c.provider_id},
                                                   {"commissioner_id", c.commissioner_id},
                                                   {"start_date", c.start_date}},
                                                  reason, clock_.Now()));
    return Status::Ok();
  }));
  return id;
}

Status ScorecardService::SetTarget(const access::Principal& who, const storage::Actor& actor,
                                   int64_t contract, const std::string& measure,
                                   const std::string& target, const std::string& tolerance,
                                   std::optional<int64_t> version, const std::string& reason) {
  RETURN_IF_ERROR(access::Authorize(who, access::Permission::kManageContracts));
  if (MeasureIndex(measure) < 0) return InvalidArgument("choose a measure", "measure");
  const auto t = ParseNumber(target);
  if (!t) return InvalidArgument("the target must be a number, such as 85 or 15.5", "target");
  const auto tol = ParseNumber(tolerance.empty() ? "0" : tolerance);
  if (!tol || *tol < 0) {
    return InvalidArgument("the tolerance must be a number, 0 or more", "tolerance");
  }
  if (reason.empty()) return InvalidArgument("give a reason", "reason");
  return store_.Transact(TxMode::kWrite, [&](Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Contract c, Load(tx, contract));
    for (const Target& existing : c.targets) {
      if (existing.measure != measure) continue;
      return storage::UpdateVersioned(tx, actor, "contract_targets", existing.id,
                                      version.value_or(existing.version),
                                      {{"target", *t}, {"tolerance", *tol}}, "update", reason,
                                      clock_.Now());
    }
    return storage::InsertVersioned(tx, actor, "contract_targets",
                                    {{"contract_id", contract},
                                     {"measure", measure},
                                     {"target", *t},
                                     {"tolerance", *tol}},
                                    reason, clock_.Now())
        .status();
  });
}

Result<Scorecard> ScorecardService::Card(const access::Principal& who, int64_t contract) {
  ASSIGN_OR_RETURN(Contract c, Get(who, contract));
  MiFilter filter;
  filter.organisation_id = c.provider_id;
  ASSIGN_OR_RETURN(Overview o, mi_.Figures(who, filter));
  Scorecard card;
  card.months = o.months;
  for (const Target& t : c.targets) {
    const int index = MeasureIndex(t.measure);
    if (index < 0) continue;
    ScoreLine line;
    line.measure = &Measures()[index];
    line.target = t;
    line.figures = o.lines[index].series;
    for (const Figure& f : line.figures) {
      line.grades.push_back(Grade(*line.measure, f, t.target, t.tolerance));
    }
    card.lines.push_back(std::move(line));
  }
  card.contract = std::move(c);
  card.overview = std::move(o);
  return card;
}

}  // namespace haven::reporting
