// SSDA903 rules EPI, INT, NoE and the social worker rules.
#include <algorithm>
#include <cstdint>
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

using Keys = KeySet;
using Fields = std::vector<std::string>;

constexpr int kNoEnd = 9999;

// A child id as the rules match them across tables.
std::string Key(CellView c) { return std::string(Trimmed(c)); }
bool Is(CellView c, std::string_view v) { return SameText(Trimmed(c), v); }

// The children with rows in `t` (blank ids included, as ""); worked out once per validation.
const Keys& ChildrenIn(const Return& r, const Table& t) {
  return r.memo.Get<Keys>("f.ChildrenIn@" + std::to_string(reinterpret_cast<uintptr_t>(&t)), [&] {
    Keys out;
    for (size_t i = 0; i < t.size(); ++i) out.insert(Key(t.At("CHILD", i)));
    return out;
  });
}

// The day social worker information began to be collected: episodes starting from then must be
// complete, including the reason for the change of worker.
const Date kSocialWorkerStart = Date::FromYmd(2023, 4, 1);

// ---- INT: the tables agree with the Header ----

// Flags rows of `table` whose child has no row in the Header.
Check NotInHeader(std::string table) {
  return [table = std::move(table)](const Return& r, Flags& flags) {
    if (!r.Has("Header") || !r.Has(table)) return;
    const Keys& header = ChildrenIn(r, r.Get("Header"));
    const Table& t = r.Get(table);
    for (size_t i = 0; i < t.size(); ++i) {
      if (header.count(Trimmed(t.At("CHILD", i))) == 0) flags.Row(table, i);
    }
  };
}

// Flags rows of `table` whose date of birth differs from the one the Header gives for the child
// (when both are valid dates).
Check DobDiffersFromHeader(std::string table) {
  return [table = std::move(table)](const Return& r, Flags& flags) {
    if (!r.Has("Header") || !r.Has(table)) return;
    const auto& dobs = r.memo.Get<KeyMap<std::vector<Date>>>("f.HeaderDobs", [&] {
      const Table& h = r.Get("Header");
      KeyMap<std::vector<Date>> out;
      for (size_t i = 0; i < h.size(); ++i) {
        if (const auto d = h.DateAt("DOB", i)) out[Key(h.At("CHILD", i))].push_back(*d);
      }
      return out;
    });
    const Table& t = r.Get(table);
    for (size_t i = 0; i < t.size(); ++i) {
      const auto d = t.DateAt("DOB", i);
      if (!d) continue;
      const auto it = dobs.find(Trimmed(t.At("CHILD", i)));
      if (it == dobs.end()) continue;
      for (const Date& hd : it->second) {
        if (hd != *d) {
          flags.Row(table, i);
          break;
        }
      }
    }
  };
}

// Flags UASC rows whose sex differs from the Header's for the child (when both are given).
void SexDiffersFromHeader(const Return& r, Flags& flags) {
  if (!r.Has("Header") || !r.Has("UASC")) return;
  const Table& h = r.Get("Header");
  KeyMap<std::vector<std::string>> sexes;
  for (size_t i = 0; i < h.size(); ++i) {
    if (!Blank(h.At("SEX", i))) {
      sexes[Key(h.At("CHILD", i))].emplace_back(Trimmed(h.At("SEX", i)));
    }
  }
  const Table& t = r.Get("UASC");
  for (size_t i = 0; i < t.size(); ++i) {
    if (Blank(t.At("SEX", i))) continue;
    const auto it = sexes.find(Trimmed(t.At("CHILD", i)));
    if (it == sexes.end()) continue;
    const std::string_view sex = Trimmed(t.At("SEX", i));
    if (std::any_of(it->second.begin(), it->second.end(),
                    [&](const std::string& s) { return s != sex; })) {
      flags.Row("UASC", i);
    }
  }
}

// Flags every row of `table` whose child appears in it more than once.
Check ChildMoreThanOnce(std::string table) {
  return [table = std::move(table)](const Return& r, Flags& flags) {
    if (!r.Has(table)) return;
    const Table& t = r.Get(table);
    for (const auto& [child, rows] : RowsByChild(t)) {
      if (child.empty() || rows.size() < 2) continue;
      for (size_t i : rows) flags.Row(table, i);
    }
  };
}

