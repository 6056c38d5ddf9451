// The `haven` command as an operator uses it: run as a separate process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "storage/schema.h"
#include "support/http_client.h"
#include "support/test_db.h"

namespace haven::test {
namespace {

struct Run {
  int code = -1;
  std::string out;  // standard output and standard error together
};

Run Haven(const std::string& args, const std::string& input = "") {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string in_file = (dir / ("haven_cli_in_" + std::to_string(::getpid()))).string();
  std::ofstream(in_file) << input;
  const std::string cmd = std::string("HAVEN_PASSWORD_STRENGTH=minimum ") + HAVEN_BINARY + " " +
                          args + " <" + in_file + " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(in_file);
  return r;
}

class CliTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    db_ = std::make_unique<TestDb>(GetParam());
    // Quoted for the shell: PostgreSQL test URLs hold '?' and '&'.
    db_arg_ = "--database '" + db_->url() + "'";
  }
  std::unique_ptr<TestDb> db_;
  std::string db_arg_;
};

TEST(CliBasicsTest, VersionAndHelp) {
  auto v = Haven("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_NE(v.out.find("haven 0."), std::string::npos) << v.out;
  auto h = Haven("--help");
  EXPECT_EQ(h.code, 0);
  for (const char* cmd : {"serve", "migrate", "user", "backup", "restore"}) {
    EXPECT_NE(h.out.find(cmd), std::string::npos) << cmd;
  }
  auto serve_help = Haven("serve --help");
  EXPECT_NE(serve_help.out.find("--port"), std::string::npos);
  EXPECT_NE(serve_help.out.find("--database"), std::string::npos);
}

TEST(CliBasicsTest, BadSettingsFailAtStartWithAClearMessage) {
  auto url = Haven("migrate --database mysql://db/haven");
  EXPECT_NE(url.code, 0);
  EXPECT_NE(url.out.find("database URL"), std::string::npos) << url.out;
  auto down = Haven("migrate --database postgres://haven@127.0.0.1:1/haven");
  EXPECT_NE(down.code, 0);
  EXPECT_NE(down.out.find("cannot connect to PostgreSQL"), std::string::npos) << down.out;
  // Local standards: only local timescales change, and only to a sensible amount.
  const auto conf =
      std::filesystem::temp_directory_path() / ("haven_cli_conf_" + std::to_string(::getpid()));
  for (const auto& [line, says] : std::vector<std::pair<std::string, std::string>>{
           {"local_standards = rcpc=2", "statutory timescale"},
           {"local_standards = cp_visits=15", "no timescale"},
           {"local_standards = cp_visit=0", "local_standards"},
           {"local_standards = cp_visit", "timescale=amount"}}) {
    std::ofstream(conf) << line << "\n";
    auto r = Haven("migrate --config " + conf.string() + " --database sqlite:/tmp/unused-ls.db");
    EXPECT_EQ(r.code, 2) << line << ": " << r.out;
    EXPECT_NE(r.out.find(says), std::string::npos) << line << ": " << r.out;
  }
  std::filesystem::remove(conf);
  auto port = Haven("serve --database sqlite:/tmp/unused.db --port 99999");
  EXPECT_NE(port.code, 0);
  auto env = Haven("migrate --config /nonexistent.conf");
  EXPECT_NE(env.code, 0);
  EXPECT_NE(env.out.find("/nonexistent.conf"), std::string::npos) << env.out;
  auto unknown = Haven("frobnicate");
  EXPECT_NE(unknown.code, 0);
}

TEST_P(CliTest, MigrateThenManageUsers) {
  auto m = Haven("migrate " + db_arg_);
  ASSERT_EQ(m.code, 0) << m.out;
  const std::string latest =
      "schema version " + std::to_string(storage::HavenMigrations().back().version);
  EXPECT_NE(m.out.find(latest), std::string::npos) << m.out;
  auto again = Haven("migrate " + db_arg_);
  EXPECT_NE(again.out.find("0 migration(s) applied"), std::string::npos) << again.out;

  auto add =
      Haven("user add " + db_arg_ +
                " --username jo.bloggs --name 'Jo Bloggs' --role team_manager --role social_worker "
                "--password-stdin",
            "a perfectly long password\n");
  ASSERT_EQ(add.code, 0) << add.out;
  auto weak =
      Haven("user add " + db_arg_ + " --username weak --name W --role director --password-stdin",
            "short\n");
  EXPECT_NE(weak.code, 0);
  EXPECT_NE(weak.out.find("at least 12"), std::string::npos) << weak.out;
  auto bad_role =
      Haven("user add " + db_arg_ + " --username role.test --name R --role king --password-stdin",
            "a perfectly long password\n");
  EXPECT_NE(bad_role.code, 0);
  EXPECT_NE(bad_role.out.find("unknown role"), std::string::npos) << bad_role.out;
  auto no_stdin = Haven("user add " + db_arg_ + " --username q --name Q --role director");
  EXPECT_NE(no_stdin.code, 0);
  EXPECT_NE(no_stdin.out.find("--password-stdin"), std::string::npos) << no_stdin.out;

  auto list = Haven("user list " + db_arg_);
  ASSERT_EQ(list.code, 0);
  EXPECT_NE(list.out.find("jo.bloggs"), std::string::npos);
  EXPECT_NE(list.out.find("social_worker,team_manager"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("weak"), std::string::npos);

  auto disable = Haven("user disable " + db_arg_ + " jo.bloggs --reason 'left the service'");
  ASSERT_EQ(disable.code, 0) << disable.out;
  auto json = Haven("user list --json " + db_arg_);
  EXPECT_NE(json.out.find("\"status\":\"disabled\""), std::string::npos) << json.out;
  auto missing = Haven("user disable " + db_arg_ + " nobody --reason x");
  EXPECT_NE(missing.code, 0);
}

TEST_P(CliTest, CommandsRefuseAnUnmigratedDatabase) {
  auto list = Haven("user list " + db_arg_);
  EXPECT_NE(list.code, 0);
  EXPECT_NE(list.out.find("haven migrate"), std::string::npos) << list.out;
}

TEST_P(CliTest, BackupAndRestoreRoundTrip) {
  ASSERT_EQ(Haven("demo --scale 0 " + db_arg_).code, 0);
  const auto dir =
      std::filesystem::temp_directory_path() / ("haven_bk_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "haven.backup").string();
  auto b = Haven("backup " + db_arg_ + " --out " + file);
  ASSERT_EQ(b.code, 0) << b.out;
  ASSERT_TRUE(std::filesystem::exists(file));
  // It holds personal data: only its owner may read it.
  const auto perms = std::filesystem::status(file).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);

  TestDb target(Backend::kSqlite);
  auto r = Haven("restore --database '" + target.url() + "' --in " + file);
  ASSERT_EQ(r.code, 0) << r.out;
  auto list = Haven("user list --database '" + target.url() + "'");
  EXPECT_NE(list.out.find("team.manager"), std::string::npos) << list.out;
  auto twice = Haven("restore --database '" + target.url() + "' --in " + file);
  EXPECT_NE(twice.code, 0);
  EXPECT_NE(twice.out.find("already holds data"), std::string::npos) << twice.out;
  std::filesystem::remove_all(dir);
}

// `haven serve` as a process: it picks a port, answers /healthz, and on SIGTERM stops cleanly
// with exit code 0.
TEST_P(CliTest, ServeAnswersAndStopsCleanlyOnSigterm) {
  // A small synthetic authority: the server opens what the bulk load built.
  const auto demo = Haven("demo --scale 0.002 " + db_arg_);
  ASSERT_EQ(demo.code, 0) << demo.out;
  int err_pipe[2];
  ASSERT_EQ(pipe(err_pipe), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(err_pipe[1], STDERR_FILENO);
    close(err_pipe[0]);
    execl(HAVEN_BINARY, HAVEN_BINARY, "serve", "--database", db_->url().c_str(), "--port", "0",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(err_pipe[1]);
  // A line says where it serves: "...serving on http://127.0.0.1:PORT" (a warning may come
  // first, such as no web assets in a checkout that has not built them).
  std::string line;
  char c = 0;
  for (int lines = 0; lines < 10 && line.find("serving on") == std::string::npos; ++lines) {
    line.clear();
    while (read(err_pipe[0], &c, 1) == 1 && c != '\n') line += c;
  }
  const size_t colon = line.rfind(':', line.find("\"", line.find("serving on")));
  ASSERT_NE(line.find("serving on"), std::string::npos) << line;
  const int port = std::stoi(line.substr(colon + 1));
  auto health = Send(static_cast<uint16_t>(port), "GET", "/healthz");
  EXPECT_EQ(health.status, 200);
  auto sign_in = Send(static_cast<uint16_t>(port), "POST", "/api/v1/session",
                      R"({"username":"admin","password":"demo-password"})");
  EXPECT_EQ(sign_in.status, 201) << sign_in.body;
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::string rest;
  while (read(err_pipe[0], &c, 1) == 1) rest += c;
  close(err_pipe[0]);
  EXPECT_NE(rest.find("Haven stopped"), std::string::npos) << rest;
  // The access log names routes, not the password sent to one.
  EXPECT_NE(rest.find("\"route\":\"/api/v1/session\""), std::string::npos) << rest;
  EXPECT_EQ(rest.find("demo-password"), std::string::npos);
}

// `haven demo` with a size, a seed and the faults option: progress and a summary, the manifest
// written, the same children for the same seed; bad options refused by name.
TEST_P(CliTest, DemoBuildsASyntheticAuthorityWithProgressSummaryAndManifest) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("haven_demo_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string manifest = (dir / "faults.json").string();
  auto r = Haven("demo --scale 0.005 --seed 9 --faults " + manifest + " " + db_arg_);
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* text :
       {"100% 385/385 children", "385 children", "rows written:", "referrals",
        "re-referrals within 12 months", "22.6%", "faults planted", "sign in as admin"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
  }
  std::ifstream in(manifest);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["seed"], 9);
  ASSERT_TRUE(j["faults"].is_array());
  for (const auto& f : j["faults"]) {
    for (const char* key : {"la_child_id", "kind", "record", "field", "detail"}) {
      EXPECT_TRUE(f.contains(key)) << f.dump();
    }
  }
  // Bad options: refused before anything is written.
  TestDb other(GetParam());
  const std::string other_arg = "--database '" + other.url() + "'";
  auto bad = Haven("demo --scale -2 " + other_arg);
  EXPECT_NE(bad.code, 0);
  EXPECT_NE(bad.out.find("--scale"), std::string::npos) << bad.out;
  auto years = Haven("demo --years 40 " + other_arg);
  EXPECT_NE(years.code, 0);
  EXPECT_NE(years.out.find("--years"), std::string::npos) << years.out;
  auto unwritable = Haven("demo --scale 0 --faults /nonexistent/dir/f.json " + other_arg);
  EXPECT_NE(unwritable.code, 0);
  EXPECT_NE(unwritable.out.find("faults"), std::string::npos) << unwritable.out;
  // Twice on one database: refused, and the first authority is untouched.
  auto again = Haven("demo --scale 0.005 " + db_arg_);
  EXPECT_NE(again.code, 0);
  auto list = Haven("user list " + db_arg_);
  EXPECT_NE(list.out.find("staff-00001"), std::string::npos) << list.out;

  // The authority's CIN census comes out as a file `haven validate cin` reads.
  const std::string census = (dir / "census.xml").string();
  auto exported = Haven("export cin --year 2026 --la-code 371 --out " + census + " " + db_arg_);
  EXPECT_EQ(exported.code, 0) << exported.out;
  EXPECT_NE(exported.out.find("export: CIN census 2025-26, "), std::string::npos) << exported.out;
  const std::string findings = (dir / "findings.json").string();
  auto checked = Haven("validate cin " + census + " --out " + findings);
  EXPECT_NE(checked.out.find("CIN census 2025-26"), std::string::npos) << checked.out;
  // This authority has planted faults, so errors are possible; the exit status says so.
  std::ifstream found(findings);
  const auto fj = nlohmann::json::parse(found, nullptr, false);
  ASSERT_TRUE(fj.is_object()) << checked.out;
  EXPECT_EQ(checked.code, fj["summary"]["errors"].get<int>() > 0 ? 1 : 0) << checked.out;
  auto bad_la = Haven("export cin --year 2026 --la-code 37 --out " + census + " " + db_arg_);
  EXPECT_EQ(bad_la.code, 2);
  EXPECT_NE(bad_la.out.find("--la-code must be the three-digit LA code"), std::string::npos)
      << bad_la.out;
  auto bad_out =
      Haven("export cin --year 2026 --la-code 371 --out /nonexistent/dir/c.xml " + db_arg_);
  EXPECT_NE(bad_out.code, 0);
  EXPECT_NE(bad_out.out.find("cannot write"), std::string::npos) << bad_out.out;

  // The SSDA903 return comes out as the DfE's CSV files, one per table, that `haven validate
  // 903` reads whole.
  const std::string folder = (dir / "903").string();
  auto ssda = Haven("export 903 --year 2026 --out " + folder + " " + db_arg_);
  EXPECT_EQ(ssda.code, 0) << ssda.out;
  EXPECT_NE(ssda.out.find("export: SSDA903 2025-26, "), std::string::npos) << ssda.out;
  for (const char* file :
       {"header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv", "ad1.csv",
        "placed_for_adoption.csv", "previous_permanence.csv", "missing.csv", "sw_episodes.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(dir / "903" / file)) << file;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "903" / "dolo.csv")) << "DoLo begins in 2026-27";
  auto checked903 = Haven("validate 903 " + folder + " --year 2026 --out " + findings);
  EXPECT_NE(checked903.out.find("SSDA903 2025-26, 11 files, 11 tables"), std::string::npos)
      << checked903.out;
  EXPECT_LE(checked903.code, 1) << checked903.out;
  // Into a new authority's record (structure and accounts only): every child is created, and
  // the reconciliation shows the episodes come back the same.
  TestDb fresh(GetParam());
  const std::string fresh_arg = "--database '" + fresh.url() + "'";
  ASSERT_EQ(Haven("demo --scale 0 " + fresh_arg).code, 0);
  auto imported = Haven("import 903 " + folder + " --year 2026 " + fresh_arg);
  EXPECT_EQ(imported.code, 0) << imported.out;
  EXPECT_NE(imported.out.find("0 matched"), std::string::npos) << imported.out;
  {
    std::istringstream lines(imported.out);
    std::string line;
    bool seen = false;
    while (std::getline(lines, line)) {
      std::istringstream cols(line);
      std::string table;
      size_t in = 0, matched = 0, left = 0, out = 0, same = 0;
      if (!(cols >> table >> in >> matched >> left >> out >> same) || table != "Episodes") continue;
      seen = true;
      EXPECT_GT(in, 0u) << line;
      EXPECT_EQ(same, in) << line;
    }
    EXPECT_TRUE(seen) << imported.out;
  }
  // A second time: everyone is already there, and no one is created.
  auto twice = Haven("import 903 " + folder + " --year 2026 " + fresh_arg);
  EXPECT_EQ(twice.code, 0) << twice.out;
  EXPECT_NE(twice.out.find(": 0 children created"), std::string::npos) << twice.out;
  // A bad row: refused whole, naming the file, row and field.
  {
    std::ofstream reviews(dir / "903" / "reviews.csv", std::ios::app);
    reviews << "NO-SUCH-CHILD,01/01/2015,01/06/2025,PN1\r\n";
  }
  auto refused = Haven("import 903 " + folder + " --year 2026 " + db_arg_);
  EXPECT_EQ(refused.code, 2) << refused.out;
  EXPECT_NE(refused.out.find("reviews.csv row "), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("'NO-SUCH-CHILD' is not in the Header"), std::string::npos)
      << refused.out;
  // The census into the same new authority: its referrals taken by a team, its authorisations
  // recorded as a manager's; without the manager or with no such team, nothing goes in.
  ASSERT_EQ(Haven("user add --username mig.manager --name 'Migration Manager' --role "
                  "team_manager --team CIN-CP-1 --password-stdin " +
                      fresh_arg,
                  "a-long-password-for-the-test\n")
                .code,
            0);
  auto no_team =
      Haven("import cin " + census + " --team NOPE --authoriser mig.manager " + fresh_arg);
  EXPECT_EQ(no_team.code, 2) << no_team.out;
  EXPECT_NE(no_team.out.find("--team: no team 'NOPE'"), std::string::npos) << no_team.out;
  auto no_manager = Haven("import cin " + census + " --team CIN-CP-1 " + fresh_arg);
  EXPECT_EQ(no_manager.code, 2) << no_manager.out;
  EXPECT_NE(no_manager.out.find("AssessmentAuthorisationDate: an authorised assessment needs"),
            std::string::npos)
      << no_manager.out;
  auto cin_in =
      Haven("import cin " + census + " --team CIN-CP-1 --authoriser mig.manager " + fresh_arg);
  EXPECT_EQ(cin_in.code, 0) << cin_in.out;
  EXPECT_NE(cin_in.out.find("reconciliation of the CIN census 2025-26: "), std::string::npos)
      << cin_in.out;
  auto nobody = Haven("import 903 " + folder + " --year 2026 --as nobody " + fresh_arg);
  EXPECT_NE(nobody.code, 0);
  EXPECT_NE(nobody.out.find("--as: no user 'nobody'"), std::string::npos) << nobody.out;
  auto bad_year = Haven("export 903 --year 2019 --out " + folder + " " + db_arg_);
  EXPECT_NE(bad_year.code, 0);
  EXPECT_NE(bad_year.out.find("--year"), std::string::npos) << bad_year.out;
  auto no_folder = Haven("export 903 --year 2026 --out /proc/haven-no-such-dir " + db_arg_);
  EXPECT_NE(no_folder.code, 0);
  EXPECT_NE(no_folder.out.find("cannot write into the folder"), std::string::npos) << no_folder.out;
  std::filesystem::remove_all(dir);
}

TEST_P(CliTest, ExportAnnexAWritesTheWorkbookAndRefusesABadDate) {
  ASSERT_EQ(Haven("migrate " + db_arg_).code, 0);
  const auto out = std::filesystem::temp_directory_path() /
                   ("haven_annex_" + std::to_string(::getpid()) + ".xlsx");
  auto bad = Haven("export annex-a " + db_arg_ + " --date 15/06/2026 --out " + out.string());
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("--date"), std::string::npos) << bad.out;
  EXPECT_FALSE(std::filesystem::exists(out));
  auto ok = Haven("export annex-a " + db_arg_ + " --date 2026-06-15 --out " + out.string());
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("Ofsted Annex A for 2026-06-15"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("List 11: 0"), std::string::npos) << ok.out;
  ASSERT_TRUE(std::filesystem::exists(out));
  std::ifstream in(out, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find("List 8 - Children in care"), std::string::npos);
  std::filesystem::remove(out);
}

HAVEN_INSTANTIATE_BACKENDS(CliTest);

}  // namespace
}  // namespace haven::test

namespace haven::test {
namespace {

// A folder of 903 CSV files written for one test.
class Folder {
 public:
  Folder() {
    dir_ = std::filesystem::temp_directory_path() /
           ("haven_validate_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
  }
  ~Folder() { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::string Path(const std::string& name = "") const { return (dir_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path dir_;
};

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(ValidateCliTest, A903ReturnIsValidatedWithoutADatabase) {
  Folder f;
  // Two children: the second has a sex code from before 2024-25 and a lower-case code that the
  // DfE's reading upper-cases (so it is not an error).
  f.Write("header.csv",
          "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
          "A1,M,01/02/2012,WBRI,UN1,,\n"
          "B2,1,03/04/2013,wbri,UN2,,\n");
  f.Write("episodes.csv",
          "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
          "PL_POST,URN\n"
          "A1,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n"
          "B2,2025-06-01,S,C2,N1,U1,PR1,,,,,,\n");
  const std::string out = f.Path("findings.json");
  auto run = Haven("validate 903 " + f.Path() + " --year 2026 --out " + out);
  EXPECT_EQ(run.code, 1) << run.out;
  EXPECT_NE(run.out.find("SSDA903 2025-26, 2 files, 2 tables, 2 children"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("100% of"), std::string::npos) << run.out;
  const auto j = ReadJson(out);
  EXPECT_EQ(j["year"], 2026);
  std::set<std::string> got;
  for (const auto& x : j["findings"]) {
    got.insert(x["rule"].get<std::string>() + " " + x["table"].get<std::string>() + " " +
               std::to_string(x["row"].get<int>()) + " " + x["child"].get<std::string>() + " " +
               x["fields"][0].get<std::string>());
  }
  EXPECT_TRUE(got.count("101 Header 2 B2 SEX")) << j.dump();
  EXPECT_TRUE(got.count("141 Episodes 2 B2 DECOM")) << j.dump();
  for (const auto& g : got) {
    EXPECT_EQ(g.find("103 "), std::string::npos) << "wbri is read as WBRI: " << g;
  }

  // The same as CSV on standard output. In 2023-24 the sex codes were 1 and 2, so there it is
  // M that is wrong.
  auto csv = Haven("validate 903 " + f.Path("header.csv") + " --year 2024 --format csv");
  EXPECT_NE(csv.out.find("101,error,Header,1,A1,SEX,"), std::string::npos) << csv.out;
  EXPECT_EQ(csv.out.find("101,error,Header,2,"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("rule,severity,table,row,child,fields,message"), std::string::npos);

  // A workbook for a performance officer: the summary names the rule, its count and children.
  const std::string book = f.Path("findings.xlsx");
  auto xlsx = Haven("validate 903 " + f.Path() + " --year 2026 --format xlsx --out " + book);
  EXPECT_EQ(xlsx.code, 1) << xlsx.out;
  std::string summary;
  if (FILE* p = popen(("unzip -p " + book + " xl/worksheets/sheet1.xml").c_str(), "r")) {
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) summary.append(buf.data(), n);
    pclose(p);
  }
  EXPECT_NE(summary.find(">101</t>"), std::string::npos) << summary;
  auto no_out = Haven("validate 903 " + f.Path() + " --year 2026 --format xlsx");
  EXPECT_EQ(no_out.code, 2);
  EXPECT_NE(no_out.out.find("give --out FILE.xlsx"), std::string::npos) << no_out.out;
}

TEST(ValidateCliTest, ACleanReturnExitsZero) {
  Folder f;
  // A boy of 13 looked after under section 20 since May 2025, placed in foster care in the
  // authority: a return every rule passes.
  f.Write("header.csv",
          "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,M,01/02/2012,WBRI,E371201234567,,\n");
  f.Write("episodes.csv",
          "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
          "PL_POST,URN,PL_DISTANCE,PL_LA,PL_LOCATION\n"
          "A1,01/05/2025,S,V2,N1,U4,PR1,,,,DN1 1AA,DN2 2BB,XXXXXXX,3.2,371,IN\n");
  const std::string out = f.Path("findings.json");
  auto run = Haven("validate 903 " + f.Path() + " --year 2026 --out " + out);
  const auto j = ReadJson(out);
  EXPECT_EQ(j["summary"]["errors"], 0) << j.dump();
  EXPECT_EQ(run.code, 0) << run.out;
}

TEST(ValidateCliTest, BadInputIsRefusedNamingTheFileAndLine) {
  Folder f;
  f.Write("odd.csv", "NAME,COLOUR\nx,y\n");
  auto odd = Haven("validate 903 " + f.Path("odd.csv") + " --year 2026");
  EXPECT_EQ(odd.code, 2);
  EXPECT_NE(odd.out.find("odd.csv: its columns match no SSDA903 table"), std::string::npos)
      << odd.out;

  f.Write("bad.csv", "CHILD,SEX,DOB,ETHNIC\nA1,M,01/02/2012,WBRI\nA2,\"M,01/02/2012,WBRI\n");
  auto bad = Haven("validate 903 " + f.Path("bad.csv") + " --year 2026");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("bad.csv line 3: a quoted cell is not closed"), std::string::npos)
      << bad.out;

  f.Write("wide.csv", "CHILD,SEX,DOB,ETHNIC\nA1,M,01/02/2012,WBRI,extra\n");
  auto wide = Haven("validate 903 " + f.Path("wide.csv") + " --year 2026");
  EXPECT_EQ(wide.code, 2);
  EXPECT_NE(wide.out.find("wide.csv line 2: 5 cells but the header names 4 columns"),
            std::string::npos)
      << wide.out;

  Folder two;
  two.Write("a.csv", "CHILD,SEX,DOB,ETHNIC\nA1,M,01/02/2012,WBRI\n");
  two.Write("b.csv", "CHILD,SEX,DOB,ETHNIC\nA2,M,01/02/2012,WBRI\n");
  auto dup = Haven("validate 903 " + two.Path() + " --year 2026");
  EXPECT_EQ(dup.code, 2);
  EXPECT_NE(dup.out.find("already holds the Header table"), std::string::npos) << dup.out;

  auto missing = Haven("validate 903 " + f.Path("nothing-here") + " --year 2026");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("nothing-here: no such file or folder"), std::string::npos);

  auto year = Haven("validate 903 " + f.Path("odd.csv") + " --year 2019");
  EXPECT_NE(year.code, 0);
  EXPECT_NE(year.out.find("--year"), std::string::npos) << year.out;
  auto format = Haven("validate 903 " + f.Path("odd.csv") + " --format pdf");
  EXPECT_NE(format.code, 0);
  EXPECT_NE(format.out.find("--format"), std::string::npos) << format.out;
}

TEST(ValidateCliTest, ACinCensusIsValidatedFromItsXml) {
  Folder f;
  f.Write("census.xml",
          "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2026</Year>"
          "<ReferenceDate>2026-03-31</ReferenceDate></CollectionDetails></Header><Children>"
          "<Child><ChildIdentifiers><LAchildID>C1</LAchildID></ChildIdentifiers></Child>"
          "<Child><ChildIdentifiers><LAchildID>C2</LAchildID></ChildIdentifiers></Child>"
          "</Children></Message>");
  const std::string out = f.Path("findings.json");
  auto run = Haven("validate cin " + f.Path("census.xml") + " --out " + out);
  EXPECT_TRUE(run.code == 0 || run.code == 1) << run.out;
  EXPECT_NE(run.out.find("CIN census 2025-26, 2 children"), std::string::npos) << run.out;
  const auto j = ReadJson(out);
  EXPECT_EQ(j["return"], "cin");
  EXPECT_EQ(j["year"], 2026);
  EXPECT_EQ(run.code == 1, j["summary"]["errors"].get<int>() > 0) << "exit 1 means errors";

  f.Write("old.xml",
          "<Message><Header><CollectionDetails><ReferenceDate>2021-03-31</ReferenceDate>"
          "</CollectionDetails></Header><Children/></Message>");
  auto old = Haven("validate cin " + f.Path("old.xml"));
  EXPECT_EQ(old.code, 2);
  EXPECT_NE(old.out.find("the census is for 2020-21"), std::string::npos) << old.out;

  f.Write("broken.xml", "<Message>\n<Header>\n</Message>\n");
  auto broken = Haven("validate cin " + f.Path("broken.xml"));
  EXPECT_EQ(broken.code, 2);
  EXPECT_NE(broken.out.find("broken.xml line 3:"), std::string::npos) << broken.out;
}

}  // namespace
}  // namespace haven::test
