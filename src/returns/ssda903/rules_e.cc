// SSDA903 rules 542-635 and 700-710.
#include <algorithm>
#include <charconv>
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
using Rows = std::vector<size_t>;
using ByChild = KeyMap<Rows>;
using Keys = KeySet;

// A child id as rules match them across tables.
std::string Key(CellView c) { return std::string(Trimmed(c)); }
// A cell with no value at all; an empty string counts as a value, as in the DfE tools.
bool Null(CellView c) { return !c.has_value(); }
bool Is(CellView c, std::string_view v) { return c.has_value() && SameText(*c, v); }
bool IsAnyOf(CellView c, CodeList codes) { return c.has_value() && OneOf(*c, codes); }
// Two cells hold the same text (both blank counts as the same).
bool Same(CellView a, CellView b) { return a == b; }
// A birthday: `n` years after `d` (29 February falls back to the 28th).
Date Years(Date d, int n) { return d.AddMonths(12 * n); }

const Rows& RowsOf(const ByChild& m, CellView child) {
  static const Rows kNone;
  const auto it = m.find(Trimmed(child));
  return it == m.end() ? kNone : it->second;
}

// The rows among `rows` with the earliest (or latest) valid date in `field`; the first such row
// on a tie; nullopt when none has a valid date.
std::optional<size_t> Extreme(const Table& t, const Rows& rows, std::string_view field,
                              bool latest) {
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

// A number as the DfE tools read one ("1", "1.0"); nullopt when it is not one.
std::optional<double> Number(CellView c) {
  const std::string_view v = Trimmed(c);
  if (v.empty()) return std::nullopt;
  double d = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size()) return std::nullopt;
  return d;
}

