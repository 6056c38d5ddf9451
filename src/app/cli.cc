#include "app/cli.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "app/demo.h"
#include "app/import_return.h"
#include "app/synthetic.h"
#include "app/validate_command.h"
#include "app/wiring.h"
#include "exports/annex_a.h"
#include "exports/cin_export.h"
#include "exports/ssda903_export.h"
#include "http/server.h"
#include "returns/cin/read.h"
#include "returns/csv.h"
#include "returns/report.h"
#include "returns/ssda903/layout.h"
#include "storage/backup.h"
#include "storage/migrations.h"
#include "storage/schema.h"

namespace haven::app {
namespace {

// Options shared by the subcommands that touch data.
struct Common {
  std::string config;
  std::string database;
  int port = -1;
};

void AddDataOptions(CLI::App* cmd, Common& c) {
  cmd->add_option("--database", c.database,
                  "Database URL: sqlite:PATH (default sqlite:data/haven.db) or postgres://...");
  cmd->add_option("--config", c.config,
                  "Config file of 'key = value' lines (default ./haven.conf)");
}

// The collection year a return is for; required.
void AddYearOption(CLI::App* cmd, int& year) {
  cmd->add_option("--year", year, "Collection year, named by the year it ends (2026 is 2025-26)")
      ->required()
      ->check(CLI::Range(2023, 2027));
}

Result<Settings> Load(const Common& c) {
  SettingsSources src;
  src.config_file = c.config;
  src.env = ProcessEnv;
  if (!c.database.empty()) src.flags.emplace_back("database", c.database);
  if (c.port >= 0) src.flags.emplace_back("port", std::to_string(c.port));
  ASSIGN_OR_RETURN(Settings settings, LoadSettings(src));
  clocks::Timescales check;  // the local standards name real, local timescales
  RETURN_IF_ERROR(ApplyLocalStandards(settings, check));
  return settings;
}

int Fail(const Status& s) {
  std::fprintf(stderr, "haven: %s\n", s.message().c_str());
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
      return 2;
    case StatusCode::kUnavailable:
      return 3;
    default:
      return 1;
  }
}

void LogLine(const nlohmann::json& j) {
  static std::mutex mu;
  const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(mu);
  std::fprintf(stderr, "%s\n", line.c_str());
}

// Writes `text` to `path` through a temporary file, so a reader never sees half a file.
Status WriteWhole(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  std::ofstream out(tmp, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Unavailable("cannot write '" + tmp + "'");
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Unavailable("cannot move '" + tmp + "' into place at '" + path + "'");
  }
  return Status::Ok();
}

struct Opened {
  Settings settings;
  std::unique_ptr<storage::Store> store;
};

Result<Opened> OpenFromSettings(const Common& c, bool migrate_first, bool bulk_load = false) {
  ASSIGN_OR_RETURN(Settings settings, Load(c));
  ASSIGN_OR_RETURN(auto store,
                   OpenStore(settings.database, settings.db_pool_size, false, bulk_load));
  if (migrate_first) {
    SystemClock clock;
    ASSIGN_OR_RETURN(int applied, storage::Migrate(*store, storage::HavenMigrations(), clock));
    if (applied > 0) std::fprintf(stderr, "migrate: applied %d migration(s)\n", applied);
  } else {
    ASSIGN_OR_RETURN(int version, storage::SchemaVersion(*store));
    const int latest = storage::HavenMigrations().back().version;
    if (version < latest) {
      return FailedPrecondition("the database schema is at version " + std::to_string(version) +
                                " but this Haven needs " + std::to_string(latest) +
                                ": run `haven migrate` first");
    }
  }
  return Opened{std::move(settings), std::move(store)};
}

std::unique_ptr<Services> MakeServices(const Settings& settings, storage::Store& store,
                                       const Clock& clock, Random& random) {
  auto strength = access::ParseHashStrength(settings.password_strength);
  auto services = std::make_unique<Services>(
      store, clock, random, strength.ok() ? *strength : access::HashStrength::kInteractive,
      AuthOptionsFrom(settings), std::chrono::hours(settings.session_max_hours));
  // Checked when the settings were opened (OpenFromSettings).
  (void)ApplyLocalStandards(settings, services->timescales);
  services->mi.Configure({settings.child_population, 24});
  return services;
}

// Reads a password: from standard input's first line with --password-stdin, else from the
// terminal without echo.
Result<std::string> ReadPassword(bool from_stdin, const std::string& prompt) {
  std::string pw;
  if (from_stdin) {
    if (!std::getline(std::cin, pw))
      return InvalidArgument("no password on standard input", "password");
    if (!pw.empty() && pw.back() == '\r') pw.pop_back();
    return pw;
  }
  if (!isatty(STDIN_FILENO)) {
    return InvalidArgument(
        "standard input is not a terminal: pass --password-stdin and send the "
        "password on standard input",
        "password");
  }
  std::fprintf(stderr, "%s", prompt.c_str());
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::getline(std::cin, pw);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::fprintf(stderr, "\n");
  return pw;
}

// `haven export 903`: the return's tables as the DfE's CSV files in `out` (created if missing).
int Export903(const Common& c, int year, const std::string& out) {
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out)) {
    return Fail(Unavailable("cannot write into the folder '" + out + "'"));
  }
  auto opened = OpenFromSettings(c, /*migrate_first=*/false);
  if (!opened.ok()) return Fail(opened.status());
  auto r = exports::BuildSsda903(*opened->store, year);
  if (!r.ok()) return Fail(r.status());
  for (const auto& layout : returns::Ssda903Layout(year)) {
    const std::string path = (std::filesystem::path(out) / layout.file).string();
    if (Status s = WriteWhole(path, returns::WriteCsv(r->Get(layout.table))); !s.ok()) {
      return Fail(s);
    }
  }
  std::fprintf(stderr, "export: SSDA903 %s, %zu children, %zu episodes, to %s\n",
               returns::YearLabel(year).c_str(), r->Get("Header").size(), r->Get("Episodes").size(),
               out.c_str());
  return 0;
}

