#pragma once

// Prints a page to PDF with headless chromium (Debian's package), for the board pack. The page and
// the files it links to (its stylesheet) are written to a private temporary folder, chromium reads
// them from there with no network, and the folder is removed. Unavailable when chromium is not
// installed: the page itself can still be printed from the browser.

#include <map>
#include <string>

#include "common/status.h"

namespace haven::web {

// `files` are written beside the page by name (e.g. "haven.css").
Result<std::string> PrintToPdf(const std::string& html,
                               const std::map<std::string, std::string>& files);

}  // namespace haven::web
