#include "returns/ssda903/read.h"

#include <atomic>
#include <cstddef>
#include <map>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "returns/csv.h"
#include "returns/ssda903/layout.h"
#include "returns/xml.h"

namespace haven::returns {

namespace {
using Parsed = std::vector<std::optional<Result<Table>>>;

// Parses every file, on two threads: the files are independent, and reading them is a good part
// of validating a large return.
Parsed ParseAll(const std::vector<const NamedText*>& files) {
  Parsed out(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      out[i].emplace(ParseCsv(files[i]->text, files[i]->name));
    }
  };
  std::thread helper;
  if (files.size() > 1 && std::thread::hardware_concurrency() > 1) helper = std::thread(work);
  work();
  if (helper.joinable()) helper.join();
  return out;
}

// Adds the tables parsed from `files` (`parsed`, in the same order), named with `suffix`.
Status AddFiles(const std::vector<NamedText>& files, Parsed::iterator parsed,
                const std::string& suffix, Return& r, std::map<std::string, std::string>& from) {
  for (const auto& f : files) {
    ASSIGN_OR_RETURN(Table t, std::move(**parsed++));
    const std::string table = Ssda903TableFor(t);
    if (table.empty()) {
      return InvalidArgument(f.name +
                             ": its columns match no SSDA903 table (the first line "
                             "should name columns such as CHILD, DECOM, ...)");
    }
    const std::string name = table + suffix;
    if (auto it = from.find(name); it != from.end()) {
      return InvalidArgument(f.name + ": " + it->second + " already holds the " + table + " table" +
                             (suffix.empty() ? "" : " for last year"));
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
  std::vector<const NamedText*> all;
  for (const auto& f : files) all.push_back(&f);
  for (const auto& f : previous) all.push_back(&f);
  Parsed parsed = ParseAll(all);
  std::map<std::string, std::string> from;
  RETURN_IF_ERROR(AddFiles(files, parsed.begin(), "", r, from));
  RETURN_IF_ERROR(AddFiles(previous, parsed.begin() + static_cast<std::ptrdiff_t>(files.size()),
                           "_last", r, from));
  return r;
}

Result<Return> Read903Xml(std::string_view text, const std::string& file, int year) {
  ASSIGN_OR_RETURN(xml::Doc doc, xml::Parse(text, file));
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !xml::Is(root, "EXPSSDA903")) {
    return InvalidArgument(file +
                           ": not an SSDA903 XML file (the root element is not "
                           "<EXPSSDA903>)");
  }
  Return r;
  SetCollectionYear(r, year);
  r.metadata["file_format"] = "xml";
  for (const auto& layout : Ssda903Layout(year)) {
    if (layout.table == "SWEpisodes" || layout.table == "DoLo") continue;  // not in the XML
    auto columns = layout.columns;
    if (layout.table == "Header") columns.push_back("UASC");
    r.tables[layout.table] = Table(columns);
    r.metadata["file:" + layout.table] = file + " " + layout.table;  // "x.xml Episodes row 3"
  }
  auto any = [](const xmlNode* block, std::initializer_list<const char*> names) {
    for (const char* n : names) {
      if (xml::Field(block, n)) return true;
    }
    return false;
  };
  for (const xmlNode* child = root->children; child != nullptr; child = child->next) {
    if (!xml::Is(child, "CHILD")) continue;
    const xmlNode* h = xml::ChildNamed(child, "HEADER");
    if (h == nullptr)
      return InvalidArgument(file + " line " + std::to_string(child->line) +
                             ": a CHILD has no HEADER");
    const Cell id = xml::Field(h, "CHILDID", true);
    const Cell dob = xml::Field(h, "DOB", true);
    const std::vector<std::pair<std::string, Cell>> ids = {{"CHILD", id}, {"DOB", dob}};
    xml::AddFrom(r.tables["Header"], h, {{"CHILD", id}}, true);
    for (const xmlNode* e = child->children; e != nullptr; e = e->next) {
      if (xml::Is(e, "EPISODE")) {
        xml::AddFrom(r.tables["Episodes"], e, ids, true, {{"PLACE", "PL"}});
      }
    }
    for (const xmlNode* b = h->children; b != nullptr; b = b->next) {
      if (xml::Is(b, "AREVIEW")) xml::AddFrom(r.tables["Reviews"], b, ids, true);
      if (xml::Is(b, "AMISSING")) xml::AddFrom(r.tables["Missing"], b, ids, true);
      if (xml::Is(b, "AD_PLACED")) xml::AddFrom(r.tables["PlacedAdoption"], b, ids, true);
      if (xml::Is(b, "PERMANENCE")) xml::AddFrom(r.tables["PrevPerm"], b, ids, true);
      if (xml::Is(b, "OC2")) xml::AddFrom(r.tables["OC2"], b, ids, true);
    }
    if (any(h, {"IN_TOUCH", "ACTIV", "ACCOM"})) xml::AddFrom(r.tables["OC3"], h, ids, true);
    if (any(h, {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"})) {
      xml::AddFrom(r.tables["AD1"], h, ids, true);
    }
    const Cell uasc = xml::Field(h, "UASC", true);
    if ((uasc && *uasc == "1") || xml::Field(h, "DUC")) {
      xml::AddFrom(r.tables["UASC"], h, ids, true);
    }
  }
  return r;
}

namespace {
bool OneXmlFile(const std::vector<NamedText>& files) {
  if (files.size() != 1) return false;
  const std::string& n = files[0].name;
  return n.size() > 4 &&
         (n.compare(n.size() - 4, 4, ".xml") == 0 || n.compare(n.size() - 4, 4, ".XML") == 0);
}
}  // namespace

Result<Return> Read903Files(const std::vector<NamedText>& files,
                            const std::vector<NamedText>& previous, int year) {
  if (!OneXmlFile(files) && !OneXmlFile(previous)) return Read903(files, previous, year);
  Return r;
  if (OneXmlFile(files)) {
    ASSIGN_OR_RETURN(r, Read903Xml(files[0].text, files[0].name, year));
  } else {
    ASSIGN_OR_RETURN(r, Read903(files, {}, year));
  }
  if (!previous.empty()) {
    Return last;
    if (OneXmlFile(previous)) {
      ASSIGN_OR_RETURN(last, Read903Xml(previous[0].text, previous[0].name, year - 1));
    } else {
      ASSIGN_OR_RETURN(last, Read903(previous, {}, year - 1));
    }
    for (auto& [name, table] : last.tables) r.tables[name + "_last"] = std::move(table);
  }
  return r;
}

size_t CountChildren(const Return& r) {
  std::unordered_set<std::string_view> children;
  for (const auto& [name, t] : r.tables) {
    if (name.size() > 5 && name.compare(name.size() - 5, 5, "_last") == 0) continue;
    for (const char* id : {"CHILD", "LAchildID"}) {
      const Table::ColumnView col = t.Column(id);
      for (size_t i = 0; i < col.size(); ++i) {
        if (const CellView c = col[i]) children.insert(*c);
      }
    }
  }
  return children.size();
}

}  // namespace haven::returns
