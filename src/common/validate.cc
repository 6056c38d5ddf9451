#include "common/validate.h"

#include <chrono>
#include <cstdio>

namespace haven {

Status ValidateCode(const std::string& code, const std::string& field) {
  if (code.empty() || code.size() > 40) {
    return InvalidArgument(field + " must be 1 to 40 characters", field);
  }
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return InvalidArgument(field + " may hold only letters, digits, '-' and '_'", field);
  }
  return Status::Ok();
}

Status ValidateName(const std::string& name, const std::string& field) {
  if (name.empty() || name.size() > 200) {
    return InvalidArgument(field + " must be 1 to 200 characters", field);
  }
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f)
      return InvalidArgument(field + " must not hold control characters", field);
  }
  return Status::Ok();
}

Status ValidateDate(const std::string& date, const std::string& field) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      date[4] != '-' || date[7] != '-') {
    return InvalidArgument(field + " must be a date written YYYY-MM-DD", field);
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y),
                                        std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return InvalidArgument(field + " is not a real date: " + date, field);
  return Status::Ok();
}

}  // namespace haven