// ---- EPI and NoE ----

// Header rows for children with neither episodes nor a care leaver (OC3) record.
void NoEpisodesLoaded(const Return& r, Flags& flags) {
  if (!r.Has("Header")) return;
  Keys known = ChildrenIn(r, r.Get("Episodes"));
  const Keys& oc3 = ChildrenIn(r, r.Get("OC3"));
  known.insert(oc3.begin(), oc3.end());
  const Table& h = r.Get("Header");
  for (size_t i = 0; i < h.size(); ++i) {
    if (known.count(Trimmed(h.At("CHILD", i))) == 0) flags.Row("Header", i);
  }
}

// Episodes that began before this collection year for a child with no episodes last year.
void NoEpisodesLastYear(const Return& r, Flags& flags) {
  if (!r.Has("Episodes") || !r.Has("Episodes_last")) return;
  const Keys& last = ChildrenIn(r, r.Get("Episodes_last"));
  const Table& e = r.Get("Episodes");
  for (size_t i = 0; i < e.size(); ++i) {
    const auto decom = e.DateAt("DECOM", i);
    if (decom && *decom < r.start && last.count(Trimmed(e.At("CHILD", i))) == 0) {
      flags.Row("Episodes", i);
    }
  }
}

// ---- Social worker episodes ----

// Flags each SWEpisodes row for which `bad(return, table, row)` holds.
template <typename Bad>
Check EachSwRow(Bad bad) {
  return [bad](const Return& r, Flags& flags) {
    if (!r.Has("SWEpisodes")) return;
    const Table& t = r.Get("SWEpisodes");
    for (size_t i = 0; i < t.size(); ++i) {
      if (bad(r, t, i)) flags.Row("SWEpisodes", i);
    }
  };
}

// A date as the social worker items allow it: dd/mm/yyyy, where an unknown day or month may be
// given as ZZ and an unknown year as ZZZZ.
bool MaskedDate(std::string_view v) {
  std::string s(v);
  if (s.size() == 10 && s[2] == '/' && s[5] == '/') {
    if (s.compare(0, 2, "ZZ") == 0) s.replace(0, 2, "01");
    if (s.compare(3, 2, "ZZ") == 0) s.replace(3, 2, "01");
    if (s.compare(6, 4, "ZZZZ") == 0) s.replace(6, 4, "2000");
  }
  return ParseReturnDate(s).has_value();
}

Check SwDateValid(std::string field) {
  return EachSwRow([field = std::move(field)](const Return&, const Table& t, size_t i) {
    CellView c = t.At(field, i);
    return !Blank(c) && !MaskedDate(Trimmed(c));
  });
}

// One child's social worker episodes, ordered by start date (then by end date when `by_end`),
// earliest first; rows without a valid date sort after those with one, and ties keep the order
// of the file.
std::vector<size_t> SwOrder(const Table& t, std::vector<size_t> rows, bool by_end) {
  auto key = [&](size_t i) {
    const auto decom = t.DateAt("SW_DECOM", i);
    const auto dec = by_end ? t.DateAt("SW_DEC", i) : std::nullopt;
    return std::make_tuple(!decom, decom.value_or(Date()), !dec, dec.value_or(Date()));
  };
  std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
  return rows;
}

// Calls `each(table, rows)` with each identified child's social worker episodes in order.
template <typename Each>
void ForEachSwChild(const Return& r, bool by_end, Each each) {
  if (!r.Has("SWEpisodes")) return;
  const Table& t = r.Get("SWEpisodes");
  for (const auto& [child, rows] : RowsByChild(t)) {
    if (child.empty()) continue;
    each(t, SwOrder(t, rows, by_end));
  }
}

