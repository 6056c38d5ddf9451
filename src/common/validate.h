#pragma once

// Checks on common kinds of input. Each returns InvalidArgument naming `field`.

#include <string>
#include <string_view>

#include "common/status.h"

namespace haven {

// True if `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);
// Checks free text: valid UTF-8, no control characters except newline and tab, at most
// `max_bytes`. Empty text passes.
Status ValidateText(std::string_view text, const std::string& field, size_t max_bytes);

// Checks a short code (letters, digits, '-' and '_', 1 to 40 characters).
Status ValidateCode(const std::string& code, const std::string& field);
// Checks a display name (1 to 200 characters, no control characters).
Status ValidateName(const std::string& name, const std::string& field);
// Checks an ISO date YYYY-MM-DD that exists on the calendar.
Status ValidateDate(const std::string& date, const std::string& field);

}  // namespace haven
