#include "returns/csv.h"

#include <gtest/gtest.h>

namespace haven::returns {
namespace {

TEST(CsvTest, ReadsCellsAsTheDfeToolsDo) {
  auto t = ParseCsv(
      "\xEF\xBB\xBF"
      "child, sex ,DOB\r\n"
      "a1,m,\"01/02/2012\"\r\n"
      "\r\n"
      "\"B,2\",,\"say \"\"hi\"\"\"\n"
      "C3,\"two\nlines\"\n",
      "h.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->columns(), (std::vector<std::string>{"CHILD", "SEX", "DOB"}));
  ASSERT_EQ(t->size(), 3u);
  EXPECT_EQ(t->At("CHILD", 0), Cell("A1"));
  EXPECT_EQ(t->At("SEX", 0), Cell("M"));
  EXPECT_EQ(t->At("DOB", 0), Cell("01/02/2012"));
  EXPECT_EQ(t->At("CHILD", 1), Cell("B,2"));
  EXPECT_EQ(t->At("SEX", 1), std::nullopt);
  EXPECT_EQ(t->At("DOB", 1), Cell("SAY \"HI\""));
  EXPECT_EQ(t->At("SEX", 2), Cell("TWO\nLINES"));
  EXPECT_EQ(t->At("DOB", 2), std::nullopt) << "a short row is padded with blanks";
  EXPECT_EQ(t->At("NOT_A_COLUMN", 0), std::nullopt);
  EXPECT_EQ(Ssda903TableFor(*t), "");
}

TEST(CsvTest, AFileWithoutQuotesReadsAsTheGeneralReaderReadsIt) {
  auto t = ParseCsv("child,sex\r\n\r\n a1 , m \r\nb\r2,\n   \nc3", "q.csv");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->size(), 4u);
  EXPECT_EQ(t->At("CHILD", 0), Cell("A1"));
  EXPECT_EQ(t->At("SEX", 0), Cell("M"));
  EXPECT_EQ(t->At("CHILD", 1), Cell("B2")) << "a carriage return anywhere is dropped";
  EXPECT_EQ(t->At("SEX", 1), std::nullopt);
  EXPECT_EQ(t->At("CHILD", 2), std::nullopt) << "a line of spaces is a row of blanks";
  EXPECT_EQ(t->At("CHILD", 3), Cell("C3")) << "the last line needs no newline";
  auto wide = ParseCsv("CHILD,SEX\n\nA1,M\r\nA2,M,X\n", "x.csv");
  EXPECT_EQ(wide.status().message(), "x.csv line 4: 3 cells but the header names 2 columns");
}

TEST(CsvTest, BadFilesAreRefusedNamingTheFileAndLine) {
  auto unclosed = ParseCsv("CHILD,SEX\nA1,M\nA2,\"M\n", "x.csv");
  EXPECT_EQ(unclosed.status().message(), "x.csv line 3: a quoted cell is not closed");
  auto wide = ParseCsv("CHILD,SEX\nA1,M,X\n", "x.csv");
  EXPECT_EQ(wide.status().message(), "x.csv line 2: 3 cells but the header names 2 columns");
  auto dup = ParseCsv("CHILD,SEX,child\n", "x.csv");
  EXPECT_EQ(dup.status().message(), "x.csv line 1: column CHILD appears twice");
  auto unnamed = ParseCsv("CHILD,,SEX\n", "x.csv");
  EXPECT_EQ(unnamed.status().message(), "x.csv line 1: column 2 has no name");
  auto empty = ParseCsv("", "x.csv");
  EXPECT_EQ(empty.status().message(), "x.csv: the file is empty, with no header line");
  auto stray = ParseCsv("CHILD,SEX\nA1,M\"x\"\n", "x.csv");
  EXPECT_EQ(stray.status().message(), "x.csv line 2: a quote in the middle of an unquoted cell");
}

TEST(CsvTest, EachTableIsKnownByItsColumns) {
  const std::pair<const char*, const char*> files[] = {
      {"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", "Header"},
      {"CHILD,DECOM,RNE,LS,CIN,PLACE", "Episodes"},
      {"CHILD,DOB,REVIEW,REVIEW_CODE", "Reviews"},
      {"CHILD,SEX,DOB,DUC", "UASC"},
      {"CHILD,DOB,SDQ_SCORE,SDQ_REASON", "OC2"},
      {"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM", "OC3"},
      {"CHILD,DOB,DATE_INT,DATE_MATCH", "AD1"},
      {"CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED", "PlacedAdoption"},
      {"CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM", "PrevPerm"},
      {"CHILD,DOB,MISSING,MIS_START,MIS_END", "Missing"},
      {"CHILD,DOB,SW_ID,SW_DECOM", "SWEpisodes"},
      {"CHILD,DOB,DOLO_START,DOLO_END", "DoLo"},
  };
  for (const auto& [header, table] : files) {
    auto t = ParseCsv(std::string(header) + "\n", "f.csv");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(Ssda903TableFor(*t), table) << header;
  }
}

TEST(DateTest, OnlyRealDatesInTheReturnsFormParse) {
  EXPECT_EQ(ParseReturnDate("29/02/2024"), Date::FromYmd(2024, 2, 29));
  EXPECT_EQ(ParseReturnDate(" 01/04/2025 "), Date::FromYmd(2025, 4, 1));
  for (const char* bad : {"29/02/2023", "31/04/2025", "1/4/2025", "01/04/25", "2025-04-01",
                          "01-04-2025", "00/04/2025", "01/13/2025", "", "aa/bb/cccc"}) {
    EXPECT_EQ(ParseReturnDate(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace haven::returns
