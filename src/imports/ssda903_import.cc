#include "imports/ssda903_import.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "domain/care.h"
#include "imports/internal/row_reader.h"

namespace haven::imports {

namespace {

using returns::CellView;
using returns::Table;

std::string Trim(CellView c) { return std::string(returns::Trimmed(c)); }

// Reads one table's rows for the histories, naming the file and row in every error.
class Source : public internal::RowReader {
 public:
  Source(const returns::Return& r, const std::map<std::string, std::string>& files,
         const std::string& table)
      : RowReader(r.Get(table), FileOf(files, table), internal::DateForm::kDayMonthYear) {}

 private:
  static std::string FileOf(const std::map<std::string, std::string>& files,
                            const std::string& table) {
    auto it = files.find(table);
    return it == files.end() ? table : it->second;
  }
};

// The carer or provider a placement type implies (Haven records it; the return does not).
std::string CarerKind(const std::string& place, const std::string& provider) {
  if (place == "K1" || place == "K2") return "childrens_home";
  if (domain::IsAdoptionPlacement(place)) return "adopters";
  if (place == "U1" || place == "U2" || place == "U3") return "family_friends";
  if (domain::IsFosterPlacement(place)) return provider == "PR4" ? "ifa" : "in_house_foster";
  return "other";
}

void Set(domain::Values& v, const std::string& field, const std::string& value) {
  if (!value.empty()) v[field] = value;
}

// One child's rows, by table, in file order.
using ChildRows = std::map<std::string, std::vector<size_t>>;

class ChildBuilder {
 public:
  ChildBuilder(const std::map<std::string, Source>& sources, record::ChildHistory& h)
      : src_(sources), h_(h) {}

  record::LoadStep& Add(const std::string& kind, const std::string& key, domain::Values v) {
    record::LoadStep s;
    s.kind = kind;
    s.key = key;
    s.values = std::move(v);
    h_.steps.push_back(std::move(s));
    return h_.steps.back();
  }

