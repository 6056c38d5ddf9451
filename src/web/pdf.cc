#include "web/pdf.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace haven::web {

namespace {

std::string Chromium() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return "";
}

}  // namespace

Result<std::string> PrintToPdf(const std::string& html,
                               const std::map<std::string, std::string>& files) {
  const std::string chromium = Chromium();
  if (chromium.empty()) {
    return Unavailable(
        "printing to PDF needs chromium (apt install chromium); print the page "
        "from the browser instead");
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "haven-pdf-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return Internal("cannot make a folder to print in");
  const std::filesystem::path dir = pattern;
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  std::ofstream(dir / "page.html", std::ios::binary) << html;
  for (const auto& [name, content] : files) {
    std::ofstream(dir / std::filesystem::path(name).filename(), std::ios::binary) << content;
  }
  const std::string out = (dir / "page.pdf").string();
  const std::string profile = (dir / "profile").string();
  std::vector<std::string> args = {chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--user-data-dir=" + profile,
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + out,
                                   "file://" + (dir / "page.html").string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return Internal("cannot start chromium");
  if (pid == 0) {
    // Chromium's chatter is not Haven's log.
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::ifstream pdf(out, std::ios::binary);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !pdf) {
    return Internal("chromium could not print the page to PDF");
  }
  std::ostringstream bytes;
  bytes << pdf.rdbuf();
  return bytes.str();
}

}  // namespace haven::web
