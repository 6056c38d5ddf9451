// SSDA903 rules 1000-1016 and 104-199.
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

using Keys = KeySet;
using Fields = std::vector<std::string>;

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
bool ShortBreak(CellView ls) { return Is(ls, "V3") || Is(ls, "V4"); }
// A birthday: `n` years after `d` (29 February falls back to the 28th).
Date Years(Date d, int n) { return d.AddMonths(12 * n); }

bool AnyFilled(const Table& t, size_t row, const Fields& fields) {
  for (const auto& f : fields) {
    if (!Null(t.At(f, row))) return true;
  }
  return false;
}
bool AnyNull(const Table& t, size_t row, const Fields& fields) {
  for (const auto& f : fields) {
    if (Null(t.At(f, row))) return true;
  }
  return false;
}

// The children with rows in `t` (blank ids included, as ""); worked out once per validation.
const Keys& ChildrenIn(const Return& r, const Table& t) {
  return r.memo.Get<Keys>("a.ChildrenIn@" + std::to_string(reinterpret_cast<uintptr_t>(&t)), [&] {
    Keys out;
    for (size_t i = 0; i < t.size(); ++i) out.insert(Key(t.At("CHILD", i)));
    return out;
  });
}

// The children looked after continuously through the collection year, judged from the current
// Episodes: in care at some point in the year, and no episode shows them starting care, leaving
// care, or on a short-break legal status (V3, V4) during it.
Keys ContinuouslyLookedAfter(const Return& r) {
  const Table& e = r.Get("Episodes");
  KeyMap<std::pair<bool, bool>> seen;  // child -> (in care in year, broken)
  for (size_t i = 0; i < e.size(); ++i) {
    CellView child = e.At("CHILD", i);
    if (Null(child)) continue;
    const auto decom = e.DateAt("DECOM", i);
    const auto dec = e.DateAt("DEC", i);
    const bool during = decom && *decom <= r.end && (!dec || *dec >= r.start);
    const bool enters = Is(e.At("RNE", i), "S") && decom && *decom > r.start && *decom <= r.end;
    const bool leaves = !Is(e.At("REC", i), "X1") && dec && *dec >= r.start && *dec < r.end;
    const bool short_break = ShortBreak(e.At("LS", i)) && during;
    auto& s = seen[Key(child)];
    s.first |= during;
    s.second |= enters || leaves || short_break;
  }
  Keys out;
  for (const auto& [child, s] : seen) {
    if (s.first && !s.second) out.insert(child);
  }
  return out;
}

bool In(const Keys& keys, CellView child) { return keys.count(Trimmed(child)) != 0; }

// The row among `rows` of `t` with the earliest (or latest) valid date in `field`; the first such
// row on a tie. nullopt when none has a valid date.
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

const Fields kCareLeaver = {"IN_TOUCH", "ACTIV", "ACCOM"};
const Fields kAdoption = {"DATE_INT",  "DATE_MATCH", "FOSTER_CARE",
                          "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"};
const Fields kHealth = {
    "CONVICTED",         "HEALTH_CHECK",     "IMMUNISATIONS",         "TEETH_CHECK",
    "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"};
const Fields kHealthCore = {"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                            "SUBSTANCE_MISUSE"};

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

// As EachRow over OC2, given also the continuously looked after children; needs Episodes.
template <typename Bad>
Check EachOc2WithCla(Bad bad) {
  return [bad](const Return& r, Flags& flags) {
    if (!r.Has("OC2") || !r.Has("Episodes")) return;
    const Keys& cla =
        r.memo.Get<Keys>("a.ContinuouslyLookedAfter", [&] { return ContinuouslyLookedAfter(r); });
    const Table& t = r.Get("OC2");
    for (size_t i = 0; i < t.size(); ++i) {
      if (bad(r, t, i, In(cla, t.At("CHILD", i)))) flags.Row("OC2", i);
    }
  };
}

// A UPN: a letter other than I, O or S, then twelve digits or eleven digits and a letter; or one
// of the codes for an unknown UPN.
bool ValidUpn(std::string_view v) {
  if (v == "UN1" || v == "UN2" || v == "UN3" || v == "UN4" || v == "UN5") return true;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (v.size() != 13 || !upper(v[0]) || v[0] == 'I' || v[0] == 'O' || v[0] == 'S') return false;
  for (size_t i = 1; i < 12; ++i) {
    if (!digit(v[i])) return false;
  }
  return digit(v[12]) || upper(v[12]);
}

// Rule 178: a placement provider, when given, must be a provider code, and must not be given for
// the placement types `none` that have no provider.
Check PlaceProvider(Codes none) {
  return [none = std::move(none)](const Return& r, Flags& flags) {
    if (!r.Has("Episodes")) return;
    const Table& t = r.Get("Episodes");
    for (size_t i = 0; i < t.size(); ++i) {
      CellView provider = t.At("PLACE_PROVIDER", i);
      if (Null(provider)) continue;
      if (!OneOf(*provider, kPlacementProvider) || IsAnyOf(t.At("PLACE", i), none)) {
        flags.Row("Episodes", i);
      }
    }
  };
}

// An Ofsted URN by its form: six or seven digits, or SC and six digits.
bool UrnShape(std::string_view v) {
  if (v.size() == 8 && v.substr(0, 2) == "SC") v.remove_prefix(2);
  if (v.size() != 6 && v.size() != 7) return false;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A decimal number, or nullopt.
std::optional<double> Number(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  double d = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || v.empty()) return std::nullopt;
  return d;
}

}  // namespace

