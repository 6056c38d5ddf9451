#include "web/html.h"

#include <array>

namespace haven::web {
namespace {

std::string Attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + Escape(value) + "\"";
}

// The GOV.UK form group, with its error state.
Html Group(const FieldError* error, const Html& inner) {
  return Tag("div", error ? "govuk-form-group govuk-form-group--error" : "govuk-form-group", inner);
}

Html HintAndError(const InputSpec& in) {
  Html out;
  if (!in.hint.empty()) {
    out += Raw("<div id=\"" + Escape(in.name) + "-hint\" class=\"govuk-hint\">" + Escape(in.hint) +
               "</div>");
  }
  if (in.error) {
    out += Raw("<p id=\"" + Escape(in.name) +
               "-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
               "Error:</span> " +
               Escape(in.error->message) + "</p>");
  }
  return out;
}

std::string DescribedBy(const InputSpec& in) {
  std::string ids;
  if (!in.hint.empty()) ids = in.name + "-hint";
  if (in.error) ids += (ids.empty() ? "" : " ") + in.name + "-error";
  return ids.empty() ? "" : Attr("aria-describedby", ids);
}

Html Label(const InputSpec& in, std::string_view extra_class = "") {
  const std::string cls = std::string("govuk-label") + (in.page_heading ? " govuk-label--l" : "") +
                          (extra_class.empty() ? "" : " " + std::string(extra_class));
  Html label = Raw("<label class=\"" + cls + "\" for=\"" + Escape(in.name) + "\">" +
                   Escape(in.label) + "</label>");
  return in.page_heading ? Tag("h1", "govuk-label-wrapper", label) : label;
}

Html Legend(const InputSpec& in) {
  if (in.page_heading) {
    return Raw(
        "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\">"
        "<h1 class=\"govuk-fieldset__heading\">" +
        Escape(in.label) + "</h1></legend>");
  }
  return Raw("<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">" +
             Escape(in.label) + "</legend>");
}

Html Choices(const InputSpec& in, const std::vector<Option>& options, std::string_view kind,
             const std::vector<std::string>& checked, bool inline_items) {
  const std::string block = "govuk-" + std::string(kind);
  Html items;
  for (size_t i = 0; i < options.size(); ++i) {
    const Option& o = options[i];
    const std::string id = i == 0 ? in.name : in.name + "-" + std::to_string(i + 1);
    bool on = false;
    for (const auto& c : checked) on = on || c == o.value;
    items += Raw("<div class=\"" + block + "__item\"><input class=\"" + block + "__input\"" +
                 Attr("id", id) + Attr("name", in.name) +
                 Attr("type", kind == "radios" ? "radio" : "checkbox") + Attr("value", o.value) +
                 (on ? " checked" : "") + "><label class=\"govuk-label " + block + "__label\"" +
                 Attr("for", id) + ">" + Escape(o.text) + "</label></div>");
  }
  Html fieldset = Raw("<fieldset class=\"govuk-fieldset\"" + DescribedBy(in) + ">");
  fieldset += Legend(in) + HintAndError(in);
  fieldset += Raw("<div class=\"" + block + (inline_items ? " " + block + "--inline" : "") +
                  (kind == "radios" ? " govuk-radios--small" : " govuk-checkboxes--small") +
                  "\" data-module=\"" + block + "\">");
  fieldset += items + Raw("</div></fieldset>");
  return Group(in.error, fieldset);
}

}  // namespace

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Html Tag(std::string_view tag, std::string_view cls, const Html& inner) {
  std::string out = "<" + std::string(tag);
  if (!cls.empty()) out += Attr("class", cls);
  return Raw(out + ">" + inner.s + "</" + std::string(tag) + ">");
}