// SW01STG1: a child looked after at 31 March (an open episode, not a short break) must have at
// least one social worker ID, start date and reason for change between their episodes.
void NoSocialWorkerInformation(const Return& r, Flags& flags) {
  if (!r.Has("SWEpisodes") || !r.Has("Episodes")) return;
  const Table& sw = r.Get("SWEpisodes");
  KeyMap<int> items;  // child -> bits for SW_ID, SW_DECOM, SW_REASON seen
  for (size_t i = 0; i < sw.size(); ++i) {
    int& bits = items[Key(sw.At("CHILD", i))];
    if (!Blank(sw.At("SW_ID", i))) bits |= 1;
    if (!Blank(sw.At("SW_DECOM", i))) bits |= 2;
    if (!Blank(sw.At("SW_REASON", i))) bits |= 4;
  }
  const Table& e = r.Get("Episodes");
  for (size_t i = 0; i < e.size(); ++i) {
    if (!Blank(e.At("DEC", i)) || Is(e.At("LS", i), "V3") || Is(e.At("LS", i), "V4")) continue;
    const auto it = items.find(Trimmed(e.At("CHILD", i)));
    if (it == items.end() || it->second != 7) flags.Row("Episodes", i);
  }
}

// SW08STG2 and SW14STG2: every episode but a child's latest must have an end date.
Check EarlierEpisodeOpen(bool need_start) {
  return [need_start](const Return& r, Flags& flags) {
    ForEachSwChild(r, false, [&](const Table& t, const std::vector<size_t>& rows) {
      for (size_t k = 0; k + 1 < rows.size(); ++k) {
        const size_t i = rows[k];
        if (!Blank(t.At("SW_DEC", i))) continue;
        if (need_start && !t.DateAt("SW_DECOM", i)) continue;
        flags.Row("SWEpisodes", i);
      }
    });
  };
}

// SW10STG2: each episode must start within 7 days of the end of the child's previous one; from
// 2024-25 a change of worker for a foster carer's contact (FCONTA) is exempt.
Check StartsAwayFromPreviousEnd(bool fconta_exempt) {
  return [fconta_exempt](const Return& r, Flags& flags) {
    ForEachSwChild(r, true, [&](const Table& t, const std::vector<size_t>& rows) {
      for (size_t k = 1; k < rows.size(); ++k) {
        const size_t i = rows[k];
        const auto prev_end = t.DateAt("SW_DEC", rows[k - 1]);
        const auto start = t.DateAt("SW_DECOM", i);
        if (!prev_end || !start) continue;
        if (fconta_exempt && Is(t.At("SW_REASON", i), "FCONTA")) continue;
        if (*start < prev_end->AddDays(-7) || *start > prev_end->AddDays(7)) {
          flags.Row("SWEpisodes", i);
        }
      }
    });
  };
}

// SW11aSTG2: after an episode that ended more than 5 days before the collection end, the next
// episode must start within 5 days of that end.
void NextAfterEarlyEndMissing(const Return& r, Flags& flags) {
  const Date cutoff = r.end.AddDays(-5);
  ForEachSwChild(r, false, [&](const Table& t, const std::vector<size_t>& rows) {
    for (size_t k = 1; k < rows.size(); ++k) {
      const auto prev_end = t.DateAt("SW_DEC", rows[k - 1]);
      if (!prev_end || *prev_end > cutoff) continue;
      const auto start = t.DateAt("SW_DECOM", rows[k]);
      if (!start || *start < prev_end->AddDays(-5) || *start > prev_end->AddDays(5)) {
        flags.Row("SWEpisodes", rows[k]);
      }
    }
  });
}

// SW11bSTG2: an episode ending in the last 5 days of the collection year needs a following
// episode: the latest such episode with none after it is flagged, and so is a following
// episode with no start date.
void NoEpisodeAfterLateEnd(const Return& r, Flags& flags) {
  const Date from = r.end.AddDays(-5);
  auto late = [&](const std::optional<Date>& d) { return d && *d >= from && *d <= r.end; };
  ForEachSwChild(r, false, [&](const Table& t, const std::vector<size_t>& rows) {
    for (size_t k = 1; k < rows.size(); ++k) {
      if (late(t.DateAt("SW_DEC", rows[k - 1])) && !t.DateAt("SW_DECOM", rows[k])) {
        flags.Row("SWEpisodes", rows[k]);
      }
    }
    const size_t last = rows.back();
    const auto end = t.DateAt("SW_DEC", last);
    if (!late(end)) return;
    for (size_t i : rows) {
      const auto start = t.DateAt("SW_DECOM", i);
      if (i != last && start && *start >= *end) return;
    }
    flags.Row("SWEpisodes", last);
  });
}