// `haven export annex-a`: Ofsted's Annex A lists for an inspection date, as one workbook.
int ExportAnnexA(const Common& c, const std::string& date_text, const std::string& out) {
  SystemClock clock;
  const Date today = *Date::Parse(FormatTimestamp(clock.Now()).substr(0, 10));
  auto date = exports::ParseInspectionDate(date_text, today, "--date");
  if (!date.ok()) return Fail(date.status());
  auto opened = OpenFromSettings(c, /*migrate_first=*/false);
  if (!opened.ok()) return Fail(opened.status());
  auto lists = exports::BuildAnnexA(*opened->store, *date);
  if (!lists.ok()) return Fail(lists.status());
  if (Status s = WriteWhole(out, exports::AnnexAWorkbook(*lists)); !s.ok()) return Fail(s);
  std::string counts;
  for (const auto& list : *lists) {
    counts += (counts.empty() ? "" : ", ") + list.sheet.substr(0, list.sheet.find(" - ")) + ": " +
              std::to_string(list.rows.size());
  }
  std::fprintf(stderr, "export: Ofsted Annex A for %s (%s), to %s\n", date->ToString().c_str(),
               counts.c_str(), out.c_str());
  return 0;
}

struct ImportCinArgs {
  std::string file;
  int year = 0;
  std::string as = "admin";
  std::string service_area = "CF";
  std::string team;
  std::string authoriser;
};

// What an import works with: the database, its services, the principal the import runs as, and
// the service area its children belong to.
struct ImportSession {
  Opened opened;
  SystemClock clock;
  SecureRandom random;
  std::unique_ptr<Services> services;
  access::Principal who;
  int64_t service_area_id = 0;
};

