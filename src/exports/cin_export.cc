#include "exports/cin_export.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace haven::exports {

namespace {

using storage::Row;
using storage::Rows;

std::optional<Date> DateOf(const Row& r, size_t i) {
  const auto t = r.OptText(i);
  if (!t || t->size() < 10) return std::nullopt;
  return Date::Parse(t->substr(0, 10));
}

std::vector<std::string> SplitList(const std::optional<std::string>& s) {
  std::vector<std::string> out;
  if (!s) return out;
  std::stringstream in(*s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

bool Overlaps(Date start, const std::optional<Date>& end, Date from, Date to) {
  return start <= to && (!end || *end >= from);
}

}  // namespace

Result<returns::CinCensus> BuildCinCensus(storage::Store& store,
                                          const clocks::WorkingCalendar& calendar, int year,
                                          const std::string& lea, const std::string& created) {
  returns::CinCensus census;
  census.year = year;
  census.lea = lea;
  census.created = created;
  const Date from = Date::FromYmd(year - 1, 4, 1);
  const Date to = Date::FromYmd(year, 3, 31);
  const std::string f = from.ToString(), t = to.ToString();
  // The referrals open on some day of the year, and the children they belong to.
  const std::string in_year =
      "SELECT id FROM referrals WHERE referral_date <= ? AND "
      "(closure_date IS NULL OR closure_date >= ?)";

  RETURN_IF_ERROR(store.Transact(storage::TxMode::kRead, [&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(
        Rows referrals,
        tx.Query("SELECT r.id, r.person_id, r.referral_date, r.source, r.primary_need, "
                 "r.closure_date, r.closure_reason, r.nfa, p.la_child_id, p.upn, p.former_upn, "
                 "p.upn_unknown, p.date_of_birth, p.sex, p.ethnicity, p.disabilities, p.kind "
                 "FROM referrals r JOIN people p ON p.id = r.person_id "
                 "WHERE p.merged_into IS NULL AND r.referral_date <= ? AND "
                 "(r.closure_date IS NULL OR r.closure_date >= ?) "
                 "ORDER BY p.la_child_id, r.person_id, r.referral_date, r.id",
                 {t, f}));
    std::map<int64_t, std::pair<size_t, size_t>> where;  // referral -> (child, detail)
    std::map<int64_t, size_t> child_of_person;
    for (const Row& r : referrals.rows) {
      const int64_t person = r.Int(1);
      auto [it, added] = child_of_person.emplace(person, census.children.size());
      if (added) {
        returns::CinChild c;
        c.person_id = person;
        // Haven's own id stands in for a child the authority gave no id of its own.
        c.la_child_id = r.OptText(8).value_or("HVN" + std::to_string(person));
        c.upn = r.OptText(9).value_or("");
        c.former_upn = r.OptText(10).value_or("");
        c.upn_unknown = r.OptText(11).value_or("");
        if (r.Text(16) == "unborn") {
          c.expected_birth = DateOf(r, 12);
        } else {
          c.birth = DateOf(r, 12);
        }
        c.sex = r.Text(13);
        c.ethnicity = r.OptText(14).value_or("");
        c.disabilities = SplitList(r.OptText(15));
        census.children.push_back(std::move(c));
      }
      returns::CinDetail d;
      d.referral = *DateOf(r, 2);
      d.source = r.Text(3);
      d.primary_need = r.OptText(4).value_or("");
      d.closure = DateOf(r, 5);
      if (d.closure && *d.closure > to) d.closure.reset();
      d.closure_reason = d.closure ? r.OptText(6).value_or("") : "";
      d.nfa = r.Int(7) != 0;
      auto& child = census.children[it->second];
      where[r.Int(0)] = {it->second, child.details.size()};
      child.details.push_back(std::move(d));
    }
    auto detail = [&](int64_t referral) -> returns::CinDetail* {
      auto w = where.find(referral);
      if (w == where.end()) return nullptr;
      return &census.children[w->second.first].details[w->second.second];
    };

    ASSIGN_OR_RETURN(Rows assessments,
                     tx.Query("SELECT referral_id, start_date, authorised_at, completed_date, "
                              "factors FROM assessments WHERE referral_id IN (" +
                                  in_year + ") ORDER BY start_date, id",
                              {t, f}));
    for (const Row& r : assessments.rows) {
      auto* d = detail(r.Int(0));
      const auto start = DateOf(r, 1);
      auto authorised = DateOf(r, 2);
      if (!d || !start) continue;
      if (!Overlaps(*start, authorised, from, to)) continue;
      if (authorised && *authorised > to) authorised.reset();
      returns::CinAssessment a{*start, authorised, {}};
      if (authorised) a.factors = SplitList(r.OptText(4));
      d->assessments.push_back(std::move(a));
    }

    ASSIGN_OR_RETURN(Rows plans, tx.Query("SELECT referral_id, start_date, end_date FROM "
                                          "cin_plans WHERE referral_id IN (" +
                                              in_year + ") ORDER BY start_date, id",
                                          {t, f}));
    for (const Row& r : plans.rows) {
      auto* d = detail(r.Int(0));
      const auto start = DateOf(r, 1);
      auto end = DateOf(r, 2);
      if (!d || !start || !Overlaps(*start, end, from, to)) continue;
      if (end && *end > to) end.reset();
      d->plans.push_back({*start, end});
    }

    ASSIGN_OR_RETURN(
        Rows enquiries,
        tx.Query("SELECT s.referral_id, s.start_date, s.end_date, "
                 "(SELECT MIN(i.conference_date) FROM icpcs i WHERE i.s47_id = s.id), s.outcome "
                 "FROM s47_enquiries s WHERE s.referral_id IN (" +
                     in_year + ") ORDER BY s.start_date, s.id",
                 {t, f}));
    for (const Row& r : enquiries.rows) {
      auto* d = detail(r.Int(0));
      const auto start = DateOf(r, 1);
      const auto end = DateOf(r, 2);
      auto icpc = DateOf(r, 3);
      if (!d || !start || !Overlaps(*start, icpc ? icpc : end, from, to)) continue;
      if (icpc && *icpc > to) icpc.reset();
      returns::CinSection47 s;
      s.start = *start;
      s.icpc_target = calendar.AddWorkingDays(*start, 15);
      s.icpc = icpc;
      // An enquiry that ended with no conference did not need one; so did one whose outcome (as
      // a migrated census may give it, with no end date) is other than a conference.
      const auto outcome = r.OptText(4);
      s.icpc_not_required =
          !icpc && ((end && *end <= to) || (!end && outcome && *outcome != "icpc"));
      // The conference is recorded on its enquiry; the episode's own DateOfInitialCPC is for a
      // conference with no enquiry in the census, which Haven's record never has (DfE rule 2884).
      d->enquiries.push_back(s);
    }

    ASSIGN_OR_RETURN(Rows cpps,
                     tx.Query("SELECT c.referral_id, c.start_date, c.end_date, c.initial_category, "
                              "c.latest_category, c.id, (SELECT COUNT(*) FROM cp_plans e WHERE "
                              "e.person_id = c.person_id AND (e.start_date < c.start_date OR "
                              "(e.start_date = c.start_date AND e.id < c.id))) + "
                              "COALESCE(c.plans_before_records, 0) "
                              "FROM cp_plans c WHERE c.referral_id IN (" +
                                  in_year + ") ORDER BY c.start_date, c.id",
                              {t, f}));
    std::map<int64_t, returns::CinProtectionPlan*> plan_by_id;
    std::vector<std::pair<int64_t, returns::CinDetail*>> order;
    for (const Row& r : cpps.rows) {
      auto* d = detail(r.Int(0));
      const auto start = DateOf(r, 1);
      auto end = DateOf(r, 2);
      if (!d || !start || !Overlaps(*start, end, from, to)) continue;
      if (end && *end > to) end.reset();
      returns::CinProtectionPlan p;
      p.start = *start;
      p.end = end;
      p.initial_category = r.Text(3);
      p.latest_category = r.Text(4);
      p.previous_plans = static_cast<int>(r.Int(6));
      d->protection.push_back(std::move(p));
      order.emplace_back(r.Int(5), d);
    }
    // Pointers are taken once every plan is in place, so no vector moves under them.
    {
      std::map<returns::CinDetail*, size_t> next;
      for (auto& [id, d] : order) plan_by_id[id] = &d->protection[next[d]++];
    }
    ASSIGN_OR_RETURN(Rows reviews,
                     tx.Query("SELECT cp_plan_id, review_date FROM cp_reviews WHERE "
                              "review_date >= ? AND review_date <= ? ORDER BY review_date, id",
                              {f, t}));
    for (const Row& r : reviews.rows) {
      auto it = plan_by_id.find(r.Int(0));
      const auto day = DateOf(r, 1);
      if (it == plan_by_id.end() || it->second == nullptr || !day) continue;
      it->second->reviews.push_back(*day);
    }
    return Status::Ok();
  }));
  return census;
}

}  // namespace haven::exports
