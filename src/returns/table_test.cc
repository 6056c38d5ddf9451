#include "returns/table.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace haven::returns {
namespace {

TEST(TableTest, KeyMapFindsTextByView) {
  const std::vector<std::string> texts = {"",
                                          "A",
                                          "AB",
                                          "ABCDEFG",
                                          "ABCDEFGH",
                                          "ABCDEFGHI",
                                          "ABCDEFGI",
                                          "ABCDEFGH\x01",
                                          "C1566910",
                                          "C1566911",
                                          "C2566910",
                                          "C15669100",
                                          "\x80",
                                          std::string("\xff") + "A",
                                          "a",
                                          "Z",
                                          std::string("A\0B", 3)};
  KeyMap<size_t> at;
  for (size_t i = 0; i < texts.size(); ++i) at[texts[i]] = i;
  ASSERT_EQ(at.size(), texts.size());
  const KeyHash hash;
  for (size_t i = 0; i < texts.size(); ++i) {
    const std::string_view view = texts[i];
    EXPECT_EQ(hash(view), hash(std::string(view))) << texts[i];
    const auto it = at.find(view);
    ASSERT_NE(it, at.end()) << texts[i];
    EXPECT_EQ(it->second, i);
  }
  EXPECT_EQ(at.count(std::string_view("C156691")), 0u);
  EXPECT_EQ(at.count(std::string_view("ABCDEFGH\x02")), 0u);
}

TEST(TableTest, ColumnsAreFoundByTheirWholeName) {
  Table t({"CHILD", "DECOM", "PLACE_PROVIDER", "PLACE_PROVIDEX", "PL"});
  t.AddRow({Cell("A1"), Cell("01/04/2025"), Cell("PR1"), Cell("PRX"), Cell("L")});
  EXPECT_EQ(t.At("PLACE_PROVIDER", 0), Cell("PR1"));
  EXPECT_EQ(t.At("PLACE_PROVIDEX", 0), Cell("PRX"));
  EXPECT_EQ(t.At("PL", 0), Cell("L"));
  EXPECT_FALSE(t.Has("PLACE"));
  EXPECT_FALSE(t.Has("PLACE_PROVIDE"));
  EXPECT_EQ(t.At("CHILDX", 0), std::nullopt);
}

TEST(TableTest, CellsKeepTheirTextBlanksAndEmptyTextApart) {
  Table t({"CHILD", "LS", "DEC"});
  t.AddRow({Cell("A1"), Cell(""), std::nullopt});
  t.AddRowOfViews({CellView("B2"), std::nullopt});
  const size_t at = t.AppendText("XC3V4");
  t.AddRowOfSpans({{static_cast<uint32_t>(at + 1), 2}, {static_cast<uint32_t>(at + 3), 2}, {}});
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.At("CHILD", 0), "A1");
  EXPECT_EQ(t.At("LS", 0), "") << "empty text is a value";
  EXPECT_EQ(t.At("DEC", 0), std::nullopt) << "a blank is not";
  EXPECT_EQ(t.At("CHILD", 1), "B2");
  EXPECT_EQ(t.At("LS", 1), std::nullopt) << "a short row is padded with blanks";
  EXPECT_EQ(t.At("CHILD", 2), "C3");
  EXPECT_EQ(t.At("LS", 2), "V4");
  EXPECT_EQ(t.At("DEC", 2), std::nullopt);
  EXPECT_EQ(t.At("CHILD", 3), std::nullopt) << "past the last row";

  const Table::ColumnView ls = t.Column("LS");
  ASSERT_EQ(ls.size(), 3u);
  EXPECT_EQ(ls[2], "V4");
  EXPECT_EQ(t.Column("NOT_A_COLUMN").size(), 0u);

  t.Set("LS", 1, CellView("V3"));
  t.Set("CHILD", 0, std::nullopt);
  EXPECT_EQ(t.At("LS", 1), "V3");
  EXPECT_EQ(t.At("CHILD", 0), std::nullopt);
  EXPECT_EQ(t.At("CHILD", 1), "B2") << "other cells are untouched by a change";
  t.AddColumn("REC");
  EXPECT_EQ(t.At("REC", 2), std::nullopt) << "a new column is blank in every row";
  const Table copy = t;
  EXPECT_EQ(copy.At("LS", 2), "V4") << "a copy has its own text";
}

TEST(TableTest, ReturnDatesAreStrictCalendarDates) {
  EXPECT_EQ(ParseReturnDate("29/02/2024"), Date::FromYmd(2024, 2, 29));
  EXPECT_EQ(ParseReturnDate(" 01/01/1970 "), Date::FromYmd(1970, 1, 1));
  EXPECT_EQ(ParseReturnDate("31/12/9999"), Date::FromYmd(9999, 12, 31));
  EXPECT_EQ(ParseReturnDate("01/03/2000"), Date::FromYmd(2000, 3, 1));
  EXPECT_EQ(ParseReturnDate("29/02/2023"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("29/02/1900"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("31/04/2025"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("00/01/2025"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("01/13/2025"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("01/01/1799"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("1/01/2025"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("01-01-2025"), std::nullopt);
  EXPECT_EQ(ParseReturnDate("+1/01/2025"), std::nullopt);
}

TEST(TableTest, AMemoMakesEachValueOnceEvenForTwoThreads) {
  const Memo memo;
  std::atomic<int> made{0};
  auto get = [&] {
    return &memo.Get<std::vector<int>>("v", [&] {
      ++made;
      return std::vector<int>{1, 2, 3};
    });
  };
  const std::vector<int>* a = nullptr;
  std::thread other([&] { a = get(); });
  const std::vector<int>* b = get();
  other.join();
  EXPECT_EQ(made, 1);
  EXPECT_EQ(a, b);
  EXPECT_EQ(*b, (std::vector<int>{1, 2, 3}));
  const Memo copy = memo;
  copy.Get<std::vector<int>>("v", [&] {
    ++made;
    return std::vector<int>{};
  });
  EXPECT_EQ(made, 2) << "a copy starts empty";
  memo.Clear();
  get();
  EXPECT_EQ(made, 3) << "a cleared memo makes its values again";
}

}  // namespace
}  // namespace haven::returns
