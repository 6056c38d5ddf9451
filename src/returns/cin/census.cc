#include "returns/cin/census.h"

namespace haven::returns {

namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

class Writer {
 public:
  void Open(const char* name) {
    Indent();
    out_ += "<" + std::string(name) + ">\n";
    ++depth_;
  }
  void Close(const char* name) {
    --depth_;
    Indent();
    out_ += "</" + std::string(name) + ">\n";
  }
  void Text(const char* name, const std::string& value) {
    if (value.empty()) return;
    Indent();
    out_ += "<" + std::string(name) + ">" + Escape(value) + "</" + name + ">\n";
  }
  void Day(const char* name, const std::optional<Date>& d) {
    if (d) Text(name, d->ToString());
  }
  std::string Take() { return std::move(out_); }

 private:
  void Indent() { out_.append(static_cast<size_t>(depth_) * 2, ' '); }
  std::string out_ = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  int depth_ = 0;
};

}  // namespace

std::string WriteCinXml(const CinCensus& c) {
  Writer w;
  w.Open("Message");
  w.Open("Header");
  w.Open("CollectionDetails");
  w.Text("Collection", "CIN");
  w.Text("Year", std::to_string(c.year));
  w.Text("ReferenceDate", Date::FromYmd(c.year, 3, 31).ToString());
  w.Close("CollectionDetails");
  w.Open("Source");
  w.Text("SourceLevel", "L");
  w.Text("LEA", c.lea);
  w.Text("SoftwareCode", "Haven");
  w.Text("Release", HAVEN_VERSION);
  w.Text("SerialNo", "001");
  w.Text("DateTime", c.created);
  w.Close("Source");
  w.Close("Header");
  w.Open("Children");
  for (const auto& ch : c.children) {
    w.Open("Child");
    w.Open("ChildIdentifiers");
    w.Text("LAchildID", ch.la_child_id);
    w.Text("UPN", ch.upn);
    w.Text("FormerUPN", ch.former_upn);
    w.Text("UPNunknown", ch.upn_unknown);
    w.Day("PersonBirthDate", ch.birth);
    w.Day("ExpectedPersonBirthDate", ch.expected_birth);
    w.Text("Sex", ch.sex);
    w.Day("PersonDeathDate", ch.death);
    w.Close("ChildIdentifiers");
    w.Open("ChildCharacteristics");
    w.Text("Ethnicity", ch.ethnicity);
    if (!ch.disabilities.empty()) {
      w.Open("Disabilities");
      for (const auto& d : ch.disabilities) w.Text("Disability", d);
      w.Close("Disabilities");
    }
    w.Close("ChildCharacteristics");
    for (const auto& d : ch.details) {
      w.Open("CINdetails");
      w.Day("CINreferralDate", d.referral);
      w.Text("ReferralSource", d.source);
      w.Text("PrimaryNeedCode", d.primary_need);
      w.Day("CINclosureDate", d.closure);
      w.Text("ReasonForClosure", d.closure_reason);
      w.Day("DateOfInitialCPC", d.initial_cpc);
      for (const auto& a : d.assessments) {
        w.Open("Assessments");
        w.Day("AssessmentActualStartDate", a.start);
        w.Day("AssessmentAuthorisationDate", a.authorised);
        if (!a.factors.empty()) {
          w.Open("FactorsIdentifiedAtAssessment");
          for (const auto& f : a.factors) w.Text("AssessmentFactors", f);
          w.Close("FactorsIdentifiedAtAssessment");
        }
        w.Close("Assessments");
      }
      for (const auto& p : d.plans) {
        w.Open("CINPlanDates");
        w.Day("CINPlanStartDate", p.start);
        w.Day("CINPlanEndDate", p.end);
        w.Close("CINPlanDates");
      }
      for (const auto& s : d.enquiries) {
        w.Open("Section47");
        w.Day("S47ActualStartDate", s.start);
        w.Day("InitialCPCtarget", s.icpc_target);
        w.Day("DateOfInitialCPC", s.icpc);
        w.Text("ICPCnotRequired", s.icpc_not_required ? "1" : "0");
        w.Close("Section47");
      }
      w.Text("ReferralNFA", d.nfa ? "1" : "0");
      for (const auto& p : d.protection) {
        w.Open("ChildProtectionPlans");
        w.Day("CPPstartDate", p.start);
        w.Day("CPPendDate", p.end);
        w.Text("InitialCategoryOfAbuse", p.initial_category);
        w.Text("LatestCategoryOfAbuse", p.latest_category);
        w.Text("NumberOfPreviousCPP", std::to_string(p.previous_plans));
        if (!p.reviews.empty()) {
          w.Open("Reviews");
          for (const auto& r : p.reviews) w.Day("CPPreviewDate", r);
          w.Close("Reviews");
        }
        w.Close("ChildProtectionPlans");
      }
      w.Close("CINdetails");
    }
    w.Close("Child");
  }
  w.Close("Children");
  w.Close("Message");
  return w.Take();
}

}  // namespace haven::returns
