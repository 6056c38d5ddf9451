#include "common/validate.h"

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace haven {

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // No overlong forms, surrogates, or code points past U+10FFFF.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    i += len;
  }
  return true;
}

Status ValidateText(std::string_view text, const std::string& field, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return InvalidArgument(field + " must be at most " + std::to_string(max_bytes) + " bytes",
                           field);
  }
  if (!IsValidUtf8(text)) return InvalidArgument(field + " is not valid UTF-8 text", field);
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      return InvalidArgument(field + " must not hold control characters", field);
    }
  }
  return Status::Ok();
}

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
  if (!IsValidUtf8(name)) return InvalidArgument(field + " is not valid UTF-8 text", field);
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) {
      return InvalidArgument(field + " must not hold control characters", field);
    }
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