  // Periods of care, legal statuses and placements from the episodes, oldest first.
  Status Episodes(const std::vector<size_t>& rows_in) {
    const Source& e = src_.at("Episodes");
    std::vector<std::pair<std::string, size_t>> rows;
    for (size_t i : rows_in) {
      ASSIGN_OR_RETURN(std::string decom, e.RequiredDate("DECOM", i));
      rows.emplace_back(decom, i);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string ls, previous_reason, place, need;
    size_t period_index = 0;
    for (size_t n = 0; n < rows.size(); ++n) {
      const auto& [decom, i] = rows[n];
      const std::string rne = e.Text("RNE", i);
      const bool starts = n == 0 || rne == "S";
      if (starts) {
        period_key_ = e.Key(i) + " period";
        domain::Values v = {{"start_date", decom}};
        Set(v, "category_of_need", e.Text("CIN", i));
        Set(v, "home_postcode", e.Text("HOME_POST", i));
        // Care that began before the first episode the return holds keeps that episode's reason.
        if (rne != "S") Set(v, "continued_episode", rne);
        period_index = h_.steps.size();
        Add("care_period", period_key_, v);
        periods_.emplace_back(decom, period_key_);
        first_decom_ = first_decom_.empty() ? decom : first_decom_;
        ls.clear();
        previous_reason.clear();
        need = e.Text("CIN", i);
      }
      // The record holds one category of need for a period of care: a change is said.
      if (e.Text("CIN", i) != need) changed_need_ = true;
      // A change of legal status only keeps the placement.
      if (!starts && rne == "L" && e.Text("PLACE", i) != place) {
        return e.Error(i, "PLACE",
                       "the episode is a change of legal status only (RNE L), but the placement "
                       "type changed from " +
                           place + " to " + e.Text("PLACE", i));
      }
      place = e.Text("PLACE", i);
      if (e.Text("LS", i) != ls) {
        ls = e.Text("LS", i);
        domain::Values v = {{"start_date", decom}};
        Set(v, "legal_status", ls);
        Add("legal_status", e.Key(i) + " LS", v).refs["care_period_id"] = period_key_;
      }
      if (starts || rne == "P" || rne == "B" || rne == "T" || rne == "U") {
        const std::string place = e.Text("PLACE", i);
        const std::string provider = e.Text("PLACE_PROVIDER", i);
        domain::Values v = {{"start_date", decom},
                            {"carer_kind", CarerKind(place, provider)},
                            {"same_carer", rne == "T" || rne == "U" ? "1" : "0"}};
        Set(v, "placement_type", place);
        Set(v, "provider", provider);
        Set(v, "postcode", e.Text("PL_POST", i));
        Set(v, "urn", e.Text("URN", i));
        if (!starts) Set(v, "change_reason", previous_reason);
        Add("placement", e.Key(i), v).refs["care_period_id"] = period_key_;
      }
      previous_reason = e.Text("REASON_PLACE_CHANGE", i);
      ASSIGN_OR_RETURN(auto dec, e.DateAt("DEC", i));
      const std::string rec = e.Text("REC", i);
      if (dec.has_value() == rec.empty()) {
        return e.Error(i, dec ? "REC" : "DEC",
                       "the date and the reason the episode ended go together");
      }
      if (dec && rec != "X1") {
        h_.steps[period_index].values["end_date"] = *dec;
        h_.steps[period_index].values["reason_ended"] = rec;
        if (rec == "E11" || rec == "E12") adopted_on_ = *dec;
        care_ended_ = *dec;
      }
    }
    return Status::Ok();
  }

  // The period of care a dated fact belongs to: the latest to begin on or before it.
  std::string PeriodFor(const std::string& date) const {
    std::string key = periods_.empty() ? std::string() : periods_.front().second;
    for (const auto& [start, k] : periods_) {
      if (start <= date) key = k;
    }
    return key;
  }

  Status Reviews(const std::vector<size_t>& rows) {
    const Source& s = src_.at("Reviews");
    for (size_t i : rows) {
      ASSIGN_OR_RETURN(std::string day, s.RequiredDate("REVIEW", i));
      if (periods_.empty()) return s.Error(i, "REVIEW", "the child has no episodes of care");
      domain::Values v = {{"review_date", day}};
      Set(v, "participation", s.Text("REVIEW_CODE", i));
      Add("cla_review", s.Key(i), v).refs["care_period_id"] = PeriodFor(day);
    }
    return Status::Ok();
  }

  Status Missing(const std::vector<size_t>& rows) {
    const Source& s = src_.at("Missing");
    for (size_t i : rows) {
      ASSIGN_OR_RETURN(std::string start, s.RequiredDate("MIS_START", i));
      ASSIGN_OR_RETURN(auto end, s.DateAt("MIS_END", i));
      domain::Values v = {{"start_date", start}};
      Set(v, "missing_kind", s.Text("MISSING", i));
      if (end) v["end_date"] = *end;
      Add("missing_episode", s.Key(i), v);
    }
    return Status::Ok();
  }

  Status Uasc(const std::vector<size_t>& rows) {
    const Source& s = src_.at("UASC");
    for (size_t i : rows) {
      ASSIGN_OR_RETURN(auto duc, s.DateAt("DUC", i));
      if (first_decom_.empty()) return s.Error(i, "DUC", "the child has no episodes of care");
      domain::Values v = {{"start_date", first_decom_}};
      // Until the 18th birthday the status runs on; an earlier DUC is the day it ended.
      const auto dob =
          h_.person.date_of_birth ? Date::Parse(*h_.person.date_of_birth) : std::nullopt;
      if (duc && (!dob || *duc < dob->AddMonths(12 * 18).ToString())) v["end_date"] = *duc;
      Add("uasc_status", s.Key(i), v);
    }
    return Status::Ok();
  }

  // PlacedAdoption rows are the decisions; the child's AD1 row completes the one that ended in
  // adoption (or stands alone when the decision is not listed).
  Status Adoption(const std::vector<size_t>& placed, const std::vector<size_t>& ad1) {
    const Source& p = src_.at("PlacedAdoption");
    const Source& a = src_.at("AD1");
    std::vector<size_t> plans;
    for (size_t i : placed) {
      ASSIGN_OR_RETURN(std::string decision, p.RequiredDate("DATE_PLACED", i));
      ASSIGN_OR_RETURN(auto ceased, p.DateAt("DATE_PLACED_CEASED", i));
      domain::Values v = {{"decision_date", decision}};
      if (ceased) {
        v["reversed_date"] = *ceased;
        Set(v, "reversed_reason", p.Text("REASON_PLACED_CEASED", i));
      }
      plans.push_back(h_.steps.size());
      Add("adoption_plan", p.Key(i), v);
    }
    for (size_t i : ad1) {
      ASSIGN_OR_RETURN(std::string decision, a.RequiredDate("DATE_INT", i));
      ASSIGN_OR_RETURN(auto match, a.DateAt("DATE_MATCH", i));
      domain::Values* plan = nullptr;
      for (size_t k : plans) {
        if (!h_.steps[k].values.count("reversed_date")) plan = &h_.steps[k].values;
      }
      if (plan != nullptr && (*plan)["decision_date"] != decision) {
        return a.Error(i, "DATE_INT",
                       "the decision to place for adoption (" + decision +
                           ") is not the one in "
                           "PlacedAdoption (" +
                           (*plan)["decision_date"].value_or("") + ")");
      }
      if (plan == nullptr)
        plan = &Add("adoption_plan", a.Key(i), {{"decision_date", decision}}).values;
      if (match) (*plan)["match_date"] = *match;
      (*plan)["adopted_by_foster_carers"] = a.Text("FOSTER_CARE", i) == "1" ? "1" : "0";
      Set(*plan, "adopters", a.Text("NB_ADOPTR", i));
      Set(*plan, "adopters_sex", a.Text("SEX_ADOPTR", i));
      Set(*plan, "adopters_legal_status", a.Text("LS_ADOPTR", i));
      if (!adopted_on_.empty()) (*plan)["adoption_order_date"] = adopted_on_;
    }
    return Status::Ok();
  }

  Status PreviousPermanence(const std::vector<size_t>& rows) {
    const Source& s = src_.at("PrevPerm");
    for (size_t i : rows) {
      const std::string kind = s.Text("PREV_PERM", i);
      if (kind.empty() || kind == "Z1") continue;  // no previous permanence
      domain::Values v = {{"order_kind", kind}};
      // The date may be partly unknown (zz/zz/yyyy): only a whole date is recorded.
      const std::string when = s.Text("DATE_PERM", i);
      if (when.find('Z') == std::string::npos) {
        ASSIGN_OR_RETURN(auto d, s.DateAt("DATE_PERM", i));
        if (d) v["order_date"] = *d;
      }
      Set(v, "authority", s.Text("LA_PERM", i));
      Add("previous_permanence", s.Key(i), v);
    }
    return Status::Ok();
  }

  // The contact is dated on the birthday the row is about (17th to 21st, in the year).
  Status CareLeaver(const std::vector<size_t>& rows, const returns::Return& r) {
    const Source& s = src_.at("OC3");
    for (size_t i : rows) {
      const std::string touch = s.Text("IN_TOUCH", i);
      if (touch.empty()) {  // a row with nothing to record
        ++blank_leavers_;
        continue;
      }
      const auto dob =
          h_.person.date_of_birth ? Date::Parse(*h_.person.date_of_birth) : std::nullopt;
      if (!dob) return s.Error(i, "DOB", "a care leaver needs a date of birth");
      std::optional<Date> birthday;
      int age = 0;
      for (int n = 17; n <= 21; ++n) {
        const Date b = dob->AddMonths(12 * n);
        if (b >= r.start && b <= r.end) {
          birthday = b;
          age = n;
        }
      }
      if (!birthday) {
        return s.Error(i, "DOB", "the young person has no 17th to 21st birthday in the year");
      }
      // A care leaver from the day care ended, when the episodes say so, else from the birthday.
      const std::string from = !care_ended_.empty() && care_ended_ <= birthday->ToString()
                                   ? care_ended_
                                   : birthday->ToString();
      Add("care_leaver", s.Key(i) + " status",
          {{"eligibility", age >= 18 ? "former_relevant" : "relevant"}, {"start_date", from}});
      domain::Values v = {{"contact_date", birthday->ToString()}, {"in_touch", touch}};
      Set(v, "activity", s.Text("ACTIV", i));
      Set(v, "accommodation", s.Text("ACCOM", i));
      Add("leaver_contact", s.Key(i), v);
    }
    return Status::Ok();
  }

  Status Dolo(const std::vector<size_t>& rows) {
    const Source& s = src_.at("DoLo");
    for (size_t i : rows) {
      ASSIGN_OR_RETURN(std::string start, s.RequiredDate("DOLO_START", i));
      ASSIGN_OR_RETURN(auto end, s.DateAt("DOLO_END", i));
      domain::Values v = {{"start_date", start}};
      if (end) v["end_date"] = *end;
      Add("dolo", s.Key(i), v);
    }
    return Status::Ok();
  }

 private:
  const std::map<std::string, Source>& src_;
  record::ChildHistory& h_;
  std::string period_key_;
  std::vector<std::pair<std::string, std::string>> periods_;  // start date, key
  std::string first_decom_;
  std::string adopted_on_;
  std::string care_ended_;

 public:
  bool changed_need_ = false;
  size_t blank_leavers_ = 0;
};

const char* const kTables[] = {"Header",   "Episodes", "Reviews",    "UASC",
                               "OC2",      "OC3",      "AD1",        "PlacedAdoption",
                               "PrevPerm", "Missing",  "SWEpisodes", "DoLo"};

}  // namespace

std::string UpperId(std::string id) {
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return id;
}

Result<Import903> HistoriesFrom903(const returns::Return& r,
                                   const std::map<std::string, std::string>& files,
                                   int64_t service_area_id, const std::set<std::string>& skip) {
  std::map<std::string, Source> sources;
  for (const char* t : kTables) sources.emplace(t, Source(r, files, t));
  const Source& header = sources.at("Header");
  if (header.table().size() == 0) return InvalidArgument("the return has no Header rows");

  // Each child's rows in every table, after the Header that introduces them.
  std::map<std::string, ChildRows> rows;
  std::vector<std::string> order;
  for (size_t i = 0; i < header.table().size(); ++i) {
    const std::string child = header.Text("CHILD", i);
    if (child.empty()) return header.Error(i, "CHILD", "the child's id is required");
    if (rows.count(child)) return header.Error(i, "CHILD", "child " + child + " is listed twice");
    rows[child]["Header"].push_back(i);
    order.push_back(child);
  }
  Import903 out;
  bool changed_need = false;
  for (const char* t : kTables) {
    if (std::string(t) == "Header") continue;
    const Source& s = sources.at(t);
    for (size_t i = 0; i < s.table().size(); ++i) {
      const std::string child = s.Text("CHILD", i);
      auto it = rows.find(child);
      if (it == rows.end()) {
        return s.Error(i, "CHILD", "child '" + child + "' is not in the Header");
      }
      it->second[t].push_back(i);
    }
  }

  auto count = [&](const ChildRows& cr, const char* t, std::map<std::string, size_t>& into) {
    auto it = cr.find(t);
    into[t] += it == cr.end() ? 0 : it->second.size();
  };
  auto of = [](const ChildRows& cr, const char* t) -> const std::vector<size_t>& {
    static const std::vector<size_t> kNone;
    auto it = cr.find(t);
    return it == cr.end() ? kNone : it->second;
  };
  for (const std::string& child : order) {
    const ChildRows& cr = rows.at(child);
    if (skip.count(UpperId(child))) {
      for (const char* t : kTables) count(cr, t, out.rows_matched);
      out.matched.push_back(child);
      continue;
    }
    const size_t i = cr.at("Header").front();
    record::ChildHistory h;
    domain::Person& p = h.person;
    p.service_area_id = service_area_id;
    p.kind = domain::PersonKind::kChild;
    p.given_name = "Child";
    p.family_name = child;
    p.la_child_id = child;
    ASSIGN_OR_RETURN(auto dob, header.DateAt("DOB", i));
    p.date_of_birth = dob;
    const std::string sex = header.Text("SEX", i);
    p.sex = sex == "1" ? "M" : sex == "2" ? "F" : sex.empty() ? "U" : sex;
    if (const std::string e = header.Text("ETHNIC", i); !e.empty()) p.ethnicity = e;
    if (const std::string upn = header.Text("UPN", i); !upn.empty()) {
      if (upn.rfind("UN", 0) == 0) {
        p.upn_unknown = upn;
      } else {
        p.upn = upn;
      }
    }
    RETURN_IF_ERROR(internal::CheckChild(p, header, i,
                                         {{"sex", "SEX"},
                                          {"date_of_birth", "DOB"},
                                          {"ethnicity", "ETHNIC"},
                                          {"upn", "UPN"},
                                          {"upn_unknown", "UPN"},
                                          {"la_child_id", "CHILD"}}));
    ChildBuilder b(sources, h);
    auto located = [&](Status s) {
      if (s.ok()) return s;
      return Status(s.code(), "child " + child + ": " + s.message(), s.field());
    };
    RETURN_IF_ERROR(located(b.Episodes(of(cr, "Episodes"))));
    RETURN_IF_ERROR(located(b.Reviews(of(cr, "Reviews"))));
    RETURN_IF_ERROR(located(b.Missing(of(cr, "Missing"))));
    RETURN_IF_ERROR(located(b.Uasc(of(cr, "UASC"))));
    RETURN_IF_ERROR(located(b.Adoption(of(cr, "PlacedAdoption"), of(cr, "AD1"))));
    RETURN_IF_ERROR(located(b.PreviousPermanence(of(cr, "PrevPerm"))));
    RETURN_IF_ERROR(located(b.CareLeaver(of(cr, "OC3"), r)));
    RETURN_IF_ERROR(located(b.Dolo(of(cr, "DoLo"))));
    for (const char* t : kTables) {
      const std::string name = t;
      count(cr, t, name != "OC2" && name != "SWEpisodes" ? out.rows_used : out.rows_not_imported);
    }
    out.rows_used["OC3"] -= b.blank_leavers_;
    out.rows_not_imported["OC3"] += b.blank_leavers_;
    changed_need |= b.changed_need_;
    out.children.push_back(std::move(h));
  }
  if (changed_need) {
    out.notes.push_back(
        "Episodes: the record holds one category of need for a period of care, "
        "its first episode's; a later change within the period is not recorded");
  }
  if (out.rows_not_imported["OC3"] > 0) {
    out.notes.push_back("OC3: rows with nothing filled in record nothing");
  }
  if (out.rows_not_imported["OC2"] > 0) {
    out.notes.push_back(
        "OC2: the year's health, SDQ and offending flags carry no dates, so they "
        "are not recorded; record the checks themselves");
  }
  if (out.rows_not_imported["SWEpisodes"] > 0) {
    out.notes.push_back(
        "SWEpisodes: social worker ids are not Haven's staff; allocate the "
        "children to their workers");
  }
  out.notes.push_back(
      "Header: the return holds no names (each child is 'Child' and their LA "
      "id until recorded) and the mother items are not recorded");
  return out;
}

}  // namespace haven::imports

namespace haven::imports {

namespace {
// Each row of `t` for the children in `created`, as one string of its cells in `columns`.
std::multiset<std::string> RowsOf(const returns::Table& t, const std::vector<std::string>& columns,
                                  const std::set<std::string>& created, const std::string& id) {
  std::multiset<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (!created.count(UpperId(Trim(t.At(id, i))))) continue;
    std::string row;
    for (const auto& c : columns) {
      std::string cell = Trim(t.At(c, i));
      std::transform(cell.begin(), cell.end(), cell.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
      row += cell + '\x1f';
    }
    out.insert(std::move(row));
  }
  return out;
}
}  // namespace

std::vector<TableReconciliation> Reconcile(const returns::Return& imported,
                                           const returns::Return& exported,
                                           const std::set<std::string>& created) {
  return Reconcile(imported, exported, created, {std::begin(kTables), std::end(kTables)}, "CHILD");
}

std::vector<TableReconciliation> Reconcile(const returns::Return& imported,
                                           const returns::Return& exported,
                                           const std::set<std::string>& created,
                                           const std::vector<std::string>& tables,
                                           const std::string& id_column) {
  std::vector<TableReconciliation> out;
  for (const auto& name : tables) {
    if (!imported.Has(name) && !exported.Has(name)) continue;
    const returns::Table& mine = exported.Get(name);
    // The columns both sides have (a file may hold fewer or more than Haven writes).
    std::vector<std::string> columns;
    for (const auto& c : mine.columns()) {
      if (imported.Get(name).Has(c)) columns.push_back(c);
    }
    const auto in = RowsOf(imported.Get(name), columns, created, id_column);
    const auto back = RowsOf(mine, columns, created, id_column);
    TableReconciliation t{name, in.size(), back.size(), 0};
    auto it = back.begin();
    for (const auto& row : in) {
      // Both are sorted: walk them together, counting the rows found on both sides.
      while (it != back.end() && *it < row) ++it;
      if (it != back.end() && *it == row) {
        ++t.same;
        ++it;
      }
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace haven::imports
