#include "web/form.h"

#include <charconv>

#include "common/date.h"
#include "http/message.h"

namespace haven::web {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::optional<int> Number(const std::string& s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

Result<FormData> FormData::Parse(std::string_view body) {
  FormData out;
  while (!body.empty()) {
    const size_t amp = body.find('&');
    std::string_view part = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    auto key = http::UrlDecode(part.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                              : http::UrlDecode(part.substr(eq + 1));
    if (!key || !value) return InvalidArgument("the form sent a malformed field");
    out.pairs_.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

std::optional<std::string> FormData::Find(std::string_view name) const {
  for (const auto& [k, v] : pairs_) {
    if (k == name) return Trim(v);
  }
  return std::nullopt;
}

std::string FormData::Get(std::string_view name) const { return Find(name).value_or(""); }

std::vector<std::string> FormData::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : pairs_) {
    if (k == name && !Trim(v).empty()) out.push_back(Trim(v));
  }
  return out;
}

void FormData::Set(std::string name, std::string value) {
  for (auto& [k, v] : pairs_) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  pairs_.emplace_back(std::move(name), std::move(value));
}

Result<std::optional<std::string>> DateFrom(const FormData& form, const std::string& name,
                                            const std::string& label) {
  const std::string day = form.Get(name + "-day");
  const std::string month = form.Get(name + "-month");
  const std::string year = form.Get(name + "-year");
  if (day.empty() && month.empty() && year.empty()) return std::optional<std::string>();
  if (day.empty()) return InvalidArgument(label + " must include a day", name + "-day");
  if (month.empty()) return InvalidArgument(label + " must include a month", name + "-month");
  if (year.empty()) return InvalidArgument(label + " must include a year", name + "-year");
  const auto d = Number(day);
  const auto m = Number(month);
  const auto y = Number(year);
  if (!y || year.size() != 4) {
    return InvalidArgument(label + " must have a year of 4 numbers, for example 2025",
                           name + "-year");
  }
  if (!d || !m || *d < 1 || *d > 31 || *m < 1 || *m > 12) {
    return InvalidArgument(label + " must be a real date", name + "-day");
  }
  char buf[11];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", *y, *m, *d);
  if (!Date::Parse(buf)) return InvalidArgument(label + " must be a real date", name + "-day");
  return std::optional<std::string>(buf);
}

DateParts DatePartsOf(const FormData& form, const std::string& name,
                      const std::optional<std::string>& iso) {
  if (form.Find(name + "-day") || form.Find(name + "-month") || form.Find(name + "-year")) {
    return {form.Get(name + "-day"), form.Get(name + "-month"), form.Get(name + "-year")};
  }
  if (!iso || iso->size() < 10) return {};
  auto strip = [](std::string s) { return s.size() == 2 && s[0] == '0' ? s.substr(1) : s; };
  return {strip(iso->substr(8, 2)), strip(iso->substr(5, 2)), iso->substr(0, 4)};
}

}  // namespace haven::web
