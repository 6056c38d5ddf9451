#include "common/config.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace haven {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

Status ParseInt(const std::string& key, const std::string& value, const std::string& origin,
                long long lo, long long hi, long long* out) {
  long long v = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || p != value.data() + value.size() || v < lo || v > hi) {
    return InvalidArgument(key + " must be a whole number from " + std::to_string(lo) + " to " +
                               std::to_string(hi) + ", got '" + value + "' (from " + origin + ")",
                           key);
  }
  *out = v;
  return Status::Ok();
}

std::string EnvName(const std::string& key) {
  std::string out = "HAVEN_";
  for (char c : key) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

}  // namespace

const std::vector<std::string>& SettingNames() {
  static const std::vector<std::string> kNames = {"database",
                                                  "bind",
                                                  "port",
                                                  "threads",
                                                  "db_pool_size",
                                                  "session_idle_minutes",
                                                  "session_max_hours",
                                                  "max_body_bytes",
                                                  "request_timeout_seconds",
                                                  "shutdown_grace_seconds",
                                                  "password_strength",
                                                  "access_log",
                                                  "local_standards",
                                                  "web_assets",
                                                  "child_population"};
  return kNames;
}

Status ApplySetting(Settings& s, const std::string& key, const std::string& value,
                    const std::string& origin) {
  long long n = 0;
  if (key == "database") {
    if (value.empty())
      return InvalidArgument("database must not be empty (from " + origin + ")", key);
    s.database = value;
  } else if (key == "bind") {
    if (value.empty())
      return InvalidArgument("bind must be an IP address (from " + origin + ")", key);
    s.bind = value;
  } else if (key == "port") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 0, 65535, &n));
    s.port = static_cast<int>(n);
  } else if (key == "threads") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 1, 256, &n));
    s.threads = static_cast<int>(n);
  } else if (key == "db_pool_size") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 1, 256, &n));
    s.db_pool_size = static_cast<int>(n);
  } else if (key == "session_idle_minutes") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 1, 24LL * 60, &n));
    s.session_idle_minutes = static_cast<int>(n);
  } else if (key == "session_max_hours") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 1, 24LL * 7, &n));
    s.session_max_hours = static_cast<int>(n);
  } else if (key == "max_body_bytes") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 1024, 1LL << 30, &n));
    s.max_body_bytes = static_cast<size_t>(n);
  } else if (key == "request_timeout_seconds") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 1, 3600, &n));
    s.request_timeout_seconds = static_cast<int>(n);
  } else if (key == "shutdown_grace_seconds") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 0, 600, &n));
    s.shutdown_grace_seconds = static_cast<int>(n);
  } else if (key == "web_assets") {
    s.web_assets = value;
  } else if (key == "child_population") {
    RETURN_IF_ERROR(ParseInt(key, value, origin, 0, 100000000, &n));
    s.child_population = n;
  } else if (key == "password_strength") {
    if (value != "minimum" && value != "interactive" && value != "moderate") {
      return InvalidArgument("password_strength must be minimum, interactive or moderate, got '" +
                                 value + "' (from " + origin + ")",
                             key);
    }
    s.password_strength = value;
  } else if (key == "access_log") {
    if (value != "true" && value != "false") {
      return InvalidArgument(
          "access_log must be true or false, got '" + value + "' (from " + origin + ")", key);
    }
    s.access_log = value == "true";
  } else if (key == "local_standards") {
    std::vector<std::pair<std::string, int>> standards;
    std::istringstream items(value);
    std::string item;
    while (std::getline(items, item, ',')) {
      item = Trim(item);
      if (item.empty()) continue;
      const size_t eq = item.find('=');
      if (eq == std::string::npos) {
        return InvalidArgument(
            "local_standards must be 'timescale=amount' pairs separated by "
            "commas, got '" +
                item + "' (from " + origin + ")",
            key);
      }
      RETURN_IF_ERROR(ParseInt(key, Trim(item.substr(eq + 1)), origin, 1, 366, &n));
      standards.emplace_back(Trim(item.substr(0, eq)), static_cast<int>(n));
    }
    s.local_standards = std::move(standards);
  } else {
    return InvalidArgument("unknown setting '" + key + "' (from " + origin + ")", key);
  }
  return Status::Ok();
}

Status ApplyConfigText(Settings& s, const std::string& text, const std::string& file_name) {
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    const std::string origin = file_name + " line " + std::to_string(line_no);
    const size_t eq = t.find('=');
    if (eq == std::string::npos) {
      return InvalidArgument("expected 'key = value' in " + origin);
    }
    RETURN_IF_ERROR(ApplySetting(s, Trim(t.substr(0, eq)), Trim(t.substr(eq + 1)), origin));
  }
  return Status::Ok();
}

Result<Settings> LoadSettings(const SettingsSources& sources) {
  Settings s;
  std::string file = sources.config_file;
  bool required = !file.empty();
  if (file.empty() && sources.env) {
    if (auto f = sources.env("HAVEN_CONFIG")) {
      file = *f;
      required = true;
    }
  }
  if (file.empty()) file = "haven.conf";
  std::ifstream in(file);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    RETURN_IF_ERROR(ApplyConfigText(s, text.str(), file));
  } else if (required) {
    return InvalidArgument("cannot read config file '" + file + "'", "config");
  }
  if (sources.env) {
    for (const auto& key : SettingNames()) {
      const std::string name = EnvName(key);
      if (auto v = sources.env(name)) {
        RETURN_IF_ERROR(ApplySetting(s, key, *v, "environment variable " + name));
      }
    }
  }
  for (const auto& [key, value] : sources.flags) {
    RETURN_IF_ERROR(ApplySetting(s, key, value, "flag --" + key));
  }
  return s;
}

std::optional<std::string> ProcessEnv(const std::string& name) {
  if (const char* v = std::getenv(name.c_str())) return std::string(v);
  return std::nullopt;
}

}  // namespace haven
