// SSDA903 rules 301-399.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

namespace {

using Fields = std::vector<std::string>;
using Keys = KeySet;
using ByChild = KeyMap<std::vector<size_t>>;

// A child id as rules match them across tables.
std::string Key(CellView c) { return std::string(Trimmed(c)); }
// A cell with no value at all; an empty string counts as a value, as in the DfE tools.
bool Null(CellView c) { return !c.has_value(); }
bool Is(CellView c, std::string_view v) { return c.has_value() && SameText(*c, v); }
bool IsAnyOf(CellView c, CodeList codes) { return c.has_value() && OneOf(*c, codes); }
std::string Upper(CellView c) {
  std::string s(c.value_or(""));
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}
// A birthday: `n` years after `d` (29 February falls back to the 28th).
Date Years(Date d, int n) { return d.AddMonths(12 * n); }

const Codes kTemporary = {"T0", "T1", "T2", "T3", "T4"};
const Codes kShortBreak = {"V3", "V4"};
const Codes kAdopted = {"E11", "E12"};
const Codes kPlacedForAdoption = {"A3", "A4", "A5", "A6"};

// A memo key for a value worked out from table `t` (tables stay put while the rules run).
std::string MemoKey(std::string_view what, const Table& t) {
  return std::string(what) + "@" + std::to_string(reinterpret_cast<uintptr_t>(&t));
}

// The rows of `t` that name a child, by child, in the order given; worked out once per
// validation.
const ByChild& Children(const Return& r, const Table& t) {
  return r.memo.Get<ByChild>(MemoKey("c.Children", t), [&] {
    ByChild out;
    for (size_t i = 0; i < t.size(); ++i) {
      CellView c = t.At("CHILD", i);
      if (!Null(c)) out[Key(c)].push_back(i);
    }
    return out;
  });
}

// As Children, each child's rows ordered by the date in `field`; rows without a valid date go
// last (or, given `missing`, count as that date). Rows with equal dates keep their order.
const ByChild& ChildrenByDate(const Return& r, const Table& t, std::string_view field,
                              std::optional<Date> missing = std::nullopt) {
  std::string key = MemoKey("c.ChildrenByDate", t) + ":" + std::string(field);
  if (missing) key += ":" + std::to_string(missing->days());
  return r.memo.Get<ByChild>(key, [&] {
    ByChild out = Children(r, t);
    for (auto& [child, rows] : out) {
      std::vector<std::pair<std::optional<Date>, size_t>> keyed;
      for (size_t i : rows) {
        auto d = t.DateAt(field, i);
        keyed.emplace_back(d ? d : missing, i);
      }
      std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        if (a.first && b.first) return *a.first < *b.first;
        return a.first.has_value() && !b.first.has_value();
      });
      for (size_t k = 0; k < keyed.size(); ++k) rows[k] = keyed[k].second;
    }
    return out;
  });
}

// The row among `rows` with the earliest (or latest) valid date in `field`; the first such row on
// a tie. nullopt when none has a valid date.
std::optional<size_t> Extreme(const Table& t, const std::vector<size_t>& rows,
                              std::string_view field, bool latest) {
  std::optional<size_t> best;
  std::optional<Date> best_date;
  for (size_t i : rows) {
    const auto d = t.DateAt(field, i);
    if (!d) continue;
    if (!best_date || (latest ? *d > *best_date : *d < *best_date)) {
      best = i;
      best_date = d;
    }
  }
  return best;
}

// The rows of `t` for `child` (none when the child is absent).
const std::vector<size_t>& RowsOf(const ByChild& by, CellView child) {
  static const std::vector<size_t> kNone;
  if (Null(child)) return kNone;
  const auto it = by.find(Trimmed(child));
  return it == by.end() ? kNone : it->second;
}

// Flags each row of `table` for which `bad(return, table, row)` holds, when the table is present.
template <typename Bad>
Check EachRow(std::string table, Bad bad) {
  return [table = std::move(table), bad](const Return& r, Flags& flags) {
    if (!r.Has(table)) return;
    const Table& t = r.Get(table);
    for (size_t i = 0; i < t.size(); ++i) {
      if (bad(r, t, i)) flags.Row(table, i);
    }
  };
}

