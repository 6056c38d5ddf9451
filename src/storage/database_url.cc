#include "storage/database_url.h"

namespace haven::storage {
namespace {

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// Hides a password given as a query parameter: ...?user=u&password=secret -> password=***.
std::string RedactQueryPassword(std::string uri) {
  for (size_t pos = uri.find("password="); pos != std::string::npos;
       pos = uri.find("password=", pos + 1)) {
    if (pos > 0 && uri[pos - 1] != '?' && uri[pos - 1] != '&') continue;
    const size_t start = pos + 9;
    const size_t end = uri.find('&', start);
    uri.replace(start, end == std::string::npos ? std::string::npos : end - start, "***");
  }
  return uri;
}

std::string RedactPassword(const std::string& input) {
  const std::string uri = RedactQueryPassword(input);
  // scheme://user:password@host... -> scheme://user:***@host...
  const size_t scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) return uri;
  const size_t at = uri.find('@', scheme_end + 3);
  if (at == std::string::npos) return uri;
  const size_t colon = uri.find(':', scheme_end + 3);
  if (colon == std::string::npos || colon > at) return uri;
  return uri.substr(0, colon + 1) + "***" + uri.substr(at);
}

}  // namespace

Result<DatabaseUrl> ParseDatabaseUrl(const std::string& url) {
  DatabaseUrl out;
  if (StartsWith(url, "postgres://") || StartsWith(url, "postgresql://")) {
    const size_t rest = url.find("://") + 3;
    if (url.size() <= rest) {
      return InvalidArgument("database URL '" + url + "' names no PostgreSQL host", "database");
    }
    out.backend = Backend::kPostgres;
    out.target = url;
    out.redacted = RedactPassword(url);
    return out;
  }
  std::string path;
  if (StartsWith(url, "sqlite://")) {
    path = url.substr(9);
  } else if (StartsWith(url, "sqlite:")) {
    path = url.substr(7);
  } else {
    return InvalidArgument("database URL '" + RedactPassword(url) +
                               "' is not understood: use sqlite:PATH or postgres://HOST/DBNAME",
                           "database");
  }
  if (path.empty()) {
    return InvalidArgument("database URL '" + url + "' names no SQLite file", "database");
  }
  out.backend = Backend::kSqlite;
  out.target = path;
  out.redacted = url;
  return out;
}

}  // namespace haven::storage
