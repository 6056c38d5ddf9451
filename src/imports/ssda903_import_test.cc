#include "imports/ssda903_import.h"

#include <gtest/gtest.h>

#include "returns/csv.h"
#include "returns/ssda903/read.h"

namespace haven::imports {
namespace {

// A small return from another system, written as its CSV files; each test changes what it needs.
class HistoriesFrom903Test : public ::testing::Test {
 protected:
  std::map<std::string, std::string> files_ = {
      {"header.csv",
       "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
       "C1,1,05/05/2012,WBRI,UN3,,\n"
       "C2,F,01/10/2006,BAFR,A123456789012,0,\n"},
      {"episodes.csv",
       "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_"
       "POST,URN\n"
       // Care that began before the return: the first episode held is a move.
       "C1,01/06/2025,P,C2,N1,U6,PR4,01/09/2025,X1,CARPL,DN1 1AA,DN2 2BB,1234567\n"
       "C1,01/09/2025,P,C2,N1,K2,PR4,,,,DN1 1AA,DN3 3CC,SC123456\n"},
      {"reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nC1,05/05/2012,10/10/2025,PN1\n"},
      {"oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nC2,01/10/2006,YES,F2,U1\n"},
      {"oc2.csv",
       "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_"
       "ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
       "C1,05/05/2012,12,,0,,1,1,1,0,,\n"},
  };

  Result<Import903> Run(const std::set<std::string>& skip = {}) {
    std::vector<returns::NamedText> texts;
    for (const auto& [name, text] : files_) texts.push_back({name, text});
    auto r = returns::Read903(texts, {}, 2026);
    if (!r.ok()) return r.status();
    std::map<std::string, std::string> names;
    for (const auto& [key, value] : r->metadata) {
      if (key.rfind("file:", 0) == 0) names[key.substr(5)] = value;
    }
    return HistoriesFrom903(*r, names, 7, skip);
  }

  static const record::LoadStep* Find(const record::ChildHistory& h, const std::string& kind,
                                      size_t nth = 0) {
    for (const auto& s : h.steps) {
      if (s.kind == kind && nth-- == 0) return &s;
    }
    return nullptr;
  }
  static std::string V(const record::LoadStep* s, const std::string& field) {
    if (s == nullptr) return "(no step)";
    auto it = s->values.find(field);
    return it == s->values.end() || !it->second ? "(none)" : *it->second;
  }
};

TEST_F(HistoriesFrom903Test, EachTableBecomesTheFactsOfTheRecord) {
  auto out = Run();
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->children.size(), 2u);
  const auto& c1 = out->children[0];
  EXPECT_EQ(c1.person.la_child_id, "C1");
  EXPECT_EQ(c1.person.family_name, "C1");
  EXPECT_EQ(c1.person.sex, "M") << "1 is male in the older coding";
  EXPECT_EQ(c1.person.date_of_birth, "2012-05-05");
  EXPECT_EQ(c1.person.upn_unknown, "UN3");
  EXPECT_FALSE(c1.person.upn.has_value());
  EXPECT_EQ(c1.person.service_area_id, 7);
  const auto* period = Find(c1, "care_period");
  EXPECT_EQ(V(period, "start_date"), "2025-06-01");
  EXPECT_EQ(V(period, "continued_episode"), "P") << "care began before the return";
  EXPECT_EQ(V(period, "home_postcode"), "DN1 1AA");
  EXPECT_EQ(V(period, "end_date"), "(none)");
  const auto* first = Find(c1, "placement", 0);
  const auto* second = Find(c1, "placement", 1);
  EXPECT_EQ(V(first, "carer_kind"), "ifa");
  EXPECT_EQ(V(second, "placement_type"), "K2");
  EXPECT_EQ(V(second, "carer_kind"), "childrens_home");
  EXPECT_EQ(V(second, "change_reason"), "CARPL") << "the reason is on the episode before";
  EXPECT_EQ(V(second, "urn"), "SC123456");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->refs.at("care_period_id"), period->key);
  EXPECT_EQ(second->key, "episodes.csv row 2");
  EXPECT_EQ(Find(c1, "legal_status", 1), nullptr) << "the legal status did not change";
  const auto* review = Find(c1, "cla_review");
  EXPECT_EQ(V(review, "participation"), "PN1");
  // The care leaver's contact is on the 19th birthday, in the year.
  const auto& c2 = out->children[1];
  EXPECT_EQ(c2.person.upn, "A123456789012");
  const auto* contact = Find(c2, "leaver_contact");
  EXPECT_EQ(V(contact, "contact_date"), "2025-10-01");
  EXPECT_EQ(V(contact, "activity"), "F2");
  EXPECT_EQ(V(Find(c2, "care_leaver"), "eligibility"), "former_relevant");
  // OC2 is counted as not imported, with the reason.
  EXPECT_EQ(out->rows_not_imported["OC2"], 1u);
  EXPECT_EQ(out->rows_used["Episodes"], 2u);
  ASSERT_FALSE(out->notes.empty());
  EXPECT_NE(out->notes[0].find("OC2"), std::string::npos);
}