Result<std::unique_ptr<ImportSession>> OpenImport(const Common& c, const std::string& as,
                                                  const std::string& service_area) {
  auto session = std::make_unique<ImportSession>();
  ASSIGN_OR_RETURN(session->opened, OpenFromSettings(c, /*migrate_first=*/false));
  session->services = MakeServices(session->opened.settings, *session->opened.store, session->clock,
                                   session->random);
  Services& services = *session->services;
  auto user = services.users.FindByUsername(as);
  if (!user.ok()) return InvalidArgument("--as: no user '" + as + "'");
  session->who.user_id = user->id;
  session->who.username = user->username;
  session->who.display_name = user->display_name;
  session->who.roles = user->roles;
  ASSIGN_OR_RETURN(auto areas, services.org.ListServiceAreas());
  for (const auto& a : areas) {
    if (a.code == service_area) session->service_area_id = a.id;
  }
  if (session->service_area_id == 0) {
    return InvalidArgument("--service-area: no service area '" + service_area + "'");
  }
  return session;
}

// Prints the reconciliation after an import.
void PrintReconciliation(const std::string& what, const returns::Return& r, ImportReport& report) {
  std::printf("reconciliation of the %s %s: %zu children created, %zu matched\n", what.c_str(),
              returns::YearLabel(r.year).c_str(), report.created, report.matched);
  // Per table: the file's rows; those of children already in the record; those of new children
  // in tables Haven does not import; and, for the new children, the rows Haven's own export of
  // the record gives back and how many of them are the file's rows, cell for cell.
  std::printf("  %-22s %8s %8s %8s %8s %8s\n", "table", "in file", "matched", "not imp.",
              "exported", "same");
  for (const auto& t : report.tables) {
    std::printf("  %-22s %8zu %8zu %8zu %8zu %8zu\n", t.table.c_str(), r.Get(t.table).size(),
                report.rows_matched[t.table], report.rows_not_imported[t.table], t.out, t.same);
  }
  for (const auto& note : report.notes) std::printf("  note: %s\n", note.c_str());
}

struct Import903Args {
  std::vector<std::string> paths;
  int year = 0;
  std::string as = "admin";
  std::string service_area = "CF";
};

// `haven import 903`: another system's SSDA903 return into the record, all or nothing, then the
// reconciliation of what went in with what Haven's export gives back.
int Import903(const Common& c, const Import903Args& args) {
  std::vector<returns::NamedText> files;
  std::string error;
  for (const auto& p : args.paths) {
    if (!CollectCsvFiles(p, files, &error)) return Fail(InvalidArgument(error));
  }
  auto r = returns::Read903Files(files, {}, args.year);
  if (!r.ok()) return Fail(r.status());
  auto session = OpenImport(c, args.as, args.service_area);
  if (!session.ok()) return Fail(session.status());
  ImportSession& is = **session;
  std::fprintf(stderr, "import: SSDA903 %s, %zu children in the Header\n",
               returns::YearLabel(args.year).c_str(), r->Get("Header").size());
  auto report = ImportSsda903(*is.services, *r, is.who, is.service_area_id);
  if (!report.ok()) return Fail(report.status());
  PrintReconciliation("SSDA903 return", *r, *report);
  return 0;
}

// `haven import cin`: another system's CIN census into the record, all or nothing.
int ImportCin(const Common& c, const ImportCinArgs& args) {
  std::vector<returns::NamedText> files;
  std::string error;
  if (!CollectCsvFiles(args.file, files, &error)) return Fail(InvalidArgument(error));
  if (files.size() != 1) return Fail(InvalidArgument(args.file + ": give the census XML file"));
  auto r = returns::ReadCinXml(files[0].text, files[0].name, args.year);
  if (!r.ok()) return Fail(r.status());
  auto session = OpenImport(c, args.as, args.service_area);
  if (!session.ok()) return Fail(session.status());
  ImportSession& is = **session;
  auto team =
      storage::QueryOnce(*is.opened.store, "SELECT id FROM teams WHERE code = ?", {args.team});
  if (!team.ok()) return Fail(team.status());
  if (team->rows.empty()) return Fail(InvalidArgument("--team: no team '" + args.team + "'"));
  std::optional<int64_t> authoriser;
  if (!args.authoriser.empty()) {
    auto manager = is.services->users.FindByUsername(args.authoriser);
    if (!manager.ok()) {
      return Fail(InvalidArgument("--authoriser: no user '" + args.authoriser + "'"));
    }
    authoriser = manager->id;
  }
  std::fprintf(stderr, "import: CIN census %s, %zu children\n", returns::YearLabel(r->year).c_str(),
               r->Get("ChildIdentifiers").size());
  auto report = ImportCinCensus(*is.services, *r, files[0].name, is.who, is.service_area_id,
                                team->rows[0].Int(0), authoriser);
  if (!report.ok()) return Fail(report.status());
  PrintReconciliation("CIN census", *r, *report);
  return 0;
}

