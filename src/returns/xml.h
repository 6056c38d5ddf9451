#pragma once

// Reading a return's XML with libxml2: the document (or an error naming the file and the line
// where it is not well formed), and the small steps every reader takes through it. Used by the
// CIN census and SSDA903 XML readers.

#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "returns/table.h"

namespace haven::returns::xml {

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocDeleter>;

// The parsed document, without network access; errors name `file` and the first bad line.
Result<Doc> Parse(std::string_view text, const std::string& file);

bool Is(const xmlNode* n, const char* name);
// The first child element called `name`, or null.
const xmlNode* ChildNamed(const xmlNode* parent, const char* name);
// The element's text, trimmed (and upper-cased with `upper`); blank when absent or empty.
Cell Text(const xmlNode* n, bool upper = false);
Cell Field(const xmlNode* parent, const char* name, bool upper = false);

// Appends a row to `t` taking each column from `ids` when named there, else from the element of
// `block` with the column's name (or `renamed`'s element for it: {column, element}).
void AddFrom(Table& t, const xmlNode* block, const std::vector<std::pair<std::string, Cell>>& ids,
             bool upper = false,
             const std::vector<std::pair<std::string, std::string>>& renamed = {});

}  // namespace haven::returns::xml
