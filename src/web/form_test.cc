#include "web/form.h"

#include <gtest/gtest.h>

namespace haven::web {
namespace {

FormData Parsed(const std::string& body) {
  auto f = FormData::Parse(body);
  EXPECT_TRUE(f.ok()) << f.status().ToString();
  return f.ok() ? *f : FormData();
}

TEST(FormTest, ParsesDecodesTrimsAndKeepsRepeatedNames) {
  FormData f = Parsed("name=Amy+O%27Neil&kind=contact&kind=referral&empty=&blank=++&flag");
  EXPECT_EQ(f.Get("name"), "Amy O'Neil");
  EXPECT_EQ(f.All("kind"), (std::vector<std::string>{"contact", "referral"}));
  EXPECT_EQ(f.Get("empty"), "");
  EXPECT_EQ(f.Get("blank"), "");
  EXPECT_TRUE(f.Find("flag").has_value());
  EXPECT_FALSE(f.Find("missing").has_value());
  EXPECT_TRUE(f.All("blank").empty());
}

TEST(FormTest, ABadEscapeIsAnError) {
  auto f = FormData::Parse("name=%zz");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.status().code(), StatusCode::kInvalidArgument);
}

TEST(FormTest, AnEmptyDateIsNotRecordedAndAWholeOneIsIso) {
  auto none = DateFrom(Parsed("start_date-day=&start_date-month=&start_date-year="), "start_date",
                       "Start date");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto some = DateFrom(Parsed("start_date-day=7&start_date-month=3&start_date-year=2026"),
                       "start_date", "Start date");
  ASSERT_TRUE(some.ok());
  EXPECT_EQ(**some, "2026-03-07");
}

TEST(FormTest, ADateErrorNamesTheLabelAndTheBoxAtFault) {
  struct Case {
    std::string body;
    std::string field;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"d-day=&d-month=3&d-year=2026", "d-day", "Start date must include a day"},
      {"d-day=1&d-month=&d-year=2026", "d-month", "Start date must include a month"},
      {"d-day=1&d-month=3&d-year=", "d-year", "Start date must include a year"},
      {"d-day=1&d-month=3&d-year=26", "d-year",
       "Start date must have a year of 4 numbers, for example 2025"},
      {"d-day=30&d-month=2&d-year=2026", "d-day", "Start date must be a real date"},
      {"d-day=1&d-month=13&d-year=2026", "d-day", "Start date must be a real date"},
      {"d-day=one&d-month=3&d-year=2026", "d-day", "Start date must be a real date"},
  };
  for (const auto& c : cases) {
    auto r = DateFrom(Parsed(c.body), "d", "Start date");
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.status().field(), c.field) << c.body;
    EXPECT_EQ(r.status().message(), c.message) << c.body;
  }
}

TEST(FormTest, DatePartsShowWhatWasTypedElseTheStoredDate) {
  auto typed = DatePartsOf(Parsed("d-day=31&d-month=2&d-year=2026"), "d", "2025-01-05");
  EXPECT_EQ(typed.day, "31");
  EXPECT_EQ(typed.month, "2");
  auto stored = DatePartsOf(FormData(), "d", "2025-01-05");
  EXPECT_EQ(stored.day, "5");
  EXPECT_EQ(stored.month, "1");
  EXPECT_EQ(stored.year, "2025");
  auto nothing = DatePartsOf(FormData(), "d", std::nullopt);
  EXPECT_EQ(nothing.year, "");
}

}  // namespace
}  // namespace haven::web