// SW12STG2: an episode in which a child starts care (RNE S) needs a social worker episode
// starting on or after its start; one in which the child leaves care (or is still in care)
// needs a social worker episode starting on or before its end (or the collection end). Short
// breaks are not counted. From 2024-25 only episodes ending since the start of the previous
// year, or still open, are checked.
Check CareWithoutSocialWorker(bool recent_only) {
  return [recent_only](const Return& r, Flags& flags) {
    if (!r.Has("SWEpisodes") || !r.Has("Episodes")) return;
    const Table& sw = r.Get("SWEpisodes");
    KeyMap<std::vector<Date>> starts;
    for (size_t i = 0; i < sw.size(); ++i) {
      if (const auto d = sw.DateAt("SW_DECOM", i)) {
        starts[Key(sw.At("CHILD", i))].push_back(*d);
      }
    }
    const Date from = r.start.AddMonths(-12);
    const Table& e = r.Get("Episodes");
    for (size_t i = 0; i < e.size(); ++i) {
      const auto dec = e.DateAt("DEC", i);
      if (recent_only && dec && (*dec < from || *dec > r.end)) continue;
      if (Is(e.At("LS", i), "V3") || Is(e.At("LS", i), "V4")) continue;
      const bool starts_care = Is(e.At("RNE", i), "S");
      const bool ends_care = !Is(e.At("REC", i), "X1");
      if (!starts_care && !ends_care) continue;
      const auto decom = e.DateAt("DECOM", i);
      const Date until = dec.value_or(r.end);
      bool covered = false;
      const auto it = starts.find(Trimmed(e.At("CHILD", i)));
      if (it != starts.end()) {
        for (const Date& s : it->second) {
          if ((ends_care && s <= until) || (starts_care && decom && s >= *decom)) covered = true;
        }
      }
      if (!covered) flags.Row("Episodes", i);
    }
  };
}

// SW17STG2: a child's latest social worker episode must still be open.
void LatestEpisodeClosed(const Return& r, Flags& flags) {
  ForEachSwChild(r, false, [&](const Table& t, const std::vector<size_t>& rows) {
    std::optional<Date> top;
    for (size_t i : rows) {
      if (const auto d = t.DateAt("SW_DECOM", i); d && (!top || *d > *top)) top = d;
    }
    if (!top) return;
    std::optional<size_t> flag;
    for (size_t i : rows) {
      if (t.DateAt("SW_DECOM", i) != top) continue;
      if (Blank(t.At("SW_DEC", i))) return;
      if (!flag || i > *flag) flag = i;
    }
    if (flag) flags.Row("SWEpisodes", *flag);
  });
}

}  // namespace