// Flags each episode for which `bad(return, episodes, row, dob)` holds for some valid date of
// birth the Header gives its child; needs Episodes and Header.
template <typename Bad>
Check EachEpisodeWithDob(Bad bad) {
  return [bad](const Return& r, Flags& flags) {
    if (!r.Has("Episodes") || !r.Has("Header")) return;
    const Table& e = r.Get("Episodes");
    const Table& h = r.Get("Header");
    const ByChild& headers = Children(r, h);
    for (size_t i = 0; i < e.size(); ++i) {
      for (size_t j : RowsOf(headers, e.At("CHILD", i))) {
        const auto dob = h.DateAt("DOB", j);
        if (dob && bad(r, e, i, *dob)) {
          flags.Row("Episodes", i);
          break;
        }
      }
    }
  };
}

// Rules 370-374: a child in placement `place` must have been `years` old when it began. Only
// episodes with a valid end date are judged, as in the DfE's tool.
Check TooYoungFor(std::string place, int years) {
  return EachEpisodeWithDob([place = std::move(place), years](const Return&, const Table& e,
                                                              size_t i, Date dob) {
    const auto decom = e.DateAt("DECOM", i);
    return Is(e.At("PLACE", i), place) && decom && e.DateAt("DEC", i) && *decom < Years(dob, years);
  });
}

// Rules 375, 376, 379: a temporary placement `place` must last no more than `days` days.
Check LastsTooLong(std::string place, int days) {
  return EachRow(
      "Episodes", [place = std::move(place), days](const Return&, const Table& e, size_t i) {
        const auto decom = e.DateAt("DECOM", i);
        const auto dec = e.DateAt("DEC", i);
        return Is(e.At("PLACE", i), place) && decom && dec && *dec > decom->AddDays(days);
      });
}

// The end of an episode for measuring it: its end date, or the end of the collection year when
// it is open (or, with `invalid_open`, when its end date is not a valid date).
std::optional<Date> EndOrYearEnd(const Return& r, const Table& e, size_t i, bool invalid_open) {
  CellView dec = e.At("DEC", i);
  if (Null(dec)) return r.end;
  const auto d = CellDate(dec);
  if (!d && invalid_open) return r.end;
  return d;
}

// Rules 361, 362: a run of episodes under legal status `ls`, each starting the day the one before
// it ended, must span no more than `days` days (open episodes run to the end of the year).
Check StatusSpanTooLong(std::string ls, int days) {
  return [ls = std::move(ls), days](const Return& r, Flags& flags) {
    if (!r.Has("Episodes")) return;
    const Table& e = r.Get("Episodes");
    for (const auto& [child, rows] : ChildrenByDate(r, e, "DECOM")) {
      std::vector<size_t> run;
      Date first, last;
      auto close = [&] {
        if (!run.empty() && DaysBetween(first, last) > days) {
          for (size_t i : run) flags.Row("Episodes", i);
        }
        run.clear();
      };
      for (size_t i : rows) {
        const auto decom = e.DateAt("DECOM", i);
        if (!Is(e.At("LS", i), ls) || !decom) {
          close();
          continue;
        }
        const Date end = *EndOrYearEnd(r, e, i, true);
        const bool joins = !run.empty() && *EndOrYearEnd(r, e, run.back(), true) == *decom;
        if (!joins) {
          close();
          first = *decom;
          last = end;
        } else {
          first = std::min(first, *decom);
          last = std::max(last, end);
        }
        run.push_back(i);
      }
      close();
    }
  };
}

// Rules 363, 364: episodes under legal status `ls` that overlap or follow on one another make one
// period, whose days together must be no more than `days` (open episodes run to the year end).
Check StatusDaysTooMany(std::string ls, int days) {
  return [ls = std::move(ls), days](const Return& r, Flags& flags) {
    if (!r.Has("Episodes")) return;
    const Table& e = r.Get("Episodes");
    for (const auto& [child, rows] : ChildrenByDate(r, e, "DECOM")) {
      std::vector<size_t> period;
      long total = 0;
      std::optional<Date> prev_end;
      auto close = [&] {
        if (total > days) {
          for (size_t i : period) flags.Row("Episodes", i);
        }
        period.clear();
        total = 0;
      };
      for (size_t i : rows) {
        const auto decom = e.DateAt("DECOM", i);
        if (!Is(e.At("LS", i), ls) || !decom) continue;
        if (!period.empty() && prev_end && *decom > *prev_end) close();
        const auto end = EndOrYearEnd(r, e, i, false);
        if (end) total += DaysBetween(*decom, *end);
        prev_end = end;
        period.push_back(i);
      }
      close();
    }
  };
}

