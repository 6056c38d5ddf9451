#pragma once

// Safe HTML for the web pages. Text from the record is always escaped: a page is built from
// `Html` values (markup already safe) and plain strings (text, escaped where they are joined).
// The GOV.UK Design System and MOJ components the pages use are functions here, each taking the
// component's content and returning its markup, so the markup of a component is written once.
// No I/O.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haven::web {

// Markup known to be safe.
struct Html {
  std::string s;
  Html& operator+=(const Html& other) {
    s += other.s;
    return *this;
  }
};
inline Html operator+(Html a, const Html& b) {
  a.s += b.s;
  return a;
}

// Escapes &, <, >, " and ' for text and attribute values.
std::string Escape(std::string_view text);
inline Html Text(std::string_view text) { return {Escape(text)}; }
// Markup written in Haven's own source (never record text).
inline Html Raw(std::string markup) { return {std::move(markup)}; }
// <tag class="cls">inner</tag>
Html Tag(std::string_view tag, std::string_view cls, const Html& inner);

// "2026-12-07" as "7 December 2026"; anything else unchanged.
std::string LongDate(std::string_view iso);
// "2026-12-07T09:30..." as "7 December 2026 at 9:30am".
std::string LongDateTime(std::string_view timestamp);

// ---- components --------------------------------------------------------------------------

struct Link {
  std::string href;
  std::string text;
};
Html A(const std::string& href, std::string_view text, std::string_view cls = "govuk-link");
Html Heading(int level, std::string_view text, std::string_view size = "l");
Html Caption(std::string_view text);
Html Para(std::string_view text, std::string_view cls = "govuk-body");
// A GOV.UK tag (status badge): colour "" (default blue), "grey", "green", "red", "yellow", ...
Html Badge(std::string_view text, std::string_view colour = "");
Html Inset(const Html& inner);
Html Warning(std::string_view text);
// A notification banner; `success` gives the green one.
Html Banner(std::string_view title, const Html& inner, bool success);

// A summary list of (key, value) rows, with an optional action link per row.
struct SummaryRow {
  std::string key;
  Html value;
  std::optional<Link> action;
};
Html SummaryList(const std::vector<SummaryRow>& rows, bool no_border = false);
Html SummaryCard(std::string_view title, const Html& actions, const Html& inner);

// A table. Headers and cells are markup; `sortable` turns on the MOJ sortable table.
struct TableSpec {
  std::string caption;
  std::vector<std::string> headers;
  std::vector<std::vector<Html>> rows;
  bool sortable = false;
  std::string empty = "None";  // shown when there are no rows
};
Html Table(const TableSpec& t);

// The MOJ timeline.
struct TimelineItem {
  std::string title;
  std::string by;
  std::string date;  // YYYY-MM-DD
  Html description;
  std::optional<Link> link;
};
Html Timeline(const std::vector<TimelineItem>& items);

// The MOJ sub-navigation: (href, text, current).
struct NavItem {
  std::string href;
  std::string text;
  bool current = false;
};
Html SubNavigation(std::string_view label, const std::vector<NavItem>& items);

// ---- forms ---------------------------------------------------------------------------------

// An error against a form field: `field` is the input's id (the first input of a date).
struct FieldError {
  std::string field;
  std::string message;
};
Html ErrorSummary(const std::vector<FieldError>& errors);
const FieldError* ErrorFor(const std::vector<FieldError>& errors, std::string_view field);

struct Option {
  std::string value;
  std::string text;
};

// Each input names its field; `error` puts the GOV.UK inline message above it.
struct InputSpec {
  std::string name;
  std::string label;
  std::string value;
  std::string hint;
  std::string type = "text";
  std::string width;          // "govuk-input--width-10", ...
  std::string autocomplete;   // "username", "off", ...
  std::string inputmode;      // "numeric", ...
  bool page_heading = false;  // the label is the page's h1
  const FieldError* error = nullptr;
};
Html Input(const InputSpec& in);
Html Textarea(const InputSpec& in, int rows = 4);
// Day, month and year boxes named NAME-day, NAME-month and NAME-year; `value` is YYYY-MM-DD or
// the parts as typed, "D-M-Y".
Html DateInput(const InputSpec& in, std::string_view day, std::string_view month,
               std::string_view year);
Html Select(const InputSpec& in, const std::vector<Option>& options, bool allow_none);
Html Radios(const InputSpec& in, const std::vector<Option>& options, bool inline_items = false);
Html Checkboxes(const InputSpec& in, const std::vector<Option>& options,
                const std::vector<std::string>& checked);
Html Hidden(std::string_view name, std::string_view value);
Html Button(std::string_view text, std::string_view name = "", std::string_view value = "",
            bool secondary = false);
// A form posting to `action` with the CSRF token first.
Html Form(std::string_view action, std::string_view csrf_token, const Html& inner,
          bool novalidate = true);

}  // namespace haven::web
