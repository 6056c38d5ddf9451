#pragma once

// Settings for a Haven process. They come from, in rising order of precedence: built-in defaults,
// a config file of `key = value` lines, HAVEN_* environment variables, and command-line flags.
// Every value is checked when it is applied, and an error names the setting and where it came
// from, so a mistake is caught at start-up rather than on first use.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace haven {

struct Settings {
  std::string database = "sqlite:data/haven.db";
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  int db_pool_size = 4;
  int session_idle_minutes = 30;
  int session_max_hours = 12;
  size_t max_body_bytes = 1 << 20;
  int request_timeout_seconds = 30;
  int shutdown_grace_seconds = 10;
  // "interactive" (argon2id, 64 MiB) for real use; "moderate" is stronger; "minimum" is for tests.
  std::string password_strength = "interactive";
  bool access_log = true;
  // The authority's own standards, as "timescale=amount" pairs (e.g. "cp_visit=15, cin_visit=20"):
  // only timescales marked local may change; which ones exist is checked where they are applied.
  std::vector<std::pair<std::string, int>> local_standards;
  // The folder of the web pages' styles, scripts and images (scripts/web.sh builds it); empty is
  // the checkout's build/web.
  std::string web_assets;
  // Children aged 0 to 17 in the authority (the ONS mid-year estimate), for rates per 10,000; 0
  // when not set, and rates are then not shown.
  int64_t child_population = 0;
};

// Names of all settings, as used in the file, and (upper-cased, prefixed HAVEN_) in the
// environment.
const std::vector<std::string>& SettingNames();

// Applies one setting. `origin` says where it came from, for the error message.
Status ApplySetting(Settings& s, const std::string& key, const std::string& value,
                    const std::string& origin);

// Parses a config file's text. Blank lines and lines starting with '#' are skipped.
Status ApplyConfigText(Settings& s, const std::string& text, const std::string& file_name);

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

struct SettingsSources {
  // A config file to read; if empty, HAVEN_CONFIG names one, else ./haven.conf is read if present.
  std::string config_file;
  EnvLookup env;
  // Flag overrides, as (setting name, value).
  std::vector<std::pair<std::string, std::string>> flags;
};

Result<Settings> LoadSettings(const SettingsSources& sources);

// Looks up the real process environment.
std::optional<std::string> ProcessEnv(const std::string& name);

}  // namespace haven
