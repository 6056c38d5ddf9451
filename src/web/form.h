#pragma once

// A submitted HTML form (application/x-www-form-urlencoded), and reading GOV.UK date inputs
// (NAME-day, NAME-month, NAME-year) into YYYY-MM-DD with errors that name the field. No I/O.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace haven::web {

class FormData {
 public:
  FormData() = default;
  // InvalidArgument on a bad percent escape.
  static Result<FormData> Parse(std::string_view body);

  // The first value of `name`, trimmed; "" when absent.
  std::string Get(std::string_view name) const;
  std::optional<std::string> Find(std::string_view name) const;
  std::vector<std::string> All(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }
  void Set(std::string name, std::string value);

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// The date a GOV.UK date input sent: nullopt when all three boxes are empty. An incomplete or
// impossible date is InvalidArgument naming `label`, with the field NAME-day (or the box at
// fault), as the GOV.UK pattern asks: "Start date must include a month".
Result<std::optional<std::string>> DateFrom(const FormData& form, const std::string& name,
                                            const std::string& label);

// The parts of a date to show back in the boxes: from the form as typed if present, else from
// `iso` (YYYY-MM-DD).
struct DateParts {
  std::string day, month, year;
};
DateParts DatePartsOf(const FormData& form, const std::string& name,
                      const std::optional<std::string>& iso);

}  // namespace haven::web