void AddRulesA(std::vector<Rule>& rules) {
  auto add = [&rules](std::string code, Fields fields, std::string message, Check check,
                      int first = 2023, int last = 9999) {
    rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message),
                             std::move(check), first, last));
  };

  // --- OC2: health, offending and SDQ items for children looked after for a year.
  add("181", kHealth, "The twelve-month health and offending items must be 0 or 1.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        for (const auto& f : kHealth) {
          CellView c = t.At(f, i);
          if (!Null(c) && *c != "0" && *c != "1") return true;
        }
        return false;
      }));
  add("182",
      {"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CONVICTED",
       "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
      "Immunisations, teeth check, health assessment and substance misuse must be filled in "
      "when any other health item is.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        return AnyNull(t, i, kHealthCore) &&
               AnyFilled(
                   t, i,
                   {"CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"});
      }));
  add("158", {"INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
      "A substance misuse intervention was received, so whether one was offered should be "
      "blank.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("INTERVENTION_RECEIVED", i), "1") && !Null(t.At("INTERVENTION_OFFERED", i));
      }));
  add("159", {"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
      "No substance misuse intervention was received, so whether one was offered must be "
      "given.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("SUBSTANCE_MISUSE", i), "1") && Is(t.At("INTERVENTION_RECEIVED", i), "0") &&
               Null(t.At("INTERVENTION_OFFERED", i));
      }));
  add("192", {"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"},
      "A substance misuse problem is recorded but whether an intervention was received is "
      "blank.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("SUBSTANCE_MISUSE", i), "1") && Null(t.At("INTERVENTION_RECEIVED", i));
      }));
  add("193", {"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
      "No substance misuse problem is recorded, so the intervention items should be blank.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        CellView sm = t.At("SUBSTANCE_MISUSE", i);
        return (Null(sm) || *sm == "0") &&
               AnyFilled(t, i, {"INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"});
      }));
  add("197a", {"SDQ_SCORE", "SDQ_REASON"},
      "An SDQ score is given, so no reason for a missing score is needed.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        return !Null(t.At("SDQ_SCORE", i)) && !Null(t.At("SDQ_REASON", i));
      }));
  add("188", {"SDQ_SCORE", "SDQ_REASON"},
      "The child is under 4 at the end of the year, so no SDQ score or reason should be given.",
      EachRow("OC2", [](const Return& r, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        return dob && Years(*dob, 4) > r.end && AnyFilled(t, i, {"SDQ_SCORE", "SDQ_REASON"});
      }));
  add("189", {"DOB", "SDQ_SCORE", "SDQ_REASON"},
      "The child was over 17 at the start of the year, so no SDQ score or reason should be "
      "given.",
      EachRow("OC2", [](const Return& r, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        return dob && Years(*dob, 17) < r.start && AnyFilled(t, i, {"SDQ_SCORE", "SDQ_REASON"});
      }));
  add("185", {"SDQ_SCORE"},
      "The child was not looked after continuously for the year, so no SDQ score should be "
      "given.",
      EachOc2WithCla([](const Return&, const Table& t, size_t i, bool cla) {
        return !cla && !Null(t.At("SDQ_SCORE", i));
      }));
  add("198", {"SDQ_REASON"},
      "The child was not looked after continuously for the year, so no reason for a missing "
      "SDQ score should be given.",
      EachOc2WithCla([](const Return&, const Table& t, size_t i, bool cla) {
        return !cla && !Null(t.At("SDQ_REASON", i));
      }));
  add("190", kHealth,
      "The child was not looked after continuously for the year, so the twelve-month items "
      "should be blank.",
      EachOc2WithCla([](const Return&, const Table& t, size_t i, bool cla) {
        return !cla && AnyFilled(t, i, kHealth);
      }));
  add("186", {"SDQ_SCORE"},
      "A child aged 4 to 16 looked after continuously for the year needs an SDQ score or a "
      "reason for none.",
      EachOc2WithCla([](const Return& r, const Table& t, size_t i, bool cla) {
        const auto dob = t.DateAt("DOB", i);
        return cla && dob && Years(*dob, 4) <= r.start && Years(*dob, 17) > r.end &&
               Null(t.At("SDQ_SCORE", i)) && Null(t.At("SDQ_REASON", i));
      }));
  add("157", {"SDQ_REASON", "DOB"},
      "Reason SDQ1 (too young or too old) is given for a child aged 4 to 16 through the year.",
      EachOc2WithCla([](const Return& r, const Table& t, size_t i, bool cla) {
        const auto dob = t.DateAt("DOB", i);
        return cla && dob && Years(*dob, 4) <= r.start && Years(*dob, 16) >= r.end &&
               Null(t.At("SDQ_SCORE", i)) && Is(t.At("SDQ_REASON", i), "SDQ1");
      }));
  add("197B", {"SDQ_REASON", "DOB"},
      "A child who turned 4 or 17 during the year needs an SDQ score or a reason for none.",
      EachOc2WithCla([](const Return& r, const Table& t, size_t i, bool cla) {
        const auto dob = t.DateAt("DOB", i);
        if (!cla || !dob) return false;
        const Date d4 = Years(*dob, 4);
        const Date d17 = Years(*dob, 17);
        const bool turns = (d4 >= r.start && d4 <= r.end) || (d17 >= r.start && d17 <= r.end);
        return turns && Null(t.At("SDQ_SCORE", i)) && Null(t.At("SDQ_REASON", i));
      }));

  // --- PlacedAdoption
  add("119", {"REASON_PLACED_CEASED", "DATE_PLACED_CEASED"},
      "The date and the reason for no longer planning adoption must both be given or both be "
      "blank.",
      EachRow("PlacedAdoption", [](const Return&, const Table& t, size_t i) {
        return Null(t.At("DATE_PLACED_CEASED", i)) != Null(t.At("REASON_PLACED_CEASED", i));
      }));

  // --- Episodes on their own
  add("148", {"DEC", "REC"},
      "The date and the reason the episode ceased must both be given or both be blank.",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        return Null(t.At("DEC", i)) != Null(t.At("REC", i));
      }));
  // PL_LA and PL_LOCATION are not in the return's files: the DfE's tool derives them from the
  // placement postcode with the national postcode list. A return without them (Haven has no
  // such list) cannot be judged by these two rules (docs/returns/disagreements.md).
  add("169", {"PL_LA"}, "The local authority of the placement is missing.",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        return t.Has("PL_LA") && !ShortBreak(t.At("LS", i)) && Null(t.At("PL_LA", i));
      }));
  add("179", {"PL_LOCATION"}, "The placement location (in or out of the authority) is missing.",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        return t.Has("PL_LOCATION") && !ShortBreak(t.At("LS", i)) && Null(t.At("PL_LOCATION", i));
      }));

  // --- Header
  add("168", {"UPN"}, "The Unique Pupil Number is not valid; if it is unknown use UN1 to UN5.",
      EachRow("Header", [](const Return&, const Table& t, size_t i) {
        CellView c = t.At("UPN", i);
        return !Null(c) && !ValidUpn(*c);
      }));
  add("174", {"SEX", "MC_DOB"},
      "The child is male but a date of birth for the mother's child is recorded.",
      EachRow("Header",
              [](const Return&, const Table& t, size_t i) {
                return Is(t.At("SEX", i), "1") && !Null(t.At("MC_DOB", i));
              }),
      2023, 2024);
  add("174", {"SEX", "MC_DOB"},
      "The child is male but a date of birth for the mother's child is recorded.",
      EachRow("Header",
              [](const Return&, const Table& t, size_t i) {
                return Is(t.At("SEX", i), "M") && !Null(t.At("MC_DOB", i));
              }),
      2025);
  add("105", {"UASC"}, "Whether the child is an unaccompanied asylum seeker must be 0 or 1.",
      [](const Return& r, Flags& flags) {
        // A CSV return carries UASC status in its own table, not in the Header.
        const auto format = r.metadata.find("file_format");
        if (format != r.metadata.end() && format->second == "csv") return;
        if (!r.Has("Header") || !r.Get("Header").Has("UASC")) return;
        const Table& t = r.Get("Header");
        for (size_t i = 0; i < t.size(); ++i) {
          const std::string_view v = Trimmed(t.At("UASC", i));
          if (Null(t.At("UASC", i)) || (v != "0" && v != "1")) flags.Row("Header", i);
        }
      });

  // --- UASC
  add("104", {"DUC"},
      "The date UASC status ceased is not a valid date or is before the collection year.",
      EachRow("UASC", [](const Return& r, const Table& t, size_t i) {
        CellView c = t.At("DUC", i);
        if (Null(c)) return false;
        const auto d = CellDate(c);
        return !d || *d < r.start;
      }));

  // --- Episodes
  add("178", {"PLACE_PROVIDER"},
      "The placement provider is not a valid code, or is given for a placement that has none.",
      PlaceProvider({"T0", "T1", "T2", "T3", "T4", "Z1"}), 2023, 2025);
  add("178", {"PLACE_PROVIDER"},
      "The placement provider is not a valid code, or is given for a placement that has none.",
      PlaceProvider({"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"}), 2026);
  add("142", {"DEC", "REC"}, "A later episode has started but this one has not ended.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Table& t = r.Get("Episodes");
        for (const auto& [child, rows] : RowsByChild(t)) {
          // The child's last episode (the latest start; the last listed on a tie) may be open.
          std::optional<size_t> last;
          std::optional<Date> last_start;
          for (size_t i : rows) {
            const auto d = t.DateAt("DECOM", i);
            if (d && (!last_start || *d >= *last_start)) {
              last = i;
              last_start = d;
            }
          }
          for (size_t i : rows) {
            if (i == last || Null(t.At("CHILD", i)) || !t.DateAt("DECOM", i)) continue;
            if (!t.DateAt("DEC", i) || Null(t.At("REC", i))) flags.Row("Episodes", i);
          }
        }
      });
  add("199", {"CHILD"}, "The episodes show the child was adopted from care before.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        // This year's and last year's episodes in date order, this year's first on a tie.
        struct Ep {
          Date start;
          bool adopted;
          bool current;
          size_t row;
        };
        const char* const kYears[] = {"Episodes", "Episodes_last"};
        auto adopted = [](const Table& t, size_t i) {
          return Is(t.At("REC", i), "E11") || Is(t.At("REC", i), "E12");
        };
        // Only a child with an adoption among their dated episodes can be flagged.
        Keys adopted_once;
        for (const char* name : kYears) {
          const Table& t = r.Get(name);
          for (size_t i = 0; i < t.size(); ++i) {
            if (adopted(t, i) && t.DateAt("DECOM", i) && !Null(t.At("CHILD", i))) {
              adopted_once.insert(Key(t.At("CHILD", i)));
            }
          }
        }
        KeyMap<std::vector<Ep>> by_child;
        for (const char* name : kYears) {
          const Table& t = r.Get(name);
          const bool current = std::string_view(name) == "Episodes";
          for (size_t i = 0; i < t.size(); ++i) {
            const auto d = t.DateAt("DECOM", i);
            if (!d || Null(t.At("CHILD", i)) || !In(adopted_once, t.At("CHILD", i))) continue;
            by_child[Key(t.At("CHILD", i))].push_back({*d, adopted(t, i), current, i});
          }
        }
        for (auto& [child, eps] : by_child) {
          std::stable_sort(eps.begin(), eps.end(),
                           [](const Ep& a, const Ep& b) { return a.start < b.start; });
          int adoptions = 0;
          for (const Ep& e : eps) {
            adoptions += e.adopted ? 1 : 0;
            // Any episode after the first adoption, including a second adoption.
            const bool bad = adoptions > 0 && !(e.adopted && adoptions == 1);
            if (bad && e.current) flags.Row("Episodes", e.row);
          }
        }
      });

  // --- PlacedAdoption against Header and Episodes
  add("184", {"DATE_PLACED", "DOB"},
      "The decision to place the child for adoption is dated before the child was born.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("PlacedAdoption")) return;
        const Table& h = r.Get("Header");
        KeyMap<std::vector<Date>> dobs;
        for (size_t i = 0; i < h.size(); ++i) {
          if (auto d = h.DateAt("DOB", i)) dobs[Key(h.At("CHILD", i))].push_back(*d);
        }
        const Table& t = r.Get("PlacedAdoption");
        for (size_t i = 0; i < t.size(); ++i) {
          const auto placed = t.DateAt("DATE_PLACED", i);
          if (!placed) continue;
          const auto it = dobs.find(Trimmed(t.At("CHILD", i)));
          if (it == dobs.end()) continue;
          for (const Date& dob : it->second) {
            if (*placed < dob) {
              flags.Row("PlacedAdoption", i);
              break;
            }
          }
        }
      });
  add("1003", {"DATE_PLACED", "DECOM", "RNE"},
      "The decision to place the child for adoption is dated before the child started to be "
      "looked after.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const auto& pa_rows = RowsByChild(pa);
        for (const auto& [child, rows] : RowsByChild(e)) {
          // The first episode that began a period of care (RNE S).
          std::vector<size_t> starts;
          for (size_t i : rows) {
            if (Is(e.At("RNE", i), "S")) starts.push_back(i);
          }
          const auto first = Extreme(e, starts, "DECOM", false);
          const auto it = pa_rows.find(child);
          if (!first || it == pa_rows.end()) continue;
          const Date began = *e.DateAt("DECOM", *first);
          for (size_t j : it->second) {
            const auto placed = pa.DateAt("DATE_PLACED", j);
            if (placed && *placed < began) {
              flags.Row("Episodes", *first);
              flags.Row("PlacedAdoption", j);
            }
          }
        }
      });
  add("117", {"DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"},
      "An adoption decision is dated after the collection year or after the child ceased to be "
      "looked after.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const auto& pa_rows = RowsByChild(pa);
        for (const auto& [child, rows] : RowsByChild(e)) {
          // The latest episode whose reason for ending is not a change within care (X1).
          std::vector<size_t> ended;
          for (size_t i : rows) {
            if (!Is(e.At("REC", i), "X1")) ended.push_back(i);
          }
          const auto latest = Extreme(e, ended, "DECOM", true);
          const auto it = pa_rows.find(child);
          if (!latest || it == pa_rows.end()) continue;
          const auto dec = e.DateAt("DEC", *latest);
          for (size_t j : it->second) {
            bool bad = false;
            for (const char* f : {"DATE_PLACED", "DATE_PLACED_CEASED"}) {
              const auto d = pa.DateAt(f, j);
              bad |= d && (*d > r.end || (dec && *d > *dec));
            }
            if (bad) {
              flags.Row("Episodes", *latest);
              flags.Row("PlacedAdoption", j);
            }
          }
        }
      });
  add("118", {"DECOM", "DECOM", "LS"},
      "The decision no longer to place for adoption is dated before the collection year or "
      "before the child started to be looked after.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const auto& pa_rows = RowsByChild(pa);
        for (const auto& [child, rows] : RowsByChild(e)) {
          // The earliest episode that is not a short break (V3, V4).
          std::vector<size_t> care;
          for (size_t i : rows) {
            if (!ShortBreak(e.At("LS", i))) care.push_back(i);
          }
          const auto first = Extreme(e, care, "DECOM", false);
          const auto it = pa_rows.find(child);
          if (!first || it == pa_rows.end()) continue;
          const Date began = *e.DateAt("DECOM", *first);
          for (size_t j : it->second) {
            const auto ceased = pa.DateAt("DATE_PLACED_CEASED", j);
            if (ceased && (*ceased < began || *ceased < r.start)) {
              flags.Row("Episodes", *first);
              flags.Row("PlacedAdoption", j);
            }
          }
        }
      });

  // --- Care leavers (OC3) and adoptions (AD1)

  add("1007", kCareLeaver,
      "A 17- or 18-year-old still looked after on their latest birthday needs no care leaver "
      "information.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("OC3")) return;
        const Table& e = r.Get("Episodes");
        const auto& eps = RowsByChild(e);
        const Table& oc3 = r.Get("OC3");
        for (size_t i = 0; i < oc3.size(); ++i) {
          const auto dob = CellDate(oc3.At("DOB", i));
          const auto it = eps.find(Trimmed(oc3.At("CHILD", i)));
          if (!dob || it == eps.end() || !AnyFilled(oc3, i, kCareLeaver)) continue;
          if (!(Years(*dob, 17) <= r.end && Years(*dob, 19) > r.end)) continue;
          // The latest birthday on or before the end of the year.
          Date birthday = Years(*dob, r.end.year() - dob->year());
          if (birthday > r.end) birthday = Years(*dob, r.end.year() - dob->year() - 1);
          for (size_t j : it->second) {
            const auto decom = e.DateAt("DECOM", j);
            const auto dec = e.DateAt("DEC", j);
            // An episode still open counts as in care on the birthday.
            if (decom && *decom <= birthday && (!dec || *dec > birthday)) {
              flags.Row("OC3", i);
              break;
            }
          }
        }
      });
  add(
      "1016", kCareLeaver,
      "A 17- or 18-year-old who ceased to be looked after after their latest birthday needs no "
      "care leaver information.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("OC3")) return;
        const Table& e = r.Get("Episodes");
        const auto& eps = RowsByChild(e);
        const Table& oc3 = r.Get("OC3");
        for (size_t i = 0; i < oc3.size(); ++i) {
          const auto dob = CellDate(oc3.At("DOB", i));
          const auto it = eps.find(Trimmed(oc3.At("CHILD", i)));
          if (!dob || it == eps.end() || !AnyFilled(oc3, i, kCareLeaver)) continue;
          // Aged 17 or 18 at the end of the year: the birthday that made them so.
          int age = 0;
          if (Years(*dob, 17) <= r.end && Years(*dob, 18) > r.end) age = 17;
          if (Years(*dob, 18) <= r.end && Years(*dob, 19) > r.end) age = 18;
          if (age == 0) continue;
          const Date birthday = Years(*dob, age);
          for (size_t j : it->second) {
            const auto dec = e.DateAt("DEC", j);
            if (dec && *dec >= birthday) {
              flags.Row("OC3", i);
              break;
            }
          }
        }
      },
      2024);
  add("1001", kCareLeaver,
      "The episodes do not show a relevant or former relevant child (in care at least 13 weeks "
      "from age 14 and after turning 16), so no care leaver information should be given.",
      [](const Return& r, Flags& flags) {
        for (const char* name : {"Episodes", "OC3", "Header", "Episodes_last"}) {
          if (!r.Has(name) || r.Get(name).size() == 0) return;
        }
        // Only the care leavers (the children in OC3) are judged.
        const Table& oc3 = r.Get("OC3");
        const Keys& leavers = ChildrenIn(r, oc3);
        // This year's and last year's episodes, one per child and start date (preferring one
        // with an end date, the earliest).
        struct Ep {
          std::optional<Date> start, end;
          CellView ls, rec;
        };
        KeyMap<std::vector<Ep>> by_child;
        for (const char* name : {"Episodes", "Episodes_last"}) {
          const Table& t = r.Get(name);
          for (size_t i = 0; i < t.size(); ++i) {
            if (!In(leavers, t.At("CHILD", i))) continue;
            by_child[Key(t.At("CHILD", i))].push_back(
                {t.DateAt("DECOM", i), t.DateAt("DEC", i), t.At("LS", i), t.At("REC", i)});
          }
        }
        for (auto& [child, eps] : by_child) {
          std::stable_sort(eps.begin(), eps.end(), [](const Ep& a, const Ep& b) {
            if (a.end.has_value() != b.end.has_value()) return a.end.has_value();
            return a.end.has_value() && *a.end < *b.end;
          });
          std::vector<Ep> kept;
          for (const Ep& ep : eps) {
            bool dup = false;
            for (const Ep& k : kept) dup |= k.start == ep.start;
            if (!dup) kept.push_back(ep);
          }
          // The latest episode, if still open, runs to the end of the year.
          std::optional<size_t> latest;
          for (size_t k = 0; k < kept.size(); ++k) {
            if (kept[k].start && (!latest || *kept[k].start > *kept[*latest].start)) latest = k;
          }
          if (latest && !kept[*latest].end) kept[*latest].end = r.end;
          eps = std::move(kept);
        }
        KeyMap<Date> dobs;
        Keys older;
        const Table& h = r.Get("Header");
        for (size_t i = 0; i < h.size(); ++i) {
          if (!In(leavers, h.At("CHILD", i))) continue;
          const auto dob = h.DateAt("DOB", i);
          if (!dob) continue;
          // Those 20 or over could have had their care before the two years loaded: not judged.
          if (Years(*dob, 20) > r.end) {
            dobs.emplace(Key(h.At("CHILD", i)), *dob);
          } else {
            older.insert(Key(h.At("CHILD", i)));
          }
        }
        for (size_t i = 0; i < oc3.size(); ++i) {
          const std::string child = Key(oc3.At("CHILD", i));
          const auto it = by_child.find(child);
          const auto dob = dobs.find(child);
          if (dob == dobs.end() && older.count(child)) continue;
          bool relevant = false;
          bool adopted = false;
          if (it != by_child.end()) {
            // Days in care (short breaks aside) since the 14th and the 16th birthday.
            if (dob != dobs.end()) {
              long since14 = 0, since16 = 0;
              for (const Ep& ep : it->second) {
                if (!ep.end || Upper(ep.ls) == "V3" || Upper(ep.ls) == "V4") continue;
                for (auto [age, total] : {std::pair{14, &since14}, std::pair{16, &since16}}) {
                  const Date birthday = Years(dob->second, age);
                  const Date from = ep.start ? std::max(*ep.start, birthday) : birthday;
                  *total += std::max(0, DaysBetween(from, *ep.end));
                }
              }
              relevant = since14 >= 91 && since16 >= 1;
            }
            // The child's last episode ended in adoption.
            std::optional<size_t> latest;
            for (size_t k = 0; k < it->second.size(); ++k) {
              const auto& s = it->second[k].start;
              if (s && (!latest || *s > *it->second[*latest].start)) latest = k;
            }
            if (latest) {
              const std::string rec = Upper(it->second[*latest].rec);
              adopted = rec == "E11" || rec == "E12";
            }
          }
          if (adopted || !relevant) flags.Row("OC3", i);
        }
      });

  add("1014", {"ACTIV", "ACCOM", "IN_TOUCH", "DUC"},
      "UASC information is not needed for a care leaver with no episode in the year.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("UASC") || !r.Has("Episodes") || !r.Has("OC3")) return;
        const Table& e = r.Get("Episodes");
        KeyMap<bool> in_year;  // children with episodes -> any in the year
        for (size_t i = 0; i < e.size(); ++i) {
          const auto decom = e.DateAt("DECOM", i);
          const auto dec = e.DateAt("DEC", i);
          in_year[Key(e.At("CHILD", i))] |= decom && *decom <= r.end && (!dec || *dec >= r.start);
        }
        const Table& oc3 = r.Get("OC3");
        const auto& oc3_rows = RowsByChild(oc3);
        const Table& uasc = r.Get("UASC");
        std::set<size_t> oc3_flagged;
        for (size_t i = 0; i < uasc.size(); ++i) {
          const std::string child = Key(uasc.At("CHILD", i));
          const auto seen = in_year.find(child);
          const auto leaver = oc3_rows.find(child);
          if (seen == in_year.end() || seen->second || leaver == oc3_rows.end()) continue;
          bool any = false;
          for (size_t j : leaver->second) {
            if (AnyFilled(oc3, j, kCareLeaver)) {
              any = true;
              oc3_flagged.insert(j);
            }
          }
          if (any) flags.Row("UASC", i);
        }
        for (size_t j : oc3_flagged) flags.Row("OC3", j);
      });
  add("1015", {"PL_LA"},
      "The placement provider is the authority's own provision but the child is placed outside "
      "the authority.",
      [](const Return& r, Flags& flags) {
        const auto la = r.metadata.find("localAuthority");
        if (!r.Has("Episodes") || la == r.metadata.end()) return;
        static const Codes kFosterOrAdoption = {"A3", "A4", "A5", "A6", "U1",
                                                "U2", "U3", "U4", "U5", "U6"};
        const Table& t = r.Get("Episodes");
        for (size_t i = 0; i < t.size(); ++i) {
          CellView place = t.At("PLACE", i);
          CellView ls = t.At("LS", i);
          if (Null(place) || Null(ls) || OneOf(*place, kFosterOrAdoption) || ShortBreak(ls) ||
              !Is(t.At("PLACE_PROVIDER", i), "PR1")) {
            continue;
          }
          if (!Is(t.At("PL_LA", i), la->second)) flags.Row("Episodes", i);
        }
      });
  add("1008", {"URN"}, "The Ofsted Unique Reference Number (URN) is not valid.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        // Against Ofsted's list of providers when the return carries it (the DfE's tools give it
        // in the metadata as "provider_info", read as a table of that name), else by its form.
        std::optional<Keys> known;
        if (r.Has("provider_info")) known.emplace();
        if (known) {
          const Table& p = r.Get("provider_info");
          for (size_t i = 0; i < p.size(); ++i) known->insert(Key(p.At("URN", i)));
        }
        const Table& t = r.Get("Episodes");
        for (size_t i = 0; i < t.size(); ++i) {
          CellView urn = t.At("URN", i);
          if (Null(urn) || *urn == "XXXXXXX") continue;
          if (known ? known->count(*urn) == 0 : !UrnShape(*urn)) flags.Row("Episodes", i);
        }
      });
  add("164", {"PL_DISTANCE"},
      "The placement distance is not valid (it must be from 0 to 999.9 miles); check the "
      "postcodes.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        // Children who are or were unaccompanied asylum seekers are not checked; without any
        // record of UASC status nobody can be checked.
        Keys uasc;
        bool known = false;
        for (const auto& [header, table] :
             {std::pair{"Header", "UASC"}, std::pair{"Header_last", "UASC_last"}}) {
          if (r.Has(header) && r.Get(header).Has("UASC")) {
            known = true;
            const Table& h = r.Get(header);
            for (size_t i = 0; i < h.size(); ++i) {
              if (Is(h.At("UASC", i), "1")) uasc.insert(Key(h.At("CHILD", i)));
            }
          } else if (r.Has(table)) {
            known = true;
            const Table& u = r.Get(table);
            for (size_t i = 0; i < u.size(); ++i) {
              for (const auto& col : u.columns()) {
                if (col != "CHILD" && !Null(u.At(col, i))) uasc.insert(Key(u.At("CHILD", i)));
              }
            }
          }
        }
        if (!known) return;
        const Table& t = r.Get("Episodes");
        for (size_t i = 0; i < t.size(); ++i) {
          CellView miles = t.At("PL_DISTANCE", i);
          if (Null(miles) || In(uasc, t.At("CHILD", i))) continue;
          const auto d = Number(*miles);
          if (!d || *d < 0.0 || *d > 999.9) flags.Row("Episodes", i);
        }
      });
  add("165", {"MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"},
      "Whether the child is a mother is not valid: it must be 0 or 1, blank for a male, and "
      "given for a female in care this year.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("Episodes") || !r.Has("OC3")) return;
        const std::string male = r.year <= 2024 ? "1" : "M";
        const std::string female = r.year <= 2024 ? "2" : "F";
        // Children with episodes other than short breaks -> any of them in the year (an open
        // episode runs to the end of the year).
        const Table& e = r.Get("Episodes");
        KeyMap<bool> in_year;
        for (size_t i = 0; i < e.size(); ++i) {
          if (Upper(e.At("LS", i)) == "V3" || Upper(e.At("LS", i)) == "V4") continue;
          const auto decom = e.DateAt("DECOM", i);
          const Date dec = e.DateAt("DEC", i).value_or(r.end);
          in_year[Key(e.At("CHILD", i))] |= decom && *decom <= r.end && dec >= r.start;
        }
        const Table& oc3 = r.Get("OC3");
        const auto& oc3_rows = RowsByChild(oc3);
        const Table& h = r.Get("Header");
        std::set<size_t> oc3_flagged;
        for (size_t i = 0; i < h.size(); ++i) {
          const std::string child = Key(h.At("CHILD", i));
          const auto eps = in_year.find(child);
          if (eps == in_year.end()) continue;
          CellView mother = h.At("MOTHER", i);
          const auto leaver = oc3_rows.find(child);
          bool care_leaver = false;
          if (leaver != oc3_rows.end()) {
            for (size_t j : leaver->second) care_leaver |= AnyFilled(oc3, j, kCareLeaver);
          }
          const bool bad =
              (!Null(mother) && *mother != "0" && *mother != "1") ||
              (!Null(mother) && Is(h.At("SEX", i), male)) ||
              (Null(mother) && Is(h.At("SEX", i), female) && (eps->second || !care_leaver));
          if (!bad) continue;
          flags.Row("Header", i);
          if (leaver != oc3_rows.end())
            oc3_flagged.insert(leaver->second.begin(), leaver->second.end());
        }
        for (size_t j : oc3_flagged) flags.Row("OC3", j);
      });
  add("1000", kCareLeaver, "The child died in care, so no care leaver information should be given.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("OC3")) return;
        Keys died;
        for (const char* name : {"Episodes", "Episodes_last"}) {
          const Table& t = r.Get(name);
          for (size_t i = 0; i < t.size(); ++i) {
            if (Upper(t.At("REC", i)) == "E2") died.insert(Key(t.At("CHILD", i)));
          }
        }
        const Table& oc3 = r.Get("OC3");
        for (size_t i = 0; i < oc3.size(); ++i) {
          if (In(died, oc3.At("CHILD", i))) flags.Row("OC3", i);
        }
      });
  add("1002", kCareLeaver,
      "The child has no episodes of care this year or last, so no care leaver information "
      "should be given.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("OC3") || !r.Has("Episodes_last")) return;
        const Keys& now = ChildrenIn(r, r.Get("Episodes"));
        const Keys& before = ChildrenIn(r, r.Get("Episodes_last"));
        const Table& oc3 = r.Get("OC3");
        for (size_t i = 0; i < oc3.size(); ++i) {
          if (!In(now, oc3.At("CHILD", i)) && !In(before, oc3.At("CHILD", i))) {
            flags.Row("OC3", i);
          }
        }
      });
  add("1010", kCareLeaver,
      "The child was still in care at the end of last year but has no episodes this year, yet "
      "care leaver information is given.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("OC3") || !r.Has("Episodes_last")) return;
        const Table& last = r.Get("Episodes_last");
        Keys open;
        for (const auto& [child, rows] : RowsByChild(last)) {
          // The latest episode last year (the last listed on a tie) was still open.
          std::optional<size_t> latest;
          std::optional<Date> latest_start;
          for (size_t i : rows) {
            const auto d = last.DateAt("DECOM", i);
            if (d && (!latest_start || *d >= *latest_start)) {
              latest = i;
              latest_start = d;
            }
          }
          if (latest && Null(last.At("DEC", *latest))) open.insert(child);
        }
        const Keys& now = ChildrenIn(r, r.Get("Episodes"));
        const Table& oc3 = r.Get("OC3");
        for (size_t i = 0; i < oc3.size(); ++i) {
          if (!In(now, oc3.At("CHILD", i)) && In(open, oc3.At("CHILD", i))) flags.Row("OC3", i);
        }
      });
  add("1011", kCareLeaver,
      "The child's care passed to another local authority (E3) at the end of the last episode, "
      "so no care leaver information should be given.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("OC3")) return;
        const Table& e = r.Get("Episodes");
        Keys transferred;
        for (const auto& [child, rows] : RowsByChild(e)) {
          const auto latest = Extreme(e, rows, "DECOM", true);
          if (latest && Is(e.At("REC", *latest), "E3")) transferred.insert(child);
        }
        const Table& oc3 = r.Get("OC3");
        for (size_t i = 0; i < oc3.size(); ++i) {
          if (In(transferred, oc3.At("CHILD", i)) && AnyFilled(oc3, i, kCareLeaver)) {
            flags.Row("OC3", i);
          }
        }
      });
  add("1012", {"CHILD"},
      "The child has no episodes this year, so no other information should be returned.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Keys& children = ChildrenIn(r, r.Get("Episodes"));
        for (const char* name :
             {"PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"}) {
          if (!r.Has(name)) continue;
          const Table& t = r.Get(name);
          for (size_t i = 0; i < t.size(); ++i) {
            if (!In(children, t.At("CHILD", i))) flags.Row(name, i);
          }
        }
      });
  add("134",
      {"IN_TOUCH", "ACTIV", "ACCOM", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
       "SEX_ADOPTR", "LS_ADOPTR"},
      "A care leaver should not also have adoption information.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("OC3") || !r.Has("AD1")) return;
        const Table& oc3 = r.Get("OC3");
        Keys leavers;
        for (size_t i = 0; i < oc3.size(); ++i) {
          if (AnyFilled(oc3, i, kCareLeaver)) leavers.insert(Key(oc3.At("CHILD", i)));
        }
        const Table& ad1 = r.Get("AD1");
        for (size_t i = 0; i < ad1.size(); ++i) {
          if (In(leavers, ad1.At("CHILD", i)) && AnyFilled(ad1, i, kAdoption)) {
            flags.Row("AD1", i);
          }
        }
      });
  add("187",
      {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR", "IN_TOUCH",
       "ACTIV", "ACCOM"},
      "The child was looked after continuously for the year, so no adoption or care leaver "
      "information should be given.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("OC3") || !r.Has("AD1") || !r.Has("Episodes")) return;
        const Keys& cla = r.memo.Get<Keys>("a.ContinuouslyLookedAfter",
                                           [&] { return ContinuouslyLookedAfter(r); });
        for (const auto& [name, fields] :
             {std::pair{"OC3", &kCareLeaver}, std::pair{"AD1", &kAdoption}}) {
          const Table& t = r.Get(name);
          for (size_t i = 0; i < t.size(); ++i) {
            if (In(cla, t.At("CHILD", i)) && AnyFilled(t, i, *fields)) flags.Row(name, i);
          }
        }
      });
  add("191", {"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CHILD"},
      "The child was looked after continuously for the year, so the twelve-month items must "
      "be filled in.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("OC2") || !r.Has("Episodes")) return;
        const Keys& cla = r.memo.Get<Keys>("a.ContinuouslyLookedAfter",
                                           [&] { return ContinuouslyLookedAfter(r); });
        const Table& oc2 = r.Get("OC2");
        for (size_t i = 0; i < oc2.size(); ++i) {
          if (In(cla, oc2.At("CHILD", i)) && AnyNull(oc2, i, kHealthCore)) flags.Row("OC2", i);
        }
        // A child with no OC2 row at all: flag the child's first episode.
        const Keys& in_oc2 = ChildrenIn(r, oc2);
        const Table& e = r.Get("Episodes");
        for (const auto& [child, rows] : RowsByChild(e)) {
          if (!cla.count(child) || in_oc2.count(child)) continue;
          if (const auto first = Extreme(e, rows, "DECOM", false)) flags.Row("Episodes", *first);
        }
      });
}

}  // namespace haven::returns::ssda903
