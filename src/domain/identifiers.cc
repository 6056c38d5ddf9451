#include "domain/identifiers.h"

#include <cctype>

namespace haven::domain {
namespace {

constexpr std::string_view kUpnLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

std::optional<char> UpnCheckLetter(std::string_view upn) {
  if (upn.size() != 13) return std::nullopt;
  int sum = 0;
  for (size_t i = 1; i < 13; ++i) {
    const char c = upn[i];
    int value = 0;
    if (IsDigit(c)) {
      value = c - '0';
    } else if (i == 12 && kUpnLetters.find(c) != std::string_view::npos) {
      value = static_cast<int>(kUpnLetters.find(c));  // a temporary UPN ends with a letter
    } else {
      return std::nullopt;
    }
    sum += value * static_cast<int>(i + 1);
  }
  return kUpnLetters[static_cast<size_t>(sum % 23)];
}

Status ValidateUpn(std::string_view upn, const std::string& field) {
  if (upn.size() != 13) {
    return InvalidArgument("a UPN has 13 characters; this has " + std::to_string(upn.size()), field);
  }
  if (!IsAlpha(upn[0]) || kUpnLetters.find(upn[0]) == std::string_view::npos) {
    return InvalidArgument("a UPN starts with its check letter (A-Z without I, O and S)", field);
  }
  for (size_t i = 1; i < 12; ++i) {
    if (!IsDigit(upn[i])) {
      return InvalidArgument("characters 2 to 12 of a UPN must be digits (character " +
                                 std::to_string(i + 1) + " is not)",
                             field);
    }
  }
  if (!IsDigit(upn[12]) && kUpnLetters.find(upn[12]) == std::string_view::npos) {
    return InvalidArgument("character 13 of a UPN must be a digit or a letter other than I, O and S",
                           field);
  }
  const auto expected = UpnCheckLetter(upn);
  if (!expected || *expected != upn[0]) {
    return InvalidArgument("the UPN's check letter is wrong: the rest of it calls for '" +
                               std::string(1, expected.value_or('?')) + "'",
                           field);
  }
  return Status::Ok();
}

Result<std::string> NormaliseNhsNumber(std::string_view nhs, const std::string& field) {
  std::string digits;
  for (char c : nhs) {
    if (IsDigit(c)) {
      digits.push_back(c);
    } else if (c != ' ') {
      return InvalidArgument("an NHS number has only digits (and optional spaces)", field);
    }
  }
  if (digits.size() != 10) {
    return InvalidArgument("an NHS number has 10 digits; this has " + std::to_string(digits.size()),
                           field);
  }
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) sum += (digits[i] - '0') * static_cast<int>(10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10 || check != digits[9] - '0') {
    return InvalidArgument("the NHS number's check digit is wrong; check it was copied correctly",
                           field);
  }
  return digits;
}

Status ValidateNhsNumber(std::string_view nhs, const std::string& field) {
  return NormaliseNhsNumber(nhs, field).status();
}

Result<std::string> NormalisePostcode(std::string_view postcode, const std::string& field) {
  std::string compact;
  for (char c : postcode) {
    if (c == ' ') continue;
    compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  const auto bad = [&] {
    return InvalidArgument("'" + std::string(postcode) +
                               "' is not a UK postcode (for example DN1 3DP or SW1A 2AA)",
                           field);
  };
  if (compact == "GIR0AA") return std::string("GIR 0AA");
  if (compact.size() < 5 || compact.size() > 7) return bad();
  // Inward code: digit, letter, letter.
  const std::string inward = compact.substr(compact.size() - 3);
  if (!IsDigit(inward[0]) || !IsAlpha(inward[1]) || !IsAlpha(inward[2])) return bad();
  // Outward code: A9, A9A, A99, AA9, AA9A or AA99.
  const std::string out = compact.substr(0, compact.size() - 3);
  auto shape = std::string();
  for (char c : out) shape.push_back(IsDigit(c) ? '9' : (IsAlpha(c) ? 'A' : '?'));
  if (shape != "A9" && shape != "A9A" && shape != "A99" && shape != "AA9" && shape != "AA9A" &&
      shape != "AA99") {
    return bad();
  }
  return out + " " + inward;
}

}  // namespace haven::domain
