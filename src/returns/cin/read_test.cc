#include "returns/cin/read.h"

#include <gtest/gtest.h>

namespace haven::returns {
namespace {

constexpr const char* kCensus = R"(<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>2026</Year>
      <ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>371</LEA></Source>
  </Header>
  <Children>
    <Child>
      <ChildIdentifiers><LAchildID>C1</LAchildID><UPN>E371201234567</UPN>
        <PersonBirthDate>2015-03-27</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>
      <ChildCharacteristics><Ethnicity>WBRI</Ethnicity>
        <Disabilities><Disability>HAND</Disability><Disability>HEAR</Disability></Disabilities>
      </ChildCharacteristics>
      <CINdetails>
        <CINreferralDate>2025-06-01</CINreferralDate><ReferralSource>1A</ReferralSource>
        <Assessments><AssessmentActualStartDate>2025-06-02</AssessmentActualStartDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors>
            <AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <Assessments><AssessmentActualStartDate>2025-09-01</AssessmentActualStartDate>
        </Assessments>
        <ChildProtectionPlans><CPPstartDate>2025-07-01</CPPstartDate>
          <Reviews><CPPreviewDate>2025-09-01</CPPreviewDate>
            <CPPreviewDate>2026-02-01</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
      </CINdetails>
      <CINdetails><CINreferralDate>2026-01-10</CINreferralDate></CINdetails>
    </Child>
    <Child><ChildIdentifiers><LAchildID>C2</LAchildID></ChildIdentifiers></Child>
  </Children>
</Message>)";

TEST(CinReadTest, TheCensusBecomesTheTablesTheRulesRead) {
  auto r = ReadCinXml(kCensus, "census.xml", 0);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->year, 2026) << "ReferenceDate 31 March 2026 closes 2025-26";
  EXPECT_EQ(r->Get("Header").At("LEA", 0), Cell("371"));
  const Table& ids = r->Get("ChildIdentifiers");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids.At("UPN", 0), Cell("E371201234567"));
  EXPECT_EQ(ids.At("UPN", 1), std::nullopt);
  EXPECT_EQ(r->Get("Disabilities").size(), 2u);
  const Table& details = r->Get("CINdetails");
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details.At("CINdetailsID", 1), Cell("2"));
  EXPECT_EQ(details.At("LAchildID", 1), Cell("C1"));
  const Table& a = r->Get("Assessments");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.At("AssessmentID", 1), Cell("2"));
  EXPECT_EQ(a.At("AssessmentFactors", 0), Cell("1C,21"));
  EXPECT_EQ(a.At("AssessmentFactors", 1), std::nullopt);
  const Table& f = r->Get("AssessmentFactorsList");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f.At("AssessmentFactor", 1), Cell("21"));
  EXPECT_EQ(f.At("AssessmentActualStartDate", 1), Cell("2025-06-02"));
  EXPECT_EQ(r->Get("ChildProtectionPlans").At("CPPID", 0), Cell("1"));
  const Table& reviews = r->Get("Reviews");
  ASSERT_EQ(reviews.size(), 2u);
  EXPECT_EQ(reviews.At("CPPreviewDate", 1), Cell("2026-02-01"));
  EXPECT_EQ(reviews.At("CPPID", 1), Cell("1"));
  EXPECT_EQ(r->Get("Section47").size(), 0u);

  auto named = ReadCinXml(kCensus, "census.xml", 2025);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->year, 2025) << "a year the caller names wins";
}

TEST(CinReadTest, BadFilesAreRefusedNamingTheFileAndLine) {
  auto broken = ReadCinXml("<Message>\n<Header>\n</Message>", "x.xml", 0);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().message().rfind("x.xml line 3: ", 0), 0u) << broken.status().message();
  auto other = ReadCinXml("<Return/>", "x.xml", 0);
  EXPECT_EQ(other.status().message(),
            "x.xml: not a CIN census file (the root element is not <Message>)");
  auto bare = ReadCinXml("<Message><Header/></Message>", "x.xml", 0);
  EXPECT_EQ(bare.status().message(), "x.xml: a CIN census file needs a <Header> and <Children>");
  auto undated = ReadCinXml("<Message><Header/><Children/></Message>", "x.xml", 0);
  EXPECT_NE(undated.status().message().find("ReferenceDate is not a yyyy-mm-dd date"),
            std::string::npos);
}

}  // namespace
}  // namespace haven::returns
