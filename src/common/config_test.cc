#include "common/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

namespace haven {
namespace {

EnvLookup FakeEnv(const std::map<std::string, std::string>& vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string WriteTemp(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("haven_conf_" + std::to_string(std::rand()) + ".conf");
  std::ofstream(path) << text;
  return path.string();
}

TEST(ConfigTest, DefaultsToEmbeddedSqliteUnderData) {
  SettingsSources src;
  src.config_file = "";
  src.env = FakeEnv({});
  auto s = LoadSettings(src);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->database, "sqlite:data/haven.db");
  EXPECT_EQ(s->port, 8080);
}

TEST(ConfigTest, FlagsBeatEnvironmentWhichBeatsTheFile) {
  const std::string file = WriteTemp("# comment\nport = 9000\nthreads = 3\naccess_log = false\n");
  SettingsSources src;
  src.config_file = file;
  src.env = FakeEnv({{"HAVEN_PORT", "9100"}, {"HAVEN_THREADS", "4"}});
  src.flags = {{"port", "9200"}};
  auto s = LoadSettings(src);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->port, 9200);
  EXPECT_EQ(s->threads, 4);
  EXPECT_FALSE(s->access_log);
  std::filesystem::remove(file);
}

TEST(ConfigTest, ErrorsNameTheSettingAndWhereItCameFrom) {
  const std::string file = WriteTemp("port = 80\nthreads = lots\n");
  SettingsSources src;
  src.config_file = file;
  src.env = FakeEnv({});
  auto s = LoadSettings(src);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().field(), "threads");
  EXPECT_NE(s.status().message().find("line 2"), std::string::npos) << s.status().message();

  src.config_file = "";
  src.env = FakeEnv({{"HAVEN_PORT", "70000"}});
  s = LoadSettings(src);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("HAVEN_PORT"), std::string::npos);

  src.env = FakeEnv({});
  src.flags = {{"password_strength", "weak"}};
  s = LoadSettings(src);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("flag --password_strength"), std::string::npos);
  std::filesystem::remove(file);
}

TEST(ConfigTest, UnknownKeysAndMissingFilesAreErrors) {
  Settings s;
  EXPECT_EQ(ApplyConfigText(s, "colour = blue\n", "x.conf").field(), "colour");
  EXPECT_FALSE(ApplyConfigText(s, "just words\n", "x.conf").ok());
  SettingsSources src;
  src.config_file = "/nonexistent/haven.conf";
  src.env = FakeEnv({});
  auto r = LoadSettings(src);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().field(), "config");
}

}  // namespace
}  // namespace haven

namespace haven {
namespace {

TEST(LocalStandardsSetting, ParsesPairsAndNamesTheSettingOnBadInput) {
  Settings s;
  ASSERT_TRUE(ApplySetting(s, "local_standards", "cp_visit=15, cin_visit = 20", "test").ok());
  ASSERT_EQ(s.local_standards.size(), 2u);
  EXPECT_EQ(s.local_standards[0], (std::pair<std::string, int>{"cp_visit", 15}));
  EXPECT_EQ(s.local_standards[1], (std::pair<std::string, int>{"cin_visit", 20}));
  for (const char* bad : {"cp_visit", "cp_visit=", "cp_visit=ten", "cp_visit=0", "cp_visit=400"}) {
    Status st = ApplySetting(s, "local_standards", bad, "haven.conf line 3");
    EXPECT_EQ(st.field(), "local_standards") << bad;
  }
  EXPECT_EQ(s.local_standards.size(), 2u);  // a refused value leaves the setting as it was
}

}  // namespace
}  // namespace haven
