#include "imports/cin_import.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "imports/internal/row_reader.h"
#include "imports/ssda903_import.h"

namespace haven::imports {

namespace {

using returns::Cell;
using returns::Table;

// One census table's rows, by child and by episode of need, naming the file, table and row.
class Block : public internal::RowReader {
 public:
  Block(const returns::Return& r, const std::string& file, const std::string& table)
      : RowReader(r.Get(table), file + " " + table, internal::DateForm::kIso) {
    for (size_t i = 0; i < this->table().size(); ++i) {
      const std::string child = Text("LAchildID", i);
      by_child_[child].push_back(i);
      by_detail_[child + "/" + Text("CINdetailsID", i)].push_back(i);
    }
  }
  const std::vector<size_t>& OfChild(const std::string& child) const {
    return Find(by_child_, child);
  }
  const std::vector<size_t>& OfDetail(const std::string& child, const std::string& detail) const {
    return Find(by_detail_, child + "/" + detail);
  }

 private:
  static const std::vector<size_t>& Find(const std::map<std::string, std::vector<size_t>>& m,
                                         const std::string& key) {
    static const std::vector<size_t> kNone;
    auto it = m.find(key);
    return it == m.end() ? kNone : it->second;
  }
  std::map<std::string, std::vector<size_t>> by_child_, by_detail_;
};

bool True(const std::string& v) { return v == "1" || v == "true" || v == "TRUE" || v == "True"; }

void Set(domain::Values& v, const std::string& field, const std::string& value) {
  if (!value.empty()) v[field] = value;
}

record::LoadStep& Add(record::ChildHistory& h, const std::string& kind, const std::string& key,
                      const std::string& referral_key, domain::Values v) {
  record::LoadStep s;
  s.kind = kind;
  s.key = key;
  s.referral_key = referral_key;
  s.values = std::move(v);
  h.steps.push_back(std::move(s));
  return h.steps.back();
}

}  // namespace

Result<ImportCin> HistoriesFromCin(const returns::Return& r, const std::string& file,
                                   int64_t service_area_id, int64_t team_id,
                                   std::optional<int64_t> authoriser,
                                   const std::set<std::string>& skip) {
  const Block ids(r, file, "ChildIdentifiers"), traits(r, file, "ChildCharacteristics"),
      disabilities(r, file, "Disabilities"), details(r, file, "CINdetails"),
      assessments(r, file, "Assessments"), plans(r, file, "CINplanDates"),
      enquiries(r, file, "Section47"), cpps(r, file, "ChildProtectionPlans"),
      reviews(r, file, "Reviews");
  ImportCin out;
  std::set<std::string> seen;
  bool internal_review = false, death = false, ended_at_closure = false;
  for (size_t i = 0; i < ids.table().size(); ++i) {
    const std::string child = ids.Text("LAchildID", i);
    if (child.empty()) return ids.Error(i, "LAchildID", "the child's id is required");
    if (!seen.insert(child).second) {
      return ids.Error(i, "LAchildID", "child " + child + " is in the census twice");
    }
    if (skip.count(UpperId(child))) {
      out.matched.push_back(child);
      continue;
    }
    record::ChildHistory h;
    domain::Person& p = h.person;
    p.service_area_id = service_area_id;
    p.given_name = "Child";
    p.family_name = child;
    p.la_child_id = child;
    ASSIGN_OR_RETURN(auto born, ids.DateAt("PersonBirthDate", i));
    ASSIGN_OR_RETURN(auto expected, ids.DateAt("ExpectedPersonBirthDate", i));
    p.kind = !born && expected ? domain::PersonKind::kUnborn : domain::PersonKind::kChild;
    p.date_of_birth = born ? born : expected;
    std::string sex = ids.Text("Sex", i);
    if (sex.empty()) {
      const std::string gender = ids.Text("GenderCurrent", i);
      sex = gender == "1" ? "M" : gender == "2" ? "F" : "U";
    }
    p.sex = sex;
    if (auto v = ids.Text("UPN", i); !v.empty()) p.upn = v;
    if (auto v = ids.Text("FormerUPN", i); !v.empty()) p.former_upn = v;
    if (auto v = ids.Text("UPNunknown", i); !v.empty()) p.upn_unknown = v;
    death |= !ids.Text("PersonDeathDate", i).empty();
    for (size_t j : traits.OfChild(child)) {
      if (auto v = traits.Text("Ethnicity", j); !v.empty()) p.ethnicity = v;
    }
    for (size_t j : disabilities.OfChild(child)) {
      if (auto v = disabilities.Text("Disability", j); !v.empty()) p.disabilities.push_back(v);
    }
    RETURN_IF_ERROR(internal::CheckChild(p, ids, i,
                                         {{"sex", "Sex"},
                                          {"date_of_birth", "PersonBirthDate"},
                                          {"ethnicity", "Ethnicity"},
                                          {"disabilities", "Disability"},
                                          {"upn", "UPN"},
                                          {"former_upn", "FormerUPN"},
                                          {"upn_unknown", "UPNunknown"},
                                          {"la_child_id", "LAchildID"}}));

    // The child's episodes of need, each with what happened in it.
    auto episodes = [&]() -> Status {
      for (size_t d : details.OfChild(child)) {
        const std::string did = details.Text("CINdetailsID", d);
        const std::string rkey = details.Key(d);
        ASSIGN_OR_RETURN(std::string referred, details.RequiredDate("CINreferralDate", d));
        ASSIGN_OR_RETURN(auto closed, details.DateAt("CINclosureDate", d));
        domain::Values rv = {{"referral_date", referred},
                             {"team_id", std::to_string(team_id)},
                             {"nfa", True(details.Text("ReferralNFA", d)) ? "1" : "0"}};
        Set(rv, "source", details.Text("ReferralSource", d));
        Set(rv, "primary_need", details.Text("PrimaryNeedCode", d));
        if (closed) rv["closure_date"] = *closed;
        Set(rv, "closure_reason", details.Text("ReasonForClosure", d));
        Add(h, "referral", rkey, "", rv);

        for (size_t a : assessments.OfDetail(child, did)) {
          ASSIGN_OR_RETURN(std::string start,
                           assessments.RequiredDate("AssessmentActualStartDate", a));
          ASSIGN_OR_RETURN(auto authorised, assessments.DateAt("AssessmentAuthorisationDate", a));
          internal_review |= !assessments.Text("AssessmentInternalReviewDate", a).empty();
          domain::Values v = {{"start_date", start}};
          if (!authorised && closed) {
            v["completed_date"] = *closed;  // unfinished when the episode closed
            ended_at_closure = true;
          }
          if (authorised) {
            v["completed_date"] = *authorised;
            v["outcome"] = "not_in_records";  // the census does not say what it led to
            std::string list = assessments.Text("AssessmentFactors", a);
            std::vector<std::string> codes;
            for (size_t at = 0; at <= list.size();) {
              const size_t comma = std::min(list.find(',', at), list.size());
              if (comma > at) codes.push_back(list.substr(at, comma - at));
              at = comma + 1;
            }
            std::sort(codes.begin(), codes.end());
            std::string joined;
            for (const auto& c : codes) joined += (joined.empty() ? "" : ",") + c;
            Set(v, "factors", joined);
          }
          auto& s = Add(h, "assessment", assessments.Key(a), rkey, v);
          if (authorised) {
            if (!authoriser) {
              return assessments.Error(
                  a, "AssessmentAuthorisationDate",
                  "an authorised assessment needs the manager it is recorded as authorised by "
                  "(--authoriser)");
            }
            s.authorised_at = *authorised;  // noon that day (now, if that is today)
            s.authorised_by = authoriser;
          }
        }
        for (size_t c : plans.OfDetail(child, did)) {
          ASSIGN_OR_RETURN(std::string start, plans.RequiredDate("CINPlanStartDate", c));
          ASSIGN_OR_RETURN(auto end, plans.DateAt("CINPlanEndDate", c));
          domain::Values v = {{"start_date", start}};
          if (end) v["end_date"] = *end;
          Add(h, "cin_plan", plans.Key(c), rkey, v);
        }
        // The conferences of this episode, by date, for the plans they made.
        std::map<std::string, std::string> conference_on;
        std::vector<std::string> plan_starts;
        for (size_t c : cpps.OfDetail(child, did)) {
          if (auto s = cpps.DateAt("CPPstartDate", c); s.ok() && *s) plan_starts.push_back(**s);
        }
        for (size_t s : enquiries.OfDetail(child, did)) {
          ASSIGN_OR_RETURN(std::string start, enquiries.RequiredDate("S47ActualStartDate", s));
          ASSIGN_OR_RETURN(auto icpc, enquiries.DateAt("DateOfInitialCPC", s));
          // The census holds no strategy discussions: the enquiry follows one before the records.
          domain::Values v = {{"start_date", start}, {"strategy_before_records", "1"}};
          // The census gives no end date: an enquiry ends at its conference, or by the time its
          // episode closed.
          if (icpc) {
            v["outcome"] = "icpc";
            v["end_date"] = *icpc;
          } else if (closed) {
            v["end_date"] = *closed;
            ended_at_closure = true;
          }
          if (!icpc && True(enquiries.Text("ICPCnotRequired", s))) v["outcome"] = "no_conference";
          Add(h, "s47", enquiries.Key(s), rkey, v);
          if (!icpc) continue;
          const bool made_plan =
              std::find(plan_starts.begin(), plan_starts.end(), *icpc) != plan_starts.end();
          const std::string ckey = enquiries.Key(s) + " conference";
          Add(h, "icpc", ckey, rkey,
              {{"conference_date", *icpc},
               {"outcome", made_plan ? "cp_plan" : "no_further_action"}})
              .refs["s47_id"] = enquiries.Key(s);
          if (made_plan) conference_on[*icpc] = ckey;
        }
        for (size_t c : cpps.OfDetail(child, did)) {
          ASSIGN_OR_RETURN(std::string start, cpps.RequiredDate("CPPstartDate", c));
          ASSIGN_OR_RETURN(auto end, cpps.DateAt("CPPendDate", c));
          domain::Values v = {{"start_date", start}};
          Set(v, "initial_category", cpps.Text("InitialCategoryOfAbuse", c));
          Set(v, "latest_category", cpps.Text("LatestCategoryOfAbuse", c));
          if (end) {
            v["end_date"] = *end;
            v["end_reason"] = "Not in the records held (migrated from a CIN census)";
          }
          // The conference that made the plan, when the census holds it (on the plan's first day,
          // in the same episode); else it was before the records held.
          auto conference = conference_on.find(start);
          if (conference == conference_on.end()) v["conference_before_records"] = "1";
          // Earlier plans the census counts but does not hold (those it holds are recorded too).
          size_t held = 0;
          for (size_t e : cpps.OfChild(child)) {
            auto other = cpps.DateAt("CPPstartDate", e);
            held += other.ok() && *other && **other < start;
          }
          const std::string counted = cpps.Text("NumberOfPreviousCPP", c);
          if (!counted.empty() &&
              std::all_of(counted.begin(), counted.end(),
                          [](unsigned char ch) { return std::isdigit(ch); }) &&
              counted.size() < 4 && static_cast<size_t>(std::stoi(counted)) > held) {
            v["plans_before_records"] = std::to_string(std::stoi(counted) - held);
          }
          auto& plan = Add(h, "cp_plan", cpps.Key(c), rkey, v);
          if (conference != conference_on.end()) plan.refs["icpc_id"] = conference->second;
          const std::string pid = cpps.Text("CPPID", c);
          for (size_t v2 : reviews.OfDetail(child, did)) {
            if (reviews.Text("CPPID", v2) != pid) continue;
            ASSIGN_OR_RETURN(std::string day, reviews.RequiredDate("CPPreviewDate", v2));
            Add(h, "cp_review", reviews.Key(v2), rkey, {{"review_date", day}}).refs["cp_plan_id"] =
                cpps.Key(c);
          }
        }
      }
      return Status::Ok();
    };
    if (Status e = episodes(); !e.ok()) {
      return Status(e.code(), "child " + child + ": " + e.message(), e.field());
    }
    out.children.push_back(std::move(h));
  }
  // Every block belongs to a child the census identifies.
  for (const Block* b :
       {&traits, &disabilities, &details, &assessments, &plans, &enquiries, &cpps, &reviews}) {
    for (size_t i = 0; i < b->table().size(); ++i) {
      const std::string child = b->Text("LAchildID", i);
      if (!seen.count(child)) {
        return b->Error(i, "LAchildID", "child '" + child + "' has no ChildIdentifiers");
      }
    }
  }
  if (ended_at_closure) {
    out.notes.push_back(
        "Assessments, Section47: the census gives no end date for an unfinished "
        "assessment or an enquiry without a conference; in a closed episode they "
        "are recorded as ended the day it closed");
  }
  if (internal_review) {
    out.notes.push_back("Assessments: the internal review dates are not recorded");
  }
  if (death) out.notes.push_back("ChildIdentifiers: dates of death are not recorded");
  out.notes.push_back(
      "ChildIdentifiers: the census holds no names (each child is 'Child' and "
      "their LA id until recorded)");
  return out;
}

}  // namespace haven::imports