int Serve(const Common& c) {
  auto opened = OpenFromSettings(c, /*migrate_first=*/false);
  if (!opened.ok()) return Fail(opened.status());
  Settings& settings = opened->settings;
  SystemClock clock;
  SecureRandom random;
  auto services = MakeServices(settings, *opened->store, clock, random);
  const std::string assets_dir = WebAssetsDir(settings);
  const size_t assets =
      services->EnableWeb(assets_dir, {.session_idle_seconds = settings.session_idle_minutes * 60});
  if (assets == 0) {
    LogLine({{"at", FormatTimestamp(clock.Now())},
             {"kind", "warning"},
             {"msg", "no web assets in " + assets_dir +
                         ": the pages are served unstyled (run scripts/web.sh)"}});
  }
  http::ServerOptions options;
  options.bind = settings.bind;
  options.port = static_cast<uint16_t>(settings.port);
  options.threads = settings.threads;
  options.max_body_bytes = settings.max_body_bytes;
  options.request_timeout = std::chrono::seconds(settings.request_timeout_seconds);
  options.shutdown_grace = std::chrono::seconds(settings.shutdown_grace_seconds);
  options.handle_signals = true;
  options.error_headers = api::SecurityHeaders();
  http::AccessLogger logger;
  if (settings.access_log) {
    // Every field is generated by the server (ids, route patterns from code, numbers), so the
    // line is formatted directly: this runs on every request.
    logger = [&clock](const http::AccessRecord& r) {
      char line[512];
      const std::string user = r.user_id ? std::to_string(*r.user_id) : "null";
      const int n = std::snprintf(
          line, sizeof line,
          "{\"at\":\"%s\",\"kind\":\"access\",\"request_id\":\"%s\",\"method\":\"%s\","
          "\"route\":\"%s\",\"status\":%d,\"bytes\":%zu,\"us\":%lld,\"user_id\":%s}\n",
          FormatTimestamp(clock.Now()).c_str(), r.request_id.c_str(), r.method.c_str(),
          r.route.c_str(), r.status, r.response_bytes, static_cast<long long>(r.duration_us),
          user.c_str());
      if (n > 0) {
        const size_t len = std::min(static_cast<size_t>(n), sizeof line - 1);
        (void)!::write(STDERR_FILENO, line, len);  // one write per line keeps lines whole
      }
    };
  }
  services->api.on_server_error = [&clock](const std::string& request_id, const Status& status) {
    LogLine({{"at", FormatTimestamp(clock.Now())},
             {"kind", "error"},
             {"request_id", request_id},
             {"code", StatusCodeName(status.code())},
             {"msg", status.message()}});
  };
  // Search's name index is read before the first search arrives, which would wait for it.
  if (Status prepared = services->search.Prepare(); !prepared.ok()) {
    LogLine(
        {{"at", FormatTimestamp(clock.Now())},
         {"kind", "warning"},
         {"msg", "search's name index will be read on the first search: " + prepared.ToString()}});
  }
  http::Server server(options, services->handler, logger);
  Status started = server.Start();
  if (!started.ok()) return Fail(started);
  LogLine(
      {{"at", FormatTimestamp(clock.Now())},
       {"kind", "start"},
       {"msg", "Haven is serving on http://" + settings.bind + ":" + std::to_string(server.port())},
       {"database", opened->store->Describe()},
       {"version", HAVEN_VERSION}});
  server.Wait();
  LogLine({{"at", FormatTimestamp(clock.Now())}, {"kind", "stop"}, {"msg", "Haven stopped"}});
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App app{"Haven: the children's social care record"};
  app.set_version_flag("--version", std::string("haven ") + HAVEN_VERSION);
  app.require_subcommand(1);
  Common c;

  auto* serve = app.add_subcommand("serve", "Serve the web application and JSON API");
  AddDataOptions(serve, c);
  serve->add_option("--port", c.port, "TCP port (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));

  auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema");
  AddDataOptions(migrate, c);

  auto* user = app.add_subcommand("user", "Manage staff accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Create an account");
  AddDataOptions(user_add, c);
  std::string username, display_name, email, team, reason = "account created from the command line";
  std::vector<std::string> roles;
  bool password_stdin = false;
  user_add->add_option("--username", username, "Sign-in name (a-z, 0-9, . _ -)")->required();
  user_add->add_option("--name", display_name, "Name shown to colleagues")->required();
  user_add->add_option("--role", roles, "Role (repeat for several)")->required();
  user_add->add_option("--team", team, "Team code");
  user_add->add_option("--email", email, "Email address");
  user_add->add_option("--reason", reason, "Why the account is being created");
  user_add->add_flag("--password-stdin", password_stdin, "Read the password from standard input");

  auto* user_list = user->add_subcommand("list", "List accounts");
  AddDataOptions(user_list, c);
  bool json_out = false;
  user_list->add_flag("--json", json_out, "Print JSON lines");

  auto* user_disable =
      user->add_subcommand("disable", "Disable an account (it is kept, never deleted)");
  AddDataOptions(user_disable, c);
  std::string disable_name, disable_reason;
  user_disable->add_option("username", disable_name, "The account's username")->required();
  user_disable->add_option("--reason", disable_reason, "Why it is disabled")->required();

  auto* backup = app.add_subcommand("backup", "Write a logical backup of the whole database");
  AddDataOptions(backup, c);
  std::string backup_out;
  backup->add_option("--out", backup_out, "Backup file to write")->required();

  auto* restore =
      app.add_subcommand("restore", "Restore a backup into an empty, migrated database");
  AddDataOptions(restore, c);
  std::string restore_in;
  restore->add_option("--in", restore_in, "Backup file to read")
      ->required()
      ->check(CLI::ExistingFile);

  auto* demo = app.add_subcommand("demo", "Create the demo authority in an empty database");
  AddDataOptions(demo, c);
  bool demo_password_stdin = false;
  demo->add_flag("--password-stdin", demo_password_stdin,
                 "Read the demo accounts' password from standard input (default: demo-password)");
  SyntheticOptions synthetic;
  std::string faults_out;
  demo->add_option("--scale", synthetic.scale,
                   "Size: 1 is a borough of Doncaster's size, 3 a large county, 0 the structure "
                   "and accounts only (default 1)")
      ->check(CLI::Range(0.0, 20.0));
  demo->add_option("--seed", synthetic.seed, "Random seed; the same seed gives the same authority");
  demo->add_option("--years", synthetic.years, "Years of history (default 10)")
      ->check(CLI::Range(1, 15));
  demo->add_option(
      "--faults", faults_out,
      "Plant a known set of data-quality faults and write their manifest (JSON) to FILE");

  auto* export_cmd = app.add_subcommand("export", "Write a statutory return from the record");
  export_cmd->require_subcommand(1);
  auto* export_cin = export_cmd->add_subcommand("cin", "The CIN census XML for a collection year");
  AddDataOptions(export_cin, c);
  int export_year = 0;
  std::string export_out, export_la;
  AddYearOption(export_cin, export_year);
  export_cin->add_option("--la-code", export_la, "The authority's three-digit LA code")->required();
  export_cin->add_option("--out", export_out, "The file to write")->required();

  auto* export_903 = export_cmd->add_subcommand(
      "903", "The SSDA903 return's CSV files for a collection year, written into a folder");
  AddDataOptions(export_903, c);
  int export_903_year = 0;
  std::string export_903_out;
  AddYearOption(export_903, export_903_year);
  export_903->add_option("--out", export_903_out, "The folder to write the files into")->required();

  auto* export_annex = export_cmd->add_subcommand(
      "annex-a", "Ofsted's Annex A lists 1 to 11 for an inspection date, as an Excel workbook");
  AddDataOptions(export_annex, c);
  std::string annex_date, annex_out;
  export_annex->add_option("--date", annex_date, "The inspection date, YYYY-MM-DD")->required();
  export_annex->add_option("--out", annex_out, "The .xlsx file to write")->required();

  auto* import_cmd = app.add_subcommand("import", "Bring another system's return into the record");
  import_cmd->require_subcommand(1);
  auto* import_903 = import_cmd->add_subcommand(
      "903", "An SSDA903 return's CSV files (or a folder of them), all or nothing");
  AddDataOptions(import_903, c);
  Import903Args import_args;
  import_903->add_option("files", import_args.paths, "The return's CSV files or a folder")
      ->required();
  AddYearOption(import_903, import_args.year);
  import_903->add_option("--as", import_args.as,
                         "The administrator the import is recorded as (default admin)");
  import_903->add_option("--service-area", import_args.service_area,
                         "The service area the children's records belong to (default CF)");

  auto* import_cin = import_cmd->add_subcommand("cin", "A CIN census XML file, all or nothing");
  AddDataOptions(import_cin, c);
  ImportCinArgs cin_args;
  import_cin->add_option("file", cin_args.file, "The census XML file")->required();
  import_cin
      ->add_option("--year", cin_args.year,
                   "Collection year (default: from the census header's ReferenceDate)")
      ->check(CLI::Range(2023, 2026));
  import_cin->add_option("--team", cin_args.team, "The team (code) that takes the referrals")
      ->required();
  import_cin->add_option("--authoriser", cin_args.authoriser,
                         "The manager authorised assessments are recorded as authorised by");
  import_cin->add_option("--as", cin_args.as,
                         "The administrator the import is recorded as (default admin)");
  import_cin->add_option("--service-area", cin_args.service_area,
                         "The service area the children's records belong to (default CF)");

  ValidateArgs validate_args, validate_cin_args;
  const auto validate = AddValidateCommand(app, validate_args, validate_cin_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (serve->parsed()) return Serve(c);
  if (validate.ssda903->parsed()) return RunValidate903(validate_args, SystemClock());
  if (export_cin->parsed()) {
    if (export_la.size() != 3 || export_la.find_first_not_of("0123456789") != std::string::npos) {
      return Fail(InvalidArgument("--la-code must be the three-digit LA code, such as 371"));
    }
    auto opened = OpenFromSettings(c, /*migrate_first=*/false);
    if (!opened.ok()) return Fail(opened.status());
    SystemClock clock;
    const auto calendar = clocks::WorkingCalendar::EnglandAndWales();
    auto census = exports::BuildCinCensus(*opened->store, calendar, export_year, export_la,
                                          FormatTimestamp(clock.Now()).substr(0, 19));
    if (!census.ok()) return Fail(census.status());
    if (Status s = WriteWhole(export_out, returns::WriteCinXml(*census)); !s.ok()) return Fail(s);
    size_t details = 0;
    for (const auto& ch : census->children) details += ch.details.size();
    std::fprintf(stderr, "export: CIN census %s, %zu children, %zu episodes of need, to %s\n",
                 returns::YearLabel(export_year).c_str(), census->children.size(), details,
                 export_out.c_str());
    return 0;
  }
  if (validate.cin->parsed()) return RunValidateCin(validate_cin_args);
  if (export_903->parsed()) return Export903(c, export_903_year, export_903_out);
  if (export_annex->parsed()) return ExportAnnexA(c, annex_date, annex_out);
  if (import_903->parsed()) return Import903(c, import_args);
  if (import_cin->parsed()) return ImportCin(c, cin_args);

  if (migrate->parsed()) {
    auto settings = Load(c);
    if (!settings.ok()) return Fail(settings.status());
    auto store = OpenStore(settings->database, 1);
    if (!store.ok()) return Fail(store.status());
    SystemClock clock;
    auto applied = storage::Migrate(**store, storage::HavenMigrations(), clock);
    if (!applied.ok()) return Fail(applied.status());
    auto version = storage::SchemaVersion(**store);
    std::printf("migrate: %d migration(s) applied; schema version %d (%s)\n", *applied,
                version.ok() ? *version : -1, (*store)->Describe().c_str());
    return 0;
  }

  SystemClock clock;
  SecureRandom random;

  if (user_add->parsed()) {
    auto opened = OpenFromSettings(c, false);
    if (!opened.ok()) return Fail(opened.status());
    auto services = MakeServices(opened->settings, *opened->store, clock, random);
    auto password = ReadPassword(password_stdin, "Password for " + username + ": ");
    if (!password.ok()) return Fail(password.status());
    access::NewUser nu{username, display_name, std::nullopt, *password, roles, std::nullopt, {}};
    if (!email.empty()) nu.email = email;
    if (!team.empty()) {
      auto t = services->org.FindTeamByCode(team);
      if (!t.ok()) return Fail(t.status());
      nu.team_id = t->id;
    }
    auto created = services->users.Create({std::nullopt, "cli"}, nu, reason);
    if (!created.ok()) return Fail(created.status());
    std::printf("user: created %s (id %lld)\n", created->username.c_str(),
                static_cast<long long>(created->id));
    return 0;
  }

  if (user_list->parsed()) {
    auto opened = OpenFromSettings(c, false);
    if (!opened.ok()) return Fail(opened.status());
    auto services = MakeServices(opened->settings, *opened->store, clock, random);
    auto users = services->users.List();
    if (!users.ok()) return Fail(users.status());
    if (!json_out) std::printf("%-24s %-10s %-40s %s\n", "USERNAME", "STATUS", "ROLES", "NAME");
    for (const auto& u : *users) {
      if (json_out) {
        std::printf("%s\n", nlohmann::json{{"id", u.id},
                                           {"username", u.username},
                                           {"status", access::UserStatusName(u.status)},
                                           {"roles", access::JoinRoles(u.roles)}}
                                .dump()
                                .c_str());
      } else {
        std::printf("%-24s %-10s %-40s %s\n", u.username.c_str(),
                    std::string(access::UserStatusName(u.status)).c_str(),
                    access::JoinRoles(u.roles).c_str(), u.display_name.c_str());
      }
    }
    return 0;
  }

  if (user_disable->parsed()) {
    auto opened = OpenFromSettings(c, false);
    if (!opened.ok()) return Fail(opened.status());
    auto services = MakeServices(opened->settings, *opened->store, clock, random);
    auto u = services->users.FindByUsername(disable_name);
    if (!u.ok()) return Fail(u.status());
    access::UserPatch patch;
    patch.status = access::UserStatus::kDisabled;
    auto updated = services->users.Update({std::nullopt, "cli"}, u->id, patch, disable_reason);
    if (!updated.ok()) return Fail(updated.status());
    std::printf("user: disabled %s\n", updated->username.c_str());
    return 0;
  }

  if (backup->parsed()) {
    auto opened = OpenFromSettings(c, false);
    if (!opened.ok()) return Fail(opened.status());
    const std::string tmp = backup_out + ".partial";
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Unavailable("cannot write '" + tmp + "'"));
    auto stats = storage::WriteBackup(*opened->store, out, clock,
                                      [](const std::string& table, int64_t rows) {
                                        std::fprintf(stderr, "backup: %-20s %lld rows so far\n",
                                                     table.c_str(), static_cast<long long>(rows));
                                      });
    out.close();
    if (stats.ok() && !out) stats = Unavailable("writing '" + tmp + "' failed (is the disk full?)");
    if (stats.ok()) {
      // The bytes reach the disk before the backup takes its real name.
      const int fd = ::open(tmp.c_str(), O_RDONLY);
      if (fd < 0 || ::fsync(fd) != 0) stats = Unavailable("cannot flush '" + tmp + "' to disk");
      if (fd >= 0) ::close(fd);
    }
    if (!stats.ok()) {
      std::remove(tmp.c_str());
      return Fail(stats.status());
    }
    if (std::rename(tmp.c_str(), backup_out.c_str()) != 0) {
      return Fail(Unavailable("cannot move the backup into place at '" + backup_out + "'"));
    }
    std::printf("backup: %lld rows from %d tables written to %s\n",
                static_cast<long long>(stats->rows), stats->tables, backup_out.c_str());
    return 0;
  }

  if (restore->parsed()) {
    auto opened = OpenFromSettings(c, /*migrate_first=*/true);
    if (!opened.ok()) return Fail(opened.status());
    std::ifstream in(restore_in, std::ios::binary);
    if (!in) return Fail(InvalidArgument("cannot read '" + restore_in + "'"));
    auto stats =
        storage::RestoreBackup(*opened->store, in, [](const std::string& table, int64_t rows) {
          std::fprintf(stderr, "restore: %-20s %lld rows so far\n", table.c_str(),
                       static_cast<long long>(rows));
        });
    if (!stats.ok()) return Fail(stats.status());
    std::printf("restore: %lld rows restored from %s\n", static_cast<long long>(stats->rows),
                restore_in.c_str());
    return 0;
  }

  if (demo->parsed()) {
    auto opened = OpenFromSettings(c, /*migrate_first=*/true, /*bulk_load=*/true);
    if (!opened.ok()) return Fail(opened.status());
    std::string password = "demo-password";
    if (demo_password_stdin) {
      auto pw = ReadPassword(true, "");
      if (!pw.ok()) return Fail(pw.status());
      password = *pw;
    }
    auto services = MakeServices(opened->settings, *opened->store, clock, random);
    synthetic.password = password;
    synthetic.faults = !faults_out.empty();
    // The manifest's file is opened first, so a bad path costs nothing.
    std::ofstream manifest;
    if (synthetic.faults) {
      manifest.open(faults_out);
      if (!manifest)
        return Fail(InvalidArgument("--faults: cannot write the manifest to '" + faults_out + "'",
                                    "faults"));
    }
    const bool tty = isatty(STDERR_FILENO) != 0;
    const auto started = std::chrono::steady_clock::now();
    int last_shown = -1;
    auto summary =
        CreateSyntheticAuthority(*services, clock, synthetic, [&](int64_t done, int64_t total) {
          const int percent = static_cast<int>(100 * done / std::max<int64_t>(1, total));
          if (!tty && percent / 10 == last_shown / 10 && done != total) return;
          last_shown = percent;
          const double secs =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
          std::string bar(static_cast<size_t>(percent / 4), '#');
          bar.resize(25, ' ');
          std::fprintf(stderr, "%s[%s] %3d%% %lld/%lld children, %.0f s%s", tty ? "\r" : "",
                       bar.c_str(), percent, static_cast<long long>(done),
                       static_cast<long long>(total), secs, tty && done != total ? "" : "\n");
        });
    if (!summary.ok()) return Fail(summary.status());
    if (synthetic.faults) {
      manifest << FaultManifest(*summary, synthetic);
      manifest.close();
      if (!manifest)
        return Fail(InvalidArgument("--faults: cannot write the manifest to '" + faults_out + "'",
                                    "faults"));
    }
    std::fputs(FormatSummary(*summary).c_str(), stdout);
    std::printf(
        "demo: sign in as admin, frontdoor, social.worker, team.manager, iro, performance, "
        "director, commissioner or partner%s\n",
        demo_password_stdin ? "" : " with the password demo-password");
    return 0;
  }
  return 0;
}

}  // namespace haven::app