void AddRulesF(std::vector<Rule>& rules) {
  auto add = [&rules](std::string code, Fields fields, std::string message, Check check, int first,
                      int last) {
    rules.push_back(MakeRule(std::move(code), std::move(fields), std::move(message),
                             std::move(check), first, last));
  };

  add("EPI", {"CHILD"},
      "This child has a header but no episodes (and no care leaver record): load the episodes "
      "before the child can be fully checked.",
      NoEpisodesLoaded, 2023, kNoEnd);
  add("NoE", {"DECOM"},
      "The episode began before this year, but the child has no episodes in last year's return.",
      NoEpisodesLastYear, 2023, kNoEnd);

  // Each table's children must be in the Header.
  const std::vector<std::pair<std::string, std::string>> in_header = {
      {"INT01", "AD1"},      {"INT02", "PlacedAdoption"},
      {"INT03", "Episodes"}, {"INT04", "Missing"},
      {"INT05", "OC2"},      {"INT06", "OC3"},
      {"INT07", "PrevPerm"}, {"INT08", "Reviews"},
      {"INT09", "UASC"}};
  for (const auto& [code, table] : in_header) {
    add(code, {"CHILD"}, "This child is in the " + table + " table but not in the Header.",
        NotInHeader(table), 2023, kNoEnd);
  }
  // Each table's dates of birth must agree with the Header's.
  const std::vector<std::pair<std::string, std::string>> same_dob = {
      {"INT11", "AD1"}, {"INT12", "PlacedAdoption"}, {"INT13", "Missing"}, {"INT14", "OC2"},
      {"INT15", "OC3"}, {"INT16", "PrevPerm"},       {"INT17", "Reviews"}, {"INT18", "UASC"}};
  for (const auto& [code, table] : same_dob) {
    add(code, {"DOB"}, "The date of birth in the " + table + " table is not the one in the Header.",
        DobDiffersFromHeader(table), 2023, kNoEnd);
  }
  add("INT21", {"SEX"}, "The sex in the UASC table is not the one in the Header.",
      SexDiffersFromHeader, 2023, kNoEnd);
  // Tables with at most one row a child.
  const std::vector<std::pair<std::string, std::string>> once = {
      {"INT31", "AD1"}, {"INT32", "Header"},   {"INT33", "OC2"},
      {"INT34", "OC3"}, {"INT35", "PrevPerm"}, {"INT36", "UASC"}};
  for (const auto& [code, table] : once) {
    add(code, {"CHILD"}, "This child has more than one row in the " + table + " table.",
        ChildMoreThanOnce(table), 2023, kNoEnd);
  }

  // Social worker episodes, collected from 2023-24.
  add("SW01STG1", {"DEC"},
      "The child is looked after at 31 March, but no complete social worker information (ID, "
      "start date and reason) is given.",
      NoSocialWorkerInformation, 2024, 2024);
  add("SW01aSTG1", {"SW_DECOM", "SW_ID"},
      "The social worker episode has no start date, or began before April 2023 and has no social "
      "worker ID.",
      EachSwRow([](const Return&, const Table& t, size_t i) {
        if (Blank(t.At("SW_DECOM", i))) return true;
        const auto start = t.DateAt("SW_DECOM", i);
        return start && *start < kSocialWorkerStart && Blank(t.At("SW_ID", i));
      }),
      2025, kNoEnd);
  add("SW01bSTG1", {"SW_DECOM", "SW_ID", "SW_REASON"},
      "The social worker episode has no start date, or began in or after April 2023 without a "
      "social worker ID or reason for the change.",
      EachSwRow([](const Return&, const Table& t, size_t i) {
        if (Blank(t.At("SW_DECOM", i))) return true;
        const auto start = t.DateAt("SW_DECOM", i);
        return start && *start >= kSocialWorkerStart &&
               (Blank(t.At("SW_ID", i)) || Blank(t.At("SW_REASON", i)));
      }),
      2025, kNoEnd);
  add("SW02STG1", {"SW_ID"}, "The social worker ID does not begin with SW or XX.",
      EachSwRow([](const Return&, const Table& t, size_t i) {
        CellView c = t.At("SW_ID", i);
        if (Blank(c)) return false;
        const std::string_view id = Trimmed(c);
        return id.substr(0, 2) != "SW" && id.substr(0, 2) != "XX";
      }),
      2024, kNoEnd);
  add("SW03STG1", {"SW_ID", "SW_DECOM", "SW_REASON"},
      "The social worker episode is missing its social worker ID, start date or reason for the "
      "change.",
      EachSwRow([](const Return&, const Table& t, size_t i) {
        return Blank(t.At("SW_ID", i)) || Blank(t.At("SW_DECOM", i)) || Blank(t.At("SW_REASON", i));
      }),
      2024, 2024);
  add("SW04STG1", {"SW_DECOM"}, "The date the social worker episode began is not a valid date.",
      SwDateValid("SW_DECOM"), 2024, kNoEnd);
  add("SW05STG1", {"SW_DEC"}, "The date the social worker episode ended is not a valid date.",
      SwDateValid("SW_DEC"), 2024, kNoEnd);
  add("SW06STG2", {"SW_DECOM"},
      "The social worker episode begins after the end of the collection year.",
      EachSwRow([](const Return& r, const Table& t, size_t i) {
        const auto start = t.DateAt("SW_DECOM", i);
        return start && *start > r.end;
      }),
      2024, kNoEnd);
  add("SW07STG2", {"SW_DEC"}, "The social worker episode ends outside the collection year.",
      EachSwRow([](const Return& r, const Table& t, size_t i) {
        const auto end = t.DateAt("SW_DEC", i);
        return end && (*end < r.start || *end > r.end);
      }),
      2024, 2024);
  add("SW07STG2", {"SW_DEC"},
      "The social worker episode ends before the start of the previous collection year or after "
      "the end of this one.",
      EachSwRow([](const Return& r, const Table& t, size_t i) {
        const auto end = t.DateAt("SW_DEC", i);
        return end && (*end < r.start.AddMonths(-12) || *end > r.end);
      }),
      2025, kNoEnd);
  add("SW08STG2", {"SW_DEC"},
      "A later social worker episode has started, but this one has no end date.",
      EarlierEpisodeOpen(true), 2024, kNoEnd);
  add("SW09STG2", {"SW_DECOM", "SW_DEC"}, "The social worker episode ends on the day it began.",
      EachSwRow([](const Return&, const Table& t, size_t i) {
        CellView start = t.At("SW_DECOM", i);
        CellView end = t.At("SW_DEC", i);
        if (Blank(start) || Blank(end)) return false;
        const auto a = CellDate(start), b = CellDate(end);
        return Trimmed(start) == Trimmed(end) || (a && b && *a == *b);
      }),
      2024, kNoEnd);
  add("SW10STG2", {"SW_DECOM"},
      "The social worker episode does not start within 7 days of the end of the child's previous "
      "one.",
      StartsAwayFromPreviousEnd(false), 2024, 2024);
  add("SW10STG2", {"SW_DECOM"},
      "The social worker episode does not start within 7 days of the end of the child's previous "
      "one (unless the reason is FCONTA).",
      StartsAwayFromPreviousEnd(true), 2025, kNoEnd);
  add("SW11aSTG2", {"SW_DEC"},
      "The previous social worker episode ended before the last days of March, but this one does "
      "not start within 5 days of that end.",
      NextAfterEarlyEndMissing, 2024, 2024);
  add("SW11bSTG2", {"SW_DEC"},
      "The social worker episode ended in the last 5 days of March, and no following episode with "
      "a start date is given.",
      NoEpisodeAfterLateEnd, 2024, kNoEnd);
  add("SW12STG2", {"SW_DECOM"},
      "The child started or left care (or is in care at 31 March), but no social worker episode "
      "covers it.",
      CareWithoutSocialWorker(false), 2024, 2024);
  add("SW12STG2", {"SW_DECOM"},
      "The child started or left care (or is in care at 31 March), but no social worker episode "
      "covers it.",
      CareWithoutSocialWorker(true), 2025, kNoEnd);
  add("SW13STG1", {"SW_REASON"},
      "The reason for the change of social worker is missing or not a valid code.",
      CodeIn("SWEpisodes", "SW_REASON", kSocialWorkerChangeReason, Absent::kFlagged), 2024, 2024);
  add("SW13STG1", {"SW_REASON"},
      "The reason for the change of social worker is not a valid code, or is missing for an "
      "episode starting in or after April 2023.",
      EachSwRow([](const Return&, const Table& t, size_t i) {
        CellView reason = t.At("SW_REASON", i);
        if (reason) return !OneOf(*reason, kSocialWorkerChangeReason);
        const auto start = t.DateAt("SW_DECOM", i);
        return start && *start >= kSocialWorkerStart;
      }),
      2025, kNoEnd);
  add("SW14STG2", {"SW_DEC"},
      "The social worker episode has no end date, but it is not the child's latest.",
      EarlierEpisodeOpen(false), 2024, 2024);
  add("SW17STG2", {"SW_DEC", "SW_DECOM"},
      "The child's latest social worker episode has ended: there is none open at 31 March.",
      LatestEpisodeClosed, 2026, kNoEnd);
}

}  // namespace haven::returns::ssda903