bool AnyNull(const Table& t, size_t row, const Fields& fields) {
  for (const auto& f : fields) {
    if (Null(t.At(f, row))) return true;
  }
  return false;
}
bool AnyFilled(const Table& t, size_t row, const Fields& fields) {
  for (const auto& f : fields) {
    if (!Null(t.At(f, row))) return true;
  }
  return false;
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
    const bool short_break = (Is(e.At("LS", i), "V3") || Is(e.At("LS", i), "V4")) && during;
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

// As EachRow over OC2, given also whether the row's child was looked after continuously; needs
// Episodes.
template <typename Bad>
Check EachOc2WithCla(Bad bad) {
  return [bad](const Return& r, Flags& flags) {
    if (!r.Has("OC2") || !r.Has("Episodes")) return;
    const Keys& cla =
        r.memo.Get<Keys>("e.ContinuouslyLookedAfter", [&] { return ContinuouslyLookedAfter(r); });
    const Table& t = r.Get("OC2");
    for (size_t i = 0; i < t.size(); ++i) {
      if (bad(r, t, i, cla.count(Trimmed(t.At("CHILD", i))) != 0)) flags.Row("OC2", i);
    }
  };
}

// An earlier date sorts first; no date sorts last.
bool Earlier(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (!a) return false;
  if (!b) return true;
  return *a < *b;
}

// Periods (missing, away, deprivation of liberty, decisions to place for adoption) of one child
// must not overlap: ordered by `order`, each period after the first is flagged when the one
// before it has no end, or ended after it started.
template <typename Order>
Check NoOverlap(std::string table, std::string start, std::string end, Order order) {
  return [table = std::move(table), start = std::move(start), end = std::move(end), order](
             const Return& r, Flags& flags) {
    if (!r.Has(table)) return;
    const Table& t = r.Get(table);
    for (auto& [child, rows] : RowsByChild(t)) {
      Rows sorted;
      for (size_t i : rows) {
        if (!Null(t.At("CHILD", i))) sorted.push_back(i);
      }
      std::stable_sort(sorted.begin(), sorted.end(),
                       [&](size_t a, size_t b) { return order(t, a, b); });
      for (size_t k = 1; k < sorted.size(); ++k) {
        const auto prev_end = t.DateAt(end, sorted[k - 1]);
        const auto this_start = t.DateAt(start, sorted[k]);
        if (!prev_end || (this_start && *this_start < *prev_end)) flags.Row(table, sorted[k]);
      }
    }
  };
}

// Orders periods by their end (the start when open), then by their start.
Check NoOverlapByEnd(std::string table, std::string start, std::string end) {
  auto order = [start, end](const Table& t, size_t a, size_t b) {
    auto fill = [&](size_t i) {
      const auto e = t.DateAt(end, i);
      return e ? e : t.DateAt(start, i);
    };
    const auto fa = fill(a), fb = fill(b);
    if (Earlier(fa, fb)) return true;
    if (Earlier(fb, fa)) return false;
    return Earlier(t.DateAt(start, a), t.DateAt(start, b));
  };
  return NoOverlap(std::move(table), std::move(start), std::move(end), order);
}

// A period of care: a run of a child's episodes (by start date) each starting no later than the
// one before ended; from the first episode's start to the last episode's end (none when open).
struct PeriodOfCare {
  Date start;
  std::optional<Date> end;
};

KeyMap<std::vector<PeriodOfCare>> PeriodsOfCare(const Table& e) {
  KeyMap<std::vector<PeriodOfCare>> out;
  for (auto& [child, rows] : RowsByChild(e)) {
    std::vector<std::pair<Date, std::optional<Date>>> eps;
    for (size_t i : rows) {
      if (Null(e.At("CHILD", i))) continue;
      if (const auto decom = e.DateAt("DECOM", i)) eps.emplace_back(*decom, e.DateAt("DEC", i));
    }
    std::stable_sort(eps.begin(), eps.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    auto& periods = out[child];
    for (size_t k = 0; k < eps.size(); ++k) {
      const bool fresh = k == 0 || (eps[k - 1].second && eps[k].first > *eps[k - 1].second);
      if (fresh) periods.push_back({eps[k].first, eps[k].second});
      periods.back().end = eps[k].second;
    }
  }
  return out;
}

// Rules 577 and 707: a period (missing, or deprivation of liberty) with a start must lie within
// one of the child's periods of care; an open one must be in a period of care that is still open
// and began before it; a closed one must not end outside the period of care.
Check WithinPeriodOfCare(std::string table, std::string start, std::string end) {
  return [table = std::move(table), start = std::move(start), end = std::move(end)](const Return& r,
                                                                                    Flags& flags) {
    if (!r.Has("Episodes") || !r.Has(table)) return;
    const auto pocs = PeriodsOfCare(r.Get("Episodes"));
    const Table& t = r.Get(table);
    for (size_t i = 0; i < t.size(); ++i) {
      const auto s = t.DateAt(start, i);
      if (!s || Null(t.At("CHILD", i))) continue;
      const auto it = pocs.find(Trimmed(t.At("CHILD", i)));
      if (it == pocs.end() || it->second.empty()) continue;
      const auto e = t.DateAt(end, i);
      bool fits = false;
      for (const auto& p : it->second) {
        const bool out = (!e && p.end) || (!e && *s < p.start) || (e && p.end && *e > *p.end) ||
                         (e && *e < p.start);
        fits |= !out;
      }
      if (!fits) flags.Row(table, i);
    }
  };
}

// Rule 632: a date of a previous permanence order, where ZZ stands for an unknown day or month
// and ZZZZ for an unknown year; an unknown part is read as the latest it could be.
std::optional<Date> PermanenceDate(std::string_view v) {
  std::vector<std::string> parts;
  size_t from = 0;
  while (true) {
    const size_t slash = v.find('/', from);
    parts.emplace_back(v.substr(from, slash == std::string_view::npos ? v.npos : slash - from));
    if (slash == std::string_view::npos) break;
    from = slash + 1;
  }
  if (parts.size() != 3) return std::nullopt;
  const bool day_unknown = parts[0] == "ZZ";
  const bool month_unknown = parts[1] == "ZZ";
  if (day_unknown) parts[0] = "01";
  if (month_unknown) parts[1] = "01";
  if (parts[2] == "ZZZZ") parts[2] = "2000";
  auto d = ParseReturnDate(parts[0] + "/" + parts[1] + "/" + parts[2]);
  if (!d) return std::nullopt;
  if (month_unknown) return d->AddMonths(12).AddDays(-1);
  if (day_unknown) return d->AddMonths(1).AddDays(-1);
  return d;
}

const Codes kAdoptionPlacements = {"A3", "A4", "A5", "A6"};
const Codes kAdopted = {"E11", "E12"};
const Fields kHealthCore = {"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                            "SUBSTANCE_MISUSE"};
const Fields kAdoption = {"DATE_INT",  "DATE_MATCH", "FOSTER_CARE",
                          "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"};
const Codes kLaCodes = {
    "800", "889", "822", "301", "304", "303", "330", "825", "837", "302", "846", "370", "350",
    "890", "867", "380", "305", "801", "351", "873", "823", "895", "896", "381", "909", "202",
    "908", "331", "306", "841", "830", "831", "878", "371", "835", "332", "840", "307", "308",
    "811", "881", "845", "390", "916", "203", "876", "850", "311", "204", "884", "312", "205",
    "313", "805", "919", "310", "309", "420", "921", "206", "207", "886", "810", "382", "314",
    "340", "888", "208", "856", "383", "855", "209", "925", "341", "201", "821", "352", "806",
    "887", "826", "315", "929", "812", "391", "926", "892", "813", "802", "928", "891", "392",
    "316", "815", "353", "931", "879", "836", "851", "874", "807", "354", "317", "870", "318",
    "372", "857", "333", "935", "343", "803", "373", "342", "893", "356", "355", "871", "394",
    "334", "933", "882", "936", "861", "852", "319", "860", "808", "393", "866", "210", "357",
    "894", "883", "880", "358", "211", "937", "869", "320", "359", "865", "384", "335", "336",
    "212", "868", "872", "885", "344", "877", "213", "938", "816", "999", "WAL", "SCO", "NUK",
    "NIR"};

// Rules 553 and 555: an episode under a placement or freeing order (`ls`) needs a decision to
// place for adoption; while the order is open, that decision cannot have ceased.
Check OrderNeedsDecision(std::string ls) {
  return [ls = std::move(ls)](const Return& r, Flags& flags) {
    if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
    const Table& e = r.Get("Episodes");
    const Table& pa = r.Get("PlacedAdoption");
    const ByChild& decisions = RowsByChild(pa);
    for (size_t i = 0; i < e.size(); ++i) {
      if (!Is(e.At("LS", i), ls)) continue;
      const Rows& rows = RowsOf(decisions, e.At("CHILD", i));
      if (rows.empty()) flags.Row("Episodes", i);
      if (!Null(e.At("DEC", i))) continue;
      for (size_t j : rows) {
        if (!Null(pa.At("DATE_PLACED_CEASED", j)) || !Null(pa.At("REASON_PLACED_CEASED", j))) {
          flags.Row("PlacedAdoption", j);
        }
      }
    }
  };
}

// Rule 557: a child placed for adoption (or under an order in `orders`) who left care other than
// by adoption needs the decision to place to have ceased, with its date and reason.
Check LeftWithoutAdoption(Codes orders) {
  return [orders = std::move(orders)](const Return& r, Flags& flags) {
    if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
    const Table& e = r.Get("Episodes");
    const Table& pa = r.Get("PlacedAdoption");
    const ByChild& decisions = RowsByChild(pa);
    for (size_t i = 0; i < e.size(); ++i) {
      CellView rec = e.At("REC", i);
      if (!IsAnyOf(e.At("PLACE", i), kAdoptionPlacements) && !IsAnyOf(e.At("LS", i), orders)) {
        continue;
      }
      if (Null(rec) || IsAnyOf(rec, {"E11", "E12", "X1"})) continue;
      const Rows& rows = RowsOf(decisions, e.At("CHILD", i));
      if (rows.empty()) flags.Row("Episodes", i);
      for (size_t j : rows) {
        if (Null(pa.At("DATE_PLACED_CEASED", j)) || Null(pa.At("REASON_PLACED_CEASED", j))) {
          flags.Row("Episodes", i);
          flags.Row("PlacedAdoption", j);
        }
      }
    }
  };
}

// Rule 607: a girl who ceased to be looked after in the year (not from short breaks) needs the
// mother item; `female` is the year's code for female.
Check MotherNeeded(std::string female) {
  return [female = std::move(female)](const Return& r, Flags& flags) {
    if (!r.Has("Header") || !r.Has("Episodes")) return;
    const Table& e = r.Get("Episodes");
    const Table& h = r.Get("Header");
    const ByChild& headers = RowsByChild(h);
    for (size_t i = 0; i < e.size(); ++i) {
      const auto dec = e.DateAt("DEC", i);
      CellView rec = e.At("REC", i);
      if (!dec || *dec < r.start || *dec > r.end || Null(rec) || *rec == "X1") continue;
      if (Is(e.At("LS", i), "V3") || Is(e.At("LS", i), "V4")) continue;
      for (size_t j : RowsOf(headers, e.At("CHILD", i))) {
        if (Is(h.At("SEX", j), female) && Null(h.At("MOTHER", j))) {
          flags.Row("Episodes", i);
          flags.Row("Header", j);
        }
      }
    }
  };
}

// Rule 612: a girl who is not a mother has no date of birth of a first child.
Check NotMotherNoChild(std::string female) {
  return EachRow("Header", [female = std::move(female)](const Return&, const Table& t, size_t i) {
    CellView mother = t.At("MOTHER", i);
    return (Null(mother) || *mother == "0") && Is(t.At("SEX", i), female) &&
           !Null(t.At("MC_DOB", i));
  });
}

// Rules 709 and 710: episodes overlapping a deprivation of liberty order with both dates, whose
// placement type `bad` rejects.
template <typename Bad>
Check DoloPlacement(Bad bad) {
  return [bad](const Return& r, Flags& flags) {
    if (!r.Has("DoLo") || !r.Has("Episodes")) return;
    const Table& d = r.Get("DoLo");
    const Table& e = r.Get("Episodes");
    // The DfE's own tests name the placement column PLACEMENT; returns name it PLACE.
    const std::string_view place = e.Has("PLACE") || !e.Has("PLACEMENT") ? "PLACE" : "PLACEMENT";
    const ByChild& eps = RowsByChild(e);
    for (size_t i = 0; i < d.size(); ++i) {
      if (Null(d.At("DOLO_START", i)) || Null(d.At("DOLO_END", i))) continue;
      const auto start = d.DateAt("DOLO_START", i);
      const auto end = d.DateAt("DOLO_END", i);
      for (size_t j : RowsOf(eps, d.At("CHILD", i))) {
        const auto decom = e.DateAt("DECOM", j);
        const auto dec = e.DateAt("DEC", j);
        const bool starts_before_end = !dec || (start && *start <= *dec);
        const bool ends_after_start = end && decom && *end >= *decom;
        if (starts_before_end && ends_after_start && bad(e.At(place, j))) {
          flags.Row("DoLo", i);
          flags.Row("Episodes", j);
        }
      }
    }
  };
}

}  // namespace

void AddRulesE(std::vector<Rule>& rules) {
  auto add = [&rules](std::string code, Fields fields, std::string message, Check check,
                      int first = 2023, int last = 9999) {
    rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message),
                             std::move(check), first, last));
  };

  // --- OC2: convictions and health promotion.
  add("542", {"CONVICTED"}, "A child under 10 on 31 March should have no conviction recorded.",
      EachRow("OC2", [](const Return& r, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        return dob && Years(*dob, 10) > r.end && !Null(t.At("CONVICTED", i));
      }));
  add("543", {"DOB", "CONVICTED"},
      "A child aged 10 or over on 31 March, looked after for the whole year, needs the "
      "conviction item.",
      EachOc2WithCla([](const Return& r, const Table& t, size_t i, bool cla) {
        const auto dob = t.DateAt("DOB", i);
        return cla && dob && r.end > Years(*dob, 10) && Null(t.At("CONVICTED", i));
      }));
  add("544", {"CONVICTED", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"},
      "A child with a conviction recorded needs the immunisation, teeth check, health assessment "
      "and substance misuse items.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("CONVICTED", i), "1") && AnyNull(t, i, kHealthCore);
      }));
  add("545", {"DOB", "HEALTH_CHECK"},
      "A child under 5 on 31 March, looked after for the whole year, needs the health promotion "
      "item.",
      EachOc2WithCla([](const Return& r, const Table& t, size_t i, bool cla) {
        const auto dob = t.DateAt("DOB", i);
        return cla && dob && r.end < Years(*dob, 5) && Null(t.At("HEALTH_CHECK", i));
      }));
  add("546", {"DOB", "HEALTH_CHECK"},
      "A child aged 5 or over on 31 March should have no health promotion item.",
      EachOc2WithCla([](const Return& r, const Table& t, size_t i, bool cla) {
        const auto dob = t.DateAt("DOB", i);
        return cla && dob && r.end >= Years(*dob, 5) && !Null(t.At("HEALTH_CHECK", i));
      }));
  add("547",
      {"HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"},
      "A child with health promotion recorded needs the immunisation, teeth check, health "
      "assessment and substance misuse items.",
      EachRow("OC2", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("HEALTH_CHECK", i), "1") && AnyNull(t, i, kHealthCore);
      }));

  // --- Episodes: placement provider.
  add("550", {"PLACE", "PLACE_PROVIDER"},
      "Placement provider PR0 goes only with placement type P1.",
      EachRow("Episodes", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("PLACE_PROVIDER", i), "PR0") && !Is(t.At("PLACE", i), "P1");
      }));

  // --- PlacedAdoption: decisions to place for adoption, against the episodes.
  add("551", {"DATE_PLACED", "PLACE"},
      "A child placed for adoption needs the date of the decision to place for adoption.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const ByChild& decisions = RowsByChild(pa);
        for (size_t i = 0; i < e.size(); ++i) {
          if (!IsAnyOf(e.At("PLACE", i), kAdoptionPlacements)) continue;
          const Rows& rows = RowsOf(decisions, e.At("CHILD", i));
          bool missing = rows.empty();
          for (size_t j : rows) missing |= Null(pa.At("DATE_PLACED", j));
          if (missing) flags.Row("Episodes", i);
        }
      });
  add("552", {"DATE_PLACED", "DECOM"},
      "The latest decision to place for adoption is after the child was first placed for "
      "adoption.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const ByChild& decisions = RowsByChild(pa);
        for (const auto& [child, rows] : RowsByChild(e)) {
          Rows placed;
          for (size_t i : rows) {
            if (IsAnyOf(e.At("PLACE", i), kAdoptionPlacements)) placed.push_back(i);
          }
          const auto first = Extreme(e, placed, "DECOM", false);
          const auto it = decisions.find(child);
          if (!first || it == decisions.end()) continue;
          const auto latest = Extreme(pa, it->second, "DATE_PLACED", true);
          if (latest && *e.DateAt("DECOM", *first) < *pa.DateAt("DATE_PLACED", *latest)) {
            flags.Row("Episodes", *first);
            flags.Row("PlacedAdoption", *latest);
          }
        }
      });
  add("553", {"CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"},
      "A placement order was granted but there is no decision to place for adoption, or the "
      "decision has ceased while the order is open.",
      OrderNeedsDecision("E1"));
  add("554", {"DATE_PLACED", "DECOM", "LS"},
      "The decision to place for adoption is after the placement order was granted.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const ByChild& decisions = RowsByChild(pa);
        for (const auto& [child, rows] : RowsByChild(e)) {
          Rows orders;
          for (size_t i : rows) {
            if (Is(e.At("LS", i), "E1")) orders.push_back(i);
          }
          const auto first = Extreme(e, orders, "DECOM", false);
          const auto it = decisions.find(child);
          if (!first || it == decisions.end()) continue;
          const Date granted = *e.DateAt("DECOM", *first);
          for (size_t j : it->second) {
            const auto placed = pa.DateAt("DATE_PLACED", j);
            if (placed && *placed > granted) {
              flags.Row("Episodes", *first);
              flags.Row("PlacedAdoption", j);
            }
          }
        }
      });
  add("555", {"CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"},
      "A freeing order was granted but there is no decision to place for adoption, or the "
      "decision has ceased while the order is open.",
      OrderNeedsDecision("D1"), 2023, 2024);
  add(
      "556", {"DATE_PLACED", "DECOM"},
      "The decision to place for adoption is after the freeing order was granted.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const ByChild& decisions = RowsByChild(pa);
        for (size_t i = 0; i < e.size(); ++i) {
          const auto decom = e.DateAt("DECOM", i);
          if (!Is(e.At("LS", i), "D1") || !decom) continue;
          for (size_t j : RowsOf(decisions, e.At("CHILD", i))) {
            const auto placed = pa.DateAt("DATE_PLACED", j);
            if (placed && *placed > *decom) flags.Row("Episodes", i);
          }
        }
      },
      2023, 2024);
  const std::string m557 =
      "A child with a decision to place for adoption left care without being adopted, but the "
      "date and reason the decision ceased are not both given.";
  const Fields f557 = {"DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"};
  add("557", f557, m557, LeftWithoutAdoption({"D1", "E1"}), 2023, 2024);
  add("557", f557, m557, LeftWithoutAdoption({"E1"}), 2025);
  add("558", {"DATE_PLACED_CEASED", "REC"},
      "The child was adopted, so the latest decision to place for adoption should have no date "
      "it ceased.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PlacedAdoption")) return;
        const Table& e = r.Get("Episodes");
        const Table& pa = r.Get("PlacedAdoption");
        const ByChild& decisions = RowsByChild(pa);
        for (size_t i = 0; i < e.size(); ++i) {
          if (!IsAnyOf(e.At("REC", i), kAdopted)) continue;
          const Rows& rows = RowsOf(decisions, e.At("CHILD", i));
          bool open = rows.empty();
          for (size_t j : rows) open |= Null(pa.At("DATE_PLACED_CEASED", j));
          if (!open && rows.size() > 1) flags.Row("Episodes", i);
        }
      });
  add("559", {"DATE_PLACED"},
      "The decision to place for adoption was before this year but last year's return has no "
      "date for it.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PlacedAdoption") || !r.Has("PlacedAdoption_last")) return;
        const Table& pa = r.Get("PlacedAdoption");
        const Table& last = r.Get("PlacedAdoption_last");
        const ByChild& before = RowsByChild(last);
        for (size_t i = 0; i < pa.size(); ++i) {
          const auto placed = pa.DateAt("DATE_PLACED", i);
          if (!placed || *placed >= r.start) continue;
          bool recorded = false;
          for (size_t j : RowsOf(before, pa.At("CHILD", i))) {
            recorded |= last.DateAt("DATE_PLACED", j).has_value();
          }
          if (!recorded) flags.Row("PlacedAdoption", i);
        }
      });
  add("560", {"DATE_PLACED", "DATE_PLACED_CEASED"},
      "The date of the decision to place for adoption differs from last year's, though last "
      "year's decision had not ceased.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PlacedAdoption") || !r.Has("PlacedAdoption_last")) return;
        const Table& pa = r.Get("PlacedAdoption");
        const Table& last = r.Get("PlacedAdoption_last");
        const ByChild& before = RowsByChild(last);
        for (size_t i = 0; i < pa.size(); ++i) {
          for (size_t j : RowsOf(before, pa.At("CHILD", i))) {
            CellView then = last.At("DATE_PLACED", j);
            if (!Null(then) && Null(last.At("DATE_PLACED_CEASED", j)) &&
                !Same(pa.At("DATE_PLACED", i), then)) {
              flags.Row("PlacedAdoption", i);
            }
          }
        }
      });
  add("561", {"DATE_PLACED"},
      "The date of the decision to place for adoption is last year's, but last year's decision "
      "had ceased.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PlacedAdoption") || !r.Has("PlacedAdoption_last")) return;
        const Table& pa = r.Get("PlacedAdoption");
        const Table& last = r.Get("PlacedAdoption_last");
        const ByChild& before = RowsByChild(last);
        for (size_t i = 0; i < pa.size(); ++i) {
          CellView now = pa.At("DATE_PLACED", i);
          if (Null(now)) continue;
          for (size_t j : RowsOf(before, pa.At("CHILD", i))) {
            if (Same(now, last.At("DATE_PLACED", j)) &&
                (!Null(last.At("REASON_PLACED_CEASED", j)) ||
                 !Null(last.At("DATE_PLACED_CEASED", j)))) {
              flags.Row("PlacedAdoption", i);
            }
          }
        }
      });
  add("562", {"DECOM"},
      "The first episode began before this year but is not the latest episode in last year's "
      "return.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Episodes_last")) return;
        const Table& e = r.Get("Episodes");
        const Table& last = r.Get("Episodes_last");
        const ByChild& before = RowsByChild(last);
        for (const auto& [child, rows] : RowsByChild(e)) {
          Rows earlier;
          for (size_t i : rows) {
            const auto decom = e.DateAt("DECOM", i);
            if (decom && *decom < r.start) earlier.push_back(i);
          }
          const auto first = Extreme(e, earlier, "DECOM", false);
          if (!first) continue;
          const auto it = before.find(child);
          const auto latest =
              it == before.end() ? std::nullopt : Extreme(last, it->second, "DECOM", true);
          if (!latest || *last.DateAt("DECOM", *latest) != *e.DateAt("DECOM", *first)) {
            flags.Row("Episodes", *first);
          }
        }
      });
  add("563", {"DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"},
      "The decision to place for adoption has ceased but its date is blank.",
      EachRow("PlacedAdoption", [](const Return&, const Table& t, size_t i) {
        return !Null(t.At("REASON_PLACED_CEASED", i)) && !Null(t.At("DATE_PLACED_CEASED", i)) &&
               Null(t.At("DATE_PLACED", i));
      }));

  // --- Missing.
  add("564", {"MISSING", "MIS_START"},
      "The child was missing or away without authorisation but the start date is blank.",
      EachRow("Missing", [](const Return&, const Table& t, size_t i) {
        return IsAnyOf(t.At("MISSING", i), {"M", "A", "m", "a"}) && Null(t.At("MIS_START", i));
      }));
  add("565", {"MISSING", "MIS_START"},
      "A missing or away start date is given but whether the child was missing or away is not.",
      EachRow("Missing", [](const Return&, const Table& t, size_t i) {
        return !Null(t.At("MIS_START", i)) && Null(t.At("MISSING", i));
      }));
  add("566", {"MISSING", "MIS_END"},
      "A missing or away end date is given but whether the child was missing or away is not.",
      EachRow("Missing", [](const Return&, const Table& t, size_t i) {
        return Null(t.At("MISSING", i)) && !Null(t.At("MIS_END", i));
      }));
  add("567", {"MIS_START", "MIS_END"}, "The missing or away period ended before it started.",
      EachRow("Missing", [](const Return&, const Table& t, size_t i) {
        const auto s = t.DateAt("MIS_START", i);
        const auto e = t.DateAt("MIS_END", i);
        return s && e && *s > *e;
      }));
  add("570", {"MIS_START"},
      "The missing or away period started after the end of the collection year.",
      EachRow("Missing", [](const Return& r, const Table& t, size_t i) {
        const auto s = t.DateAt("MIS_START", i);
        return s && *s > r.end;
      }));
  add("571", {"MIS_END"}, "The missing or away period ended outside the collection year.",
      EachRow("Missing", [](const Return& r, const Table& t, size_t i) {
        const auto e = t.DateAt("MIS_END", i);
        return e && (*e < r.start || *e > r.end);
      }));
  add("574", {"MIS_START", "MIS_END"},
      "A missing or away period starts while the one before is still open or overlaps it.",
      NoOverlapByEnd("Missing", "MIS_START", "MIS_END"));
  add("575", {"MIS_END"},
      "The placement the child went missing or away from has ended, so the missing or away "
      "period needs an end date.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Missing")) return;
        const Table& e = r.Get("Episodes");
        const Table& m = r.Get("Missing");
        const ByChild& eps = RowsByChild(e);
        for (size_t i = 0; i < m.size(); ++i) {
          const auto start = m.DateAt("MIS_START", i);
          if (!Null(m.At("MIS_END", i)) || !start) continue;
          for (size_t j : RowsOf(eps, m.At("CHILD", i))) {
            const auto decom = e.DateAt("DECOM", j);
            const auto dec = e.DateAt("DEC", j);
            if (decom && dec && *start >= *decom && *start <= *dec) flags.Row("Missing", i);
          }
        }
      });
  add("576", {"CHILD"},
      "Last year's return has an open missing or away period that this year's first period "
      "does not continue.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Missing") || !r.Has("Missing_last")) return;
        const Table& m = r.Get("Missing");
        const Table& last = r.Get("Missing_last");
        const ByChild& before = RowsByChild(last);
        const Date none = Date::FromYmd(2099, 1, 1);
        for (const auto& [child, rows] : RowsByChild(m)) {
          if (Null(m.At("CHILD", rows.front()))) continue;
          size_t first = rows.front();
          Date first_start = m.DateAt("MIS_START", first).value_or(none);
          for (size_t i : rows) {
            const Date s = m.DateAt("MIS_START", i).value_or(none);
            if (s < first_start) {
              first = i;
              first_start = s;
            }
          }
          const auto it = before.find(child);
          if (it == before.end()) continue;
          for (size_t j : it->second) {
            const auto then = last.DateAt("MIS_START", j);
            if (Null(last.At("MIS_END", j)) && then && *then != first_start) {
              flags.Row("Missing", first);
            }
          }
        }
      });
  add("577", {"MIS_END"},
      "The child ceased to be looked after but a missing or away period has no end date.",
      WithinPeriodOfCare("Missing", "MIS_START", "MIS_END"));
  add("578", {"MIS_START"},
      "The missing or away period started outside every period the child was looked after.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Missing")) return;
        const auto pocs = PeriodsOfCare(r.Get("Episodes"));
        const Table& m = r.Get("Missing");
        for (size_t i = 0; i < m.size(); ++i) {
          const auto s = m.DateAt("MIS_START", i);
          if (!s || Null(m.At("CHILD", i))) continue;
          const auto it = pocs.find(Trimmed(m.At("CHILD", i)));
          if (it == pocs.end() || it->second.empty()) continue;
          bool fits = false;
          for (const auto& p : it->second) fits |= !(*s < p.start || (p.end && *s > *p.end));
          if (!fits) flags.Row("Missing", i);
        }
      });
  add("579", {"DATE_PLACED", "DATE_PLACED_CEASED"},
      "A decision to place for adoption starts while the one before is still open or overlaps "
      "it.",
      NoOverlap("PlacedAdoption", "DATE_PLACED", "DATE_PLACED_CEASED",
                [](const Table& t, size_t a, size_t b) {
                  return Earlier(t.DateAt("DATE_PLACED", a), t.DateAt("DATE_PLACED", b));
                }));
  add("580", {"REC"},
      "The child was missing when they ceased to be looked after at 18, but the reason the "
      "episode ceased is not E8.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Missing")) return;
        const Table& e = r.Get("Episodes");
        const Table& m = r.Get("Missing");
        const ByChild& eps = RowsByChild(e);
        for (size_t i = 0; i < m.size(); ++i) {
          const auto dob = m.DateAt("DOB", i);
          const auto end = m.DateAt("MIS_END", i);
          if (!dob || !end || Years(*dob, 18) != *end) continue;
          for (size_t j : RowsOf(eps, m.At("CHILD", i))) {
            const auto dec = e.DateAt("DEC", j);
            if (dec && *dec == *end && !Is(e.At("REC", j), "E8")) flags.Row("Episodes", j);
          }
        }
      });
  add("581", {"MIS_START"},
      "The child is missing or away at a time outside all their episodes of care.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Missing")) return;
        const Table& e = r.Get("Episodes");
        const Table& m = r.Get("Missing");
        const ByChild& eps = RowsByChild(e);
        for (size_t i = 0; i < m.size(); ++i) {
          const Rows& rows = RowsOf(eps, m.At("CHILD", i));
          if (rows.empty()) continue;
          const auto start = m.DateAt("MIS_START", i);
          bool in_episode = false;
          for (size_t j : rows) {
            const auto decom = e.DateAt("DECOM", j);
            const auto dec = e.DateAt("DEC", j);
            in_episode |= start && decom && *start >= *decom && (!dec || *start <= *dec);
          }
          if (!in_episode) flags.Row("Missing", i);
        }
      });

  // --- Adoption.
  add("582", {"DEC", "DATE_MATCH"},
      "The child was adopted on the same date they were matched with the adopters; the match "
      "is usually earlier.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("AD1")) return;
        const Table& e = r.Get("Episodes");
        const Table& ad = r.Get("AD1");
        const ByChild& adoptions = RowsByChild(ad);
        for (size_t i = 0; i < e.size(); ++i) {
          CellView dec = e.At("DEC", i);
          if (!IsAnyOf(e.At("REC", i), kAdopted) || Null(dec)) continue;
          for (size_t j : RowsOf(adoptions, e.At("CHILD", i))) {
            if (Same(ad.At("DATE_MATCH", j), dec)) flags.Row("Episodes", i);
          }
        }
      });
  add("583", {"DATE_PLACED", "DATE_PLACED_CEASED"},
      "There is more than one decision to place for adoption but an earlier one has no date it "
      "ceased.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PlacedAdoption")) return;
        const Table& pa = r.Get("PlacedAdoption");
        for (const auto& [child, rows] : RowsByChild(pa)) {
          const size_t latest = Extreme(pa, rows, "DATE_PLACED", true).value_or(rows.front());
          for (size_t i : rows) {
            if (i != latest && Null(pa.At("DATE_PLACED_CEASED", i))) {
              flags.Row("PlacedAdoption", i);
            }
          }
        }
      });
  add("584", {"DATE_PLACED"},
      "Last year's decision to place for adoption ceased, so this year's decision should be "
      "later than it.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PlacedAdoption") || !r.Has("PlacedAdoption_last")) return;
        const Table& pa = r.Get("PlacedAdoption");
        const Table& last = r.Get("PlacedAdoption_last");
        const ByChild& before = RowsByChild(last);
        for (size_t i = 0; i < pa.size(); ++i) {
          const auto now = pa.DateAt("DATE_PLACED", i);
          for (size_t j : RowsOf(before, pa.At("CHILD", i))) {
            if (Null(last.At("DATE_PLACED_CEASED", j)) &&
                Null(last.At("REASON_PLACED_CEASED", j))) {
              continue;
            }
            if (Null(last.At("DATE_PLACED", j))) continue;
            const auto then = last.DateAt("DATE_PLACED", j);
            if (Null(pa.At("DATE_PLACED", i)) || (now && then && *now <= *then)) {
              flags.Row("PlacedAdoption", i);
            }
          }
        }
      });
  add("586", {"MIS_START"}, "The missing or away period starts before the child was born.",
      EachRow("Missing", [](const Return&, const Table& t, size_t i) {
        const auto s = t.DateAt("MIS_START", i);
        const auto dob = t.DateAt("DOB", i);
        return s && dob && *s <= *dob;
      }));
  add("601",
      {"REC", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"},
      "The child was adopted in the year but the adoption items are not all filled in.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("AD1")) return;
        const Table& e = r.Get("Episodes");
        const Table& ad = r.Get("AD1");
        const ByChild& adoptions = RowsByChild(ad);
        for (size_t i = 0; i < e.size(); ++i) {
          const auto dec = e.DateAt("DEC", i);
          if (!dec || *dec < r.start || *dec > r.end || !IsAnyOf(e.At("REC", i), kAdopted)) {
            continue;
          }
          for (size_t j : RowsOf(adoptions, e.At("CHILD", i))) {
            if (AnyNull(ad, j, kAdoption)) {
              flags.Row("Episodes", i);
              flags.Row("AD1", j);
            }
          }
        }
      });
  add("602", {"CHILD"},
      "Adoption items are given but the episodes do not show the child adopted in the year.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("AD1")) return;
        const Table& e = r.Get("Episodes");
        const Table& ad = r.Get("AD1");
        Keys adopted;
        for (size_t i = 0; i < e.size(); ++i) {
          const auto dec = e.DateAt("DEC", i);
          if (dec && *dec >= r.start && *dec <= r.end && IsAnyOf(e.At("REC", i), kAdopted)) {
            adopted.insert(Key(e.At("CHILD", i)));
          }
        }
        for (size_t j = 0; j < ad.size(); ++j) {
          if (!adopted.count(Trimmed(ad.At("CHILD", j))) && AnyFilled(ad, j, kAdoption)) {
            flags.Row("AD1", j);
          }
        }
      });

  // --- Header: motherhood.
  const std::string m607 =
      "A girl ceased to be looked after in the year but the mother item is "
      "blank.";
  const Fields f607 = {"DEC", "REC", "MOTHER", "LS", "SEX"};
  add("607", f607, m607, MotherNeeded("2"), 2023, 2024);
  add("607", f607, m607, MotherNeeded("F"), 2025);
  add("611", {"MOTHER", "MC_DOB"},
      "The child is a mother but the date of birth of her first child is blank.",
      EachRow("Header", [](const Return&, const Table& t, size_t i) {
        return Is(t.At("MOTHER", i), "1") && Null(t.At("MC_DOB", i));
      }));
  const std::string m612 =
      "A date of birth of a first child is given but the child is not "
      "recorded as a mother.";
  const Fields f612 = {"SEX", "MOTHER", "MC_DOB"};
  add("612", f612, m612, NotMotherNoChild("2"), 2023, 2024);
  add("612", f612, m612, NotMotherNoChild("F"), 2025);
  add("620", {"DOB", "MOTHER"},
      "The child is recorded as a mother but was under 11 at the start of the year.",
      EachRow("Header", [](const Return& r, const Table& t, size_t i) {
        const auto dob = t.DateAt("DOB", i);
        return Is(t.At("MOTHER", i), "1") && dob && Years(*dob, 11) > r.start;
      }));
  add("621", {"DOB", "MC_DOB"},
      "The date of birth of the mother's child is not after the mother's own.",
      EachRow("Header", [](const Return&, const Table& t, size_t i) {
        const auto child = t.DateAt("MC_DOB", i);
        const auto dob = t.DateAt("DOB", i);
        return child && dob && *child <= *dob;
      }));
  add("624", {"MC_DOB"},
      "The date of birth of the first child differs from the one recorded last year.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("Header_last")) return;
        const Table& h = r.Get("Header");
        const Table& last = r.Get("Header_last");
        const ByChild& before = RowsByChild(last);
        for (size_t i = 0; i < h.size(); ++i) {
          for (size_t j : RowsOf(before, h.At("CHILD", i))) {
            CellView then = last.At("MC_DOB", j);
            if (!Null(then) && !Same(h.At("MC_DOB", i), then)) flags.Row("Header", i);
          }
        }
      });
  add("625", {"MC_DOB", "DEC"},
      "The date of birth of the first child is after the end of the year or after the child "
      "ceased to be looked after.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const ByChild& headers = RowsByChild(h);
        for (const auto& [child, rows] : RowsByChild(e)) {
          const auto latest = Extreme(e, rows, "DEC", true);
          if (!latest) continue;
          const Date dec = *e.DateAt("DEC", *latest);
          const auto it = headers.find(child);
          if (it == headers.end()) continue;
          for (size_t j : it->second) {
            const auto born = h.DateAt("MC_DOB", j);
            if (born && (*born > r.end || *born > dec)) {
              flags.Row("Header", j);
              flags.Row("Episodes", *latest);
            }
          }
        }
      });
  add("626", {"MOTHER", "MC_DOB"},
      "The child is now a mother of a child born before this year, but last year's return said "
      "she was not a mother.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("Header_last")) return;
        const Table& h = r.Get("Header");
        const Table& last = r.Get("Header_last");
        const ByChild& before = RowsByChild(last);
        for (size_t i = 0; i < h.size(); ++i) {
          const auto born = h.DateAt("MC_DOB", i);
          if (!born || *born >= r.start || Number(h.At("MOTHER", i)) != 1.0) continue;
          for (size_t j : RowsOf(before, h.At("CHILD", i))) {
            if (Number(last.At("MOTHER", j)) == 0.0) flags.Row("Header", i);
          }
        }
      });
  add("628", {"MOTHER"},
      "The mother item is not needed for a care leaver who was not looked after in the year.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header") || !r.Has("OC3")) return;
        const Table& e = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const Table& oc3 = r.Get("OC3");
        Keys in_care, leavers;
        for (size_t i = 0; i < e.size(); ++i) in_care.insert(Key(e.At("CHILD", i)));
        for (size_t i = 0; i < oc3.size(); ++i) {
          if (AnyFilled(oc3, i, {"IN_TOUCH", "ACTIV", "ACCOM"})) {
            leavers.insert(Key(oc3.At("CHILD", i)));
          }
        }
        for (size_t i = 0; i < h.size(); ++i) {
          const std::string child = Key(h.At("CHILD", i));
          if (!in_care.count(child) && leavers.count(child) && !Null(h.At("MOTHER", i))) {
            flags.Row("Header", i);
          }
        }
      });

  // --- PrevPerm: previous permanence.
  add("630", {"RNE"},
      "The child started to be looked after this year, so previous permanence needs to be "
      "given.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("PrevPerm") || !r.Has("Episodes")) return;
        const Table& e = r.Get("Episodes");
        const Table& pp = r.Get("PrevPerm");
        const ByChild& perms = RowsByChild(pp);
        for (size_t i = 0; i < e.size(); ++i) {
          const auto decom = e.DateAt("DECOM", i);
          if (!Is(e.At("RNE", i), "S") || !decom || *decom < r.start) continue;
          const Rows& rows = RowsOf(perms, e.At("CHILD", i));
          bool bad = rows.empty();
          for (size_t j : rows) {
            CellView prev = pp.At("PREV_PERM", j);
            bad |= Null(prev) ||
                   (*prev != "Z1" && (Null(pp.At("LA_PERM", j)) || Null(pp.At("DATE_PERM", j))));
          }
          if (bad) flags.Row("Episodes", i);
        }
      });
  add("631", {"PREV_PERM"}, "Previous permanence is not a valid code.",
      CodeIn("PrevPerm", "PREV_PERM", kPreviousPermanence, Absent::kAllowed));
  add("632", {"DATE_PERM", "DECOM"},
      "The date of the previous permanence order is not a valid date, or is not before the "
      "child's first episode.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PrevPerm")) return;
        const Table& e = r.Get("Episodes");
        const Table& pp = r.Get("PrevPerm");
        const ByChild& perms = RowsByChild(pp);
        for (const auto& [child, rows] : RowsByChild(e)) {
          const auto first = Extreme(e, rows, "DECOM", false);
          const auto it = perms.find(child);
          if (!first || it == perms.end()) continue;
          const Date decom = *e.DateAt("DECOM", *first);
          for (size_t j : it->second) {
            CellView text = pp.At("DATE_PERM", j);
            if (Null(text)) continue;
            const auto d = PermanenceDate(*text);
            if (!d || *d >= decom) {
              flags.Row("Episodes", *first);
              flags.Row("PrevPerm", j);
            }
          }
        }
      });
  add("633", {"LA_PERM"},
      "The local authority where previous permanence was arranged is not a valid code.",
      CodeIn("PrevPerm", "LA_PERM", kLaCodes, Absent::kAllowed));
  add("634", {"LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"},
      "Previous permanence is given but the child has not started to be looked after since 1 "
      "April 2016.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("PrevPerm")) return;
        const Table& e = r.Get("Episodes");
        const Table& pp = r.Get("PrevPerm");
        const ByChild& eps = RowsByChild(e);
        const Date since = Date::FromYmd(2016, 4, 1);
        for (size_t j = 0; j < pp.size(); ++j) {
          if (!AnyFilled(pp, j, {"PREV_PERM", "DATE_PERM", "LA_PERM"})) continue;
          const Rows& rows = RowsOf(eps, pp.At("CHILD", j));
          const auto latest = Extreme(e, rows, "DECOM", true);
          if (!latest || *e.DateAt("DECOM", *latest) >= since) continue;
          flags.Row("PrevPerm", j);
          for (size_t i : rows) flags.Row("Episodes", i);
        }
      });
  add("635", {"LA_PERM", "DATE_PERM", "PREV_PERM"},
      "The date or local authority of a previous permanence order is given but previous "
      "permanence is not.",
      EachRow("PrevPerm", [](const Return&, const Table& t, size_t i) {
        return (!Null(t.At("LA_PERM", i)) || !Null(t.At("DATE_PERM", i))) &&
               Null(t.At("PREV_PERM", i));
      }));

  // --- DoLo: deprivation of liberty orders (from 2026-27).
  constexpr int kDolo = 2027;
  add("700", {"DOLO_START"},
      "The start date of the deprivation of liberty order is not a valid date.",
      IsDate("DoLo", "DOLO_START", Absent::kFlagged), kDolo);
  add("701", {"DOLO_END"}, "The end date of the deprivation of liberty order is not a valid date.",
      IsDate("DoLo", "DOLO_END", Absent::kAllowed), kDolo);
  add("702", {"DOLO_START", "DOLO_END"},
      "The deprivation of liberty order does not end after it starts.",
      EachRow("DoLo",
              [](const Return&, const Table& t, size_t i) {
                const auto s = t.DateAt("DOLO_START", i);
                const auto e = t.DateAt("DOLO_END", i);
                return s && e && *e <= *s;
              }),
      kDolo);
  add("703", {"DOLO_START"},
      "The deprivation of liberty order starts after the end of the collection year.",
      EachRow("DoLo",
              [](const Return& r, const Table& t, size_t i) {
                const auto s = t.DateAt("DOLO_START", i);
                return s && *s > r.end;
              }),
      kDolo);
  add("704", {"DOLO_END"}, "The deprivation of liberty order ends outside the collection year.",
      EachRow("DoLo",
              [](const Return& r, const Table& t, size_t i) {
                const auto e = t.DateAt("DOLO_END", i);
                return e && (*e < r.start || *e > r.end);
              }),
      kDolo);
  add("705", {"DOLO_START", "DOLO_END"},
      "A deprivation of liberty order starts while the one before is still open or overlaps it.",
      NoOverlapByEnd("DoLo", "DOLO_START", "DOLO_END"), kDolo);
  // The finding points at last year's open order (in DoLo_last): the child may have no order this
  // year to point at. (The DfE tool reports that row's position as if it were in this year's DoLo.)
  add(
      "706", {"DOLO_START"},
      "Last year's return has an open deprivation of liberty order that no order this year "
      "continues.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("DoLo") || !r.Has("DoLo_last")) return;
        const Table& d = r.Get("DoLo");
        const Table& last = r.Get("DoLo_last");
        const ByChild& now = RowsByChild(d);
        for (size_t j = 0; j < last.size(); ++j) {
          if (!Null(last.At("DOLO_END", j))) continue;
          bool continued = false;
          for (size_t i : RowsOf(now, last.At("CHILD", j))) {
            continued |= Same(d.At("DOLO_START", i), last.At("DOLO_START", j));
          }
          if (!continued) flags.Row("DoLo_last", j);
        }
      },
      kDolo);
  add("707", {"DOLO_END"},
      "The child ceased to be looked after but a deprivation of liberty order has no end date.",
      WithinPeriodOfCare("DoLo", "DOLO_START", "DOLO_END"), kDolo);
  add("708", {"DOLO_START"}, "The deprivation of liberty order starts before the child was born.",
      EachRow("DoLo",
              [](const Return&, const Table& t, size_t i) {
                const auto s = t.DateAt("DOLO_START", i);
                const auto dob = t.DateAt("DOB", i);
                return s && dob && *s <= *dob;
              }),
      kDolo);
  add("709", {"DOLO_START", "PLACEMENT"},
      "A child under a deprivation of liberty order is in a placement type not expected with "
      "one.",
      DoloPlacement([](CellView place) {
        return !IsAnyOf(place, {"K2", "Z12", "Z13"});
      }),
      kDolo);
  add("710", {"DOLO_START", "PLACEMENT"},
      "A child under a deprivation of liberty order cannot be in a secure children's home, with "
      "parents, in a young offender institution or in supported accommodation.",
      DoloPlacement([](CellView place) {
        return IsAnyOf(place, {"K1", "P1", "R5", "K3"});
      }),
      kDolo);
}

}  // namespace haven::returns::ssda903