// Children recorded as UASC this year or last: UASC "1" in the Header (or, with no Header, a row
// of the UASC table with anything filled in), likewise for last year. nullopt when neither year
// says anything about UASC.
std::optional<Keys> UascChildren(const Return& r) {
  bool known = false;
  Keys out;
  auto add = [&](const char* header, const char* uasc) {
    if (r.Has(header)) {
      const Table& h = r.Get(header);
      if (!h.Has("UASC")) return;
      known = true;
      for (size_t i = 0; i < h.size(); ++i) {
        if (Is(h.At("UASC", i), "1")) out.insert(Key(h.At("CHILD", i)));
      }
    } else if (r.Has(uasc)) {
      known = true;
      const Table& u = r.Get(uasc);
      for (size_t i = 0; i < u.size(); ++i) {
        for (const auto& col : u.columns()) {
          if (col != "CHILD" && !Null(u.At(col, i))) {
            out.insert(Key(u.At("CHILD", i)));
            break;
          }
        }
      }
    }
  };
  add("Header", "UASC");
  add("Header_last", "UASC_last");
  if (!known) return std::nullopt;
  return out;
}

// A postcode as compared: capitals, no spaces.
std::string Postcode(CellView c) {
  std::string out;
  for (char ch : c.value_or("")) {
    if (ch != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return out;
}

// True when the cell is a number equal to 1 ("1", "1.0").
bool NumberOne(CellView c) {
  const std::string_view v = Trimmed(c);
  double d = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  return !v.empty() && ec == std::errc() && p == v.data() + v.size() && d == 1.0;
}

}  // namespace

void AddRulesC(std::vector<Rule>& rules) {
  auto add = [&rules](std::string code, Fields fields, std::string message, Check check,
                      int first = 2023, int last = 9999) {
    rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message),
                             std::move(check), first, last));
  };

  // --- Dates of birth and UASC status.
  add("301", {"DOB"}, "The date of birth is after the end of the collection year.",
      EachRow("Header", [](const Return& r, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        return dob && *dob > r.end;
      }));
  add("302", {"DECOM", "DOB"}, "The child's first episode began before the child was born.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("Episodes")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const ByChild& headers = Children(r, h);
        for (const auto& [child, rows] : Children(r, e)) {
          const auto first = Extreme(e, rows, "DECOM", false);
          if (!first) continue;
          const Date decom = *e.DateAt("DECOM", *first);
          for (size_t j : RowsOf(headers, e.At("CHILD", *first))) {
            const auto dob = h.DateAt("DOB", j);
            if (dob && *dob > decom) {
              flags.Row("Episodes", *first);
              flags.Row("Header", j);
            }
          }
        }
      });
  add("303", {"DUC", "UASC"},
      "A date UASC status ceased is given, so the child's UASC status must be 1.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("UASC") || !r.Has("Header") || !r.Get("Header").Has("UASC")) return;
        const Table& u = r.Get("UASC");
        const Table& h = r.Get("Header");
        const ByChild& uascs = Children(r, u);
        for (size_t j = 0; j < h.size(); ++j) {
          if (NumberOne(h.At("UASC", j))) continue;
          for (size_t i : RowsOf(uascs, h.At("CHILD", j))) {
            if (!Null(u.At("DUC", i))) {
              flags.Row("UASC", i);
              flags.Row("Header", j);
            }
          }
        }
      });
  add("304", {"DUC"}, "The date UASC status ceased is after the child's 18th birthday.",
      EachRow("UASC", [](const Return&, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        const auto duc = t.DateAt("DUC", i);
        return dob && duc && *duc > Years(*dob, 18);
      }));
  add("351", {"DOB"}, "The child was over 25 at the start of the collection year.",
      EachRow("Header", [](const Return& r, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        return dob && r.start > Years(*dob, 25);
      }));

  // --- Adoption.
  add("331", {"DATE_MATCH", "DECOM", "REC"},
      "The child was matched with the adopters after the adoption placement began.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("AD1") || !r.Has("Episodes")) return;
        const Table& a = r.Get("AD1");
        const Table& e = r.Get("Episodes");
        const ByChild& ad1 = Children(r, a);
        for (size_t i = 0; i < e.size(); ++i) {
          const auto decom = e.DateAt("DECOM", i);
          if (!IsAnyOf(e.At("REC", i), kAdopted) || !decom) continue;
          for (size_t j : RowsOf(ad1, e.At("CHILD", i))) {
            const auto match = a.DateAt("DATE_MATCH", j);
            if (match && *match > *decom) {
              flags.Row("Episodes", i);
              flags.Row("AD1", j);
            }
          }
        }
      });
  add("333", {"DATE_INT"},
      "A match date is given, so the date the child should be placed for adoption must be "
      "given and on or before it.",
      EachRow("AD1", [](const Return&, const Table& t, size_t i) {
        const auto match = t.DateAt("DATE_MATCH", i);
        const auto intended = t.DateAt("DATE_INT", i);
        return match && (!intended || *intended > *match);
      }));
  add("334", {"DATE_INT", "DECOM", "RNE"},
      "The decision that the child should be placed for adoption is dated before the latest "
      "period of care began.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("AD1")) return;
        const Table& e = r.Get("Episodes");
        const Table& a = r.Get("AD1");
        const ByChild& ad1 = Children(r, a);
        for (const auto& [child, rows] : Children(r, e)) {
          std::vector<size_t> starts;
          for (size_t i : rows) {
            if (Is(e.At("RNE", i), "S")) starts.push_back(i);
          }
          const auto latest = Extreme(e, starts, "DECOM", true);
          if (!latest) continue;
          const Date decom = *e.DateAt("DECOM", *latest);
          for (size_t j : RowsOf(ad1, e.At("CHILD", *latest))) {
            const auto intended = a.DateAt("DATE_INT", j);
            if (intended && *intended < decom) {
              flags.Row("Episodes", *latest);
              flags.Row("AD1", j);
            }
          }
        }
      });
  add("335", {"PLACE", "FOSTER_CARE"},
      "Whether the adopters were the child's foster carers does not agree with the adoption "
      "placement type.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("AD1")) return;
        const Table& e = r.Get("Episodes");
        const Table& a = r.Get("AD1");
        const ByChild& ad1 = Children(r, a);
        for (size_t i = 0; i < e.size(); ++i) {
          if (!IsAnyOf(e.At("REC", i), {"E1", "E11", "E12"})) continue;
          CellView place = e.At("PLACE", i);
          for (size_t j : RowsOf(ad1, e.At("CHILD", i))) {
            CellView fc = a.At("FOSTER_CARE", j);
            if ((IsAnyOf(place, {"A2", "A3", "A5"}) && Is(fc, "0")) ||
                (IsAnyOf(place, {"A1", "A4", "A6"}) && Is(fc, "1"))) {
              flags.Row("Episodes", i);
              flags.Row("AD1", j);
            }
          }
        }
      });
  add("336", {"PLACE"},
      "The placement before this placement for adoption was not a foster placement.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Table& e = r.Get("Episodes");
        const Codes before = {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"};
        for (const auto& [child, rows] : ChildrenByDate(r, e, "DECOM")) {
          for (size_t k = 1; k < rows.size(); ++k) {
            if (IsAnyOf(e.At("PLACE", rows[k]), {"A3", "A4"}) &&
                !IsAnyOf(e.At("PLACE", rows[k - 1]), before)) {
              flags.Row("Episodes", rows[k]);
            }
          }
        }
      });
  add("390", {"PLACE", "REC"},
      "The episode ended in adoption but the child was not placed for adoption.",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        return IsAnyOf(e.At("REC", i), kAdopted) && !IsAnyOf(e.At("PLACE", i), kPlacedForAdoption);
      }));

  // --- Care leavers.
  add("344", {"IN_TOUCH", "ACTIV", "ACCOM"},
      "The young person has died or returned home, so activity and accommodation must be 0.",
      EachRow("OC3", [](const Return&, const Table& t, size_t i) {
        return IsAnyOf(t.At("IN_TOUCH", i), {"DIED", "RHOM"}) &&
               (!Is(t.At("ACTIV", i), "0") || !Is(t.At("ACCOM", i), "0"));
      }));
  add("345", {"IN_TOUCH", "ACTIV", "ACCOM"},
      "The authority is in touch with the young person, so activity and accommodation must "
      "not be 0.",
      EachRow("OC3", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("IN_TOUCH", i), "YES") &&
               (Is(t.At("ACTIV", i), "0") || Is(t.At("ACCOM", i), "0"));
      }));
  add("347", {"PLACE", "DEC", "URN"}, "A care leaver under 18 cannot be living in a foyer.",
      EachRow("OC3",
              [](const Return& r, const Table& t, size_t i) {
                const auto dob = t.DateAt("DOB", i);
                CellView accom = t.At("ACCOM", i);
                return dob && accom && !accom->empty() && (*accom)[0] == 'T' &&
                       Years(*dob, 18) > r.start;
              }),
      2024);
  add(
      "348", {"IN_TOUCH"}, "Last year's return recorded that this care leaver had died.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("OC3") || !r.Has("OC3_last")) return;
        const Table& t = r.Get("OC3");
        const Table& last = r.Get("OC3_last");
        const ByChild& before = Children(r, last);
        for (size_t i = 0; i < t.size(); ++i) {
          if (Is(t.At("IN_TOUCH", i), "DIED")) continue;
          for (size_t j : RowsOf(before, t.At("CHILD", i))) {
            if (Is(last.At("IN_TOUCH", j), "DIED")) {
              flags.Row("OC3", i);
              break;
            }
          }
        }
      },
      2026);
  add("391", {"DOB", "IN_TOUCH", "ACTIV", "ACCOM"},
      "Care leaver information is given but the young person was not yet 17 by the end of "
      "the collection year.",
      EachRow("OC3", [](const Return& r, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        return dob && Years(*dob, 17) > r.end &&
               (!Null(t.At("IN_TOUCH", i)) || !Null(t.At("ACTIV", i)) || !Null(t.At("ACCOM", i)));
      }));

  // --- Episode dates and ages.
  add("352", {"DECOM", "RNE"}, "The child was 18 or over when the period of care began.",
      EachEpisodeWithDob([](const Return&, const Table& e, size_t i, Date dob) {
        const auto decom = e.DateAt("DECOM", i);
        return Upper(e.At("RNE", i)) == "S" && decom && Years(dob, 18) <= *decom;
      }));
  add("353", {"DECOM"}, "The episode began before 14 October 1991.",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        const auto decom = e.DateAt("DECOM", i);
        return decom && *decom < Date::FromYmd(1991, 10, 14);
      }));
  add("354", {"DECOM"}, "The episode began after the end of the collection year.",
      EachRow("Episodes", [](const Return& r, const Table& e, size_t i) {
        const auto decom = e.DateAt("DECOM", i);
        return decom && *decom > r.end;
      }));
  add("355", {"DECOM", "DEC"}, "The episode began and ended on the same day.",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        CellView decom = e.At("DECOM", i);
        CellView dec = e.At("DEC", i);
        return !Blank(decom) && !Blank(dec) && *decom == *dec;
      }));
  add("356", {"DECOM"}, "The episode ended before it began.",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        const auto decom = e.DateAt("DECOM", i);
        const auto dec = e.DateAt("DEC", i);
        return decom && dec && *dec < *decom;
      }));
  add("357", {"RNE"},
      "The child's first episode began in this collection year, so the reason for the new "
      "episode must be S.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Table& e = r.Get("Episodes");
        for (const auto& [child, rows] : Children(r, e)) {
          const auto first = Extreme(e, rows, "DECOM", false);
          if (first && *e.DateAt("DECOM", *first) >= r.start && !Is(e.At("RNE", *first), "S")) {
            flags.Row("Episodes", *first);
          }
        }
      });
  add("358", {"DECOM", "DOB", "LS"},
      "The child was under 10 when the episode under a youth justice legal status began.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const ByChild& headers = Children(r, h);
        for (size_t i = 0; i < e.size(); ++i) {
          const auto decom = e.DateAt("DECOM", i);
          if (!IsAnyOf(e.At("LS", i), {"J1", "J2", "J3"}) || !decom) continue;
          for (size_t j : RowsOf(headers, e.At("CHILD", i))) {
            const auto dob = h.DateAt("DOB", j);
            if (dob && Years(*dob, 10) >= *decom) {
              flags.Row("Episodes", i);
              flags.Row("Header", j);
            }
          }
        }
      });
  add("359", {"DEC", "LS", "PLACE"},
      "The child is 18 or over and still looked after, so must be accommodated under "
      "section 20(5) (V2) in a community home (K2).",
      EachEpisodeWithDob([](const Return& r, const Table& e, size_t i, Date dob) {
        return Years(dob, 18) < r.end && Null(e.At("DEC", i)) &&
               !(Is(e.At("LS", i), "V2") && Is(e.At("PLACE", i), "K2"));
      }));
  add("385", {"DEC"}, "The episode ended after the end of the collection year.",
      EachRow("Episodes", [](const Return& r, const Table& e, size_t i) {
        const auto dec = e.DateAt("DEC", i);
        return dec && *dec > r.end;
      }));
  add("386", {"REC"}, "The episode ended in adoption but the child was 18 or over by then.",
      EachEpisodeWithDob([](const Return&, const Table& e, size_t i, Date dob) {
        const auto dec = e.DateAt("DEC", i);
        const std::string rec = Upper(e.At("REC", i));
        return (rec == "E11" || rec == "E12") && dec && Years(dob, 18) <= *dec;
      }));
  add("387", {"REC"},
      "The episode ended with a move to independent living but the child was under 14.",
      EachEpisodeWithDob([](const Return&, const Table& e, size_t i, Date dob) {
        const auto dec = e.DateAt("DEC", i);
        const std::string rec = Upper(e.At("REC", i));
        return (rec == "E5" || rec == "E6") && dec && Years(dob, 14) > *dec;
      }));
  add("389", {"REC"},
      "The episode ended with a transfer to adult social care but the child was under 16.",
      EachEpisodeWithDob([](const Return&, const Table& e, size_t i, Date dob) {
        const auto dec = e.DateAt("DEC", i);
        return Upper(e.At("REC", i)) == "E7" && dec && Years(dob, 16) > *dec;
      }));
  add("388", {"REC"},
      "The reason the episode ended does not agree with whether a new episode follows on the "
      "same day.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Table& e = r.Get("Episodes");
        // An episode without a valid start date sorts first, as the DfE's tool does.
        for (const auto& [child, rows] : ChildrenByDate(r, e, "DECOM", Date::FromYmd(1901, 1, 1))) {
          for (size_t k = 0; k < rows.size(); ++k) {
            const size_t i = rows[k];
            const auto dec = e.DateAt("DEC", i);
            if (!dec) continue;
            CellView rec = e.At("REC", i);
            if (k + 1 == rows.size()) {
              if (Is(rec, "X1")) flags.Row("Episodes", i);
              continue;
            }
            const Date next = e.DateAt("DECOM", rows[k + 1]).value_or(Date::FromYmd(1901, 1, 1));
            if ((Is(rec, "X1") && *dec != next) || (!Null(rec) && !Is(rec, "X1") && *dec == next)) {
              flags.Row("Episodes", i);
            }
          }
        }
      });

  // --- Legal statuses.
  add("361", {"DECOM", "LS", "DEC"}, "Police protection (L1) lasted longer than 72 hours.",
      StatusSpanTooLong("L1", 3));
  add("362", {"DECOM", "LS", "DEC"},
      "An emergency protection order (L2) lasted longer than 21 days.",
      StatusSpanTooLong("L2", 21));
  add("363", {"LS", "DECOM", "DEC"}, "A child assessment order (L3) lasted longer than 7 days.",
      StatusDaysTooMany("L3", 7));
  add("364", {"LS", "DECOM", "DEC"},
      "Detention under PACE (J2) lasted longer than the time allowed.",
      StatusDaysTooMany("J2", 21));
  add("365", {"LS", "DECOM", "DEC"}, "A single short-term break (V3) lasted more than 17 days.",
      EachRow("Episodes", [](const Return& r, const Table& e, size_t i) {
        const auto decom = e.DateAt("DECOM", i);
        const auto end = EndOrYearEnd(r, e, i, false);
        return Is(e.At("LS", i), "V3") && decom && end && *end > decom->AddDays(17);
      }));
  add("366", {"RNE"},
      "A child on a short-term break (V3) cannot change placement during the break, so the "
      "episode must start a period of care (S).",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        return Is(e.At("LS", i), "V3") && !Is(e.At("RNE", i), "S");
      }));
  add("367", {"LS", "DECOM", "DEC"},
      "The child's short-term breaks (V3) in the collection year add up to more than 75 days.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Table& e = r.Get("Episodes");
        for (const auto& [child, rows] : Children(r, e)) {
          std::vector<size_t> counted;
          long total = 0;
          for (size_t i : rows) {
            auto decom = e.DateAt("DECOM", i);
            CellView dec_cell = e.At("DEC", i);
            auto dec = CellDate(dec_cell);
            if (!Is(e.At("LS", i), "V3") || !decom || (!Null(dec_cell) && !dec)) continue;
            if (!dec || *dec > r.end) dec = r.end;
            if (*decom < r.start) decom = r.start;
            const long days = DaysBetween(*decom, *dec);
            if (days <= 0) continue;
            total += days;
            counted.push_back(i);
          }
          if (total > 75) {
            for (size_t i : counted) flags.Row("Episodes", i);
          }
        }
      });
  add("378", {"PLACE", "LS"},
      "A child placed with parents (P1) cannot be accommodated under section 20 (V2).",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        return Is(e.At("PLACE", i), "P1") && Is(e.At("LS", i), "V2");
      }));
  add("382", {"LS", "PLACE"},
      "A child on short breaks (V3, V4) cannot be in a temporary placement.",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        return IsAnyOf(e.At("LS", i), kShortBreak) && IsAnyOf(e.At("PLACE", i), kTemporary);
      }));
  add("384", {"PLACE", "LS"},
      "A child on short breaks (V3, V4) cannot be in a long-term foster placement (U1, U4).",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        return IsAnyOf(e.At("LS", i), kShortBreak) && IsAnyOf(e.At("PLACE", i), {"U1", "U4"});
      }));

  // --- Placements.
  add("370", {"DECOM", "PLACE"}, "A child in independent living (P2) should be at least 15.",
      TooYoungFor("P2", 15), 2023, 2023);
  add("370", {"DECOM", "PLACE"}, "A child in independent living (P2) should be at least 16.",
      TooYoungFor("P2", 16), 2024, 2024);
  add("371", {"DECOM", "PLACE"},
      "A child in semi-independent living not under children's homes regulations (H5) should "
      "be at least 14.",
      TooYoungFor("H5", 14), 2023, 2023);
  add("371", {"DECOM", "PLACE"},
      "A child in semi-independent living not under children's homes regulations (H5) should "
      "be at least 16.",
      TooYoungFor("H5", 16), 2024, 2024);
  add("371", {"DECOM", "PLACE"},
      "A child in supported accommodation not under children's homes regulations (K3) should "
      "be at least 16.",
      TooYoungFor("K3", 16), 2025);
  add("372", {"DECOM", "PLACE"}, "A child in youth custody or prison (R5) should be at least 10.",
      TooYoungFor("R5", 10));
  add("373", {"DECOM", "PLACE"}, "A child placed in a school (S1) should be at least 4.",
      TooYoungFor("S1", 4));
  add("374", {"DECOM", "PLACE"}, "A child in residential employment (P3) should be at least 14.",
      TooYoungFor("P3", 14));
  add("375", {"DECOM", "PLACE"},
      "A temporary placement for hospital treatment (T1) lasted more than six weeks.",
      LastsTooLong("T1", 42));
  add("376", {"DECOM", "PLACE"},
      "A temporary placement during the foster carers' holiday (T3) lasted more than three "
      "weeks.",
      LastsTooLong("T3", 21));
  add("379", {"DECOM", "PLACE"},
      "A temporary placement for another reason (T4) lasted more than seven days.",
      LastsTooLong("T4", 7));
  add("377", {"PLACE"},
      "The child has more than two temporary placements during the foster carers' holidays "
      "(T3).",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Table& e = r.Get("Episodes");
        for (const auto& [child, rows] : Children(r, e)) {
          std::vector<size_t> t3;
          for (size_t i : rows) {
            if (Is(e.At("PLACE", i), "T3")) t3.push_back(i);
          }
          if (t3.size() > 2) {
            for (size_t i : t3) flags.Row("Episodes", i);
          }
        }
      });
  add("380", {"PLACE", "RNE"}, "A period of care cannot begin with a temporary placement.",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        return IsAnyOf(e.At("PLACE", i), kTemporary) && !IsAnyOf(e.At("RNE", i), {"P", "B"});
      }));
  add("381", {"PLACE", "REC"}, "A period of care cannot end with a temporary placement.",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        CellView rec = e.At("REC", i);
        return IsAnyOf(e.At("PLACE", i), kTemporary) && !Null(rec) && *rec != "X1";
      }));
  auto after_temporary = [](bool postcode) {
    return [postcode](const Return& r, Flags& flags) {
      if (!r.Has("Episodes")) return;
      const Table& e = r.Get("Episodes");
      for (const auto& [child, rows] : ChildrenByDate(r, e, "DECOM")) {
        for (size_t k = 2; k < rows.size(); ++k) {
          const size_t i = rows[k];
          const size_t usual = rows[k - 2];
          if (!IsAnyOf(e.At("PLACE", rows[k - 1]), kTemporary)) continue;
          if (!Is(e.At("RNE", i), "P") || e.At("PLACE", i) != e.At("PLACE", usual) ||
              (postcode && e.At("PL_POST", i) != e.At("PL_POST", usual))) {
            flags.Row("Episodes", i);
          }
        }
      }
    };
  };
  add("383", {"PLACE"},
      "After a temporary placement the child must return to the usual placement, as a change "
      "of placement only (P).",
      after_temporary(false), 2023, 2025);
  add("383", {"PLACE", "RNE", "PL_POST"},
      "After a temporary placement the child must return to the usual placement and postcode, "
      "as a change of placement only (P).",
      after_temporary(true), 2026);

  // --- Postcodes, distance and the mother field.
  add("392a", {"PL_DISTANCE"},
      "The child is looked after but no placement distance is given (children formerly UASC "
      "may be flagged wrongly).",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const auto& uasc =
            r.memo.Get<std::optional<Keys>>("c.UascChildren", [&] { return UascChildren(r); });
        if (!uasc) return;
        const Table& e = r.Get("Episodes");
        for (size_t i = 0; i < e.size(); ++i) {
          if (uasc->count(Key(e.At("CHILD", i))) != 0) continue;
          if (!IsAnyOf(e.At("LS", i), kShortBreak) && Null(e.At("PL_DISTANCE", i))) {
            flags.Row("Episodes", i);
          }
        }
      });
  add("392b", {"HOME_POST", "PL_POST"},
      "The child is looked after but the home or placement postcode is missing (children "
      "formerly UASC may be flagged wrongly).",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const auto& uasc =
            r.memo.Get<std::optional<Keys>>("c.UascChildren", [&] { return UascChildren(r); });
        const Table& e = r.Get("Episodes");
        for (size_t i = 0; i < e.size(); ++i) {
          if (uasc && uasc->count(Key(e.At("CHILD", i))) != 0) continue;
          if (!IsAnyOf(e.At("LS", i), kShortBreak) &&
              (Null(e.At("HOME_POST", i)) || Null(e.At("PL_POST", i)))) {
            flags.Row("Episodes", i);
          }
        }
      });
  add("392d", {"HOME_POST", "PL_POST", "PLACE"},
      "The home and placement postcodes are the same but the child is not placed with "
      "parents (P1).",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        CellView home = e.At("HOME_POST", i);
        CellView placed = e.At("PL_POST", i);
        return !Is(e.At("PLACE", i), "P1") && !Blank(home) && !Blank(placed) &&
               Postcode(home) == Postcode(placed);
      }));
  add("398", {"LS", "HOME_POST", "PL_POST"},
      "Postcodes are given but the child is on short breaks (V3, V4).",
      EachRow("Episodes", [](const Return&, const Table& e, size_t i) {
        return IsAnyOf(e.At("LS", i), kShortBreak) &&
               (!Null(e.At("HOME_POST", i)) || !Null(e.At("PL_POST", i)));
      }));
  auto mother_missing = [](std::string female) {
    return [female = std::move(female)](const Return& r, Flags& flags) {
      if (!r.Has("Header") || !r.Has("Episodes")) return;
      const Table& h = r.Get("Header");
      const Table& e = r.Get("Episodes");
      Keys looked_after;
      for (size_t i = 0; i < e.size(); ++i) {
        const std::string ls = Upper(e.At("LS", i));
        if (ls != "V3" && ls != "V4") looked_after.insert(Key(e.At("CHILD", i)));
      }
      for (size_t j = 0; j < h.size(); ++j) {
        if (Is(h.At("SEX", j), female) && Null(h.At("MOTHER", j)) &&
            looked_after.count(Trimmed(h.At("CHILD", j))) != 0) {
          flags.Row("Header", j);
        }
      }
    };
  };
  add("393", {"MOTHER"},
      "The child is a girl looked after other than on short breaks, but whether she is a "
      "mother is not given.",
      mother_missing("2"), 2023, 2024);
  add("393", {"MOTHER"},
      "The child is a girl looked after other than on short breaks, but whether she is a "
      "mother is not given.",
      mother_missing("F"), 2025);
  add("399", {"MOTHER", "LS", "REVIEW", "REVIEW_CODE"},
      "The child is only on short breaks (V3, V4), so the mother, review and participation "
      "items must be blank.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const Table& v = r.Get("Reviews");
        const ByChild& headers = Children(r, h);
        const ByChild& reviews = Children(r, v);
        for (const auto& [child, rows] : Children(r, e)) {
          bool all_short = true;
          for (size_t i : rows) all_short &= IsAnyOf(e.At("LS", i), kShortBreak);
          if (!all_short) continue;
          bool any = false;
          const CellView id = child;
          for (size_t j : RowsOf(headers, id)) {
            if (!Null(h.At("MOTHER", j))) {
              flags.Row("Header", j);
              any = true;
            }
          }
          for (size_t j : RowsOf(reviews, id)) {
            if (!Null(v.At("REVIEW", j)) || !Null(v.At("REVIEW_CODE", j))) {
              flags.Row("Reviews", j);
              any = true;
            }
          }
          if (any) {
            for (size_t i : rows) flags.Row("Episodes", i);
          }
        }
      });
}

}  // namespace haven::returns::ssda903
