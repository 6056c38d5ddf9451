#include "returns/cin/read.h"

#include <memory>

#include "returns/xml.h"

namespace haven::returns {

namespace {

using xml::AddFrom;
using xml::ChildNamed;
using xml::Field;
using xml::Is;
using xml::Text;

Cell Number(int n) { return std::to_string(n); }

}  // namespace

Result<Return> ReadCinXml(std::string_view text, const std::string& file, int year) {
  ASSIGN_OR_RETURN(xml::Doc doc, xml::Parse(text, file));
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !Is(root, "Message")) {
    return InvalidArgument(file + ": not a CIN census file (the root element is not <Message>)");
  }
  const xmlNode* header = ChildNamed(root, "Header");
  const xmlNode* children = ChildNamed(root, "Children");
  if (header == nullptr || children == nullptr) {
    return InvalidArgument(file + ": a CIN census file needs a <Header> and <Children>");
  }

  Return r;
  Table head({"Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode",
              "Release", "SerialNo", "DateTime"});
  {
    const xmlNode* details = ChildNamed(header, "CollectionDetails");
    const xmlNode* source = ChildNamed(header, "Source");
    head.AddRow({Field(details, "Collection"), Field(details, "Year"),
                 Field(details, "ReferenceDate"), Field(source, "SourceLevel"),
                 Field(source, "LEA"), Field(source, "SoftwareCode"), Field(source, "Release"),
                 Field(source, "SerialNo"), Field(source, "DateTime")});
  }
  if (year == 0) {
    const auto ref = Date::Parse(head.At("ReferenceDate", 0).value_or(""));
    if (!ref) {
      return InvalidArgument(file +
                             ": the header's ReferenceDate is not a yyyy-mm-dd date, so "
                             "the collection year is not known (give --year)");
    }
    year = ref->month() >= 4 ? ref->year() + 1 : ref->year();
  }
  SetCollectionYear(r, year);

  Table ids({"LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
             "ExpectedPersonBirthDate", "GenderCurrent", "Sex", "PersonDeathDate"});
  Table traits({"LAchildID", "Ethnicity"});
  Table disabilities({"LAchildID", "Disability"});
  Table details({"LAchildID", "CINdetailsID", "CINreferralDate", "ReferralSource",
                 "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "DateOfInitialCPC",
                 "ReferralNFA"});
  Table assessments({"LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate",
                     "AssessmentInternalReviewDate", "AssessmentAuthorisationDate",
                     "AssessmentFactors"});
  Table factors({"LAchildID", "CINdetailsID", "AssessmentID", "AssessmentActualStartDate",
                 "AssessmentInternalReviewDate", "AssessmentAuthorisationDate",
                 "AssessmentFactor"});
  Table plans({"LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"});
  Table s47({"LAchildID", "CINdetailsID", "S47ActualStartDate", "InitialCPCtarget",
             "DateOfInitialCPC", "ICPCnotRequired"});
  Table cpps({"LAchildID", "CINdetailsID", "CPPID", "CPPstartDate", "CPPendDate",
              "InitialCategoryOfAbuse", "LatestCategoryOfAbuse", "NumberOfPreviousCPP"});
  Table reviews({"LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"});

  for (const xmlNode* child = children->children; child != nullptr; child = child->next) {
    if (!Is(child, "Child")) continue;
    const xmlNode* idn = ChildNamed(child, "ChildIdentifiers");
    const Cell la = Field(idn, "LAchildID");
    AddFrom(ids, idn, {});
    const xmlNode* chars = ChildNamed(child, "ChildCharacteristics");
    AddFrom(traits, chars, {{"LAchildID", la}});
    if (const xmlNode* dis = ChildNamed(chars, "Disabilities")) {
      for (const xmlNode* d = dis->children; d != nullptr; d = d->next) {
        if (Is(d, "Disability")) disabilities.AddRow({la, Text(d)});
      }
    }
    int detail_no = 0;
    for (const xmlNode* cd = child->children; cd != nullptr; cd = cd->next) {
      if (!Is(cd, "CINdetails")) continue;
      const Cell did = Number(++detail_no);
      AddFrom(details, cd, {{"LAchildID", la}, {"CINdetailsID", did}});
      int assessment_no = 0, cpp_no = 0;
      for (const xmlNode* b = cd->children; b != nullptr; b = b->next) {
        if (Is(b, "Assessments")) {
          const Cell aid = Number(++assessment_no);
          std::vector<Cell> list;
          if (const xmlNode* f = ChildNamed(b, "FactorsIdentifiedAtAssessment")) {
            for (const xmlNode* x = f->children; x != nullptr; x = x->next) {
              if (Is(x, "AssessmentFactors")) list.push_back(Text(x));
            }
          }
          std::string joined;
          for (const auto& x : list) {
            if (x) joined += (joined.empty() ? "" : ",") + *x;
          }
          AddFrom(assessments, b,
                  {{"LAchildID", la},
                   {"CINdetailsID", did},
                   {"AssessmentID", aid},
                   {"AssessmentFactors", joined.empty() ? Cell() : Cell(joined)}});
          for (const auto& x : list) {
            AddFrom(factors, b,
                    {{"LAchildID", la},
                     {"CINdetailsID", did},
                     {"AssessmentID", aid},
                     {"AssessmentFactor", x}});
          }
        } else if (Is(b, "CINPlanDates")) {
          AddFrom(plans, b, {{"LAchildID", la}, {"CINdetailsID", did}});
        } else if (Is(b, "Section47")) {
          AddFrom(s47, b, {{"LAchildID", la}, {"CINdetailsID", did}});
        } else if (Is(b, "ChildProtectionPlans")) {
          const Cell pid = Number(++cpp_no);
          AddFrom(cpps, b, {{"LAchildID", la}, {"CINdetailsID", did}, {"CPPID", pid}});
          if (const xmlNode* rv = ChildNamed(b, "Reviews")) {
            for (const xmlNode* x = rv->children; x != nullptr; x = x->next) {
              if (Is(x, "CPPreviewDate")) reviews.AddRow({la, did, pid, Text(x)});
            }
          }
        }
      }
    }
  }
  r.tables["Header"] = std::move(head);
  r.tables["ChildIdentifiers"] = std::move(ids);
  r.tables["ChildCharacteristics"] = std::move(traits);
  r.tables["Disabilities"] = std::move(disabilities);
  r.tables["CINdetails"] = std::move(details);
  r.tables["Assessments"] = std::move(assessments);
  r.tables["AssessmentFactorsList"] = std::move(factors);
  r.tables["CINplanDates"] = std::move(plans);
  r.tables["Section47"] = std::move(s47);
  r.tables["ChildProtectionPlans"] = std::move(cpps);
  r.tables["Reviews"] = std::move(reviews);
  return r;
}

}  // namespace haven::returns
