#include "returns/xml.h"

#include <libxml/parser.h>

#include <algorithm>
#include <cctype>

namespace haven::returns::xml {

namespace {
// Keeps the first error libxml2 reports, which names where the file first goes wrong.
struct FirstError {
  int line = 0;
  std::string message;
  static void Keep(void* self, xmlErrorPtr e) {
    auto* first = static_cast<FirstError*>(self);
    if (!first->message.empty() || e == nullptr || e->level < XML_ERR_ERROR) return;
    first->line = e->line;
    first->message = e->message ? e->message : "not well-formed XML";
    while (!first->message.empty() &&
           (first->message.back() == '\n' || first->message.back() == ' ')) {
      first->message.pop_back();
    }
  }
};
}  // namespace

Result<Doc> Parse(std::string_view text, const std::string& file) {
  FirstError first;
  xmlSetStructuredErrorFunc(&first, &FirstError::Keep);
  Doc doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), file.c_str(), nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
  xmlSetStructuredErrorFunc(nullptr, nullptr);
  if (!doc) {
    if (first.message.empty()) first.message = "not well-formed XML";
    return InvalidArgument(file + (first.line > 0 ? " line " + std::to_string(first.line) : "") +
                           ": " + first.message);
  }
  return doc;
}

bool Is(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

const xmlNode* ChildNamed(const xmlNode* parent, const char* name) {
  if (parent == nullptr) return nullptr;
  for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
    if (Is(c, name)) return c;
  }
  return nullptr;
}

Cell Text(const xmlNode* n, bool upper) {
  if (n == nullptr) return std::nullopt;
  xmlChar* raw = xmlNodeGetContent(n);
  std::string s = raw ? reinterpret_cast<const char*>(raw) : "";
  xmlFree(raw);
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  const auto e = s.find_last_not_of(" \t\r\n");
  s = s.substr(b, e - b + 1);
  if (upper) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  }
  return s;
}

Cell Field(const xmlNode* parent, const char* name, bool upper) {
  return Text(ChildNamed(parent, name), upper);
}

void AddFrom(Table& t, const xmlNode* block, const std::vector<std::pair<std::string, Cell>>& ids,
             bool upper, const std::vector<std::pair<std::string, std::string>>& renamed) {
  std::vector<Cell> cells;
  for (const auto& col : t.columns()) {
    auto id = std::find_if(ids.begin(), ids.end(), [&](const auto& p) { return p.first == col; });
    if (id != ids.end()) {
      cells.push_back(id->second);
      continue;
    }
    std::string element = col;
    for (const auto& [column, name] : renamed) {
      if (column == col) element = name;
    }
    cells.push_back(Field(block, element.c_str(), upper));
  }
  t.AddRow(std::move(cells));
}

}  // namespace haven::returns::xml