TEST_F(HistoriesFrom903Test, ChildrenAlreadyInTheRecordAreLeftAlone) {
  auto out = Run({"C1"});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->children.size(), 1u);
  EXPECT_EQ(out->children[0].person.la_child_id, "C2");
  EXPECT_EQ(out->matched, std::vector<std::string>{"C1"});
  EXPECT_EQ(out->rows_matched["Episodes"], 2u);
  EXPECT_EQ(out->rows_used["Episodes"], 0u);
}

TEST_F(HistoriesFrom903Test, BadInputNamesTheFileRowAndField) {
  struct Case {
    std::string file, text, message, field;
  };
  const std::vector<Case> cases = {
      {"reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nC9,05/05/2012,10/10/2025,PN1\n",
       "reviews.csv row 1, CHILD: child 'C9' is not in the Header", "CHILD"},
      {"reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nC1,05/05/2012,2025-10-10,PN1\n",
       "child C1: reviews.csv row 1, REVIEW: '2025-10-10' is not a dd/mm/yyyy date", "REVIEW"},
      {"reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\nC2,01/10/2006,10/10/2025,PN1\n",
       "child C2: reviews.csv row 1, REVIEW: the child has no episodes of care", "REVIEW"},
      {"header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/05/2012,,,,\nC1,1,,,,,\n",
       "header.csv row 2, CHILD: child C1 is listed twice", "CHILD"},
      {"episodes.csv",
       "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_"
       "POST,URN\nC1,,S,C2,N1,U6,PR1,,,,,,\n",
       "child C1: episodes.csv row 1, DECOM: the date is required", "DECOM"},
      {"episodes.csv",
       "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_"
       "POST,URN\nC1,01/06/2025,S,C2,N1,U6,PR1,01/07/2025,,,,,\n",
       "child C1: episodes.csv row 1, REC: the date and the reason the episode ended go together",
       "REC"},
      {"episodes.csv",
       "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_"
       "POST,URN\nC1,01/06/2025,S,C2,N1,U6,PR1,01/07/2025,X1,,,,\n"
       "C1,01/07/2025,L,C1,N1,U4,PR1,,,,,,\n",
       "child C1: episodes.csv row 2, PLACE: the episode is a change of legal status only (RNE "
       "L), but the placement type changed from U6 to U4",
       "PLACE"},
      {"header.csv",
       "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC1,1,05/05/2012,XXXX,,,\nC2,2,01/10/2006,,,,\n",
       "header.csv row 1, ETHNIC: ", "ETHNIC"},
  };
  for (const auto& c : cases) {
    auto saved = files_;
    files_[c.file] = c.text;
    auto out = Run();
    files_ = saved;
    ASSERT_FALSE(out.ok()) << c.message;
    EXPECT_EQ(out.status().message().substr(0, c.message.size()), c.message);
    EXPECT_EQ(out.status().field(), c.field) << c.message;
  }
}

// The DfE's expanded XML gives the same tables, and errors name the XML file and the table.
TEST(HistoriesFrom903XmlTest, AnXmlReturnImportsAlike) {
  const std::string xml =
      "<EXPSSDA903><CHILD><HEADER><CHILDID>X1</CHILDID><SEX>F</SEX><DOB>01/01/2015</DOB>"
      "<UASC>0</UASC><AREVIEW><REVIEW>01/08/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>"
      "</HEADER><EPISODE><DECOM>01/05/2025</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL>"
      "<PLACE_PROVIDER>PR1</PLACE_PROVIDER><URN>SC123456</URN></EPISODE>"
      "<EPISODE><DECOM>2025-09-01</DECOM><RNE>P</RNE><LS>C2</LS><PL>U5</PL></EPISODE>"
      "</CHILD></EXPSSDA903>";
  auto r = returns::Read903Xml(xml, "x.xml", 2026);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::map<std::string, std::string> names;
  for (const auto& [key, value] : r->metadata) {
    if (key.rfind("file:", 0) == 0) names[key.substr(5)] = value;
  }
  auto bad = HistoriesFrom903(*r, names, 1, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "child X1: x.xml Episodes row 2, DECOM: '2025-09-01' is not a dd/mm/yyyy date");
  r->tables["Episodes"].Set("DECOM", 1, "01/09/2025");
  auto out = HistoriesFrom903(*r, names, 1, {});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ASSERT_EQ(out->children.size(), 1u);
  size_t placements = 0, reviews = 0;
  for (const auto& st : out->children[0].steps) {
    placements += st.kind == "placement";
    reviews += st.kind == "cla_review";
  }
  EXPECT_EQ(placements, 2u);
  EXPECT_EQ(reviews, 1u);
}

}  // namespace
}  // namespace haven::imports
