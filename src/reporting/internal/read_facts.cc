#include "reporting/internal/read_facts.h"

#include <algorithm>
#include <functional>
#include <string>

namespace haven::reporting::internal {

namespace {

using storage::Row;
using storage::Rows;

std::optional<Date> DateAt(const Row& r, size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  const std::string& t = r.Text(i);
  if (t.size() < 10) return std::nullopt;
  return Date::Parse(std::string_view(t).substr(0, 10));
}

int64_t Pence(const Row& r, size_t i) {
  if (r.IsNull(i)) return 0;
  const std::string& t = r.Text(i);
  int64_t pounds = 0, pence = 0;
  size_t k = 0;
  for (; k < t.size() && t[k] >= '0' && t[k] <= '9'; ++k) pounds = pounds * 10 + (t[k] - '0');
  if (k < t.size() && t[k] == '.') {
    int digits = 0;
    for (++k; k < t.size() && digits < 2 && t[k] >= '0' && t[k] <= '9'; ++k, ++digits) {
      pence = pence * 10 + (t[k] - '0');
    }
    if (digits == 1) pence *= 10;
  }
  return pounds * 100 + pence;
}

// Runs `sql` (whose first column is the person id) for every child, or for `ids` in groups, and
// hands each row with its child's facts to `take`. Rows of people not read are skipped.
Status ForEach(storage::Tx& tx, const std::string& sql, const std::string& person_column,
               const std::vector<int64_t>* ids, std::unordered_map<int64_t, ChildFacts>& children,
               const std::function<void(const Row&, ChildFacts&)>& take) {
  auto run = [&](const std::string& text, const storage::Params& params) -> Status {
    ASSIGN_OR_RETURN(Rows rows, tx.Query(text, params));
    for (const Row& r : rows.rows) {
      auto it = children.find(r.Int(0));
      if (it != children.end()) take(r, it->second);
    }
    return Status::Ok();
  };
  if (ids == nullptr) return run(sql, {});
  const std::string joiner = sql.find(" WHERE ") == std::string::npos ? " WHERE " : " AND ";
  for (size_t start = 0; start < ids->size(); start += 32) {
    const size_t n = std::min<size_t>(32, ids->size() - start);
    std::string in;
    storage::Params params;
    for (size_t i = 0; i < n; ++i) {
      in += i == 0 ? "?" : ", ?";
      params.emplace_back((*ids)[start + i]);
    }
    RETURN_IF_ERROR(run(sql + joiner + person_column + " IN (" + in + ")", params));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unordered_map<int64_t, ChildFacts>> ReadChildren(storage::Tx& tx,
                                                             const std::vector<int64_t>* ids) {
  std::unordered_map<int64_t, ChildFacts> children;
  {
    // The people are read first; every later read keeps only rows of these.
    std::string sql =
        "SELECT id, date_of_birth FROM people WHERE merged_into IS NULL AND kind <> 'adult'";
    auto add = [&](const std::string& text, const storage::Params& params) -> Status {
      ASSIGN_OR_RETURN(Rows rows, tx.Query(text, params));
      children.reserve(children.size() + rows.size());
      for (const Row& r : rows.rows) {
        ChildFacts c;
        c.person_id = r.Int(0);
        c.dob = DateAt(r, 1);
        children.emplace(c.person_id, std::move(c));
      }
      return Status::Ok();
    };
    if (ids == nullptr) {
      RETURN_IF_ERROR(add(sql, {}));
    } else {
      for (int64_t id : *ids) RETURN_IF_ERROR(add(sql + " AND id = ?", {id}));
    }
  }
  auto each = [&](const std::string& sql, const std::string& column,
                  const std::function<void(const Row&, ChildFacts&)>& take) {
    return ForEach(tx, sql, column, ids, children, take);
  };
  RETURN_IF_ERROR(each("SELECT person_id, received_at, decided_at, decision FROM contacts",
                       "person_id", [](const Row& r, ChildFacts& c) {
                         auto received = DateAt(r, 1);
                         if (!received) return;
                         c.contacts.push_back({*received, DateAt(r, 2), r.Text(3)});
                       }));
  RETURN_IF_ERROR(each("SELECT person_id, referral_date, closure_date, nfa, team_id FROM referrals",
                       "person_id", [](const Row& r, ChildFacts& c) {
                         auto date = DateAt(r, 1);
                         if (!date) return;
                         c.referrals.push_back({*date, DateAt(r, 2), r.Int(3) != 0, r.Int(4)});
                       }));
  RETURN_IF_ERROR(
      each("SELECT a.person_id, a.start_date, a.authorised_at, r.referral_date FROM assessments a "
           "JOIN referrals r ON r.id = a.referral_id",
           "a.person_id", [](const Row& r, ChildFacts& c) {
             auto start = DateAt(r, 1);
             if (!start) return;
             c.assessments.push_back({*start, DateAt(r, 2), DateAt(r, 3)});
           }));
  RETURN_IF_ERROR(each("SELECT person_id, start_date FROM s47_enquiries", "person_id",
                       [](const Row& r, ChildFacts& c) {
                         if (auto d = DateAt(r, 1)) c.s47_starts.push_back(*d);
                       }));
  RETURN_IF_ERROR(
      each("SELECT i.person_id, i.conference_date, s.start_date, d.discussion_date FROM icpcs i "
           "LEFT JOIN s47_enquiries s ON s.id = i.s47_id "
           "LEFT JOIN strategy_discussions d ON d.id = s.strategy_discussion_id",
           "i.person_id", [](const Row& r, ChildFacts& c) {
             auto date = DateAt(r, 1);
             if (!date) return;
             c.icpcs.push_back({*date, DateAt(r, 2), DateAt(r, 3)});
           }));
  // Plans, then their reviews and visits by plan id.
  std::unordered_map<int64_t, std::pair<int64_t, size_t>> plan_at;  // plan -> (child, index)
  RETURN_IF_ERROR(
      each("SELECT person_id, start_date, end_date, plans_before_records, id FROM cp_plans",
           "person_id", [&](const Row& r, ChildFacts& c) {
             auto start = DateAt(r, 1);
             if (!start) return;
             plan_at[r.Int(4)] = {c.person_id, c.cp_plans.size()};
             c.cp_plans.push_back({*start, DateAt(r, 2), static_cast<int>(r.Int(3)), {}, {}});
           }));
  auto into_plan = [&](bool review) {
    return [&plan_at, review](const Row& r, ChildFacts& c) {
      auto d = DateAt(r, 2);
      auto at = plan_at.find(r.Int(1));
      if (!d || at == plan_at.end() || at->second.first != c.person_id) return;
      auto& plan = c.cp_plans[at->second.second];
      (review ? plan.reviews : plan.visits).push_back(*d);
    };
  };
  RETURN_IF_ERROR(each("SELECT person_id, cp_plan_id, review_date FROM cp_reviews", "person_id",
                       into_plan(true)));
  RETURN_IF_ERROR(each("SELECT person_id, cp_plan_id, visit_date FROM cp_visits", "person_id",
                       into_plan(false)));
  RETURN_IF_ERROR(each("SELECT person_id, start_date, end_date, reason_ended FROM care_periods",
                       "person_id", [](const Row& r, ChildFacts& c) {
                         auto start = DateAt(r, 1);
                         if (!start) return;
                         c.care.push_back({*start, DateAt(r, 2), r.Text(3)});
                       }));
  RETURN_IF_ERROR(each("SELECT person_id, start_date, legal_status FROM legal_statuses",
                       "person_id", [](const Row& r, ChildFacts& c) {
                         if (auto d = DateAt(r, 1)) c.legal_statuses.push_back({*d, r.Text(2)});
                       }));
  RETURN_IF_ERROR(
      each("SELECT person_id, start_date, placement_type, same_carer, weekly_cost_social_care FROM "
           "placements",
           "person_id", [](const Row& r, ChildFacts& c) {
             auto d = DateAt(r, 1);
             if (!d) return;
             c.placements.push_back({*d, r.Text(2), r.Int(3) != 0, Pence(r, 4)});
           }));
  auto dates = [](std::vector<Date> ChildFacts::*list) {
    return [list](const Row& r, ChildFacts& c) {
      if (auto d = DateAt(r, 1)) (c.*list).push_back(*d);
    };
  };
  RETURN_IF_ERROR(each("SELECT person_id, review_date FROM cla_reviews", "person_id",
                       dates(&ChildFacts::cla_reviews)));
  RETURN_IF_ERROR(each("SELECT person_id, visit_date FROM cla_visits", "person_id",
                       dates(&ChildFacts::cla_visits)));
  RETURN_IF_ERROR(
      each("SELECT person_id, pep_date FROM peps", "person_id", dates(&ChildFacts::peps)));
  RETURN_IF_ERROR(each("SELECT person_id, check_date, check_kind FROM health_checks", "person_id",
                       [](const Row& r, ChildFacts& c) {
                         if (auto d = DateAt(r, 1)) c.health_checks.push_back({*d, r.Text(2)});
                       }));
  RETURN_IF_ERROR(
      each("SELECT person_id, start_date, end_date, missing_kind, rhi_offered_date FROM "
           "missing_episodes",
           "person_id", [](const Row& r, ChildFacts& c) {
             auto d = DateAt(r, 1);
             if (!d) return;
             c.missing.push_back({*d, DateAt(r, 2), r.Text(3) == "M", DateAt(r, 4)});
           }));
  RETURN_IF_ERROR(
      each("SELECT person_id, contact_date, in_touch, activity, accommodation FROM leaver_contacts",
           "person_id", [](const Row& r, ChildFacts& c) {
             auto d = DateAt(r, 1);
             if (!d) return;
             c.leaver_contacts.push_back({*d, r.Text(2), r.Text(3), r.Text(4)});
           }));
  RETURN_IF_ERROR(
      each("SELECT person_id, decision_date, placement_order_date, match_date, placed_date, "
           "adoption_order_date, adopted_by_foster_carers FROM adoption_plans",
           "person_id", [](const Row& r, ChildFacts& c) {
             auto d = DateAt(r, 1);
             if (!d) return;
             c.adoptions.push_back(
                 {*d, DateAt(r, 2), DateAt(r, 3), DateAt(r, 4), DateAt(r, 5), r.Int(6) != 0});
           }));
  RETURN_IF_ERROR(
      each("SELECT person_id, team_id, worker_id, start_date, end_date FROM allocations",
           "person_id", [](const Row& r, ChildFacts& c) {
             auto d = DateAt(r, 3);
             if (!d) return;
             c.allocations.push_back({r.Int(1), r.Int(2), *d, DateAt(r, 4)});
           }));
  for (auto& [id, c] : children) SortFacts(c);
  return children;
}

Result<Workforce> ReadWorkforce(storage::Tx& tx) {
  ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id, team_id, roles, employment_type, fte, "
                                       "start_date, end_date FROM users WHERE start_date IS NOT "
                                       "NULL ORDER BY id"));
  Workforce out;
  std::unordered_map<int64_t, size_t> at;
  for (const Row& r : rows.rows) {
    StaffFacts s;
    s.user_id = r.Int(0);
    s.team_id = r.Int(1);
    s.social_worker = r.Text(2).find("social_worker") != std::string::npos;
    s.agency = r.Text(3) == "agency";
    s.fte_milli = r.IsNull(4) ? 1000 : static_cast<int32_t>(r.Real(4) * 1000.0 + 0.5);
    s.start = DateAt(r, 5);
    s.end = DateAt(r, 6);
    at[s.user_id] = out.staff.size();
    out.staff.push_back(s);
  }
  ASSIGN_OR_RETURN(Rows sick, tx.Query("SELECT user_id, start_date, end_date FROM "
                                       "sickness_absences WHERE active = 1 ORDER BY start_date"));
  for (const Row& r : sick.rows) {
    auto it = at.find(r.Int(0));
    auto start = DateAt(r, 1);
    if (it == at.end() || !start) continue;
    out.staff[it->second].sickness.push_back({*start, DateAt(r, 2)});
  }
  ASSIGN_OR_RETURN(Rows posts, tx.Query("SELECT team_id, effective_from, social_worker_fte FROM "
                                        "team_establishment WHERE active = 1"));
  for (const Row& r : posts.rows) {
    auto from = DateAt(r, 1);
    if (!from) continue;
    out.establishment.push_back({r.Int(0), *from, static_cast<int32_t>(r.Real(2) * 1000.0 + 0.5)});
  }
  return out;
}

}  // namespace haven::reporting::internal
