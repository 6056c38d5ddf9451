#include "web/html.h"

#include <gtest/gtest.h>

namespace haven::web {
namespace {

TEST(HtmlTest, EscapeCoversTheFiveCharactersThatMatterInTextAndAttributes) {
  EXPECT_EQ(Escape(R"(<a href="x" title='y'>Tom & Jerry</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
  EXPECT_EQ(Escape("plain"), "plain");
}

TEST(HtmlTest, RecordTextIsEscapedInEveryComponent) {
  const std::string bad = "\"><script>alert(1)</script>";
  InputSpec in{.name = "concerns", .label = bad, .value = bad, .hint = bad};
  FieldError error{"concerns", bad};
  in.error = &error;
  for (const Html& h :
       {Input(in), Textarea(in), Select(in, {{bad, bad}}, true), Radios(in, {{bad, bad}}),
        ErrorSummary({error}), SummaryList({{bad, Text(bad), Link{bad, bad}}}),
        Table({.caption = bad, .headers = {bad}, .rows = {{Text(bad)}}}), Badge(bad),
        Timeline({{bad, bad, "2026-01-02", Text(bad), Link{bad, bad}}}), Heading(1, bad),
        Banner(bad, Text(bad), true), Hidden(bad, bad), Button(bad, bad, bad)}) {
    EXPECT_EQ(h.s.find("<script>"), std::string::npos) << h.s;
    EXPECT_NE(h.s.find("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos)
        << h.s;
  }
}

TEST(HtmlTest, TheErrorSummaryLinksEachMessageToItsField) {
  const Html h = ErrorSummary(
      {{"start_date-day", "Start date must be a real date"}, {"outcome", "Choose the outcome"}});
  EXPECT_NE(h.s.find("href=\"#start_date-day\">Start date must be a real date</a>"),
            std::string::npos)
      << h.s;
  EXPECT_NE(h.s.find("href=\"#outcome\">Choose the outcome</a>"), std::string::npos);
  EXPECT_NE(h.s.find("There is a problem"), std::string::npos);
  EXPECT_TRUE(ErrorSummary({}).s.empty());
}

TEST(HtmlTest, AFieldWithAnErrorShowsTheMessageAndIsDescribedByIt) {
  const std::vector<FieldError> errors = {{"referrer_name", "Enter the referrer's name"}};
  InputSpec in{.name = "referrer_name", .label = "Referrer's name"};
  in.error = ErrorFor(errors, "referrer_name");
  ASSERT_NE(in.error, nullptr);
  const std::string s = Input(in).s;
  EXPECT_NE(s.find("govuk-form-group--error"), std::string::npos);
  EXPECT_NE(s.find("id=\"referrer_name-error\""), std::string::npos);
  EXPECT_NE(s.find("aria-describedby=\"referrer_name-error\""), std::string::npos);
  EXPECT_NE(s.find("govuk-input--error"), std::string::npos);
  in.error = nullptr;
  EXPECT_EQ(Input(in).s.find("error"), std::string::npos);
}

TEST(HtmlTest, ADateInputHasADayMonthAndYearBoxAndItsErrorFindsItByTheDayBox) {
  InputSpec in{.name = "start_date", .label = "Start date"};
  const std::string s = DateInput(in, "7", "12", "2026").s;
  for (const char* id : {"start_date-day", "start_date-month", "start_date-year"}) {
    EXPECT_NE(s.find(std::string("id=\"") + id + "\" name=\"" + id + "\""), std::string::npos)
        << id;
  }
  EXPECT_NE(s.find("value=\"2026\""), std::string::npos);
  std::vector<FieldError> errors = {{"start_date-day", "Start date must include a day"}};
  EXPECT_NE(ErrorFor(errors, "start_date"), nullptr);
  EXPECT_EQ(ErrorFor(errors, "end_date"), nullptr);
}

TEST(HtmlTest, ChoicesCheckWhatWasChosenAndTheFirstTakesTheFieldsId) {
  InputSpec in{.name = "decision", .label = "Decision", .value = "referral"};
  const std::string s = Radios(in, {{"advice", "Advice"}, {"referral", "Referral"}}).s;
  EXPECT_NE(s.find("id=\"decision\" name=\"decision\" type=\"radio\" value=\"advice\">"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("id=\"decision-2\" name=\"decision\" type=\"radio\" value=\"referral\" checked"),
            std::string::npos)
      << s;
  const std::string c = Checkboxes({.name = "kind", .label = "Kinds"},
                                   {{"a", "A"}, {"b", "B"}, {"c", "C"}}, {"a", "c"})
                            .s;
  EXPECT_NE(c.find("value=\"a\" checked"), std::string::npos);
  EXPECT_EQ(c.find("value=\"b\" checked"), std::string::npos);
  EXPECT_NE(c.find("value=\"c\" checked"), std::string::npos);
}

TEST(HtmlTest, FormsCarryTheCsrfTokenAndPostToTheirAction) {
  const std::string s = Form("/front-door/contacts/4", "tok123", Button("Save")).s;
  EXPECT_EQ(s.rfind("<form method=\"post\" action=\"/front-door/contacts/4\" novalidate>", 0), 0u)
      << s;
  EXPECT_NE(s.find("name=\"csrf_token\" value=\"tok123\""), std::string::npos);
}

TEST(HtmlTest, DatesReadAsPeopleWriteThem) {
  EXPECT_EQ(LongDate("2026-12-07"), "7 December 2026");
  EXPECT_EQ(LongDate("2025-03-31"), "31 March 2025");
  EXPECT_EQ(LongDate("not a date"), "not a date");
  EXPECT_EQ(LongDate("2026-13-01"), "2026-13-01");
  EXPECT_EQ(LongDateTime("2026-12-07T09:05"), "7 December 2026 at 9:05am");
  EXPECT_EQ(LongDateTime("2026-12-07T00:30:00Z"), "7 December 2026 at 12:30am");
  EXPECT_EQ(LongDateTime("2026-12-07T13:45"), "7 December 2026 at 1:45pm");
}

TEST(HtmlTest, AnEmptyTableSaysSoInsteadOfDrawingNothing) {
  const std::string s = Table({.caption = "Overdue",
                               .headers = {"Child"},
                               .rows = {},
                               .sortable = true,
                               .empty = "Nothing is overdue."})
                            .s;
  EXPECT_EQ(s.find("<table"), std::string::npos);
  EXPECT_NE(s.find("Nothing is overdue."), std::string::npos);
  const std::string full = Table({.caption = "Overdue",
                                  .headers = {"Child"},
                                  .rows = {{Text("Ann")}},
                                  .sortable = true,
                                  .empty = ""})
                               .s;
  EXPECT_NE(full.find("data-module=\"moj-sortable-table\""), std::string::npos);
  EXPECT_NE(full.find("aria-sort=\"none\""), std::string::npos);
}

}  // namespace
}  // namespace haven::web
