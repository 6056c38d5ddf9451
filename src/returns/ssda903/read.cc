#include "returns/ssda903/read.h"

#include <map>
#include <set>

#include "returns/csv.h"

namespace haven::returns {

namespace {
Status AddFiles(const std::vector<NamedText>& files, const std::string& suffix, Return& r,
                std::map<std::string, std::string>& from) {
  for (const auto& f : files) {
    ASSIGN_OR_RETURN(Table t, ParseCsv(f.text, f.name));
    const std::string table = Ssda903TableFor(t);
    if (table.empty()) {
      return InvalidArgument(f.name + ": its columns match no SSDA903 table (the first line "
                                      "should name columns such as CHILD, DECOM, ...)");
    }
    const std::string name = table + suffix;
    if (auto it = from.find(name); it != from.end()) {
      return InvalidArgument(f.name + ": " + it->second + " already holds the " + table +
                             " table" + (suffix.empty() ? "" : " for last year"));
    }
    from[name] = f.name;
    r.metadata["file:" + name] = f.name;
    r.tables[name] = std::move(t);
  }
  return Status::Ok();
}
}  // namespace

Result<Return> Read903(const std::vector<NamedText>& files, const std::vector<NamedText>& previous,
                       int year) {
  if (files.empty()) return InvalidArgument("no SSDA903 files were given");
  Return r;
  SetCollectionYear(r, year);
  std::map<std::string, std::string> from;
  RETURN_IF_ERROR(AddFiles(files, "", r, from));
  RETURN_IF_ERROR(AddFiles(previous, "_last", r, from));
  return r;
}

size_t CountChildren(const Return& r) {
  std::set<std::string> children;
  for (const auto& [name, t] : r.tables) {
    if (name.size() > 5 && name.compare(name.size() - 5, 5, "_last") == 0) continue;
    for (const char* id : {"CHILD", "LAchildID"}) {
      for (const auto& c : *t.Column(id)) {
        if (c) children.insert(*c);
      }
    }
  }
  return children.size();
}

}  // namespace haven::returns
