#pragma once

// The England and Wales bank holidays from 2000, as data.

#include <string>
#include <vector>

#include "common/date.h"

namespace haven::clocks {

struct Holiday {
  Date date;
  std::string name;
};

const std::vector<Holiday>& EnglandAndWalesBankHolidays();

}  // namespace haven::clocks
