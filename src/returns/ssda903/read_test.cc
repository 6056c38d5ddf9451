#include "returns/ssda903/read.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace haven::returns {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t Occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The DfE's own sample of the expanded XML: every block becomes a row of its table.
TEST(Read903XmlTest, TheDfeSampleBecomesTheReturnsTables) {
  const std::string path =
      std::string(HAVEN_SOURCE_DIR) + "/../shared/specs/samples/903/fake_903.xml";
  const std::string text = Slurp(path);
  ASSERT_FALSE(text.empty()) << path;
  auto r = Read903Xml(text, "fake_903.xml", 2023);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->metadata.at("file_format"), "xml");
  EXPECT_EQ(r->Get("Header").size(), Occurrences(text, "<CHILD>"));
  EXPECT_EQ(r->Get("Episodes").size(), Occurrences(text, "<EPISODE>"));
  EXPECT_EQ(r->Get("Reviews").size(), Occurrences(text, "<AREVIEW>"));
  EXPECT_EQ(r->Get("Missing").size(), Occurrences(text, "<AMISSING>"));
  EXPECT_EQ(r->Get("PlacedAdoption").size(), Occurrences(text, "<AD_PLACED>"));
  EXPECT_EQ(r->Get("PrevPerm").size(), Occurrences(text, "<PERMANENCE>"));
  EXPECT_EQ(r->Get("OC2").size(), Occurrences(text, "<OC2>"));
  EXPECT_EQ(r->Get("OC3").size(), Occurrences(text, "<IN_TOUCH>"));
  // The first child, as the file gives it.
  const Table& h = r->Get("Header");
  EXPECT_EQ(h.At("CHILD", 0), "907440");
  EXPECT_EQ(h.At("UPN", 0), "O013219285333");
  EXPECT_EQ(h.At("DOB", 0), "28/07/2010");
  EXPECT_FALSE(h.At("UASC", 0).has_value()) << "an empty element is blank";
  const Table& e = r->Get("Episodes");
  EXPECT_EQ(e.At("CHILD", 0), "907440");
  EXPECT_EQ(e.At("PLACE", 0), "R5") << "the XML's PL is the PLACE column";
  EXPECT_EQ(e.At("DECOM", 0), "06/01/2017");
  const Table& v = r->Get("Reviews");
  EXPECT_EQ(v.At("DOB", 0), "28/07/2010");
  EXPECT_EQ(v.At("REVIEW_CODE", 1), "PN1");
}

TEST(Read903XmlTest, BadFilesAreNamed) {
  auto broken = Read903Xml("<EXPSSDA903><CHILD>\n<HEADER></CHILD>", "a.xml", 2026);
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("a.xml line 2"), std::string::npos)
      << broken.status().message();
  auto other = Read903Xml("<Message/>", "b.xml", 2026);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("b.xml: not an SSDA903 XML file"), std::string::npos);
  auto headless = Read903Xml("<EXPSSDA903>\n<CHILD><EPISODE/></CHILD></EXPSSDA903>", "c.xml", 2026);
  ASSERT_FALSE(headless.ok());
  EXPECT_EQ(headless.status().message(), "c.xml line 2: a CHILD has no HEADER");
}

TEST(Read903FilesTest, AnXmlFileOrCsvFilesWithLastYearsBeside) {
  const std::string xml =
      "<EXPSSDA903><CHILD><HEADER><CHILDID>a1</CHILDID><DOB>01/01/2015</DOB><SEX>M</SEX>"
      "<UASC>0</UASC></HEADER><EPISODE><DECOM>01/05/2025</DECOM><RNE>S</RNE><PL>U4</PL>"
      "</EPISODE></CHILD></EXPSSDA903>";
  const std::string csv = "CHILD,DECOM,RNE,LS,PLACE\nA1,01/05/2024,S,C2,U4\n";
  auto r = Read903Files({{"now.xml", xml}}, {{"episodes.csv", csv}}, 2026);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->Get("Header").At("CHILD", 0), "A1") << "cells are upper-cased as in a CSV file";
  EXPECT_EQ(r->Get("Episodes").At("PLACE", 0), "U4");
  EXPECT_EQ(r->Get("Episodes_last").size(), 1u);
  EXPECT_EQ(r->metadata.at("file:Episodes"), "now.xml Episodes");
  EXPECT_EQ(r->year, 2026);
}

}  // namespace
}  // namespace haven::returns
