// CIN census rules: the DfE's validation rules for the children in need census, over the tables
// as the DfE's tools name them, keyed by LAchildID (and CINdetailsID, AssessmentID, CPPID). CIN
// dates are yyyy-mm-dd; a date that does not parse reads as absent, as the DfE's tools treat it.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/date.h"
#include "returns/cin/parts.h"
#include "returns/rule_kit.h"

namespace haven::returns::cin {

namespace {

// Table names.
constexpr const char* kHeader = "Header";
constexpr const char* kIds = "ChildIdentifiers";
constexpr const char* kTraits = "ChildCharacteristics";
constexpr const char* kDisab = "Disabilities";
constexpr const char* kDetails = "CINdetails";
constexpr const char* kAssess = "Assessments";
constexpr const char* kFactors = "AssessmentFactorsList";
constexpr const char* kPlans = "CINplanDates";
constexpr const char* kS47 = "Section47";
constexpr const char* kCpp = "ChildProtectionPlans";
constexpr const char* kReviews = "Reviews";

constexpr const char* kChild = "LAchildID";
constexpr const char* kEpisode = "CINdetailsID";

// Haven's own copies of the census code lists (CIN census 2023-24 to 2025-26).
const Codes kEthnicity = {"WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA",
                          "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
                          "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"};
const Codes kDisability = {"NONE", "MOB", "HAND", "PC",  "INC", "COMM", "LD",
                           "HEAR", "VIS", "BEH",  "CON", "AUT", "DDA"};
const Codes kReferralSource = {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E",
                               "3F", "4",  "5A", "5B", "5C", "5D", "6",  "7",  "8",  "9",  "10"};
const Codes kCategoryOfAbuse = {"NEG", "PHY", "SAB", "EMO", "MUL"};
const Codes kPrimaryNeed = {"N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"};
const Codes kReasonForClosure = {"RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"};
const Codes kAssessmentFactors = {"1A",  "1B",  "1C",  "2A",  "2B",  "2C",  "3A",  "3B",  "3C",
                                  "4A",  "4B",  "4C",  "5A",  "5B",  "5C",  "6A",  "6B",  "6C",
                                  "7A",  "8B",  "8C",  "8D",  "8E",  "8F",  "9A",  "10A", "11A",
                                  "12A", "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C",
                                  "19A", "19B", "19C", "20",  "21",  "22A", "23A", "24A"};
const Codes kGender = {"1", "2", "0", "9"};  // to 2023-24
const Codes kSex = {"M", "F", "U"};          // from 2024-25
const Codes kUpnUnknownReasons = {"UN2", "UN3", "UN4", "UN5", "UN6", "UN7"};
// The characters a UPN's check letter is drawn from, in order of value.
constexpr std::string_view kCheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

// ---- Cells

std::string_view S(const Table& t, std::string_view col, size_t i) { return Trimmed(t.At(col, i)); }
bool Present(const Table& t, std::string_view col, size_t i) { return !Blank(t.At(col, i)); }
std::optional<Date> D(const Table& t, std::string_view col, size_t i) {
  const std::string_view v = S(t, col, i);
  if (v.empty()) return std::nullopt;
  return Date::Parse(v);
}

// A date written yyyy-mm-dd, or (as some systems write the conference target date) dd-mm-yyyy or
// dd/mm/yyyy.
std::optional<Date> AnyDate(const Table& t, std::string_view col, size_t i) {
  if (auto d = D(t, col, i)) return d;
  const std::string_view v = S(t, col, i);
  if (v.size() != 10 || v[2] != v[5] || (v[2] != '-' && v[2] != '/')) return std::nullopt;
  const std::string iso = std::string(v.substr(6, 4)) + "-" + std::string(v.substr(3, 2)) + "-" +
                          std::string(v.substr(0, 2));
  return Date::Parse(iso);
}

std::string Lower(std::string_view v) {
  std::string out(v);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
// The census's yes/no fields hold 1/0 or true/false.
bool IsTrue(std::string_view v) {
  const std::string l = Lower(v);
  return l == "1" || l == "true";
}
bool IsFalse(std::string_view v) {
  const std::string l = Lower(v);
  return l == "0" || l == "false";
}
bool AllDigits(std::string_view v) {
  return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The codes in a cell that holds one code or several separated by commas.
std::vector<std::string> SplitCodes(std::string_view v) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t comma = v.find(',', pos);
    if (comma == std::string_view::npos) comma = v.size();
    std::string_view part = v.substr(pos, comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    pos = comma + 1;
  }
  return out;
}

// ---- Keys and grouping

// A row's key over `cols` (a missing column reads as blank, so it matches every row).
std::string KeyOf(const Table& t, size_t i, const std::vector<std::string>& cols) {
  std::string k;
  for (const auto& c : cols) {
    k += S(t, c, i);
    k += '\x1f';
  }
  return k;
}
using Groups = std::map<std::string, std::vector<size_t>>;
Groups GroupBy(const Table& t, const std::vector<std::string>& cols) {
  Groups g;
  for (size_t i = 0; i < t.size(); ++i) g[KeyOf(t, i, cols)].push_back(i);
  return g;
}
const std::vector<std::string> kByChild = {kChild};
const std::vector<std::string> kByEpisode = {kChild, kEpisode};
const std::vector<size_t> kNone;
const std::vector<size_t>& RowsOf(const Groups& g, const std::string& key) {
  auto it = g.find(key);
  return it == g.end() ? kNone : it->second;
}

// ---- The census period

struct Period {
  Date start;
  Date end;  // the census reference date
};
// The period the return covers: from the Header's ReferenceDate when it has one (the year up to
// it), else the collection's own dates.
Period CensusPeriod(const Return& r) {
  const Table& h = r.Get(kHeader);
  if (h.size() > 0) {
    if (auto ref = D(h, "ReferenceDate", 0)) return {ref->AddMonths(-12).AddDays(1), *ref};
  }
  return {r.start, r.end};
}

// ---- Working days in England

Date EasterSunday(int y) {
  const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date::FromYmd(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}
Date FirstMonday(int y, unsigned m) {
  Date d = Date::FromYmd(y, m, 1);
  while (d.IsoWeekday() != 1) d = d.AddDays(1);
  return d;
}
Date LastMonday(int y, unsigned m) {
  Date d = Date::FromYmd(y, m, 1).AddMonths(1).AddDays(-1);
  while (d.IsoWeekday() != 1) d = d.AddDays(-1);
  return d;
}
// England and Wales bank holidays in year `y`, with the one-off changes since 2010.
std::set<Date> BankHolidays(int y) {
  std::set<Date> out;
  const Date ny = Date::FromYmd(y, 1, 1);
  out.insert(ny.IsoWeekday() == 6 ? ny.AddDays(2) : ny.IsoWeekday() == 7 ? ny.AddDays(1) : ny);
  const Date easter = EasterSunday(y);
  out.insert(easter.AddDays(-2));
  out.insert(easter.AddDays(1));
  out.insert(y == 2020 ? Date::FromYmd(2020, 5, 8) : FirstMonday(y, 5));
  if (y == 2012) {
    out.insert(Date::FromYmd(2012, 6, 4));
    out.insert(Date::FromYmd(2012, 6, 5));
  } else if (y == 2022) {
    out.insert(Date::FromYmd(2022, 6, 2));
    out.insert(Date::FromYmd(2022, 6, 3));
    out.insert(Date::FromYmd(2022, 9, 19));
  } else {
    out.insert(LastMonday(y, 5));
  }
  if (y == 2011) out.insert(Date::FromYmd(2011, 4, 29));
  if (y == 2023) out.insert(Date::FromYmd(2023, 5, 8));
  out.insert(LastMonday(y, 8));
  const Date xmas = Date::FromYmd(y, 12, 25);
  switch (xmas.IsoWeekday()) {
    case 5:  // Friday: Boxing Day moves to Monday
      out.insert(xmas);
      out.insert(xmas.AddDays(3));
      break;
    case 6:
      out.insert(xmas.AddDays(2));
      out.insert(xmas.AddDays(3));
      break;
    case 7:
      out.insert(xmas.AddDays(1));
      out.insert(xmas.AddDays(2));
      break;
    default:
      out.insert(xmas);
      out.insert(xmas.AddDays(1));
  }
  return out;
}
bool WorkingDay(Date d) {
  if (d.IsWeekend()) return false;
  return BankHolidays(d.year()).count(d) == 0;
}
// `d` if a working day, else the working day before it; then `n` working days earlier.
Date WorkingDaysBefore(Date d, int n) {
  while (!WorkingDay(d)) d = d.AddDays(-1);
  for (int k = 0; k < n; ++k) {
    d = d.AddDays(-1);
    while (!WorkingDay(d)) d = d.AddDays(-1);
  }
  return d;
}

// ---- Check builders

// What a row test sees besides its rows: the return and its census period, worked out once per
// check, and working-day offsets from it, worked out once each.
struct Ctx {
  const Return& r;
  Period period;
  mutable std::map<std::pair<Date, int>, Date> back;

  // `n` working days before `from` (see WorkingDaysBefore).
  Date WorkingBack(Date from, int n) const {
    auto it = back.find({from, n});
    if (it == back.end()) {
      it = back.emplace(std::make_pair(from, n), WorkingDaysBefore(from, n)).first;
    }
    return it->second;
  }
};

using RowTest = std::function<bool(const Ctx&, const Table&, size_t)>;
// Flags the rows of `table` that fail `bad`.
Check Rows(std::string table, RowTest bad) {
  return [table = std::move(table), bad = std::move(bad)](const Return& r, Flags& flags) {
    const Table& t = r.Get(table);
    const Ctx c{r, CensusPeriod(r), {}};
    for (size_t i = 0; i < t.size(); ++i) {
      if (bad(c, t, i)) flags.Row(table, i);
    }
  };
}

using PairTest = std::function<bool(const Ctx&, const Table&, size_t, const Table&, size_t)>;
// Pairs each row of `a` with the rows of `b` sharing its key and flags both rows of each pair
// that `bad` finds wrong.
Check Pairs(std::string a, std::string b, std::vector<std::string> key, PairTest bad) {
  return [=](const Return& r, Flags& flags) {
    const Table& ta = r.Get(a);
    const Table& tb = r.Get(b);
    if (ta.size() == 0 || tb.size() == 0) return;
    const Groups gb = GroupBy(tb, key);
    const Ctx c{r, CensusPeriod(r), {}};
    for (size_t i = 0; i < ta.size(); ++i) {
      for (size_t j : RowsOf(gb, KeyOf(ta, i, key))) {
        if (bad(c, ta, i, tb, j)) {
          flags.Row(a, i);
          flags.Row(b, j);
        }
      }
    }
  };
}

// Both dates are present and x is before y.
bool Before(const std::optional<Date>& x, const std::optional<Date>& y) {
  return x && y && *x < *y;
}

// Ordered pairs of distinct rows of one table sharing `key`; flags both rows where `bad`.
Check SelfPairs(std::string table, std::vector<std::string> key,
                std::function<bool(const Table&, size_t, size_t, const Period&)> bad) {
  return [=](const Return& r, Flags& flags) {
    const Table& t = r.Get(table);
    const Period p = CensusPeriod(r);
    for (const auto& [k, rows] : GroupBy(t, key)) {
      for (size_t i : rows) {
        for (size_t j : rows) {
          if (i != j && bad(t, i, j, p)) {
            flags.Row(table, i);
            flags.Row(table, j);
          }
        }
      }
    }
  };
}

// Row i starts within row j's span: on or after j's start, and before (or on, when `inclusive`)
// j's end, or by the reference date when j is still open and `open` says it counts as open.
bool StartsWithin(std::optional<Date> start_i, std::optional<Date> start_j,
                  std::optional<Date> end_j, bool open, bool inclusive, Date ref) {
  if (!start_i || !start_j || *start_i < *start_j) return false;
  if (end_j) return inclusive ? *start_i <= *end_j : *start_i < *end_j;
  return open && *start_i <= ref;
}

// The rows of `t` for each child, in a table keyed by child only.
Groups ChildRows(const Table& t) { return GroupBy(t, kByChild); }

// The factor codes of each assessment row: those the factors list gives for it (by child, episode
// and assessment id) or, when it lists none, those in its own AssessmentFactors cell (one code or
// a comma list).
std::function<std::vector<std::string>(size_t)> FactorsOf(const Return& r) {
  const Table& ass = r.Get(kAssess);
  const Table& list = r.Get(kFactors);
  const bool episode = ass.Has(kEpisode) && list.Has(kEpisode);
  const std::vector<std::string> key =
      episode ? std::vector<std::string>{kChild, kEpisode, "AssessmentID"}
              : std::vector<std::string>{kChild, "AssessmentID"};
  auto listed = std::make_shared<Groups>(list.Has("AssessmentID") ? GroupBy(list, key) : Groups());
  return [&ass, &list, key, listed](size_t i) {
    std::vector<std::string> out = SplitCodes(S(ass, "AssessmentFactors", i));
    const auto& rows = RowsOf(*listed, KeyOf(ass, i, key));
    if (!rows.empty()) {
      std::vector<std::string> from_list;
      for (size_t j : rows) {
        for (auto& f : SplitCodes(S(list, "AssessmentFactor", j))) from_list.push_back(f);
      }
      out = std::move(from_list);
    }
    return out;
  };
}

// ---- UPNs

bool UpnLaCodeOk(std::string_view code, bool with_942_943) {
  if (code.size() != 3 || !AllDigits(code)) return false;
  int n = 0;
  std::from_chars(code.data(), code.data() + 3, n);
  static const std::vector<std::pair<int, int>> kRanges = {
      {1, 5},     {201, 213}, {301, 320}, {330, 336}, {340, 344}, {350, 359}, {370, 373},
      {380, 384}, {390, 394}, {420, 420}, {660, 681}, {701, 708}, {800, 803}, {805, 808},
      {810, 813}, {815, 816}, {820, 823}, {825, 826}, {830, 831}, {835, 841}, {845, 846},
      {850, 852}, {855, 857}, {860, 861}, {865, 896}, {908, 909}, {916, 916}, {919, 919},
      {921, 921}, {925, 926}, {928, 929}, {931, 931}, {933, 933}, {935, 938}, {940, 941}};
  for (const auto& [lo, hi] : kRanges) {
    if (n >= lo && n <= hi) return true;
  }
  return with_942_943 && (n == 942 || n == 943);
}

Check UpnLaCode(bool with_942_943) {
  return Rows(kIds, [with_942_943](const Ctx&, const Table& t, size_t i) {
    const std::string_view upn = S(t, "UPN", i);
    return upn.size() == 13 && !UpnLaCodeOk(upn.substr(1, 3), with_942_943);
  });
}

// The share of children, other than unborn ones, with no sex recorded (`column` blank or equal to
// `unknown`) is over 2%.
Check NoSexRecorded(std::string column, std::string unknown) {
  return [=](const Return& r, Flags& flags) {
    const Table& t = r.Get(kIds);
    if (t.size() == 0) return;
    size_t missing = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      const std::string_view v = S(t, column, i);
      if ((v.empty() || v == unknown) && !Present(t, "ExpectedPersonBirthDate", i)) ++missing;
    }
    if (missing * 50 > t.size()) flags.Whole();
  };
}

// An unborn child (expected date of birth only) must have `column` equal to `unborn`.
Check UnbornSex(std::string column, std::string unborn) {
  return Rows(kIds, [=](const Ctx&, const Table& t, size_t i) {
    return !Present(t, "PersonBirthDate", i) && Present(t, "ExpectedPersonBirthDate", i) &&
           S(t, column, i) != unborn;
  });
}

// A child of school age (born on or before `cutoff`, worked out from the reference date) with a
// referral that went on to further action needs a UPN or a reason for having none.
Check UpnExpected(std::function<Date(Date)> cutoff) {
  return [=](const Return& r, Flags& flags) {
    const Table& ids = r.Get(kIds);
    const Table& det = r.Get(kDetails);
    const Date born_by = cutoff(CensusPeriod(r).end);
    std::set<std::string> acted;
    for (size_t j = 0; j < det.size(); ++j) {
      if (IsFalse(S(det, "ReferralNFA", j))) acted.insert(std::string(S(det, kChild, j)));
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      const auto dob = D(ids, "PersonBirthDate", i);
      if (!dob || *dob > born_by || !acted.count(std::string(S(ids, kChild, i)))) continue;
      if (Present(ids, "UPN", i)) continue;
      std::string reason(S(ids, "UPNunknown", i));
      for (char& ch : reason) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (!OneOf(reason, kUpnUnknownReasons)) flags.Row(kIds, i);
    }
  };
}

}  // namespace

constexpr int kFirst = 2023;  // the first census year Haven knows (2022-23)

void AddCinRules(std::vector<Rule>& rules) {
  auto add = [&rules](std::string code, std::vector<std::string> fields, std::string message,
                      Check check, int first = kFirst, int last = 9999,
                      Severity severity = Severity::kError) {
    rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message),
                             std::move(check), first, last, severity));
  };
  auto query = [&add](std::string code, std::vector<std::string> fields, std::string message,
                      Check check, int first = kFirst, int last = 9999) {
    add(std::move(code), std::move(fields), std::move(message), std::move(check), first, last,
        Severity::kQuery);
  };

  // ---- Header
  add("100", {"ReferenceDate"}, "The census reference date must be 31 March of the census year.",
      Rows(kHeader, [](const Ctx& c, const Table& t, size_t i) {
        const auto ref = D(t, "ReferenceDate", i);
        if (!ref) return true;
        int year = c.r.year;
        const std::string_view y = S(t, "Year", i);
        if (!y.empty()) {
          int n = 0;
          const auto [p, ec] = std::from_chars(y.data(), y.data() + y.size(), n);
          if (ec != std::errc() || p != y.data() + y.size()) return true;
          year = n;
        }
        return *ref != Date::FromYmd(year, 3, 31);
      }));

  // ---- Child identifiers
  add("1510", {"UPN"}, "The UPN's check letter (its first character) is wrong.",
      Rows(kIds, [](const Ctx&, const Table& t, size_t i) {
        const std::string_view upn = S(t, "UPN", i);
        if (upn.size() != 13 || !AllDigits(upn.substr(1))) return false;
        int sum = 0;
        for (size_t k = 1; k < 13; ++k) sum += (upn[k] - '0') * static_cast<int>(k + 1);
        return upn[0] != kCheckLetters[static_cast<size_t>(sum % 23)];
      }));
  add("1520", {"UPN"}, "Two or more children have the same UPN.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kIds);
        std::map<std::string, std::vector<size_t>> by;
        for (size_t i = 0; i < t.size(); ++i) {
          if (Present(t, "UPN", i)) by[std::string(S(t, "UPN", i))].push_back(i);
        }
        for (const auto& [upn, rows] : by) {
          if (rows.size() > 1) {
            for (size_t i : rows) flags.Row(kIds, i);
          }
        }
      });
  add("1530", {"UPN"}, "Characters 2 to 4 of the UPN are not a recognised local authority code.",
      UpnLaCode(false), kFirst, 2023);
  add("1530", {"UPN"}, "Characters 2 to 4 of the UPN are not a recognised local authority code.",
      UpnLaCode(true), 2024);
  add("1540", {"UPN"}, "Characters 5 to 12 of the UPN must all be digits.",
      Rows(kIds, [](const Ctx&, const Table& t, size_t i) {
        const std::string_view upn = S(t, "UPN", i);
        if (upn.empty()) return false;
        return !AllDigits(upn.size() > 4 ? upn.substr(4, 8) : std::string_view());
      }));
  add("1550", {"UPN"}, "The UPN's last character is not an allowed letter or digit.",
      Rows(kIds, [](const Ctx&, const Table& t, size_t i) {
        const std::string_view upn = S(t, "UPN", i);
        if (upn.size() != 13) return false;
        const char c = upn[12];
        return !((c >= '0' && c <= '9') || kCheckLetters.find(c) != std::string_view::npos);
      }));
  query("1560Q", {"FormerUPN"},
        "The former UPN should be a letter followed by twelve digits; check it.",
        Rows(kIds, [](const Ctx&, const Table& t, size_t i) {
          const std::string_view upn = S(t, "FormerUPN", i);
          if (upn.empty()) return false;
          return upn.size() != 13 || !std::isalpha(static_cast<unsigned char>(upn[0])) ||
                 !AllDigits(upn.substr(1));
        }));
  add("1570", {"LAchildID"}, "The LA child ID is longer than 20 characters.",
      Rows(kIds, [](const Ctx&, const Table& t, size_t i) { return S(t, kChild, i).size() > 20; }),
      2025);
  add("1580", {"LAchildID"}, "The LA child ID may hold only letters and digits.",
      Rows(kIds,
           [](const Ctx&, const Table& t, size_t i) {
             CellView c = t.At(kChild, i);
             if (!c) return false;
             const std::string_view v = Trimmed(c);
             return v.empty() || !std::all_of(v.begin(), v.end(), [](char ch) {
                      return std::isalnum(static_cast<unsigned char>(ch)) != 0;
                    });
           }),
      2025);
  query("2886Q", {"ExpectedPersonBirthDate", "GenderCurrent"},
        "More than 2% of children (other than unborn children) have no gender recorded; check.",
        NoSexRecorded("GenderCurrent", "0"), kFirst, 2024);
  query("2886Q", {"ExpectedPersonBirthDate", "Sex"},
        "More than 2% of children (other than unborn children) have no sex recorded; check.",
        NoSexRecorded("Sex", "U"), 2025);
  add("4180", {"GenderCurrent"}, "Gender is missing or not a valid code.",
      CodeIn(kIds, "GenderCurrent", kGender, Absent::kFlagged), kFirst, 2024);
  add("4180", {"Sex"}, "Sex is missing or not M, F or U.",
      CodeIn(kIds, "Sex", kSex, Absent::kFlagged), 2025);
  add("8500", {"LAchildID"}, "The LA child ID is missing.",
      Rows(kIds, [](const Ctx&, const Table& t, size_t i) { return !Present(t, kChild, i); }));
  add("8510", {"LAchildID"}, "Two or more children have the same LA child ID.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kIds);
        for (const auto& [k, rows] : ChildRows(t)) {
          if (rows.size() > 1) {
            for (size_t i : rows) flags.Row(kIds, i);
          }
        }
      });
  add("8520", {"PersonBirthDate", "ReferenceDate"},
      "The date of birth is after the end of the census year.",
      Rows(kIds, [](const Ctx& c, const Table& t, size_t i) {
        const auto dob = D(t, "PersonBirthDate", i);
        return dob && *dob > c.period.end;
      }));
  query("8525Q", {"PersonBirthDate", "ExpectedPersonBirthDate"},
        "Give either a date of birth or an expected date of birth, not both and not neither.",
        Rows(kIds, [](const Ctx&, const Table& t, size_t i) {
          return D(t, "PersonBirthDate", i).has_value() ==
                 D(t, "ExpectedPersonBirthDate", i).has_value();
        }));
  query("8530Q", {"ExpectedPersonBirthDate"},
        "The expected date of birth is not between a month before and nine months after the "
        "reference date; check.",
        Rows(kIds, [](const Ctx& c, const Table& t, size_t i) {
          const auto due = D(t, "ExpectedPersonBirthDate", i);
          if (!due) return false;
          const Date ref = c.period.end;
          return *due >= ref.AddMonths(9) || *due <= ref.AddDays(-30);
        }));
  query("8535Q", {"PersonDeathDate", "PersonBirthDate"},
        "A child with a date of death should have a date of birth on or before it; check.",
        Rows(kIds, [](const Ctx&, const Table& t, size_t i) {
          const auto death = D(t, "PersonDeathDate", i);
          if (!death) return false;
          const auto dob = D(t, "PersonBirthDate", i);
          return !dob || *dob > *death;
        }));
  query("8545Q", {"PersonDeathDate"},
        "The date of death should fall within the census year; check.",
        Rows(kIds, [](const Ctx& c, const Table& t, size_t i) {
          const auto death = D(t, "PersonDeathDate", i);
          if (!death) return false;
          const Period p = c.period;
          return *death < p.start || *death > p.end;
        }));
  add("8750", {"GenderCurrent", "PersonBirthDate", "ExpectedPersonBirthDate"},
      "An unborn child's gender must be 0.", UnbornSex("GenderCurrent", "0"), kFirst, 2024);
  add("8750", {"Sex", "PersonBirthDate", "ExpectedPersonBirthDate"},
      "An unborn child's sex must be U.", UnbornSex("Sex", "U"), 2025);
  query("8770Q", {"UPNunknown", "UPN"},
        "A child over five with further action should have a UPN or a reason it is unknown "
        "(other than UN1); check.",
        UpnExpected([](Date ref) { return ref.AddMonths(-72); }), kFirst, 2024);
  query("8770Q", {"UPNunknown", "UPN"},
        "A child of school age with further action should have a UPN or a reason it is unknown "
        "(other than UN1); check.",
        UpnExpected([](Date ref) { return ref.AddMonths(4).AddDays(31).AddMonths(-72); }), 2025);

  // ---- Characteristics and disabilities
  add("4220", {"Ethnicity"}, "Ethnicity is missing or not a valid code.",
      CodeIn(kTraits, "Ethnicity", kEthnicity, Absent::kFlagged));
  query("2887Q", {"Disability"}, "Fewer than 8 different disability codes are used in the return.",
        [](const Return& r, Flags& flags) {
          const Table& t = r.Get(kDisab);
          std::set<std::string> used;
          for (size_t i = 0; i < t.size(); ++i) {
            const std::string_view v = S(t, "Disability", i);
            if (!v.empty() && v != "NONE") used.insert(std::string(v));
          }
          if (used.size() < 8) flags.Whole();
        });
  query("2888Q", {"Disability"},
        "No child has more than one disability recorded; record every disability a child has.",
        [](const Return& r, Flags& flags) {
          const Table& t = r.Get(kDisab);
          std::map<std::string, int> per_child;
          for (size_t i = 0; i < t.size(); ++i) {
            const std::string_view v = S(t, "Disability", i);
            if (!v.empty() && v != "NONE") per_child[std::string(S(t, kChild, i))] += 1;
          }
          int most = 0;
          for (const auto& [c, n] : per_child) most = std::max(most, n);
          if (most == 1) flags.Whole();
        });
  add("8540", {"Disability", "PersonBirthDate", "ReferralNFA"},
      "A born child with a referral going on to further action needs valid disability codes.",
      [](const Return& r, Flags& flags) {
        const Table& ids = r.Get(kIds);
        const Table& dis = r.Get(kDisab);
        const Table& det = r.Get(kDetails);
        const Groups dis_by = ChildRows(dis);
        const Groups det_by = ChildRows(det);
        for (size_t i = 0; i < ids.size(); ++i) {
          if (!Present(ids, "PersonBirthDate", i)) continue;
          const std::string key = KeyOf(ids, i, kByChild);
          std::vector<size_t> acted;
          for (size_t j : RowsOf(det_by, key)) {
            if (IsFalse(S(det, "ReferralNFA", j))) acted.push_back(j);
          }
          if (acted.empty()) continue;
          bool bad = false;
          const auto& drows = RowsOf(dis_by, key);
          if (drows.empty()) bad = true;
          for (size_t k : drows) {
            if (!OneOf(S(dis, "Disability", k), kDisability)) {
              flags.Row(kDisab, k);
              bad = true;
            }
          }
          if (bad) {
            flags.Row(kIds, i);
            for (size_t j : acted) flags.Row(kDetails, j);
          }
        }
      });
  add("8790", {"Disability"}, "A child with disability NONE must have no other disability code.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kDisab);
        for (const auto& [k, rows] : ChildRows(t)) {
          bool none = false;
          for (size_t i : rows) none |= Lower(S(t, "Disability", i)) == "none";
          if (!none) continue;
          for (size_t i : rows) {
            if (Lower(S(t, "Disability", i)) != "none") flags.Row(kDisab, i);
          }
        }
      });
  add("8794", {"Disability"}, "A child has the same disability code more than once.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kDisab);
        for (const auto& [k, rows] : GroupBy(t, {kChild, "Disability"})) {
          if (rows.size() > 1) {
            for (size_t i : rows) flags.Row(kDisab, i);
          }
        }
      });

  // ---- CIN details (episodes of need)
  add("8568", {"ReferralNFA"},
      "Whether the referral led to no further action is missing or not "
      "1, 0, true or false.",
      Rows(kDetails, [](const Ctx&, const Table& t, size_t i) {
        const std::string_view v = S(t, "ReferralNFA", i);
        return !IsTrue(v) && !IsFalse(v);
      }));
  query("8569Q", {"ReferralNFA"},
        "A referral dated before the last working day before the census year should not be "
        "marked no further action; check.",
        Rows(kDetails, [](const Ctx& c, const Table& t, size_t i) {
          const auto ref = D(t, "CINreferralDate", i);
          return ref && *ref < c.WorkingBack(c.period.start.AddDays(-1), 0) &&
                 !IsFalse(S(t, "ReferralNFA", i));
        }));
  add("8600", {"CINreferralDate"}, "The referral date is missing or after the census year.",
      Rows(kDetails, [](const Ctx& c, const Table& t, size_t i) {
        const auto ref = D(t, "CINreferralDate", i);
        return !ref || *ref > c.period.end;
      }));
  add("8610", {"ReferralNFA", "PrimaryNeedCode"},
      "A referral going on to further action needs a primary need code.",
      Rows(kDetails, [](const Ctx&, const Table& t, size_t i) {
        return IsFalse(S(t, "ReferralNFA", i)) && !Present(t, "PrimaryNeedCode", i);
      }));
  add("8620", {"CINclosureDate"}, "The case closure date is outside the census year.",
      Rows(kDetails, [](const Ctx& c, const Table& t, size_t i) {
        const auto end = D(t, "CINclosureDate", i);
        const Period p = c.period;
        return end && (*end < p.start || *end > p.end);
      }));
  add("8630", {"CINreferralDate", "CINclosureDate"},
      "The case closure date is before the referral date.",
      Rows(kDetails, [](const Ctx&, const Table& t, size_t i) {
        return Before(D(t, "CINclosureDate", i), D(t, "CINreferralDate", i));
      }));
  add("8640", {"ReasonForClosure"}, "The reason for closure is not a valid code.",
      CodeIn(kDetails, "ReasonForClosure", kReasonForClosure, Absent::kAllowed));
  add("8650", {"PrimaryNeedCode"}, "The primary need code is not a valid code.",
      CodeIn(kDetails, "PrimaryNeedCode", kPrimaryNeed, Absent::kAllowed));
  add("8805", {"CINclosureDate", "ReasonForClosure"}, "A closed case needs a reason for closure.",
      Rows(kDetails, [](const Ctx&, const Table& t, size_t i) {
        return Present(t, "CINclosureDate", i) && !Present(t, "ReasonForClosure", i);
      }));
  add("8810", {"ReasonForClosure", "CINclosureDate"},
      "A case with a reason for closure needs a closure date.",
      Rows(kDetails, [](const Ctx&, const Table& t, size_t i) {
        return Present(t, "ReasonForClosure", i) && !Present(t, "CINclosureDate", i);
      }));
  add("8815", {"ReferralNFA", "CINclosureDate"},
      "The child has more than one open episode that is not a no-further-action referral.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kDetails);
        for (const auto& [k, rows] : ChildRows(t)) {
          int open = 0;
          for (size_t i : rows) {
            open += !Present(t, "CINclosureDate", i) && IsFalse(S(t, "ReferralNFA", i)) ? 1 : 0;
          }
          if (open < 2) continue;
          for (size_t i : rows) {
            if (!Present(t, "CINclosureDate", i)) flags.Row(kDetails, i);
          }
        }
      });
  add("8816", {"CINreferralDate", "ReferralNFA"},
      "An open episode that is not a no-further-action referral must be the child's latest.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kDetails);
        for (const auto& [k, rows] : ChildRows(t)) {
          std::optional<size_t> latest;
          for (size_t i : rows) {
            const auto ref = D(t, "CINreferralDate", i);
            if (ref && (!latest || *ref > *D(t, "CINreferralDate", *latest))) latest = i;
          }
          if (!latest) continue;
          for (size_t i : rows) {
            if (i == *latest || !D(t, "CINreferralDate", i)) continue;
            if (!Present(t, "CINclosureDate", i) && IsFalse(S(t, "ReferralNFA", i))) {
              flags.Row(kDetails, i);
              flags.Row(kDetails, *latest);
            }
          }
        }
      });
  add("8820", {"CINreferralDate", "CINclosureDate"}, "The child's episodes of need overlap.",
      SelfPairs(kDetails, kByChild, [](const Table& t, size_t i, size_t j, const Period& p) {
        const auto ref_i = D(t, "CINreferralDate", i);
        const auto ref_j = D(t, "CINreferralDate", j);
        if (!ref_i || !ref_j || *ref_i < *ref_j) return false;
        if (const auto end_j = D(t, "CINclosureDate", j)) return *ref_i < *end_j;
        return *ref_i < p.end && IsFalse(S(t, "ReferralNFA", j));
      }));
  add("8866", {"CINreferralDate", "ReferralSource"},
      "The source of referral is missing or not a valid code.",
      Rows(kDetails, [](const Ctx&, const Table& t, size_t i) {
        const auto ref = D(t, "CINreferralDate", i);
        return ref && *ref >= Date::FromYmd(2013, 4, 1) &&
               !OneOf(S(t, "ReferralSource", i), kReferralSource);
      }));
  query("8555Q", {"PersonDeathDate", "CINreferralDate"},
        "The referral date is after the child's date of death; check.",
        Pairs(kDetails, kIds, kByChild,
              [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
                return Before(D(b, "PersonDeathDate", j), D(a, "CINreferralDate", i));
              }));
  query("8585Q", {"ReasonForClosure", "PersonDeathDate"},
        "A case closed because the child died (RC2) should have a date of death; check.",
        Pairs(kIds, kDetails, kByChild,
              [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
                return S(b, "ReasonForClosure", j) == "RC2" && !Present(a, "PersonDeathDate", i);
              }));
  add("8590", {"LAchildID"}, "The child has no episode of need (CIN details).",
      [](const Return& r, Flags& flags) {
        const Table& ids = r.Get(kIds);
        const Groups det = ChildRows(r.Get(kDetails));
        for (size_t i = 0; i < ids.size(); ++i) {
          if (RowsOf(det, KeyOf(ids, i, kByChild)).empty()) flags.Row(kIds, i);
        }
      });
  add("8606", {"CINreferralDate", "PersonBirthDate", "ExpectedPersonBirthDate"},
      "The referral date is more than 40 weeks before the child's (expected) date of birth.",
      Pairs(kDetails, kIds, kByChild,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              const auto ref = D(a, "CINreferralDate", i);
              if (!ref) return false;
              const auto dob = D(b, "PersonBirthDate", j);
              const auto due = D(b, "ExpectedPersonBirthDate", j);
              return (dob && *ref < dob->AddDays(-280)) || (due && *ref < due->AddDays(-280));
            }));
  add("8772", {"UPNunknown", "ReferralNFA"},
      "UPN unknown reason UN7 is only for a child whose every referral led to no further action.",
      [](const Return& r, Flags& flags) {
        const Table& ids = r.Get(kIds);
        const Table& det = r.Get(kDetails);
        const Groups by = ChildRows(det);
        for (size_t i = 0; i < ids.size(); ++i) {
          if (S(ids, "UPNunknown", i) != "UN7") continue;
          for (size_t j : RowsOf(by, KeyOf(ids, i, kByChild))) {
            if (!IsTrue(S(det, "ReferralNFA", j))) {
              flags.Row(kIds, i);
              flags.Row(kDetails, j);
            }
          }
        }
      });
  query("8775Q", {"PersonBirthDate", "CINclosureDate"}, "The child is over 25 years old; check.",
        Pairs(kIds, kDetails, kByChild,
              [](const Ctx& c, const Table& a, size_t i, const Table& b, size_t j) {
                const auto dob = D(a, "PersonBirthDate", i);
                if (!dob || !(*dob < c.period.end.AddMonths(-300))) return false;
                const auto end = D(b, "CINclosureDate", j);
                return !end || *end > dob->AddMonths(300);
              }));
  add("2990", {"ReasonForClosure"},
      "An episode closed after assessment (RC8 or RC9) must have no conference, section 47 "
      "enquiry, child protection plan or CIN plan.",
      [](const Return& r, Flags& flags) {
        const Table& det = r.Get(kDetails);
        const char* others[] = {kCpp, kS47, kPlans};
        std::vector<Groups> groups;
        for (const char* o : others) groups.push_back(GroupBy(r.Get(o), kByEpisode));
        for (size_t i = 0; i < det.size(); ++i) {
          const std::string_view rc = S(det, "ReasonForClosure", i);
          if (rc != "RC8" && rc != "RC9") continue;
          bool bad = Present(det, "DateOfInitialCPC", i);
          const std::string key = KeyOf(det, i, kByEpisode);
          for (size_t k = 0; k < 3; ++k) {
            for (size_t j : RowsOf(groups[k], key)) {
              flags.Row(others[k], j);
              bad = true;
            }
          }
          if (bad) flags.Row(kDetails, i);
        }
      });
  query("8825Q", {"ReasonForClosure"},
        "An episode closed after assessment (RC8 or RC9) has no assessment; check.",
        [](const Return& r, Flags& flags) {
          const Table& det = r.Get(kDetails);
          const Groups ass = GroupBy(r.Get(kAssess), kByEpisode);
          for (size_t i = 0; i < det.size(); ++i) {
            const std::string_view rc = S(det, "ReasonForClosure", i);
            if ((rc == "RC8" || rc == "RC9") && RowsOf(ass, KeyOf(det, i, kByEpisode)).empty()) {
              flags.Row(kDetails, i);
            }
          }
        });
  add("8565",
      {"CINclosureDate", "DateOfInitialCPC", "AssessmentActualStartDate",
       "AssessmentAuthorisationDate", "S47ActualStartDate", "CPPendDate", "CINPlanStartDate",
       "CINPlanEndDate"},
      "Activity is recorded after the case was closed.", [](const Return& r, Flags& flags) {
        const Table& det = r.Get(kDetails);
        struct Part {
          const char* table;
          std::vector<const char*> dates;
        };
        const std::vector<Part> parts = {
            {kAssess, {"AssessmentActualStartDate", "AssessmentAuthorisationDate"}},
            {kS47, {"S47ActualStartDate", "DateOfInitialCPC"}},
            {kCpp, {"CPPendDate"}},
            {kPlans, {"CINPlanStartDate", "CINPlanEndDate"}}};
        std::vector<Groups> groups;
        for (const auto& part : parts) groups.push_back(GroupBy(r.Get(part.table), kByEpisode));
        for (size_t i = 0; i < det.size(); ++i) {
          const auto closed = D(det, "CINclosureDate", i);
          if (!closed) continue;
          bool bad = Before(closed, D(det, "DateOfInitialCPC", i));
          const std::string key = KeyOf(det, i, kByEpisode);
          for (size_t k = 0; k < parts.size(); ++k) {
            const Table& t = r.Get(parts[k].table);
            for (size_t j : RowsOf(groups[k], key)) {
              for (const char* col : parts[k].dates) {
                if (Before(closed, D(t, col, j))) {
                  flags.Row(parts[k].table, j);
                  bad = true;
                }
              }
            }
          }
          if (bad) flags.Row(kDetails, i);
        }
      });
  add("8831",
      {"AssessmentActualStartDate", "AssessmentAuthorisationDate", "S47ActualStartDate",
       "DateOfInitialCPC"},
      "Activity is recorded on a referral marked no further action.",
      [](const Return& r, Flags& flags) {
        const Table& det = r.Get(kDetails);
        const Table& s47 = r.Get(kS47);
        const Table& ass = r.Get(kAssess);
        const Groups s47_by = GroupBy(s47, kByEpisode);
        const Groups ass_by = GroupBy(ass, kByEpisode);
        for (size_t i = 0; i < det.size(); ++i) {
          if (!IsTrue(S(det, "ReferralNFA", i))) continue;
          const std::string key = KeyOf(det, i, kByEpisode);
          bool bad = Present(det, "DateOfInitialCPC", i);
          for (size_t j : RowsOf(s47_by, key)) {
            if (Present(s47, "S47ActualStartDate", j) || Present(det, "DateOfInitialCPC", i)) {
              flags.Row(kS47, j);
              bad = true;
            }
          }
          for (size_t j : RowsOf(ass_by, key)) {
            if (Present(ass, "AssessmentActualStartDate", j) ||
                Present(ass, "AssessmentAuthorisationDate", j)) {
              flags.Row(kAssess, j);
              bad = true;
            }
          }
          if (bad) flags.Row(kDetails, i);
        }
      });
  add("8832", {"CINdetailsID", "ReferralNFA"},
      "A referral marked no further action has child protection details.",
      Pairs(kDetails, kCpp, kByEpisode,
            [](const Ctx&, const Table& a, size_t i, const Table&, size_t) {
              return IsTrue(S(a, "ReferralNFA", i));
            }));
  add("8867", {"CINclosureDate", "AssessmentAuthorisationDate"},
      "A closed episode has an assessment that is not completed.",
      Pairs(kDetails, kAssess, kByEpisode,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              return Present(a, "CINclosureDate", i) &&
                     !Present(b, "AssessmentAuthorisationDate", j);
            }));
  add("8868", {"ICPCnotRequired", "CINclosureDate", "DateOfInitialCPC"},
      "A closed episode has a section 47 enquiry with neither a conference date nor 'conference "
      "not required' (or both).",
      Pairs(kDetails, kS47, kByEpisode,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              if (!Present(a, "CINclosureDate", i)) return false;
              const bool icpc = Present(b, "DateOfInitialCPC", j);
              const bool not_required = IsTrue(S(b, "ICPCnotRequired", j));
              return icpc == not_required;
            }));
  add("2884", {"DateOfInitialCPC"},
      "An initial child protection conference is recorded both on the section 47 enquiry and on "
      "the episode; record it once.",
      Pairs(kDetails, kS47, kByChild,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              const auto x = D(a, "DateOfInitialCPC", i);
              const auto y = D(b, "DateOfInitialCPC", j);
              return x && y && *x == *y;
            }));

  // ---- Dates against the referral
  auto after_referral = [](const char* col) {
    return [col](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
      return Before(D(a, col, i), D(b, "CINreferralDate", j));
    };
  };
  add("1103", {"AssessmentActualStartDate", "CINreferralDate"},
      "The assessment starts before the referral date.",
      Pairs(kAssess, kDetails, kByEpisode, after_referral("AssessmentActualStartDate")));
  add("1104", {"CINreferralDate", "DateOfInitialCPC"},
      "The initial child protection conference is before the referral date.",
      Pairs(kS47, kDetails, kByEpisode, after_referral("DateOfInitialCPC")));
  add("1105", {"CPPstartDate", "CINreferralDate"},
      "The child protection plan starts before the referral date.",
      Pairs(kCpp, kDetails, kByEpisode, after_referral("CPPstartDate")));
  add("2889", {"S47ActualStartDate", "CINreferralDate"},
      "The section 47 enquiry starts before the referral date.",
      Pairs(kS47, kDetails, kByEpisode, after_referral("S47ActualStartDate")));
  add("4015", {"CINPlanStartDate", "CINreferralDate"},
      "The CIN plan starts before the referral date.",
      Pairs(kPlans, kDetails, kByEpisode, after_referral("CINPlanStartDate")));

  // ---- Assessments
  add("8608", {"AssessmentActualStartDate", "AssessmentAuthorisationDate"},
      "The assessment is authorised before it starts.",
      Rows(kAssess, [](const Ctx&, const Table& t, size_t i) {
        return Before(D(t, "AssessmentAuthorisationDate", i), D(t, "AssessmentActualStartDate", i));
      }));
  add("8614", {"AssessmentAuthorisationDate", "AssessmentFactors"},
      "Factors identified at assessment are given for an assessment that is not completed.",
      Rows(kAssess, [](const Ctx&, const Table& t, size_t i) {
        return !Present(t, "AssessmentAuthorisationDate", i) && Present(t, "AssessmentFactors", i);
      }));
  query("8670Q", {"AssessmentActualStartDate"},
        "The assessment started more than 45 working days before the reference date and is not "
        "completed; check.",
        Rows(kAssess, [](const Ctx& c, const Table& t, size_t i) {
          if (Present(t, "AssessmentAuthorisationDate", i)) return false;
          return Before(D(t, "AssessmentActualStartDate", i), c.WorkingBack(c.period.end, 44));
        }));
  add("8696", {"AssessmentAuthorisationDate", "ReferenceDate"},
      "The assessment authorisation date is outside the census year.",
      Rows(kAssess, [](const Ctx& c, const Table& t, size_t i) {
        const auto d = D(t, "AssessmentAuthorisationDate", i);
        const Period p = c.period;
        return d && (*d < p.start || *d > p.end);
      }));
  add("8736", {"AssessmentAuthorisationDate", "AssessmentActualStartDate"},
      "An assessment that is not completed must start within the census year.",
      Rows(kAssess, [](const Ctx& c, const Table& t, size_t i) {
        if (!Present(t, kEpisode, i) || Present(t, "AssessmentAuthorisationDate", i)) return false;
        const auto d = D(t, "AssessmentActualStartDate", i);
        const Period p = c.period;
        return !d || *d < p.start || *d > p.end;
      }));
  query("8863Q", {"AssessmentActualStartDate", "AssessmentAuthorisationDate"},
        "An assessment starts while another assessment on the episode is still going on; check.",
        SelfPairs(kAssess, kByEpisode, [](const Table& t, size_t i, size_t j, const Period& p) {
          const auto start_i = D(t, "AssessmentActualStartDate", i);
          const auto start_j = D(t, "AssessmentActualStartDate", j);
          const auto end_i = D(t, "AssessmentAuthorisationDate", i);
          const auto end_j = D(t, "AssessmentAuthorisationDate", j);
          if (start_i && start_j && *start_i == *start_j && end_i == end_j) return false;
          return StartsWithin(start_i, start_j, end_j, true, true, p.end);
        }));
  add("8896", {"AssessmentAuthorisationDate"},
      "An episode has more than one assessment that is not completed.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kAssess);
        for (const auto& [k, rows] : GroupBy(t, kByEpisode)) {
          std::vector<size_t> open;
          for (size_t i : rows) {
            if (!Present(t, "AssessmentAuthorisationDate", i)) open.push_back(i);
          }
          if (open.size() > 1) {
            for (size_t i : open) flags.Row(kAssess, i);
          }
        }
      });
  add("8869", {"AssessmentFactors"},
      "Factor code 21 (no factors identified) cannot be used with any other factor.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kAssess);
        for (const auto& [k, rows] :
             GroupBy(t, {kChild, kEpisode, "AssessmentID", "AssessmentAuthorisationDate"})) {
          bool has21 = false;
          for (size_t i : rows) {
            for (const auto& f : SplitCodes(S(t, "AssessmentFactors", i))) has21 |= f == "21";
          }
          if (!has21) continue;
          for (size_t i : rows) {
            for (const auto& f : SplitCodes(S(t, "AssessmentFactors", i))) {
              if (f != "21") flags.Row(kAssess, i);
            }
          }
        }
      });
  query("8873Q", {"ReasonForClosure", "AssessmentFactors"},
        "The episode's only assessment found no factors (21), so the reason for closure should "
        "be RC8 or RC9; check.",
        [](const Return& r, Flags& flags) {
          const Table& ass = r.Get(kAssess);
          const Table& det = r.Get(kDetails);
          const auto factors = FactorsOf(r);
          const Groups det_by = GroupBy(det, kByEpisode);
          for (const auto& [k, rows] : GroupBy(ass, kByEpisode)) {
            std::set<std::string> ids;
            for (size_t i : rows) ids.insert(std::string(S(ass, "AssessmentID", i)));
            if (ids.size() > 1) continue;
            for (size_t i : rows) {
              const auto& fs = factors(i);
              if (std::find(fs.begin(), fs.end(), "21") == fs.end()) continue;
              const auto& drows = RowsOf(det_by, k);
              bool bad = drows.empty();
              for (size_t j : drows) {
                const std::string_view rc = S(det, "ReasonForClosure", j);
                if (rc != "RC8" && rc != "RC9") {
                  flags.Row(kDetails, j);
                  bad = true;
                }
              }
              if (bad) flags.Row(kAssess, i);
            }
          }
        });
  query("8897Q", {"AssessmentAuthorisationDate", "AssessmentFactors"},
        "An assessment completed in the census year has no valid factor identified at "
        "assessment; check.",
        [](const Return& r, Flags& flags) {
          const Table& ass = r.Get(kAssess);
          const auto factors = FactorsOf(r);
          const Period p = CensusPeriod(r);
          for (size_t i = 0; i < ass.size(); ++i) {
            const auto done = D(ass, "AssessmentAuthorisationDate", i);
            if (!done || *done < p.start) continue;
            bool valid = false;
            for (const auto& f : factors(i)) valid |= OneOf(f, kAssessmentFactors);
            if (!valid || !Present(ass, "AssessmentFactors", i)) flags.Row(kAssess, i);
          }
        });
  add("8898", {"AssessmentFactors"}, "The assessment has the same factor code more than once.",
      [](const Return& r, Flags& flags) {
        const Table& ass = r.Get(kAssess);
        const auto factors = FactorsOf(r);
        for (size_t i = 0; i < ass.size(); ++i) {
          auto fs = factors(i);
          std::sort(fs.begin(), fs.end());
          if (std::adjacent_find(fs.begin(), fs.end()) != fs.end()) flags.Row(kAssess, i);
        }
      });
  query("8945Q", {"AssessmentFactors"}, "Factor code 18A is no longer used; use 18B or 18C.",
        Rows(kAssess,
             [](const Ctx&, const Table& t, size_t i) {
               for (const auto& f : SplitCodes(S(t, "AssessmentFactors", i))) {
                 if (Lower(f) == "18a") return true;
               }
               return false;
             }),
        2025);
  query("8950Q", {"AssessmentFactors"}, "Factor code 19A is no longer used; use 19B or 19C.",
        Rows(kAssess,
             [](const Ctx&, const Table& t, size_t i) {
               for (const auto& f : SplitCodes(S(t, "AssessmentFactors", i))) {
                 if (Lower(f) == "19a") return true;
               }
               return false;
             }),
        2025);
  query("2991Q", {"CINdetailsID"},
        "A section 47 enquiry is recorded on an episode with no assessment; check.",
        [](const Return& r, Flags& flags) {
          const Table& s47 = r.Get(kS47);
          const Groups ass = GroupBy(r.Get(kAssess), kByEpisode);
          for (size_t i = 0; i < s47.size(); ++i) {
            if (RowsOf(ass, KeyOf(s47, i, kByEpisode)).empty()) flags.Row(kS47, i);
          }
        });

  // ---- Section 47 enquiries
  add("8615", {"S47ActualStartDate", "DateOfInitialCPC"},
      "The initial child protection conference is before the section 47 enquiry started, or the "
      "enquiry has no start date.",
      Rows(kS47, [](const Ctx&, const Table& t, size_t i) {
        const auto start = D(t, "S47ActualStartDate", i);
        const auto icpc = D(t, "DateOfInitialCPC", i);
        return (start && icpc && *start > *icpc) || (icpc && !start);
      }));
  query("8675Q", {"DateOfInitialCPC", "S47ActualStartDate", "ICPCnotRequired"},
        "The section 47 enquiry started more than 15 working days before the reference date and "
        "has no initial conference; check.",
        Rows(kS47, [](const Ctx& c, const Table& t, size_t i) {
          if (Present(t, "DateOfInitialCPC", i) || !IsFalse(S(t, "ICPCnotRequired", i))) {
            return false;
          }
          return Before(D(t, "S47ActualStartDate", i), c.WorkingBack(c.period.end, 14));
        }));
  add("8715", {"DateOfInitialCPC", "ReferenceDate"},
      "The initial child protection conference is outside the census year.",
      Rows(kS47, [](const Ctx& c, const Table& t, size_t i) {
        const auto d = D(t, "DateOfInitialCPC", i);
        const Period p = c.period;
        return d && (*d < p.start || *d > p.end);
      }));
  add("8740", {"S47ActualStartDate", "DateOfInitialCPC", "ICPCnotRequired"},
      "A section 47 enquiry with no conference by the end of the year must start within the "
      "census year.",
      Rows(kS47, [](const Ctx& c, const Table& t, size_t i) {
        if (Present(t, "DateOfInitialCPC", i) || !IsFalse(S(t, "ICPCnotRequired", i))) {
          return false;
        }
        const auto d = D(t, "S47ActualStartDate", i);
        const Period p = c.period;
        return d && (*d < p.start || *d > p.end);
      }));
  add("8839", {"DateOfInitialCPC"}, "An episode has more than one open section 47 enquiry.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kS47);
        for (const auto& [k, rows] : GroupBy(t, kByEpisode)) {
          std::vector<size_t> open;
          for (size_t i : rows) {
            if (!Present(t, "DateOfInitialCPC", i) && !IsTrue(S(t, "ICPCnotRequired", i))) {
              open.push_back(i);
            }
          }
          if (open.size() > 1) {
            for (size_t i : open) flags.Row(kS47, i);
          }
        }
      });
  query("8870Q", {"InitialCPCtarget"},
        "The target date for the initial conference is at a weekend; check.",
        Rows(kS47, [](const Ctx&, const Table& t, size_t i) {
          const auto d = AnyDate(t, "InitialCPCtarget", i);
          return d && d->IsWeekend();
        }));
  add("8875", {"DateOfInitialCPC"}, "The initial child protection conference is at a weekend.",
      Rows(kS47, [](const Ctx&, const Table& t, size_t i) {
        const auto d = D(t, "DateOfInitialCPC", i);
        return d && d->IsWeekend();
      }));
  add("8890", {"S47ActualStartDate"},
      "A section 47 enquiry starts while another on the episode is still going on.",
      SelfPairs(kS47, kByEpisode, [](const Table& t, size_t i, size_t j, const Period& p) {
        const auto start_i = D(t, "S47ActualStartDate", i);
        const auto start_j = D(t, "S47ActualStartDate", j);
        const auto end_i = D(t, "DateOfInitialCPC", i);
        const auto end_j = D(t, "DateOfInitialCPC", j);
        if (start_i && start_j && *start_i == *start_j && end_i == end_j) return false;
        return StartsWithin(start_i, start_j, end_j, !IsTrue(S(t, "ICPCnotRequired", j)), true,
                            p.end);
      }));

  // ---- Child protection plans
  add("2883", {"CPPstartDate", "DateOfInitialCPC"},
      "More child protection plans start in the year than initial conferences take place.",
      [](const Return& r, Flags& flags) {
        const Period p = CensusPeriod(r);
        auto count = [&](const char* table, const char* col) {
          const Table& t = r.Get(table);
          size_t n = 0;
          for (size_t i = 0; i < t.size(); ++i) {
            const auto d = D(t, col, i);
            n += d && *d >= p.start && *d <= p.end ? 1 : 0;
          }
          return n;
        };
        if (count(kCpp, "CPPstartDate") >
            count(kDetails, "DateOfInitialCPC") + count(kS47, "DateOfInitialCPC")) {
          flags.Whole();
        }
      });
  add("2885", {"CPPstartDate", "DateOfInitialCPC"},
      "A child protection plan starts on a different day from the initial conference.",
      [](const Return& r, Flags& flags) {
        const Table& cpp = r.Get(kCpp);
        const Table& s47 = r.Get(kS47);
        const Table& det = r.Get(kDetails);
        const Period p = CensusPeriod(r);
        Groups s47_by;  // enquiries that needed a conference
        for (size_t j = 0; j < s47.size(); ++j) {
          if (!IsTrue(S(s47, "ICPCnotRequired", j))) s47_by[KeyOf(s47, j, kByEpisode)].push_back(j);
        }
        const Groups det_by = GroupBy(det, kByEpisode);
        // For each episode, whether some plan in it matches a conference, per source.
        std::map<std::string, std::vector<size_t>> plans;
        for (size_t i = 0; i < cpp.size(); ++i) {
          const auto start = D(cpp, "CPPstartDate", i);
          if (start && *start >= p.start && *start <= p.end) {
            plans[KeyOf(cpp, i, kByEpisode)].push_back(i);
          }
        }
        for (const auto& [key, rows] : plans) {
          const bool via_s47 = !RowsOf(s47_by, key).empty();
          const Table& src = via_s47 ? s47 : det;
          const auto& srows = via_s47 ? RowsOf(s47_by, key) : RowsOf(det_by, key);
          bool any_match = false;
          for (size_t i : rows) {
            const auto start = D(cpp, "CPPstartDate", i);
            bool matched = false;
            for (size_t j : srows) {
              const auto icpc = D(src, "DateOfInitialCPC", j);
              matched |= icpc && *icpc == *start;
            }
            any_match |= matched;
            if (!matched) flags.Row(kCpp, i);
          }
          if (!any_match) {
            for (size_t j : srows) flags.Row(via_s47 ? kS47 : kDetails, j);
          }
        }
      });
  add("8720", {"CPPstartDate", "ReferenceDate"},
      "The child protection plan start date is missing or after the reference date.",
      Rows(kCpp, [](const Ctx& c, const Table& t, size_t i) {
        if (!Present(t, "CPPID", i)) return false;
        const auto d = D(t, "CPPstartDate", i);
        return !d || *d > c.period.end;
      }));
  add("8730", {"NumberOfPreviousCPP"},
      "The number of previous child protection plans is missing or not a whole number.",
      IntegerIn(kCpp, "NumberOfPreviousCPP", 0, 1000000, Absent::kFlagged));
  add("8840", {"CPPstartDate", "CPPendDate"},
      "A child protection plan cannot start and end on the same day.",
      Rows(kCpp, [](const Ctx&, const Table& t, size_t i) {
        const auto a = D(t, "CPPstartDate", i);
        const auto b = D(t, "CPPendDate", i);
        return a && b && *a == *b;
      }));
  add("8841", {"CPPstartDate", "CPPreviewDate"},
      "A review is on or before the day the child protection plan started.",
      Pairs(kCpp, kReviews, {kChild, kEpisode, "CPPID"},
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              const auto start = D(a, "CPPstartDate", i);
              const auto review = D(b, "CPPreviewDate", j);
              return start && review && *review <= *start;
            }));
  query("8842Q", {"CPPreviewDate"}, "A review has no date; check.",
        Rows(kReviews, [](const Ctx&, const Table& t, size_t i) {
          return !D(t, "CPPreviewDate", i).has_value();
        }));
  add("8905", {"InitialCategoryOfAbuse"},
      "The initial category of abuse is missing or not a valid code.",
      CodeIn(kCpp, "InitialCategoryOfAbuse", kCategoryOfAbuse, Absent::kFlagged));
  add("8910", {"LatestCategoryOfAbuse"},
      "The latest category of abuse is missing or not a valid code.",
      CodeIn(kCpp, "LatestCategoryOfAbuse", kCategoryOfAbuse, Absent::kFlagged));
  add("8915", {"CPPstartDate", "PersonDeathDate"},
      "The child protection plan starts after the child's date of death.",
      Pairs(kCpp, kIds, kByChild,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              return Before(D(b, "PersonDeathDate", j), D(a, "CPPstartDate", i));
            }));
  add("8920", {"PersonDeathDate", "CPPendDate"},
      "The child protection plan ends after the child's date of death.",
      Pairs(kCpp, kIds, kByChild,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              return Before(D(b, "PersonDeathDate", j), D(a, "CPPendDate", i));
            }));
  add("8925", {"CPPstartDate", "CPPendDate"}, "The child protection plan ends before it starts.",
      Rows(kCpp, [](const Ctx&, const Table& t, size_t i) {
        return Before(D(t, "CPPendDate", i), D(t, "CPPstartDate", i));
      }));
  add("8930", {"CPPendDate", "ReferenceDate"},
      "The child protection plan end date is outside the census year.",
      Rows(kCpp, [](const Ctx& c, const Table& t, size_t i) {
        const auto d = D(t, "CPPendDate", i);
        const Period p = c.period;
        return d && (*d < p.start || *d > p.end);
      }));
  add("8935", {"CPPendDate"}, "The child has more than one open child protection plan.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kCpp);
        for (const auto& [k, rows] : ChildRows(t)) {
          std::vector<size_t> open;
          for (size_t i : rows) {
            if (!Present(t, "CPPendDate", i)) open.push_back(i);
          }
          if (open.size() > 1) {
            for (size_t i : open) flags.Row(kCpp, i);
          }
        }
      });
  add("8940", {"CPPstartDate", "CPPendDate"}, "The child's child protection plans overlap.",
      SelfPairs(kCpp, kByChild, [](const Table& t, size_t i, size_t j, const Period& p) {
        if (S(t, kEpisode, i) == S(t, kEpisode, j) && S(t, "CPPID", i) == S(t, "CPPID", j)) {
          return false;
        }
        return StartsWithin(D(t, "CPPstartDate", i), D(t, "CPPstartDate", j), D(t, "CPPendDate", j),
                            true, true, p.end);
      }));

  // ---- CIN plans
  add("4000", {"ReferralNFA"}, "A referral marked no further action has CIN plan dates.",
      Pairs(kDetails, kPlans, kByEpisode,
            [](const Ctx&, const Table& a, size_t i, const Table&, size_t) {
              return IsTrue(S(a, "ReferralNFA", i));
            }));
  add("4001", {"CINPlanEndDate", "CPPendDate"},
      "A CIN plan cannot be open at the same time as a child protection plan.",
      Pairs(kCpp, kPlans, kByEpisode,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              return !Present(a, "CPPendDate", i) && D(b, "CINPlanStartDate", j) &&
                     !Present(b, "CINPlanEndDate", j);
            }));
  add("4003", {"CINPlanStartDate", "CINPlanEndDate", "CPPreviewDate"},
      "A child protection review is held while a CIN plan is open.",
      [](const Return& r, Flags& flags) {
        const Table& plans = r.Get(kPlans);
        const Table& cpp = r.Get(kCpp);
        const Table& rev = r.Get(kReviews);
        const Groups plans_by = ChildRows(plans);
        const Groups cpp_by = GroupBy(cpp, {kChild, kEpisode, "CPPID"});
        for (size_t k = 0; k < rev.size(); ++k) {
          const auto review = D(rev, "CPPreviewDate", k);
          if (!review) continue;
          // The review's plan, for its end date.
          std::vector<size_t> owners = RowsOf(cpp_by, KeyOf(rev, k, {kChild, kEpisode, "CPPID"}));
          for (size_t i : owners) {
            const auto cpp_end = D(cpp, "CPPendDate", i);
            if (cpp_end && *cpp_end == *review) continue;  // the review that ended the plan
            for (size_t j : RowsOf(plans_by, KeyOf(rev, k, kByChild))) {
              const auto start = D(plans, "CINPlanStartDate", j);
              const auto end = D(plans, "CINPlanEndDate", j);
              if (start && end && *review >= *start && *review < *end) {
                flags.Row(kReviews, k);
                flags.Row(kPlans, j);
                flags.Row(kCpp, i);
              }
            }
          }
        }
      });
  add("4004", {"CINPlanEndDate"}, "The episode has more than one open CIN plan.",
      [](const Return& r, Flags& flags) {
        const Table& t = r.Get(kPlans);
        for (const auto& [k, rows] : GroupBy(t, kByEpisode)) {
          size_t open = 0;
          for (size_t i : rows) open += Present(t, "CINPlanEndDate", i) ? 0 : 1;
          if (open > 1) {
            for (size_t i : rows) flags.Row(kPlans, i);
          }
        }
      });
  add("4008", {"PersonDeathDate", "CINPlanStartDate"},
      "The CIN plan starts after the child's date of death.",
      Pairs(kIds, kPlans, kByChild,
            [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
              return Before(D(a, "PersonDeathDate", i), D(b, "CINPlanStartDate", j));
            }));
  query("4009Q", {"PersonDeathDate", "CINPlanEndDate"},
        "The CIN plan ends after the child's date of death; check.",
        Pairs(kIds, kPlans, kByChild,
              [](const Ctx&, const Table& a, size_t i, const Table& b, size_t j) {
                return Before(D(a, "PersonDeathDate", i), D(b, "CINPlanEndDate", j));
              }));
  add("4010", {"CINPlanStartDate"}, "The CIN plan start date is missing or after the census year.",
      Rows(kPlans, [](const Ctx& c, const Table& t, size_t i) {
        const auto d = D(t, "CINPlanStartDate", i);
        return !d || *d > c.period.end;
      }));
  add("4011", {"CINPlanEndDate", "CINPlanStartDate"}, "The CIN plan ends before it starts.",
      Rows(kPlans, [](const Ctx&, const Table& t, size_t i) {
        return Before(D(t, "CINPlanEndDate", i), D(t, "CINPlanStartDate", i));
      }));
  query("4012Q", {"CINPlanStartDate", "CINPlanEndDate"},
        "The CIN plan starts and ends on the same day; check.",
        Rows(kPlans, [](const Ctx&, const Table& t, size_t i) {
          const auto a = D(t, "CINPlanStartDate", i);
          const auto b = D(t, "CINPlanEndDate", i);
          return a && b && *a == *b;
        }));
  add("4013", {"CINPlanEndDate", "ReferenceDate"},
      "The CIN plan end date is outside the census year.",
      Rows(kPlans, [](const Ctx& c, const Table& t, size_t i) {
        const auto d = D(t, "CINPlanEndDate", i);
        const Period p = c.period;
        return d && (*d < p.start || *d > p.end);
      }));
  add("4014", {"CINPlanStartDate", "CINPlanEndDate"}, "The child's CIN plans overlap.",
      SelfPairs(kPlans, kByChild, [](const Table& t, size_t i, size_t j, const Period& p) {
        return StartsWithin(D(t, "CINPlanStartDate", i), D(t, "CINPlanStartDate", j),
                            D(t, "CINPlanEndDate", j), true, true, p.end);
      }));
  add("4016", {"CINPlanStartDate", "CPPstartDate", "CPPendDate"},
      "A CIN plan starts while a child protection plan is open.",
      Pairs(kPlans, kCpp, kByChild,
            [](const Ctx& c, const Table& a, size_t i, const Table& b, size_t j) {
              return StartsWithin(D(a, "CINPlanStartDate", i), D(b, "CPPstartDate", j),
                                  D(b, "CPPendDate", j), true, false, c.period.end);
            }));
  add("4017", {"CINPlanStartDate", "CINPlanEndDate", "CPPstartDate"},
      "A child protection plan starts while a CIN plan is open.",
      Pairs(kCpp, kPlans, kByChild,
            [](const Ctx& c, const Table& a, size_t i, const Table& b, size_t j) {
              return StartsWithin(D(a, "CPPstartDate", i), D(b, "CINPlanStartDate", j),
                                  D(b, "CINPlanEndDate", j), true, false, c.period.end);
            }));
}

}  // namespace haven::returns::cin