std::string LongDate(std::string_view iso) {
  static constexpr std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
  const int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  const int day = (iso[8] - '0') * 10 + (iso[9] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::string(iso);
  return std::to_string(day) + " " + kMonths[month - 1] + " " + std::string(iso.substr(0, 4));
}

std::string LongDateTime(std::string_view ts) {
  std::string out = LongDate(ts.substr(0, std::min<size_t>(ts.size(), 10)));
  if (ts.size() >= 16 && (ts[10] == 'T' || ts[10] == ' ')) {
    const int hour = (ts[11] - '0') * 10 + (ts[12] - '0');
    const int h12 = hour % 12 == 0 ? 12 : hour % 12;
    out += " at " + std::to_string(h12) + ":" + std::string(ts.substr(14, 2)) +
           (hour < 12 ? "am" : "pm");
  }
  return out;
}

Html A(const std::string& href, std::string_view text, std::string_view cls) {
  return Raw("<a" + Attr("class", cls) + Attr("href", href) + ">" + Escape(text) + "</a>");
}

Html Heading(int level, std::string_view text, std::string_view size) {
  const std::string h = "h" + std::to_string(level);
  return Raw("<" + h + " class=\"govuk-heading-" + std::string(size) + "\">" + Escape(text) + "</" +
             h + ">");
}

Html Caption(std::string_view text) {
  return Raw("<span class=\"govuk-caption-l\">" + Escape(text) + "</span>");
}

Html Para(std::string_view text, std::string_view cls) {
  return Raw("<p" + Attr("class", cls) + ">" + Escape(text) + "</p>");
}

Html Badge(std::string_view text, std::string_view colour) {
  const std::string cls =
      colour.empty() ? "govuk-tag" : "govuk-tag govuk-tag--" + std::string(colour);
  return Raw("<strong" + Attr("class", cls) + ">" + Escape(text) + "</strong>");
}

Html Inset(const Html& inner) { return Tag("div", "govuk-inset-text", inner); }

Html Warning(std::string_view text) {
  return Raw(
      "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
      "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
      "<span class=\"govuk-visually-hidden\">Warning</span>" +
      Escape(text) + "</strong></div>");
}

Html Banner(std::string_view title, const Html& inner, bool success) {
  return Raw(
      std::string("<div class=\"govuk-notification-banner") +
      (success ? " govuk-notification-banner--success\" role=\"alert\"" : "\" role=\"region\"") +
      " aria-labelledby=\"banner-title\" data-module=\"govuk-notification-banner\">"
      "<div class=\"govuk-notification-banner__header\"><h2 "
      "class=\"govuk-notification-banner__title\" id=\"banner-title\">" +
      Escape(title) + "</h2></div><div class=\"govuk-notification-banner__content\">" + inner.s +
      "</div></div>");
}

Html SummaryList(const std::vector<SummaryRow>& rows, bool no_border) {
  bool any_action = false;
  for (const auto& r : rows) any_action = any_action || r.action.has_value();
  Html out = Raw(std::string("<dl class=\"govuk-summary-list") +
                 (no_border ? " govuk-summary-list--no-border" : "") + "\">");
  for (const auto& r : rows) {
    const bool no_actions = any_action && !r.action;
    out += Raw(std::string("<div class=\"govuk-summary-list__row") +
               (no_actions ? " govuk-summary-list__row--no-actions" : "") +
               "\"><dt class=\"govuk-summary-list__key\">" + Escape(r.key) +
               "</dt><dd class=\"govuk-summary-list__value\">" + r.value.s + "</dd>");
    if (r.action) {
      out += Raw("<dd class=\"govuk-summary-list__actions\"><a class=\"govuk-link\"" +
                 Attr("href", r.action->href) + ">" + Escape(r.action->text) +
                 "<span class=\"govuk-visually-hidden\"> " + Escape(r.key) + "</span></a></dd>");
    }
    out += Raw("</div>");
  }
  return out + Raw("</dl>");
}

Html SummaryCard(std::string_view title, const Html& actions, const Html& inner) {
  Html out =
      Raw("<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\">"
          "<h3 class=\"govuk-summary-card__title\">" +
          Escape(title) + "</h3>");
  if (!actions.s.empty()) out += Tag("div", "govuk-summary-card__actions", actions);
  return out + Raw("</div><div class=\"govuk-summary-card__content\">") + inner +
         Raw("</div></div>");
}

Html Table(const TableSpec& t) {
  if (t.rows.empty()) {
    Html out;
    if (!t.caption.empty()) out += Heading(2, t.caption, "m");
    return out + Para(t.empty);
  }
  Html out = Raw(std::string("<table class=\"govuk-table\"") +
                 (t.sortable ? " data-module=\"moj-sortable-table\"" : "") + ">");
  if (!t.caption.empty()) {
    out += Raw("<caption class=\"govuk-table__caption govuk-table__caption--m\">" +
               Escape(t.caption) + "</caption>");
  }
  out += Raw("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
  for (const auto& h : t.headers) {
    // A column of actions has no heading to sort by; it is named for screen readers only.
    if (h.empty()) {
      out +=
          Raw("<th scope=\"col\" class=\"govuk-table__header\"><span "
              "class=\"govuk-visually-hidden\">Action</span></th>");
      continue;
    }
    out += Raw(std::string("<th scope=\"col\" class=\"govuk-table__header\"") +
               (t.sortable ? " aria-sort=\"none\"" : "") + ">" + Escape(h) + "</th>");
  }
  out += Raw("</tr></thead><tbody class=\"govuk-table__body\">");
  for (const auto& row : t.rows) {
    out += Raw("<tr class=\"govuk-table__row\">");
    for (const auto& cell : row) out += Tag("td", "govuk-table__cell", cell);
    out += Raw("</tr>");
  }
  return out + Raw("</tbody></table>");
}

Html Timeline(const std::vector<TimelineItem>& items) {
  if (items.empty()) return Para("Nothing is recorded in this period.");
  Html out = Raw("<div class=\"moj-timeline\">");
  for (const auto& i : items) {
    out +=
        Raw("<div class=\"moj-timeline__item\"><div class=\"moj-timeline__header\">"
            "<h3 class=\"moj-timeline__title\">" +
            Escape(i.title) + "</h3>");
    if (!i.by.empty()) out += Raw("<p class=\"moj-timeline__byline\">" + Escape(i.by) + "</p>");
    out += Raw("</div><p class=\"moj-timeline__date\"><time" + Attr("datetime", i.date) + ">" +
               Escape(LongDate(i.date)) + "</time></p><div class=\"moj-timeline__description\">");
    out += i.description;
    if (i.link)
      out += Raw("<p class=\"govuk-body\">") + A(i.link->href, i.link->text) + Raw("</p>");
    out += Raw("</div></div>");
  }
  return out + Raw("</div>");
}

Html SubNavigation(std::string_view label, const std::vector<NavItem>& items) {
  Html out = Raw("<nav class=\"moj-sub-navigation\"" + Attr("aria-label", label) +
                 "><ul class=\"moj-sub-navigation__list\">");
  for (const auto& i : items) {
    out += Raw("<li class=\"moj-sub-navigation__item\"><a class=\"moj-sub-navigation__link\"" +
               std::string(i.current ? " aria-current=\"page\"" : "") + Attr("href", i.href) + ">" +
               Escape(i.text) + "</a></li>");
  }
  return out + Raw("</ul></nav>");
}

Html ErrorSummary(const std::vector<FieldError>& errors) {
  if (errors.empty()) return {};
  Html out = Raw(
      "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
      "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>"
      "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list "
      "govuk-error-summary__list\">");
  for (const auto& e : errors) {
    out += Raw("<li>") +
           A("#" + (e.field.empty() ? std::string("main-content") : e.field), e.message, "") +
           Raw("</li>");
  }
  return out + Raw("</ul></div></div></div>");
}

const FieldError* ErrorFor(const std::vector<FieldError>& errors, std::string_view field) {
  for (const auto& e : errors) {
    if (e.field == field || e.field == std::string(field) + "-day") return &e;
  }
  return nullptr;
}

Html Input(const InputSpec& in) {
  std::string cls = "govuk-input";
  if (!in.width.empty()) cls += " " + in.width;
  if (in.error) cls += " govuk-input--error";
  Html input = Raw("<input" + Attr("class", cls) + Attr("id", in.name) + Attr("name", in.name) +
                   Attr("type", in.type) + Attr("value", in.value) +
                   (in.autocomplete.empty() ? "" : Attr("autocomplete", in.autocomplete)) +
                   (in.inputmode.empty() ? "" : Attr("inputmode", in.inputmode)) +
                   (in.type == "password" || in.type == "text" ? " spellcheck=\"false\"" : "") +
                   DescribedBy(in) + ">");
  return Group(in.error, Label(in) + HintAndError(in) + input);
}

Html Textarea(const InputSpec& in, int rows) {
  Html area =
      Raw("<textarea" +
          Attr("class", in.error ? "govuk-textarea govuk-textarea--error" : "govuk-textarea") +
          Attr("id", in.name) + Attr("name", in.name) + Attr("rows", std::to_string(rows)) +
          DescribedBy(in) + ">" + Escape(in.value) + "</textarea>");
  return Group(in.error, Label(in) + HintAndError(in) + area);
}

Html DateInput(const InputSpec& in, std::string_view day, std::string_view month,
               std::string_view year) {
  InputSpec with_hint = in;
  if (with_hint.hint.empty()) with_hint.hint = "For example, 27 3 2025";
  Html boxes = Raw("<div class=\"govuk-date-input\"" + Attr("id", in.name) + ">");
  const std::array<std::pair<const char*, std::string_view>, 3> parts = {
      {{"day", day}, {"month", month}, {"year", year}}};
  for (const auto& [part, value] : parts) {
    const std::string id = in.name + "-" + part;
    std::string cls =
        std::string("govuk-input govuk-date-input__input ") +
        (std::string_view(part) == "year" ? "govuk-input--width-4" : "govuk-input--width-2");
    if (in.error) cls += " govuk-input--error";
    std::string label = part;
    label[0] = static_cast<char>(label[0] - 'a' + 'A');
    boxes +=
        Raw("<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\">"
            "<label class=\"govuk-label govuk-date-input__label\"" +
            Attr("for", id) + ">" + label + "</label><input" + Attr("class", cls) + Attr("id", id) +
            Attr("name", id) + " type=\"text\" inputmode=\"numeric\"" + Attr("value", value) +
            "></div></div>");
  }
  boxes += Raw("</div>");
  Html fieldset =
      Raw("<fieldset class=\"govuk-fieldset\" role=\"group\"" + DescribedBy(with_hint) + ">");
  fieldset += Legend(with_hint) + HintAndError(with_hint) + boxes + Raw("</fieldset>");
  return Group(in.error, fieldset);
}

Html Select(const InputSpec& in, const std::vector<Option>& options, bool allow_none) {
  Html select = Raw("<select" +
                    Attr("class", in.error ? "govuk-select govuk-select--error" : "govuk-select") +
                    Attr("id", in.name) + Attr("name", in.name) + DescribedBy(in) + ">");
  if (allow_none) select += Raw("<option value=\"\">Choose</option>");
  for (const auto& o : options) {
    select += Raw("<option" + Attr("value", o.value) + (o.value == in.value ? " selected" : "") +
                  ">" + Escape(o.text) + "</option>");
  }
  select += Raw("</select>");
  return Group(in.error, Label(in) + HintAndError(in) + select);
}

Html Radios(const InputSpec& in, const std::vector<Option>& options, bool inline_items) {
  return Choices(in, options, "radios", {in.value}, inline_items);
}

Html Checkboxes(const InputSpec& in, const std::vector<Option>& options,
                const std::vector<std::string>& checked) {
  return Choices(in, options, "checkboxes", checked, false);
}

Html Hidden(std::string_view name, std::string_view value) {
  return Raw("<input type=\"hidden\"" + Attr("name", name) + Attr("value", value) + ">");
}

Html Button(std::string_view text, std::string_view name, std::string_view value, bool secondary) {
  return Raw("<button type=\"submit\"" +
             Attr("class", secondary ? "govuk-button govuk-button--secondary" : "govuk-button") +
             (name.empty() ? "" : Attr("name", name) + Attr("value", value)) +
             " data-module=\"govuk-button\" data-prevent-double-click=\"true\">" + Escape(text) +
             "</button>");
}

Html Form(std::string_view action, std::string_view csrf_token, const Html& inner,
          bool novalidate) {
  return Raw("<form method=\"post\"" + Attr("action", action) + (novalidate ? " novalidate" : "") +
             ">") +
         Hidden("csrf_token", csrf_token) + inner + Raw("</form>");
}

}  // namespace haven::web
