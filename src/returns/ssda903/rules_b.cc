// SSDA903 rules 202-234 and 3001: this year's header against last year's, the UASC status across
// the two years, placement providers and URNs, and reasons for placement change.
#include <algorithm>
#include <cctype>
#include <set>

#include "returns/rule_kit.h"
#include "returns/ssda903/codes.h"
#include "returns/ssda903/parts.h"

namespace haven::returns::ssda903 {

namespace {

constexpr size_t kNoRow = static_cast<size_t>(-1);

// A cell's text without surrounding spaces, or nothing when it is blank.
std::optional<std::string> Value(CellView c) {
  if (Blank(c)) return std::nullopt;
  return std::string(Trimmed(c));
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

bool Is(CellView c, std::string_view code) { return SameText(Trimmed(c), code); }
bool In(CellView c, CodeList codes) { return !Blank(c) && OneOf(Trimmed(c), codes); }

Date YearsAfter(Date d, int years) { return d.AddMonths(12 * years); }

// The rows of Episodes in order of child, then start date (rows with no valid start date last
// within their child), ties kept in the order given.
std::vector<size_t> ByChildAndStart(const Table& eps) {
  std::vector<size_t> order(eps.size());
  std::vector<std::pair<std::string_view, std::optional<Date>>> keys(eps.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
    keys[i] = {Trimmed(eps.At("CHILD", i)), eps.DateAt("DECOM", i)};
  }
  std::stable_sort(order.begin(), order.end(), [&keys](size_t a, size_t b) {
    const auto& [ca, da] = keys[a];
    const auto& [cb, db] = keys[b];
    if (ca != cb) return ca < cb;
    if (da.has_value() != db.has_value()) return da.has_value();
    return da.has_value() && *da < *db;
  });
  return order;
}

// Placement is outside England by its placing LA code's first letter (N, W, S or C).
bool OutsideEnglandByLetter(CellView pl_la, std::string_view letters) {
  const std::string la = Upper(Trimmed(pl_la));
  return !la.empty() && letters.find(la[0]) != std::string_view::npos;
}

const Codes kTemporary = {"T0", "T1", "T2", "T3", "T4"};
const Codes kTemporaryFrom2026 = {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"};
const std::string kNoUrn = "XXXXXXX";

// ---- Header against last year's header ----

// Flags Header rows of children also in Header_last for whom `differ(this, last)` holds.
template <typename Differ>
Check AgainstLastYear(std::string field, Differ differ) {
  return [field = std::move(field), differ](const Return& r, Flags& flags) {
    if (!r.Has("Header") || !r.Has("Header_last")) return;
    const Table& h = r.Get("Header");
    const Table& last = r.Get("Header_last");
    const auto& before = RowsByChild(last);
    for (size_t i = 0; i < h.size(); ++i) {
      auto it = before.find(std::string(Trimmed(h.At("CHILD", i))));
      if (it == before.end()) continue;
      for (size_t j : it->second) {
        if (differ(h.At(field, i), last.At(field, j))) {
          flags.Row("Header", i);
          break;
        }
      }
    }
  };
}

// The sexes recorded before 2024-25 (1 and 2) read as the codes used since (M and F).
std::optional<std::string> SexCode(CellView c) {
  auto v = Value(c);
  if (v == "1") return "M";
  if (v == "2") return "F";
  return v;
}

bool UpnDiffers(CellView now_cell, CellView last_cell) {
  const auto now = Value(now_cell), last = Value(last_cell);
  if (!now && !last) return false;  // unknown both years: rule 442's business
  const std::string n = now ? Upper(*now) : "", l = last ? Upper(*last) : "";
  if (now && last && n == l) return false;
  const Codes un2_5 = {"UN2", "UN3", "UN4", "UN5"};
  const Codes un1_5 = {"UN1", "UN2", "UN3", "UN4", "UN5"};
  // From UN1 or nothing to one of UN2-UN5: a reason for being unknown has come to light.
  if ((!last || l == "UN1") && now && OneOf(n, un2_5)) return false;
  // From unknown to a real UPN.
  if ((!last || OneOf(l, un1_5)) && now && !OneOf(n, un1_5)) return false;
  return true;
}

// ---- UASC status across years ----

// One child's UASC status in a year, and the row that states it.
struct UascFlag {
  CellView flag;  // in the table, or "1" or "0"
  size_t row = kNoRow;
};

// Each child's UASC status in a year: the Header's UASC column; or, when the Header has none,
// whether the child is in the UASC table (as the DfE's tools fill it in for CSV files); or, with
// no Header at all, whether the child's UASC row holds anything beyond the id and date of birth.
struct UascYear {
  bool known = false;
  std::string table;  // the table `row` counts in
  KeyMap<std::vector<UascFlag>> by_child;
};

UascYear MakeUascStatus(const Return& r, const std::string& header, const std::string& uasc) {
  UascYear y;
  if (r.Has(header)) {
    const Table& h = r.Get(header);
    KeySet listed;
    if (!h.Has("UASC")) {
      if (!r.Has(uasc)) return y;
      const Table::ColumnView ids = r.Get(uasc).Column("CHILD");
      for (size_t i = 0; i < ids.size(); ++i) listed.insert(std::string(Trimmed(ids[i])));
    }
    for (size_t i = 0; i < h.size(); ++i) {
      const std::string child(Trimmed(h.At("CHILD", i)));
      const CellView flag =
          h.Has("UASC") ? h.At("UASC", i) : CellView(listed.count(child) ? "1" : "0");
      y.by_child[child].push_back({flag, i});
    }
    y.table = header;
  } else if (r.Has(uasc)) {
    const Table& u = r.Get(uasc);
    for (size_t i = 0; i < u.size(); ++i) {
      bool any = false;
      for (const auto& col : u.columns()) {
        if (col != "CHILD" && col != "DOB" && !Blank(u.At(col, i))) any = true;
      }
      y.by_child[std::string(Trimmed(u.At("CHILD", i)))].push_back({CellView(any ? "1" : "0"), i});
    }
    y.table = uasc;
  } else {
    return y;
  }
  y.known = true;
  return y;
}

// UascStatus, worked out once per validation.
const UascYear& UascStatus(const Return& r, const std::string& header, const std::string& uasc) {
  return r.memo.Get<UascYear>("b.UascStatus:" + header + ":" + uasc,
                              [&] { return MakeUascStatus(r, header, uasc); });
}

// What rules 205A-C weigh for one UASC row against last year's.
struct UascPair {
  CellView now;       // this year's status
  CellView before;    // last year's status
  CellView duc;       // this year's date UASC ceased
  CellView duc_last;  // last year's
  CellView dob_last;  // date of birth in last year's UASC row
};

// Rules 205A-C: each UASC row is set beside the child's Header status and last year's UASC row
// and status; `bad` decides. Flags the UASC row and, where the status came from a Header, its row.
template <typename Bad>
Check UascAcrossYears(Bad bad) {
  return [bad](const Return& r, Flags& flags) {
    if (!r.Has("UASC") || !r.Has("UASC_last")) return;
    const auto format = r.metadata.find("file_format");
    if (format != r.metadata.end() && format->second == "xml" &&
        (!r.Has("Header") || !r.Has("Header_last"))) {
      return;
    }
    const UascYear& now = UascStatus(r, "Header", "UASC");
    const UascYear& before = UascStatus(r, "Header_last", "UASC_last");
    if (!now.known || !before.known) return;
    const Table& u = r.Get("UASC");
    const Table& ul = r.Get("UASC_last");
    const auto& last_rows = RowsByChild(ul);
    const std::vector<UascFlag> none = {UascFlag{}};
    for (size_t i = 0; i < u.size(); ++i) {
      const std::string child(Trimmed(u.At("CHILD", i)));
      auto n = now.by_child.find(child);
      const auto& now_flags = n == now.by_child.end() ? none : n->second;
      auto b = before.by_child.find(child);
      const auto& before_flags = b == before.by_child.end() ? none : b->second;
      auto l = last_rows.find(child);
      const std::vector<size_t> lasts =
          l == last_rows.end() ? std::vector<size_t>{kNoRow} : l->second;
      for (const auto& nf : now_flags) {
        for (size_t j : lasts) {
          for (const auto& bf : (j == kNoRow ? none : before_flags)) {
            UascPair p{nf.flag, bf.flag, u.At("DUC", i), j == kNoRow ? CellView() : ul.At("DUC", j),
                       j == kNoRow ? CellView() : ul.At("DOB", j)};
            if (!bad(r, p)) continue;
            flags.Row("UASC", i);
            if (now.table == "Header" && nf.row != kNoRow) flags.Row("Header", nf.row);
          }
        }
      }
    }
  };
}

bool NeverUasc(CellView flag) { return Blank(flag) || Is(flag, "0"); }

// ---- The Ofsted URN lookup ----

// The DfE's tools give rules 219-229 the Ofsted provider lookup (URN, PLACE_CODES, POSTCODE,
// PROVIDER_CODES, REG_END, LA_CODE_INFERRED) in the metadata, as "provider_info". Haven reads it
// as a table of that name; with none, these rules flag nothing.
constexpr const char* kProviderInfo = "provider_info";

// Episodes rows with a real URN (given, and not XXXXXXX), each with the lookup's rows for it
// (none when the URN is not in the lookup).
template <typename Each>
void EachEpisodeWithUrn(const Return& r, Each each) {
  if (!r.Has(kProviderInfo)) return;
  const Table& eps = r.Get("Episodes");
  const Table& info = r.Get(kProviderInfo);
  KeyMap<std::vector<size_t>> by_urn;
  for (size_t j = 0; j < info.size(); ++j)
    by_urn[std::string(Trimmed(info.At("URN", j)))].push_back(j);
  for (size_t i = 0; i < eps.size(); ++i) {
    CellView urn = eps.At("URN", i);
    if (Blank(urn) || Is(urn, kNoUrn)) continue;
    auto it = by_urn.find(std::string(Trimmed(urn)));
    each(eps, info, i, it == by_urn.end() ? std::vector<size_t>{} : it->second);
  }
}

// True when `value` is one of the comma-separated codes in `list`.
bool InList(CellView value, CellView list) {
  if (Blank(value) || Blank(list)) return false;
  const std::string_view v = Trimmed(value), l = Trimmed(list);
  size_t from = 0;
  while (from <= l.size()) {
    size_t comma = l.find(',', from);
    if (comma == std::string_view::npos) comma = l.size();
    std::string_view item = l.substr(from, comma - from);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == v) return true;
    from = comma + 1;
  }
  return false;
}

std::string Postcode(CellView c) {
  std::string out;
  for (char ch : Trimmed(c)) {
    if (ch != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return out;
}

void Add(std::vector<Rule>& rules, std::string code, std::vector<std::string> fields,
         std::string message, Check check, int first = 2023, int last = 9999,
         Severity severity = Severity::kError) {
  rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message), std::move(check),
                           first, last, severity));
}

void AddPendingRules(std::vector<Rule>& rules) {
  Add(rules, "205D", {"UASC", "CHILD"},
      "Child is UASC this year but was not recorded as UASC last year.",
      [](const Return& r, Flags& flags) {
        const UascYear& now = UascStatus(r, "Header", "UASC");
        const UascYear& before = UascStatus(r, "Header_last", "UASC_last");
        if (!now.known || !before.known) return;
        for (const auto& [child, rows] : now.by_child) {
          auto b = before.by_child.find(child);
          if (b == before.by_child.end()) continue;
          for (const auto& n : rows) {
            for (const auto& l : b->second) {
              if (Is(n.flag, "1") && !Is(l.flag, "1")) flags.Row(now.table, n.row);
            }
          }
        }
      });
  Add(rules, "219", {"URN", "PLACE"}, "The placement type is not one Ofsted records for this URN.",
      [](const Return& r, Flags& flags) {
        EachEpisodeWithUrn(r, [&](const Table& eps, const Table& info, size_t i,
                                  const std::vector<size_t>& found) {
          bool ok = !found.empty();
          for (size_t j : found) ok = ok && InList(eps.At("PLACE", i), info.At("PLACE_CODES", j));
          if (!ok) flags.Row("Episodes", i);
        });
      });
  auto postcode = [](Codes place) {
    return [place = std::move(place)](const Return& r, Flags& flags) {
      EachEpisodeWithUrn(
          r, [&](const Table& eps, const Table& info, size_t i, const std::vector<size_t>& found) {
            if (In(eps.At("LS", i), {"V3", "V4"}) || !In(eps.At("PLACE", i), place) ||
                Blank(eps.At("PL_POST", i))) {
              return;
            }
            bool ok = !found.empty();
            for (size_t j : found) {
              ok = ok && !Blank(info.At("POSTCODE", j)) &&
                   Postcode(eps.At("PL_POST", i)) == Postcode(info.At("POSTCODE", j));
            }
            if (!ok) flags.Row("Episodes", i);
          });
    };
  };
  const std::string post_221 = "The placement postcode is not the one Ofsted records for this URN.";
  Add(rules, "221", {"PL_POST"}, post_221, postcode({"K1", "K2", "R3", "S1"}), 2023, 2023);
  Add(rules, "221", {"PL_POST"}, post_221, postcode({"H5", "K1", "K2", "R3", "S1"}), 2024, 2024);
  Add(rules, "221", {"PL_POST"}, post_221, postcode({"K1", "K2", "K3", "R3", "S1"}), 2025);
  Add(rules, "224", {"PLACE_PROVIDER"},
      "The placement provider is not one Ofsted records for this URN.",
      [](const Return& r, Flags& flags) {
        EachEpisodeWithUrn(r, [&](const Table& eps, const Table& info, size_t i,
                                  const std::vector<size_t>& found) {
          bool ok = !found.empty();
          for (size_t j : found) {
            ok = ok && InList(eps.At("PLACE_PROVIDER", i), info.At("PROVIDER_CODES", j));
          }
          if (!ok) flags.Row("Episodes", i);
        });
      });
  Add(rules, "227", {"URN", "DECOM"},
      "The episode began on or after the date Ofsted's registration of this URN ended.",
      [](const Return& r, Flags& flags) {
        EachEpisodeWithUrn(r, [&](const Table& eps, const Table& info, size_t i,
                                  const std::vector<size_t>& found) {
          const auto decom = eps.DateAt("DECOM", i);
          for (size_t j : found) {
            const auto reg_end = info.DateAt("REG_END", j);
            if (decom && reg_end && *decom >= *reg_end) {
              flags.Row("Episodes", i);
              return;
            }
          }
        });
      });
  Add(rules, "228", {"URN", "DEC"},
      "The episode ended, or is still open at the end of the year, after Ofsted's registration "
      "of this URN ended.",
      [](const Return& r, Flags& flags) {
        EachEpisodeWithUrn(r, [&](const Table& eps, const Table& info, size_t i,
                                  const std::vector<size_t>& found) {
          const auto dec = eps.DateAt("DEC", i);
          for (size_t j : found) {
            const auto reg_end = info.DateAt("REG_END", j);
            if (reg_end && (dec ? *dec > *reg_end : r.end > *reg_end)) {
              flags.Row("Episodes", i);
              return;
            }
          }
        });
      });
  Add(rules, "229", {"URN", "PLACE_PROVIDER"},
      "The placement provider does not fit the provider's local authority (PR1 should be in "
      "this authority's area, PR2 outside it).",
      [](const Return& r, Flags& flags) {
        const auto la = r.metadata.find("localAuthority");
        if (la == r.metadata.end()) return;
        EachEpisodeWithUrn(r, [&](const Table& eps, const Table& info, size_t i,
                                  const std::vector<size_t>& found) {
          CellView provider = eps.At("PLACE_PROVIDER", i);
          std::vector<CellView> codes;
          for (size_t j : found) codes.push_back(info.At("LA_CODE_INFERRED", j));
          if (codes.empty()) codes.emplace_back();
          for (CellView code : codes) {
            const bool ours = !Blank(code) && Trimmed(code) == la->second;
            if ((Is(provider, "PR1") && !ours) || (Is(provider, "PR2") && ours)) {
              flags.Row("Episodes", i);
              return;
            }
          }
        });
      });
}

}  // namespace

void AddRulesB(std::vector<Rule>& rules) {
  // ---- This year's header against last year's ----
  Add(rules, "202", {"SEX"}, "Sex differs from the sex recorded for this child last year.",
      AgainstLastYear("SEX", [](CellView a, CellView b) { return SexCode(a) != SexCode(b); }));
  Add(rules, "203", {"DOB"},
      "Date of birth differs from the date of birth recorded for this child last year.",
      AgainstLastYear("DOB", [](CellView a, CellView b) { return CellDate(a) != CellDate(b); }));
  Add(rules, "204", {"ETHNIC"},
      "Ethnicity differs from the ethnicity recorded for this child last year.",
      AgainstLastYear("ETHNIC", [](CellView a, CellView b) {
        const auto x = Value(a), y = Value(b);
        if (!x || !y) return x.has_value() != y.has_value();
        return Upper(*x) != Upper(*y);
      }));
  Add(rules, "207", {"MOTHER"},
      "Child was recorded as a mother last year but is not recorded as one this year.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("Header_last") || !r.Has("Episodes")) return;
        const Table& h = r.Get("Header");
        const Table& last = r.Get("Header_last");
        const auto& before = RowsByChild(last);
        const auto& eps = RowsByChild(r.Get("Episodes"));
        for (size_t i = 0; i < h.size(); ++i) {
          const std::string child(Trimmed(h.At("CHILD", i)));
          auto it = before.find(child);
          if (it == before.end() || !eps.count(child)) continue;
          for (size_t j : it->second) {
            if (Is(last.At("MOTHER", j), "1") && Value(h.At("MOTHER", i)) != "1") {
              flags.Row("Header", i);
              break;
            }
          }
        }
      });
  Add(rules, "208", {"UPN"},
      "UPN differs from the UPN recorded for this child last year, and the change is not one "
      "from an unknown code to a UPN or to a more specific unknown code.",
      AgainstLastYear("UPN", UpnDiffers));
  Add(rules, "209", {"UPN", "DOB"},
      "Child is of school age, so the UPN should not be UN1 (child not yet of school age).",
      [](const Return& r, Flags& flags) {
        const Table& h = r.Get("Header");
        // School age: four by 31 August of the year before the collection starts.
        const Date ref = Date::FromYmd(r.start.year() - 1, 8, 31);
        for (size_t i = 0; i < h.size(); ++i) {
          const auto dob = h.DateAt("DOB", i);
          if (dob && Is(h.At("UPN", i), "UN1") && YearsAfter(*dob, 4) <= ref) {
            flags.Row("Header", i);
          }
        }
      });
  Add(rules, "210", {"UPN", "DECOM"},
      "Child looked after for more than a week at 31 March should not have the UPN code UN4.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("Episodes")) return;
        const Table& h = r.Get("Header");
        const Table& eps = r.Get("Episodes");
        const auto& headers = RowsByChild(h);
        const Date ref = Date::FromYmd(r.end.year(), 3, 24);
        for (size_t i = 0; i < eps.size(); ++i) {
          const auto decom = eps.DateAt("DECOM", i);
          if (!decom || *decom < ref) continue;
          auto it = headers.find(std::string(Trimmed(eps.At("CHILD", i))));
          if (it == headers.end()) continue;
          for (size_t j : it->second) {
            if (!Is(h.At("UPN", j), "UN4")) continue;
            flags.Row("Episodes", i);
            flags.Row("Header", j);
          }
        }
      });

  // ---- UASC status across the two years ----
  Add(rules, "205A", {"CHILD", "UASC"},
      "Child was UASC last year but not this year, yet the dates UASC ceased do not show the "
      "status ending last year.",
      UascAcrossYears([](const Return& r, const UascPair& p) {
        if (Is(p.now, "1") || !Is(p.before, "1")) return false;
        const auto ended = CellDate(p.duc_last);
        const bool ended_last_year =
            ended && *ended >= r.start.AddMonths(-12) && *ended <= r.end.AddMonths(-12);
        return !Blank(p.duc) || !ended_last_year;
      }));
  Add(rules, "205B", {"DUC", "UASC"},
      "Child is UASC this year and last year, but the dates UASC ceased do not agree with each "
      "other or with the 18th birthday.",
      UascAcrossYears([](const Return& r, const UascPair& p) {
        if (!Is(p.now, "1") || !Is(p.before, "1")) return false;
        const auto duc = CellDate(p.duc), duc_last = CellDate(p.duc_last);
        const auto dob_last = CellDate(p.dob_last);
        const bool ceased_this_year = duc && *duc >= r.start && *duc <= r.end;
        const bool same_as_last = duc && duc_last && *duc == *duc_last;
        const bool last_at_18 = duc_last && dob_last && *duc_last == YearsAfter(*dob_last, 18);
        return (!ceased_this_year && !same_as_last) || !last_at_18;
      }));
  Add(rules, "205C", {"DUC", "UASC"},
      "Child was not UASC this year or last year, but a date UASC ceased is given.",
      UascAcrossYears([](const Return&, const UascPair& p) {
        return NeverUasc(p.now) && NeverUasc(p.before) &&
               (CellDate(p.duc).has_value() || CellDate(p.duc_last).has_value());
      }));

  // ---- Placements ----
  Add(rules, "213", {"PLACE_PROVIDER"},
      "Placement provider should not be given for a temporary placement.",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        const Codes& place = r.year >= 2026 ? kTemporaryFrom2026 : kTemporary;
        for (size_t i = 0; i < eps.size(); ++i) {
          if (In(eps.At("PLACE", i), place) && !Blank(eps.At("PLACE_PROVIDER", i))) {
            flags.Row("Episodes", i);
          }
        }
      });
  Add(rules, "214", {"PL_POST", "URN"},
      "Placement postcode and URN should not be given for a short break (legal status V3 or V4).",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        for (size_t i = 0; i < eps.size(); ++i) {
          if (In(eps.At("LS", i), {"V3", "V4"}) &&
              (!Blank(eps.At("PL_POST", i)) || !Blank(eps.At("URN", i)))) {
            flags.Row("Episodes", i);
          }
        }
      });
  Add(rules, "217", {"PLACE", "DECOM", "RNE"},
      "Child placed for adoption with their foster carers (A3 or A5) from 1 April 2015 should "
      "have a reason for new episode of S, T or U.",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        const Date from = Date::FromYmd(2015, 4, 1);
        for (size_t i = 0; i < eps.size(); ++i) {
          const auto decom = eps.DateAt("DECOM", i);
          if (In(eps.At("PLACE", i), {"A3", "A5"}) && decom && *decom >= from &&
              !In(eps.At("RNE", i), {"S", "T", "U"})) {
            flags.Row("Episodes", i);
          }
        }
      });
  Add(
      rules, "217t", {"PLACE", "DECOM"},
      "Placement type P2 cannot be used for a placement open after 28 October 2023.",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        const Date last = Date::FromYmd(2023, 10, 28);
        for (size_t i = 0; i < eps.size(); ++i) {
          const auto dec = eps.DateAt("DEC", i);
          if (Is(eps.At("PLACE", i), "P2") && (!dec || *dec > last)) flags.Row("Episodes", i);
        }
      },
      2024, 2024);
  Add(
      rules, "230", {"PLACE", "DEC", "URN"},
      "A placement of type H5 in England open on or after 29 October 2023 needs an Ofsted URN.",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        const Date from = Date::FromYmd(2023, 10, 29);
        for (size_t i = 0; i < eps.size(); ++i) {
          const auto dec = eps.DateAt("DEC", i);
          CellView urn = eps.At("URN", i);
          if (Is(eps.At("PLACE", i), "H5") && (!dec || *dec >= from) &&
              (Blank(urn) || Is(urn, kNoUrn)) &&
              !OutsideEnglandByLetter(eps.At("PL_LA", i), "NWS")) {
            flags.Row("Episodes", i);
          }
        }
      },
      2024, 2024);

  // 218: a URN is needed for a placement open in the year, unless its type needs none or it is
  // outside England.
  auto urn_required = [](Codes exempt, bool by_letter) {
    return [exempt = std::move(exempt), by_letter](const Return& r, Flags& flags) {
      const Table& eps = r.Get("Episodes");
      for (size_t i = 0; i < eps.size(); ++i) {
        CellView dec = eps.At("DEC", i);
        const auto ended = CellDate(dec);
        const bool open_in_year = Blank(dec) || (ended && *ended >= r.start);
        CellView la = eps.At("PL_LA", i);
        const bool outside = by_letter
                                 ? OutsideEnglandByLetter(la, "NWSC")
                                 : OneOf(Upper(Trimmed(la)), {"CON", "NIR", "SCO", "WAL", "NUK"});
        if (open_in_year && Blank(eps.At("URN", i)) && !In(eps.At("PLACE", i), exempt) &&
            !outside) {
          flags.Row("Episodes", i);
        }
      }
    };
  };
  const std::string urn_218 = "Ofsted URN is required for this placement.";
  Add(rules, "218", {"URN"}, urn_218,
      urn_required({"H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"},
                   true),
      2023, 2024);
  Add(rules, "218", {"URN"}, urn_218,
      urn_required({"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"}, true), 2025,
      2025);
  Add(rules, "218", {"URN"}, urn_218,
      urn_required(
          {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"},
          false),
      2026);

  // 222: no URN for placement types that have none.
  auto no_urn = [](Codes place) {
    return [place = std::move(place)](const Return& r, Flags& flags) {
      const Table& eps = r.Get("Episodes");
      for (size_t i = 0; i < eps.size(); ++i) {
        CellView urn = eps.At("URN", i);
        if (In(eps.At("PLACE", i), place) && !Blank(urn) && !Is(urn, kNoUrn)) {
          flags.Row("Episodes", i);
        }
      }
    };
  };
  const std::string urn_222 = "Ofsted URN should not be given for this placement type.";
  Add(rules, "222", {"URN"}, urn_222,
      no_urn({"H5", "P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"}), 2023,
      2023);
  Add(rules, "222", {"URN"}, urn_222,
      no_urn({"P1", "P2", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"}), 2024, 2024);
  Add(rules, "222", {"URN"}, urn_222,
      no_urn({"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"}), 2025, 2025);
  Add(rules, "222", {"URN"}, urn_222,
      no_urn(
          {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}),
      2026);

  // ---- Reasons for placement change ----
  Add(rules, "225", {"REASON_PLACE_CHANGE"},
      "Reason for placement change is needed when the placement changed (episode ended X1 and "
      "the next began P, B, T or U, neither in a temporary placement).",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        const auto& order = r.memo.Get<std::vector<size_t>>("b.ByChildAndStart",
                                                            [&] { return ByChildAndStart(eps); });
        for (size_t k = 0; k + 1 < order.size(); ++k) {
          const size_t i = order[k], next = order[k + 1];
          if (Trimmed(eps.At("CHILD", i)) != Trimmed(eps.At("CHILD", next))) continue;
          if (Is(eps.At("REC", i), "X1") && Blank(eps.At("REASON_PLACE_CHANGE", i)) &&
              !In(eps.At("PLACE", i), kTemporary) &&
              In(eps.At("RNE", next), {"P", "B", "T", "U"}) &&
              !In(eps.At("PLACE", next), kTemporary)) {
            flags.Row("Episodes", i);
          }
        }
      });
  Add(rules, "226", {"REASON_PLACE_CHANGE", "PLACE"},
      "Reason for placement change should not be given for a temporary placement or for the "
      "episode before it.",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        const auto& order = r.memo.Get<std::vector<size_t>>("b.ByChildAndStart",
                                                            [&] { return ByChildAndStart(eps); });
        for (size_t k = 0; k < order.size(); ++k) {
          const size_t i = order[k];
          if (!In(eps.At("PLACE", i), kTemporary)) continue;
          bool reason = !Blank(eps.At("REASON_PLACE_CHANGE", i));
          if (k > 0 && Trimmed(eps.At("CHILD", order[k - 1])) == Trimmed(eps.At("CHILD", i))) {
            reason = reason || !Blank(eps.At("REASON_PLACE_CHANGE", order[k - 1]));
          }
          if (reason) flags.Row("Episodes", i);
        }
      });
  Add(
      rules, "233", {"REASON_PLACE_CHANGE"},
      "Reason for placement change should not be given while the episode is still open.",
      [](const Return& r, Flags& flags) {
        const Table& eps = r.Get("Episodes");
        // DEC, or its long name as some files give it.
        const char* ceased =
            eps.Has("DEC") || !eps.Has("DATE_EPISODE_CEASED") ? "DEC" : "DATE_EPISODE_CEASED";
        for (size_t i = 0; i < eps.size(); ++i) {
          if (Blank(eps.At(ceased, i)) && !Blank(eps.At("REASON_PLACE_CHANGE", i))) {
            flags.Row("Episodes", i);
          }
        }
      },
      2026);
  Add(
      rules, "234", {"REASON_PLACE_CHANGE", "DOB"},
      "A child under 10 cannot change placement because of being taken into custody.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Episodes") || !r.Has("Header")) return;
        const Table& eps = r.Get("Episodes");
        const Table& h = r.Get("Header");
        const auto& headers = RowsByChild(h);
        for (size_t i = 0; i < eps.size(); ++i) {
          const auto decom = eps.DateAt("DECOM", i);
          if (!decom || !Is(eps.At("REASON_PLACE_CHANGE", i), "CUSTOD")) continue;
          auto it = headers.find(std::string(Trimmed(eps.At("CHILD", i))));
          if (it == headers.end()) continue;
          for (size_t j : it->second) {
            const auto dob = h.DateAt("DOB", j);
            if (!dob || YearsAfter(*dob, 10) <= *decom) continue;
            flags.Row("Episodes", i);
            flags.Row("Header", j);
          }
        }
      },
      2026);

  // ---- Care leavers and the child's header ----
  Add(rules, "215",
      {"IN_TOUCH", "ACTIV", "ACCOM", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
       "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
      "Child has care leaver information, so the items for children looked after for 12 months "
      "should not be filled in.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("OC3") || !r.Has("OC2")) return;
        const Table& oc3 = r.Get("OC3");
        const Table& oc2 = r.Get("OC2");
        const auto& oc2_rows = RowsByChild(oc2);
        for (size_t i = 0; i < oc3.size(); ++i) {
          bool leaver = false;
          for (const char* f : {"IN_TOUCH", "ACTIV", "ACCOM"}) leaver |= !Blank(oc3.At(f, i));
          if (!leaver) continue;
          auto it = oc2_rows.find(std::string(Trimmed(oc3.At("CHILD", i))));
          if (it == oc2_rows.end()) continue;
          for (size_t j : it->second) {
            bool looked_after = false;
            for (const char* f :
                 {"CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                  "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}) {
              looked_after |= !Blank(oc2.At(f, j));
            }
            if (!looked_after) continue;
            flags.Row("OC3", i);
            flags.Row("OC2", j);
          }
        }
      });
  Add(
      rules, "231", {"DOB", "UASC_STATUS"},
      "Child recorded as UASC is under 11 at the end of the year; please check the date of birth.",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header")) return;
        const Table& h = r.Get("Header");
        const Date youngest = r.end.AddMonths(-12 * 11);
        // The status as UASC_STATUS, or the Header's UASC status as rule 205 reads it.
        std::vector<CellView> status(h.size());
        if (h.Has("UASC_STATUS")) {
          for (size_t i = 0; i < h.size(); ++i) status[i] = h.At("UASC_STATUS", i);
        } else {
          const UascYear& y = UascStatus(r, "Header", "UASC");
          if (y.table != "Header") return;
          for (const auto& [child, rows] : y.by_child) {
            for (const auto& f : rows) status[f.row] = f.flag;
          }
        }
        for (size_t i = 0; i < h.size(); ++i) {
          const auto dob = h.DateAt("DOB", i);
          if (dob && *dob > youngest && Is(status[i], "1")) flags.Row("Header", i);
        }
      },
      2025);
  Add(
      rules, "232", {"SEX"}, "Sex of the child is recorded as unknown.",
      [](const Return& r, Flags& flags) {
        const Table& h = r.Get("Header");
        for (size_t i = 0; i < h.size(); ++i) {
          if (Upper(Trimmed(h.At("SEX", i))) == "U") flags.Row("Header", i);
        }
      },
      2025);
  Add(rules, "3001", {"REC"},
      "Care leaver whose 17th birthday falls in the year cannot be living with former foster "
      "carers (accommodation Z1 or Z2).",
      [](const Return& r, Flags& flags) {
        if (!r.Has("Header") || !r.Has("OC3")) return;
        const Table& oc3 = r.Get("OC3");
        const Table& h = r.Get("Header");
        const auto& headers = RowsByChild(h);
        for (size_t i = 0; i < oc3.size(); ++i) {
          if (!OneOf(Upper(Trimmed(oc3.At("ACCOM", i))), {"Z1", "Z2"})) continue;
          auto it = headers.find(std::string(Trimmed(oc3.At("CHILD", i))));
          if (it == headers.end()) continue;
          for (size_t j : it->second) {
            const auto dob = h.DateAt("DOB", j);
            if (!dob) continue;
            const Date seventeen = YearsAfter(*dob, 17);
            if (seventeen >= r.start && seventeen <= r.end) {
              flags.Row("OC3", i);
              break;
            }
          }
        }
      });

  // 205D, and the rules that read Ofsted's provider list (a "provider_info" table with URN and
  // the provider's details: 219, 221, 224, 227, 228, 229).
  AddPendingRules(rules);
}

}  // namespace haven::returns::ssda903
