#include "common/xlsx.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace haven {
namespace {

// Runs a shell command and returns what it printed; unzip is the independent reader.
std::string Output(const std::string& cmd, int* status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  *status = pclose(p);
  return out;
}

TEST(XlsxTest, AWorkbookThatUnzipReadsWithItsSheetsAndCells) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("haven_xlsx_" + std::to_string(::getpid()) + ".xlsx"))
                               .string();
  {
    std::ofstream out(path, std::ios::binary);
    out << WriteXlsx({{"Summary", {{"Rule", "Count"}, {"101", "12"}, {"<&>", "007"}}, {1}},
                      {"Bad/name:with*chars?", {{"A"}}, {}}});
  }
  int status = 0;
  const std::string test = Output("unzip -t " + path + " 2>&1", &status);
  EXPECT_EQ(status, 0) << test;
  EXPECT_NE(test.find("No errors detected"), std::string::npos) << test;
  const std::string sheet = Output("unzip -p " + path + " xl/worksheets/sheet1.xml", &status);
  EXPECT_NE(sheet.find("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Rule"),
            std::string::npos)
      << sheet;
  EXPECT_NE(sheet.find("<c r=\"B2\"><v>12</v></c>"), std::string::npos) << "a number is a number";
  EXPECT_NE(sheet.find("<t xml:space=\"preserve\">101</t>"), std::string::npos)
      << "a code in a text column stays text";
  EXPECT_NE(sheet.find("&lt;&amp;&gt;"), std::string::npos) << "text is escaped";
  EXPECT_NE(sheet.find("<t xml:space=\"preserve\">007</t>"), std::string::npos)
      << "a leading zero keeps the cell as text";
  const std::string book = Output("unzip -p " + path + " xl/workbook.xml", &status);
  EXPECT_NE(book.find("name=\"Summary\""), std::string::npos) << book;
  EXPECT_NE(book.find("name=\"Bad name with chars \""), std::string::npos) << book;
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace haven
