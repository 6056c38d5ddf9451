#pragma once

// The national code lists Haven records in (the CIN census codes), so that every return derives
// from the record without translation. A code list is data: name, title, and its codes with a short
// label each.

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace haven::domain {

struct Code {
  std::string code;
  std::string label;
};

struct CodeList {
  std::string name;
  std::string title;
  std::vector<Code> codes;
};

const std::vector<CodeList>& CodeLists();
// The list called `name`; throws std::logic_error for a name not in CodeLists() (a bug).
const CodeList& Codes(std::string_view name);

bool IsCode(std::string_view list, std::string_view code);
// OK if `code` is in `list`; otherwise InvalidArgument naming `field` and listing the codes.
Status CheckCode(std::string_view list, std::string_view code, const std::string& field);

}  // namespace haven::domain
