// SSDA903 rules 406-531.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

namespace {

using Fields = std::vector<std::string>;
using Keys = KeySet;
using Rows = std::vector<size_t>;

// A child id as the rules match them across tables.
std::string Key(CellView c) { return std::string(Trimmed(c)); }
// A cell with no value; an empty string counts as a value, as in the DfE tools.
bool Null(CellView c) { return !c.has_value(); }
bool Is(CellView c, std::string_view v) { return c.has_value() && SameText(*c, v); }
bool IsAnyOf(CellView c, CodeList codes) { return c.has_value() && OneOf(*c, codes); }
// Two cells hold the same thing: both blank, or the same text.
bool Same(CellView a, CellView b) { return a == b; }
// Two cells hold the same value, neither blank.
bool SameValue(CellView a, CellView b) { return a && b && *a == *b; }

std::optional<double> Number(CellView c) {
  std::string_view v = Trimmed(c);
  if (v.empty()) return std::nullopt;
  double d = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
  return d;
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

// The rows of `t` in order of child, then of the date in each of `dates` (a row without a valid
// date after those with one); rows without a child id come last. Ties keep the order given.
Rows Sorted(const Table& t, const std::vector<std::string_view>& dates) {
  Rows order(t.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  struct SortKey {
    bool no_child;
    std::string child;
    std::vector<std::pair<bool, Date>> dates;
    bool operator<(const SortKey& o) const {
      return std::tie(no_child, child, dates) < std::tie(o.no_child, o.child, o.dates);
    }
  };
  std::vector<SortKey> keys;
  keys.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    SortKey k{Null(t.At("CHILD", i)), Key(t.At("CHILD", i)), {}};
    for (auto f : dates) {
      const auto d = t.DateAt(f, i);
      k.dates.emplace_back(!d.has_value(), d.value_or(Date()));
    }
    keys.push_back(std::move(k));
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  return order;
}

// Each episode and the one before it for the same child (in order of the dates `order_by`), as
// (previous, current) rows of Episodes; worked out once per validation.
const std::vector<std::pair<size_t, size_t>>& FollowingEpisodes(
    const Return& r, const std::vector<std::string_view>& order_by) {
  std::string key = "d.FollowingEpisodes";
  for (auto f : order_by) key.append(":").append(f);
  return r.memo.Get<std::vector<std::pair<size_t, size_t>>>(key, [&] {
    const Table& t = r.Get("Episodes");
    const Rows order = Sorted(t, order_by);
    std::vector<std::pair<size_t, size_t>> out;
    for (size_t k = 1; k < order.size(); ++k) {
      CellView prev = t.At("CHILD", order[k - 1]);
      CellView cur = t.At("CHILD", order[k]);
      if (Null(prev) || Null(cur) || Trimmed(prev) != Trimmed(cur)) continue;
      out.emplace_back(order[k - 1], order[k]);
    }
    return out;
  });
}

// Calls `pair(episodes, previous, current)` for each episode and the one before it for the same
// child, in order of DECOM (or of `order_by`).
template <typename Pair>
void EachFollowingEpisode(const Return& r, Pair pair,
                          const std::vector<std::string_view>& order_by = {"DECOM"}) {
  const Table& t = r.Get("Episodes");
  for (const auto& [prev, cur] : FollowingEpisodes(r, order_by)) pair(t, prev, cur);
}

// As EachFollowingEpisode, flagging the later episode when `bad(table, previous, current)`.
template <typename Bad>
Check EachEpisodePair(Bad bad, std::vector<std::string_view> order_by = {"DECOM"}) {
  return [bad, order_by](const Return& r, Flags& flags) {
    if (!r.Has("Episodes")) return;
    EachFollowingEpisode(
        r,
        [&](const Table& t, size_t prev, size_t cur) {
          if (bad(t, prev, cur)) flags.Row("Episodes", cur);
        },
        order_by);
  };
}

// For each child, the row with the earliest (or latest) valid DECOM; the first on a tie.
KeyMap<size_t> ByDecom(const Table& t, bool latest) {
  KeyMap<std::pair<size_t, Date>> best;
  for (size_t i = 0; i < t.size(); ++i) {
    CellView child = t.At("CHILD", i);
    const auto d = t.DateAt("DECOM", i);
    if (Null(child) || !d) continue;
    auto [it, fresh] = best.try_emplace(Key(child), i, *d);
    if (!fresh && (latest ? *d > it->second.second : *d < it->second.second)) {
      it->second = {i, *d};
    }
  }
  KeyMap<size_t> out;
  for (const auto& [child, b] : best) out[child] = b.first;
  return out;
}

// ByDecom of a table of the return, worked out once per validation.
const KeyMap<size_t>& ByDecom(const Return& r, const std::string& table, bool latest) {
  return r.memo.Get<KeyMap<size_t>>("d.ByDecom:" + table + (latest ? ":latest" : ":earliest"),
                                    [&] { return ByDecom(r.Get(table), latest); });
}

// Calls `pair(this_year, first_row, last_year, last_row)` for each child in both years' episodes:
// this year's first episode and last year's latest one.
template <typename Pair>
void AcrossYears(const Return& r, Pair pair) {
  if (!r.Has("Episodes") || !r.Has("Episodes_last")) return;
  const Table& now = r.Get("Episodes");
  const Table& last = r.Get("Episodes_last");
  const auto& rows = r.memo.Get<std::vector<std::pair<size_t, size_t>>>("d.AcrossYears", [&] {
    const auto& latest = ByDecom(r, "Episodes_last", true);
    std::vector<std::pair<size_t, size_t>> out;
    for (const auto& [child, row] : ByDecom(r, "Episodes", false)) {
      auto it = latest.find(child);
      if (it != latest.end()) out.emplace_back(row, it->second);
    }
    return out;
  });
  for (const auto& [row, prev] : rows) pair(now, row, last, prev);
}

// Rules 503A-503J: where last year ended with an open episode, this year's first episode must
// carry on the same `field`. `allowed(now, before)` names changes a year's code changes permit.
Check SameAsOpenEpisode(std::string field, bool (*allowed)(CellView, CellView) = nullptr) {
  return [field = std::move(field), allowed](const Return& r, Flags& flags) {
    AcrossYears(r, [&](const Table& now, size_t row, const Table& last, size_t prev) {
      if (last.DateAt("DEC", prev)) return;  // last year's episode closed
      CellView a = now.At(field, row);
      CellView b = last.At(field, prev);
      if (Same(a, b)) return;
      if (allowed != nullptr && allowed(a, b)) return;
      flags.Row("Episodes", row);
    });
  };
}

// A placement change the start of 2024-25 allows: H5 ended and K3 replaced it.
bool H5ToK3(CellView now, CellView before) { return Is(now, "K3") && Is(before, "H5"); }
// A placement change the start of 2025-26 allows: Z1 was split into Z11-Z14.
bool Z1Split(CellView now, CellView before) {
  return IsAnyOf(now, {"Z11", "Z12", "Z13", "Z14"}) && Is(before, "Z1");
}

// Placement distances in this year's first episode and last year's open one differ: by 0.2 miles
// or more, or given now but not then.
bool DistanceChanged(const Table& now, size_t row, const Table& last, size_t prev) {
  CellView a = now.At("PL_DISTANCE", row);
  CellView b = last.At("PL_DISTANCE", prev);
  if (Null(b)) return !Null(a);
  const auto x = Number(a);
  const auto y = Number(b);
  return x && y && std::fabs(*x - *y) >= 0.2;
}

// Flags AD1 rows whose adopters' legal status is `ls` and whose sex code is not one of `sexes`.
Check AdoptersSex(std::string ls, Codes sexes) {
  return EachRow("AD1", [ls = std::move(ls), sexes = std::move(sexes)](const Return&,
                                                                       const Table& t, size_t i) {
    return Is(t.At("LS_ADOPTR", i), ls) && !IsAnyOf(t.At("SEX_ADOPTR", i), sexes);
  });
}

// Flags episodes with placement provider `provider` in one of the placements `places`.
Check ProviderNotFor(std::string provider, Codes places) {
  return EachRow("Episodes", [provider = std::move(provider), places = std::move(places)](
                                 const Return&, const Table& t, size_t i) {
    return Is(t.At("PLACE_PROVIDER", i), provider) && IsAnyOf(t.At("PLACE", i), places);
  });
}

// Rule 526: a placement provider is needed unless the placement is one of `none`.
Check ProviderNeeded(Codes none) {
  return EachRow("Episodes", [none = std::move(none)](const Return&, const Table& t, size_t i) {
    return Null(t.At("PLACE_PROVIDER", i)) && !IsAnyOf(t.At("PLACE", i), none);
  });
}

// The children who are, or were last year, unaccompanied asylum seekers: by the Header's UASC
// flag, or else by any entry in the UASC table.
Keys Uasc(const Return& r) {
  Keys out;
  auto add = [&](std::string_view header, std::string_view uasc) {
    if (r.Has(header)) {
      const Table& h = r.Get(header);
      for (size_t i = 0; i < h.size(); ++i) {
        if (Is(h.At("UASC", i), "1")) out.insert(Key(h.At("CHILD", i)));
      }
    } else if (r.Has(uasc)) {
      const Table& u = r.Get(uasc);
      for (size_t i = 0; i < u.size(); ++i) {
        for (const auto& c : u.columns()) {
          if (c != "CHILD" && !Null(u.At(c, i))) {
            out.insert(Key(u.At("CHILD", i)));
            break;
          }
        }
      }
    }
  };
  add("Header", "UASC");
  add("Header_last", "UASC_last");
  return out;
}

const Codes kAdoptionPlacements = {"A3", "A4", "A5", "A6"};
const Fields kPlacementFields = {"PLACE", "PL_POST", "URN", "PLACE_PROVIDER"};

bool SamePlacement(const Table& t, size_t a, size_t b) {
  for (const auto& f : kPlacementFields) {
    if (!Same(t.At(f, a), t.At(f, b))) return false;
  }
  return true;
}

}  // namespace

void AddRulesD(std::vector<Rule>& rules) {
  auto add = [&rules](std::string code, Fields fields, std::string message, Check check,
                      int first = 2023, int last = 9999) {
    rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message),
                             std::move(check), first, last));
  };

  // --- Placements and legal status, episode by episode.
  add("406", {"PL_DISTANCE"},
      "The child is or was an unaccompanied asylum seeker, so the placement distance should be "
      "blank.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Keys& uasc = r.memo.Get<Keys>("d.Uasc", [&] { return Uasc(r); });
        const Table& t = r.Get("Episodes");
        for (size_t i = 0; i < t.size(); ++i) {
          if (!Null(t.At("PL_DISTANCE", i)) && uasc.count(Trimmed(t.At("CHILD", i))) != 0) {
            flags.Row("Episodes", i);
          }
        }
      });
  add("408", {"PLACE", "LS"},
      "Placed for adoption under a placement order, but the legal status is not a placement "
      "order (E1).",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        return IsAnyOf(t.At("PLACE", i), {"A5", "A6"}) && !Is(t.At("LS", i), "E1");
      }));
  add("411", {"PL_LOCATION"},
      "The placement is inside the local authority, but the placement authority is another.",
      [](const Return& r, Flags& flags) {
        auto la = r.metadata.find("localAuthority");
        if (la == r.metadata.end() || !r.Has("Episodes")) return;
        const Table& t = r.Get("Episodes");
        for (size_t i = 0; i < t.size(); ++i) {
          if (Is(t.At("PL_LOCATION", i), "IN") && !Is(t.At("PL_LA", i), la->second)) {
            flags.Row("Episodes", i);
          }
        }
      });
  add("420", {"PL_LA"}, "A placement authority is given for a short break (legal status V3 or V4).",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        return IsAnyOf(t.At("LS", i), {"V3", "V4"}) && !Null(t.At("PL_LA", i));
      }));
  add("426", {"LS"}, "A child's short breaks cannot be recorded under both V3 and V4 in a year.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        const Table& t = r.Get("Episodes");
        Keys v3, v4;
        for (size_t i = 0; i < t.size(); ++i) {
          if (Is(t.At("LS", i), "V3")) v3.insert(Key(t.At("CHILD", i)));
          if (Is(t.At("LS", i), "V4")) v4.insert(Key(t.At("CHILD", i)));
        }
        for (size_t i = 0; i < t.size(); ++i) {
          const std::string child = Key(t.At("CHILD", i));
          if (IsAnyOf(t.At("LS", i), {"V3", "V4"}) && v3.count(child) && v4.count(child)) {
            flags.Row("Episodes", i);
          }
        }
      });
  add("445", {"LS", "DECOM"},
      "Legal status D1 (freed for adoption) cannot start after December 2005.",
      EachRow("Episodes",
              [](const Return&, const Table& t, size_t i) {
                const auto decom = t.DateAt("DECOM", i);
                return Is(t.At("LS", i), "D1") && decom && *decom > Date::FromYmd(2005, 12, 31);
              }),
      2023, 2024);
  add("446", {"LS", "DECOM"},
      "Legal status E1 (placement order) cannot start before December 2005.",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        const auto decom = t.DateAt("DECOM", i);
        return Is(t.At("LS", i), "E1") && decom && *decom < Date::FromYmd(2005, 12, 1);
      }));
  add("451", {"DEC", "REC", "LS"},
      "The child is still freed for adoption (D1), but freeing orders ended in December 2005.",
      EachRow("Episodes",
              [](const Return&, const Table& t, size_t i) {
                return Null(t.At("DEC", i)) && Null(t.At("REC", i)) && Is(t.At("LS", i), "D1");
              }),
      2023, 2024);
  add("454", {"PL_DISTANCE"}, "The placement is more than 350 miles from home.",
      EachRow("Episodes",
              [](const Return&, const Table& t, size_t i) {
                const auto d = Number(t.At("PL_DISTANCE", i));
                return d && *d > 350 && *d != 999.9;
              }),
      2026);
  add("516", {"REC", "PLACE"},
      "The episode ended with the child staying with former foster carers (E45, E46), so the "
      "placement must be U1 to U6.",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        return IsAnyOf(t.At("REC", i), {"E45", "E46"}) &&
               !IsAnyOf(t.At("PLACE", i), {"U1", "U2", "U3", "U4", "U5", "U6"});
      }));
  add("526", {"PLACE", "PLACE_PROVIDER"}, "The placement provider is missing.",
      ProviderNeeded({"T0", "T1", "T2", "T3", "T4", "Z1"}), 2023, 2025);
  add("526", {"PLACE", "PLACE_PROVIDER"}, "The placement provider is missing.",
      ProviderNeeded({"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}), 2026);
  add("527", {"PLACE", "PLACE_PROVIDER"},
      "Provider PR1 (own authority) cannot give placements P1, R2 or R5.",
      ProviderNotFor("PR1", {"P1", "R2", "R5"}));
  add("528", {"PLACE", "PLACE_PROVIDER"},
      "Provider PR2 (another authority) cannot give placements P1, R2 or R5.",
      ProviderNotFor("PR2", {"P1", "R2", "R5"}));
  add("529", {"PLACE", "PLACE_PROVIDER"},
      "Provider PR3 (other public body) cannot give placements P1, A3 to A6, K1, K2 or U1 to U6.",
      ProviderNotFor(
          "PR3", {"A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6"}));
  add("530", {"PLACE", "PLACE_PROVIDER"}, "Provider PR4 (private) cannot give placement P1.",
      ProviderNotFor("PR4", {"P1"}));
  add("531", {"PLACE", "PLACE_PROVIDER"}, "Provider PR5 (voluntary) cannot give placement P1.",
      ProviderNotFor("PR5", {"P1"}));

  // --- Episodes in sequence.
  add("431", {"RNE", "DECOM"},
      "The episode starts a new period of care (S), but the previous episode had not ended "
      "before it began.",
      EachEpisodePair([](const Table& t, size_t prev, size_t cur) {
        const auto decom = t.DateAt("DECOM", cur);
        const auto dec = t.DateAt("DEC", prev);
        return Is(t.At("RNE", cur), "S") && decom && dec && *decom <= *dec;
      }));
  add("432", {"RNE"},
      "The previous episode ended the child's care, so this episode must start a new period of "
      "care (S).",
      EachEpisodePair([](const Table& t, size_t prev, size_t cur) {
        static const Codes kLeftCare = {"E2",  "E3",  "E4A", "E4B", "E5",  "E6",  "E7",
                                        "E8",  "E9",  "E11", "E12", "E13", "E14", "E15",
                                        "E16", "E17", "E41", "E45", "E46", "E47", "E48"};
        return IsAnyOf(t.At("REC", prev), kLeftCare) && !Is(t.At("RNE", cur), "S");
      }));
  add("433", {"RNE", "DECOM"},
      "The episode continues a period of care, but does not start the day the previous episode "
      "ended.",
      EachEpisodePair(
          [](const Table& t, size_t prev, size_t cur) {
            std::string rne(Trimmed(t.At("RNE", cur)));
            for (char& c : rne) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (!OneOf(rne, {"P", "L", "T", "U", "B"})) return false;
            CellView dec = t.At("DEC", prev);
            CellView decom = t.At("DECOM", cur);
            if (Null(dec) || Null(decom)) return true;
            const auto a = CellDate(dec);
            const auto b = CellDate(decom);
            if (a && b) return *a != *b;
            return Trimmed(dec) != Trimmed(decom);
          },
          {"DECOM", "DEC"}));
  add("434", {"RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"},
      "The episode is for a change of legal status only (L), but the legal status is unchanged "
      "or the placement changed.",
      EachEpisodePair([](const Table& t, size_t prev, size_t cur) {
        return Is(t.At("RNE", cur), "L") &&
               (Same(t.At("LS", cur), t.At("LS", prev)) || !SamePlacement(t, prev, cur));
      }));
  add("435", {"LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"},
      "The episode is for a change of placement only (P or T), but the legal status changed or "
      "the placement did not.",
      EachEpisodePair([](const Table& t, size_t prev, size_t cur) {
        return IsAnyOf(t.At("RNE", cur), {"P", "T"}) &&
               (!Same(t.At("LS", cur), t.At("LS", prev)) || SamePlacement(t, prev, cur));
      }));
  add("436", {"RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"},
      "The episode is for a change of both placement and legal status (U or B), but one of them "
      "is unchanged.",
      EachEpisodePair([](const Table& t, size_t prev, size_t cur) {
        return IsAnyOf(t.At("RNE", cur), {"U", "B"}) &&
               (Same(t.At("LS", cur), t.At("LS", prev)) || SamePlacement(t, prev, cur));
      }));
  add("437", {"REC"},
      "The episode ended because the child died or turned 18 (E2, E15), but a later episode "
      "follows.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes")) return;
        EachFollowingEpisode(r, [&](const Table& t, size_t prev, size_t) {
          std::string rec(Trimmed(t.At("REC", prev)));
          for (char& c : rec) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          if (t.DateAt("DECOM", prev) && (rec == "E2" || rec == "E15")) {
            flags.Row("Episodes", prev);
          }
        });
      });
  add("501", {"DECOM", "DEC"}, "The episode starts before the previous episode ended.",
      EachEpisodePair([](const Table& t, size_t prev, size_t cur) {
        const auto decom = t.DateAt("DECOM", cur);
        const auto dec = t.DateAt("DEC", prev);
        return decom && dec && *decom < *dec;
      }));
  add("504", {"CIN"},
      "The category of need differs from the one at the start of this period of care.",
      EachEpisodePair([](const Table& t, size_t prev, size_t cur) {
        const auto dec = t.DateAt("DEC", prev);
        const auto decom = t.DateAt("DECOM", cur);
        return Is(t.At("REC", prev), "X1") && dec && decom && *dec == *decom &&
               !SameValue(t.At("CIN", cur), t.At("CIN", prev));
      }));

  // --- Age.
  add("407", {"DEC", "DOB", "REC"},
      "The episode ended with a special guardianship order (E45-E48) after the child turned 18.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const auto& heads = RowsByChild(h);
        std::set<size_t> flagged_heads;
        for (size_t i = 0; i < e.size(); ++i) {
          if (!IsAnyOf(e.At("REC", i), {"E45", "E46", "E47", "E48"})) continue;
          const auto dec = e.DateAt("DEC", i);
          auto it = heads.find(Trimmed(e.At("CHILD", i)));
          if (!dec || it == heads.end()) continue;
          bool bad = false;
          for (size_t j : it->second) {
            const auto dob = h.DateAt("DOB", j);
            if (dob && dob->AddMonths(12 * 18) < *dec) {
              bad = true;
              flagged_heads.insert(j);
            }
          }
          if (bad) flags.Row("Episodes", i);
        }
        for (size_t j : flagged_heads) flags.Row("Header", j);
      });
  add("460", {"DEC", "REC"},
      "The episode ended with the child staying with carers at 18 or over (E17), but the child "
      "was under 18.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const auto& heads = RowsByChild(h);
        for (size_t i = 0; i < e.size(); ++i) {
          if (!Is(e.At("REC", i), "E17")) continue;
          const auto dec = e.DateAt("DEC", i);
          auto it = heads.find(Trimmed(e.At("CHILD", i)));
          if (!dec || it == heads.end()) continue;
          for (size_t j : it->second) {
            const auto dob = h.DateAt("DOB", j);
            if (dob && dob->AddMonths(12 * 18) > *dec) {
              flags.Row("Episodes", i);
              break;
            }
          }
        }
      });
  add("440", {"DOB", "REVIEW", "REVIEW_CODE"},
      "Participation PN0 is for a child under 4, but the child was 4 or over at the review.",
      EachRow("Reviews", [](const Return&, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        const auto review = t.DateAt("REVIEW", i);
        return Is(t.At("REVIEW_CODE", i), "PN0") && dob && review &&
               *review > dob->AddMonths(12 * 4);
      }));
  add("441", {"DOB", "REVIEW", "REVIEW_CODE"},
      "Participation PN1-PN7 is for a child of 4 or over, but the child was under 4 at the "
      "review.",
      EachRow("Reviews", [](const Return&, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        const auto review = t.DateAt("REVIEW", i);
        return IsAnyOf(t.At("REVIEW_CODE", i), {"PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"}) &&
               dob && review && *review < dob->AddMonths(12 * 4);
      }));

  // --- Header.
  add("442", {"UPN"},
      "The UPN is missing for a child looked after other than under short breaks (V3, V4).",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        Keys needs;
        for (size_t i = 0; i < e.size(); ++i) {
          if (!IsAnyOf(e.At("LS", i), {"V3", "V4"})) needs.insert(Key(e.At("CHILD", i)));
        }
        for (size_t j = 0; j < h.size(); ++j) {
          if (Null(h.At("UPN", j)) && needs.count(Trimmed(h.At("CHILD", j))) != 0) {
            flags.Row("Header", j);
          }
        }
      });
  add(
      "444", {"UPN"}, "The same UPN is given for more than one child.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header")) return;
        const Table& h = r.Get("Header");
        const Codes unknown = {"UN1", "UN2", "UN3", "UN4", "UN5"};
        KeyMap<int> count;
        for (size_t j = 0; j < h.size(); ++j) {
          CellView upn = h.At("UPN", j);
          if (!Null(upn) && !OneOf(*upn, unknown)) ++count[std::string(*upn)];
        }
        for (size_t j = 0; j < h.size(); ++j) {
          CellView upn = h.At("UPN", j);
          if (!Null(upn) && !OneOf(*upn, unknown) && count.find(*upn)->second > 1) {
            flags.Row("Header", j);
          }
        }
      },
      2026);

  // --- Last year's open episode and this year's first.
  add("452", {"PL_LA"},
      "The placement authority differs from last year's open episode, which this episode "
      "continues.",
      [](const Return& r, Flags& flags) {
        AcrossYears(r, [&](const Table& now, size_t row, const Table& last, size_t prev) {
          if (Null(last.At("DEC", prev)) && SameValue(now.At("RNE", row), last.At("RNE", prev)) &&
              !Same(now.At("PL_LA", row), last.At("PL_LA", prev))) {
            flags.Row("Episodes", row);
          }
        });
      });
  add("453", {"PL_DISTANCE"},
      "The placement distance differs from last year's open episode, which this episode "
      "continues.",
      [](const Return& r, Flags& flags) {
        AcrossYears(r, [&](const Table& now, size_t row, const Table& last, size_t prev) {
          if (!last.DateAt("DEC", prev) && SameValue(now.At("RNE", row), last.At("RNE", prev)) &&
              DistanceChanged(now, row, last, prev)) {
            flags.Row("Episodes", row);
          }
        });
      });
  add("502", {"DECOM"},
      "Last year ended with an open episode, but this year's first episode does not start on "
      "the same date.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Episodes_last")) return;
        const Table& now = r.Get("Episodes");
        const Table& last = r.Get("Episodes_last");
        KeyMap<Rows> open;
        for (size_t j = 0; j < last.size(); ++j) {
          if (Null(last.At("DEC", j))) open[Key(last.At("CHILD", j))].push_back(j);
        }
        for (const auto& [child, row] : ByDecom(r, "Episodes", false)) {
          auto it = open.find(child);
          if (it == open.end()) continue;
          const auto decom = now.DateAt("DECOM", row);
          for (size_t j : it->second) {
            const auto before = last.DateAt("DECOM", j);
            if (!before || *before != *decom) {
              flags.Row("Episodes", row);
              break;
            }
          }
        }
      });
  add("503A", {"RNE"}, "The reason for the first episode differs from last year's open episode.",
      SameAsOpenEpisode("RNE"));
  add("503B", {"LS"},
      "The legal status of the first episode differs from last year's open "
      "episode.",
      SameAsOpenEpisode("LS"));
  add("503C", {"CIN"},
      "The category of need of the first episode differs from last year's open episode.",
      SameAsOpenEpisode("CIN"));
  const std::string m503d =
      "The placement type of the first episode differs from last year's open episode.";
  add("503D", {"PLACE"}, m503d, SameAsOpenEpisode("PLACE"), 2023, 2024);
  add("503D", {"PLACE"}, m503d, SameAsOpenEpisode("PLACE", H5ToK3), 2025, 2025);
  add("503D", {"PLACE"}, m503d, SameAsOpenEpisode("PLACE", Z1Split), 2026, 2026);
  add("503D", {"PLACE"}, m503d, SameAsOpenEpisode("PLACE"), 2027);
  add("503E", {"PLACE_PROVIDER"},
      "The placement provider of the first episode differs from last year's open episode.",
      SameAsOpenEpisode("PLACE_PROVIDER"));
  add("503F", {"URN"}, "The Ofsted URN of the first episode differs from last year's open episode.",
      SameAsOpenEpisode("URN"));
  add("503G", {"PL_DISTANCE"},
      "The placement distance of the first episode differs from last year's open episode.",
      [](const Return& r, Flags& flags) {
        AcrossYears(r, [&](const Table& now, size_t row, const Table& last, size_t prev) {
          if (!last.DateAt("DEC", prev) && DistanceChanged(now, row, last, prev)) {
            flags.Row("Episodes", row);
          }
        });
      });
  add("503H", {"PL_LA"},
      "The placement authority of the first episode differs from last year's open episode.",
      SameAsOpenEpisode("PL_LA"));
  add("503J", {"PL_LOCATION"},
      "The placement location of the first episode differs from last year's open episode.",
      SameAsOpenEpisode("PL_LOCATION"));

  // --- Adoption.
  add("511", {"NB_ADOPTR", "SEX_ADOPTR"},
      "There are two adopters, so their sexes must be MM, FF or MF.",
      EachRow("AD1", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("NB_ADOPTR", i), "2") && IsAnyOf(t.At("SEX_ADOPTR", i), {"M1", "F1"});
      }));
  add("514", {"LS_ADOPTR", "SEX_ADOPTR"},
      "The adopter is single (L0), but the sex of adopters is not a single adopter's code.",
      AdoptersSex("L0", {"M1", "F1"}));
  add("517", {"LS_ADOPTR", "SEX_ADOPTR"},
      "The adopters' legal status is L3, so their sexes must be MF.", AdoptersSex("L3", {"MF"}));
  add("518", {"LS_ADOPTR", "SEX_ADOPTR"},
      "The adopters' legal status is L4, so their sexes must be MM or FF.",
      AdoptersSex("L4", {"MM", "FF"}));
  add("519", {"LS_ADOPTR", "SEX_ADOPTR"},
      "The adopters are civil partners (L2), so their sexes must be those of a couple.",
      AdoptersSex("L2", {"MM", "FF", "MF"}));
  add("520", {"LS_ADOPTR", "SEX_ADOPTR"},
      "The adopters are a married couple of different sexes (L11), so their sexes must be MF.",
      AdoptersSex("L11", {"MF"}));
  add("524", {"LS_ADOPTR", "SEX_ADOPTR"},
      "The adopters' legal status is L12, so their sexes must be MM or FF.",
      AdoptersSex("L12", {"MM", "FF"}));
  add("521", {"PLACE", "DECOM", "DATE_INT"},
      "The decision that adoption is in the child's interest is after the child was placed "
      "for adoption.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("AD1")) return;
        const Table& e = r.Get("Episodes");
        const Table& a = r.Get("AD1");
        const auto& ads = RowsByChild(a);
        std::set<size_t> bad_ads;
        for (size_t i = 0; i < e.size(); ++i) {
          if (!IsAnyOf(e.At("PLACE", i), kAdoptionPlacements)) continue;
          const auto decom = e.DateAt("DECOM", i);
          auto it = ads.find(Trimmed(e.At("CHILD", i)));
          if (!decom || it == ads.end()) continue;
          bool bad = false;
          for (size_t j : it->second) {
            const auto dint = a.DateAt("DATE_INT", j);
            if (dint && *dint > *decom) {
              bad = true;
              bad_ads.insert(j);
            }
          }
          if (bad) flags.Row("Episodes", i);
        }
        for (size_t j : bad_ads) flags.Row("AD1", j);
      });
  add("522", {"DATE_PLACED", "DATE_PLACED_CEASED"},
      "The decision no longer to place for adoption is before the decision to place.",
      EachRow("PlacedAdoption", [](const Return&, const Table& t, size_t i) {
        const auto placed = t.DateAt("DATE_PLACED", i);
        const auto ceased = t.DateAt("DATE_PLACED_CEASED", i);
        return placed && ceased && *ceased < *placed;
      }));
  add("523", {"DATE_PLACED", "DATE_INT"},
      "The decision to place for adoption and the decision that adoption is in the child's "
      "interest should be the same date.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PlacedAdoption") || !r.Has("AD1")) return;
        const Table& p = r.Get("PlacedAdoption");
        const Table& a = r.Get("AD1");
        const auto& ads = RowsByChild(a);
        std::set<size_t> bad_ads;
        for (size_t i = 0; i < p.size(); ++i) {
          const auto placed = p.DateAt("DATE_PLACED", i);
          auto it = ads.find(Trimmed(p.At("CHILD", i)));
          if (!placed || it == ads.end()) continue;
          bool bad = false;
          for (size_t j : it->second) {
            const auto dint = a.DateAt("DATE_INT", j);
            if (dint && *dint != *placed) {
              bad = true;
              bad_ads.insert(j);
            }
          }
          if (bad) flags.Row("PlacedAdoption", i);
        }
        for (size_t j : bad_ads) flags.Row("AD1", j);
      });
  add("525",
      {"DATE_PLACED_CEASED", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
       "LS_ADOPTR"},
      "The decision to place for adoption was reversed, so the adoption items should be blank.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PlacedAdoption") || !r.Has("AD1")) return;
        const Table& p = r.Get("PlacedAdoption");
        const Table& a = r.Get("AD1");
        const auto& ads = RowsByChild(a);
        const Fields items = {"DATE_INT",  "DATE_MATCH", "FOSTER_CARE",
                              "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"};
        std::set<size_t> bad_ads;
        for (size_t i = 0; i < p.size(); ++i) {
          if (Null(p.At("DATE_PLACED_CEASED", i))) continue;
          auto it = ads.find(Trimmed(p.At("CHILD", i)));
          if (it == ads.end()) continue;
          bool bad = false;
          for (size_t j : it->second) {
            for (const auto& f : items) {
              if (!Null(a.At(f, j))) {
                bad = true;
                bad_ads.insert(j);
                break;
              }
            }
          }
          if (bad) flags.Row("PlacedAdoption", i);
        }
        for (size_t j : bad_ads) flags.Row("AD1", j);
      });
}

}  // namespace haven::returns::ssda903
