#include "clocks/bank_holidays.h"

#include <sstream>
#include <stdexcept>

namespace haven::clocks {
namespace {

// Bank and public holidays in England and Wales, as announced (substitute days included: when a
// holiday falls at a weekend the weekday that replaces it is listed). Add a year by appending its
// lines; the calendar also takes holidays added at run time.
constexpr const char* kEnglandAndWales = R"(
2000-01-03 New Year's Day
2000-04-21 Good Friday
2000-04-24 Easter Monday
2000-05-01 Early May bank holiday
2000-05-29 Spring bank holiday
2000-08-28 Summer bank holiday
2000-12-25 Christmas Day
2000-12-26 Boxing Day
2001-01-01 New Year's Day
2001-04-13 Good Friday
2001-04-16 Easter Monday
2001-05-07 Early May bank holiday
2001-05-28 Spring bank holiday
2001-08-27 Summer bank holiday
2001-12-25 Christmas Day
2001-12-26 Boxing Day
2002-01-01 New Year's Day
2002-03-29 Good Friday
2002-04-01 Easter Monday
2002-05-06 Early May bank holiday
2002-06-03 Golden Jubilee
2002-06-04 Spring bank holiday
2002-08-26 Summer bank holiday
2002-12-25 Christmas Day
2002-12-26 Boxing Day
2003-01-01 New Year's Day
2003-04-18 Good Friday
2003-04-21 Easter Monday
2003-05-05 Early May bank holiday
2003-05-26 Spring bank holiday
2003-08-25 Summer bank holiday
2003-12-25 Christmas Day
2003-12-26 Boxing Day
2004-01-01 New Year's Day
2004-04-09 Good Friday
2004-04-12 Easter Monday
2004-05-03 Early May bank holiday
2004-05-31 Spring bank holiday
2004-08-30 Summer bank holiday
2004-12-27 Christmas Day
2004-12-28 Boxing Day
2005-01-03 New Year's Day
2005-03-25 Good Friday
2005-03-28 Easter Monday
2005-05-02 Early May bank holiday
2005-05-30 Spring bank holiday
2005-08-29 Summer bank holiday
2005-12-26 Boxing Day
2005-12-27 Christmas Day
2006-01-02 New Year's Day
2006-04-14 Good Friday
2006-04-17 Easter Monday
2006-05-01 Early May bank holiday
2006-05-29 Spring bank holiday
2006-08-28 Summer bank holiday
2006-12-25 Christmas Day
2006-12-26 Boxing Day
2007-01-01 New Year's Day
2007-04-06 Good Friday
2007-04-09 Easter Monday
2007-05-07 Early May bank holiday
2007-05-28 Spring bank holiday
2007-08-27 Summer bank holiday
2007-12-25 Christmas Day
2007-12-26 Boxing Day
2008-01-01 New Year's Day
2008-03-21 Good Friday
2008-03-24 Easter Monday
2008-05-05 Early May bank holiday
2008-05-26 Spring bank holiday
2008-08-25 Summer bank holiday
2008-12-25 Christmas Day
2008-12-26 Boxing Day
2009-01-01 New Year's Day
2009-04-10 Good Friday
2009-04-13 Easter Monday
2009-05-04 Early May bank holiday
2009-05-25 Spring bank holiday
2009-08-31 Summer bank holiday
2009-12-25 Christmas Day
2009-12-28 Boxing Day
2010-01-01 New Year's Day
2010-04-02 Good Friday
2010-04-05 Easter Monday
2010-05-03 Early May bank holiday
2010-05-31 Spring bank holiday
2010-08-30 Summer bank holiday
2010-12-27 Christmas Day
2010-12-28 Boxing Day
2011-01-03 New Year's Day
2011-04-22 Good Friday
2011-04-25 Easter Monday
2011-04-29 Royal wedding
2011-05-02 Early May bank holiday
2011-05-30 Spring bank holiday
2011-08-29 Summer bank holiday
2011-12-26 Boxing Day
2011-12-27 Christmas Day
2012-01-02 New Year's Day
2012-04-06 Good Friday
2012-04-09 Easter Monday
2012-05-07 Early May bank holiday
2012-06-04 Spring bank holiday
2012-06-05 Diamond Jubilee
2012-08-27 Summer bank holiday
2012-12-25 Christmas Day
2012-12-26 Boxing Day
2013-01-01 New Year's Day
2013-03-29 Good Friday
2013-04-01 Easter Monday
2013-05-06 Early May bank holiday
2013-05-27 Spring bank holiday
2013-08-26 Summer bank holiday
2013-12-25 Christmas Day
2013-12-26 Boxing Day
2014-01-01 New Year's Day
2014-04-18 Good Friday
2014-04-21 Easter Monday
2014-05-05 Early May bank holiday
2014-05-26 Spring bank holiday
2014-08-25 Summer bank holiday
2014-12-25 Christmas Day
2014-12-26 Boxing Day
2015-01-01 New Year's Day
2015-04-03 Good Friday
2015-04-06 Easter Monday
2015-05-04 Early May bank holiday
2015-05-25 Spring bank holiday
2015-08-31 Summer bank holiday
2015-12-25 Christmas Day
2015-12-28 Boxing Day
2016-01-01 New Year's Day
2016-03-25 Good Friday
2016-03-28 Easter Monday
2016-05-02 Early May bank holiday
2016-05-30 Spring bank holiday
2016-08-29 Summer bank holiday
2016-12-26 Boxing Day
2016-12-27 Christmas Day
2017-01-02 New Year's Day
2017-04-14 Good Friday
2017-04-17 Easter Monday
2017-05-01 Early May bank holiday
2017-05-29 Spring bank holiday
2017-08-28 Summer bank holiday
2017-12-25 Christmas Day
2017-12-26 Boxing Day
2018-01-01 New Year's Day
2018-03-30 Good Friday
2018-04-02 Easter Monday
2018-05-07 Early May bank holiday
2018-05-28 Spring bank holiday
2018-08-27 Summer bank holiday
2018-12-25 Christmas Day
2018-12-26 Boxing Day
2019-01-01 New Year's Day
2019-04-19 Good Friday
2019-04-22 Easter Monday
2019-05-06 Early May bank holiday
2019-05-27 Spring bank holiday
2019-08-26 Summer bank holiday
2019-12-25 Christmas Day
2019-12-26 Boxing Day
2020-01-01 New Year's Day
2020-04-10 Good Friday
2020-04-13 Easter Monday
2020-05-08 Early May bank holiday
2020-05-25 Spring bank holiday
2020-08-31 Summer bank holiday
2020-12-25 Christmas Day
2020-12-28 Boxing Day
2021-01-01 New Year's Day
2021-04-02 Good Friday
2021-04-05 Easter Monday
2021-05-03 Early May bank holiday
2021-05-31 Spring bank holiday
2021-08-30 Summer bank holiday
2021-12-27 Christmas Day
2021-12-28 Boxing Day
2022-01-03 New Year's Day
2022-04-15 Good Friday
2022-04-18 Easter Monday
2022-05-02 Early May bank holiday
2022-06-02 Spring bank holiday
2022-06-03 Platinum Jubilee
2022-08-29 Summer bank holiday
2022-09-19 State funeral of Queen Elizabeth II
2022-12-26 Boxing Day
2022-12-27 Christmas Day
2023-01-02 New Year's Day
2023-04-07 Good Friday
2023-04-10 Easter Monday
2023-05-01 Early May bank holiday
2023-05-08 Coronation of King Charles III
2023-05-29 Spring bank holiday
2023-08-28 Summer bank holiday
2023-12-25 Christmas Day
2023-12-26 Boxing Day
2024-01-01 New Year's Day
2024-03-29 Good Friday
2024-04-01 Easter Monday
2024-05-06 Early May bank holiday
2024-05-27 Spring bank holiday
2024-08-26 Summer bank holiday
2024-12-25 Christmas Day
2024-12-26 Boxing Day
2025-01-01 New Year's Day
2025-04-18 Good Friday
2025-04-21 Easter Monday
2025-05-05 Early May bank holiday
2025-05-26 Spring bank holiday
2025-08-25 Summer bank holiday
2025-12-25 Christmas Day
2025-12-26 Boxing Day
2026-01-01 New Year's Day
2026-04-03 Good Friday
2026-04-06 Easter Monday
2026-05-04 Early May bank holiday
2026-05-25 Spring bank holiday
2026-08-31 Summer bank holiday
2026-12-25 Christmas Day
2026-12-28 Boxing Day
2027-01-01 New Year's Day
2027-03-26 Good Friday
2027-03-29 Easter Monday
2027-05-03 Early May bank holiday
2027-05-31 Spring bank holiday
2027-08-30 Summer bank holiday
2027-12-27 Christmas Day
2027-12-28 Boxing Day)";

}  // namespace

const std::vector<Holiday>& EnglandAndWalesBankHolidays() {
  static const std::vector<Holiday> kHolidays = [] {
    std::vector<Holiday> out;
    std::istringstream in(kEnglandAndWales);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto date = Date::Parse(std::string_view(line).substr(0, 10));
      if (!date || line.size() < 12) throw std::logic_error("bad bank holiday line: " + line);
      out.push_back({*date, line.substr(11)});
    }
    return out;
  }();
  return kHolidays;
}

}  // namespace haven::clocks
