#include "app/validate_command.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "returns/cin/read.h"
#include "returns/report.h"
#include "returns/rules.h"
#include "returns/ssda903/read.h"

namespace haven::app {

namespace fs = std::filesystem;

namespace {
void AddOutputOptions(CLI::App* cmd, ValidateArgs& args, int first_year, int last_year) {
  cmd->add_option("--year", args.year,
                  "Collection year, named by the year it ends (2026 is 2025-26)")
      ->check(CLI::Range(first_year, last_year));
  cmd->add_option("--format", args.format,
                  "Findings as json (default), csv, or an xlsx workbook (needs --out)")
      ->check(CLI::IsMember({"json", "csv", "xlsx"}));
  cmd->add_option("--out", args.out, "Write the findings to FILE instead of standard output");
}
}  // namespace

ValidateCommands AddValidateCommand(CLI::App& app, ValidateArgs& args, ValidateArgs& args_cin) {
  auto* validate = app.add_subcommand(
      "validate", "Check a statutory return against the DfE's validation rules (no database)");
  validate->require_subcommand(1);
  auto* v903 = validate->add_subcommand(
      "903", "Validate an SSDA903 return: its CSV files, or a folder of them");
  v903->add_option("files", args.paths, "The return's CSV files or a folder holding them")
      ->required();
  v903->add_option("--previous", args.previous,
                   "A folder with last year's return, for the rules that compare years");
  AddOutputOptions(v903, args, 2023, 2027);  // default year: the one that ended most recently
  auto* cin = validate->add_subcommand("cin", "Validate a CIN census XML file");
  cin->add_option("file", args_cin.paths, "The census XML file")->required()->expected(1);
  AddOutputOptions(cin, args_cin, 2023, 2026);  // default year: from the header's ReferenceDate
  return {v903, cin};
}

namespace {

int Refuse(const std::string& msg) {
  std::fprintf(stderr, "haven validate: %s\n", msg.c_str());
  return 2;
}

}  // namespace

bool CollectCsvFiles(const std::string& path, std::vector<returns::NamedText>& out,
                     std::string* error) {
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec)) {
      std::string ext = e.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
      if (e.is_regular_file() && ext == ".csv") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      *error = path + ": the folder has no .csv files";
      return false;
    }
  } else if (fs::is_regular_file(path, ec)) {
    files.emplace_back(path);
  } else {
    *error = path + ": no such file or folder";
    return false;
  }
  for (const auto& f : files) {
    // Read straight into the text at its full size: a return's files are large.
    std::ifstream in(f, std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
    std::string text(size > 0 ? static_cast<size_t>(size) : 0, '\0');
    if (size < 0 || !in.seekg(0) || !in.read(text.data(), size)) {
      *error = f.string() + ": cannot be read";
      return false;
    }
    out.push_back({f.string(), std::move(text)});
  }
  return true;
}

namespace {

int LatestEndedYear(const Clock& clock) {
  const Date today = *Date::Parse(FormatTimestamp(clock.Now()).substr(0, 10));
  return today.month() >= 4 ? today.year() : today.year() - 1;
}

}  // namespace

namespace {

// Runs the rules for the return's year and writes the findings, progress and summary.
int Check(returns::Return&& r, size_t children, const std::vector<returns::Rule>& all,
          const char* kind, const ValidateArgs& args,
          std::chrono::steady_clock::time_point started) {
  const auto rules = returns::RulesFor(all, r.year);
  const bool tty = isatty(STDERR_FILENO) != 0;
  int shown = -1;
  const returns::Validation v = returns::Validate(r, rules, [&](size_t done, size_t total) {
    const int percent = static_cast<int>(100 * done / std::max<size_t>(1, total));
    if (percent / 10 == shown / 10 && done != total) return;
    shown = percent;
    std::fprintf(stderr, "%svalidate: %3d%% of %zu rules%s", tty ? "\r" : "", percent, total,
                 tty && done != total ? "" : "\n");
  });
  returns::ReportContext ctx{kind, r.year, children, rules.size()};
  // The findings hold what they need of the return, so its tables are let go on another thread
  // while the findings are written (freeing a large return takes a while).
  std::jthread release(
      [doomed = std::make_unique<returns::Return>(std::move(r))]() mutable { doomed.reset(); });
  auto write = [&](std::ostream& out) {
    if (args.format == "csv") {
      returns::WriteFindingsCsv(out, v);
    } else if (args.format == "xlsx") {
      out << returns::FindingsXlsx(v, ctx);
    } else {
      returns::WriteFindingsJson(out, v, ctx);
    }
  };
  if (args.out.empty()) {
    write(std::cout);
    std::cout.flush();
  } else {
    std::ofstream out(args.out, std::ios::binary);
    write(out);
    out.close();
    if (!out) return Refuse("--out: cannot write '" + args.out + "'");
  }
  size_t flagged_rules = 0;
  std::string_view last;
  for (const auto& f : v.findings) {
    if (f.rule != last) ++flagged_rules;
    last = f.rule;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr,
               "validate: %zu errors and %zu queries from %zu of %zu rules, %zu children, "
               "%.2f s\n",
               v.errors, v.queries, flagged_rules, v.rules_run, children, secs);
  return v.errors > 0 ? 1 : 0;
}

}  // namespace

int RunValidate903(const ValidateArgs& args, const Clock& clock) {
  if (args.format == "xlsx" && args.out.empty()) {
    return Refuse("--format xlsx writes a workbook: give --out FILE.xlsx");
  }
  const auto started = std::chrono::steady_clock::now();
  const int year = args.year != 0 ? args.year : LatestEndedYear(clock);
  std::vector<returns::NamedText> files, previous;
  std::string error;
  for (const auto& p : args.paths) {
    if (!CollectCsvFiles(p, files, &error)) return Refuse(error);
  }
  if (!args.previous.empty() && !CollectCsvFiles(args.previous, previous, &error)) {
    return Refuse("--previous: " + error);
  }
  auto r = returns::Read903Files(files, previous, year);
  if (!r.ok()) return Refuse(r.status().message());
  const size_t file_count = files.size() + previous.size();
  // The tables hold what the rules need; the files' text is let go before they run.
  files = {};
  previous = {};
  const size_t children = returns::CountChildren(*r);
  std::fprintf(stderr, "validate: SSDA903 %s, %zu files, %zu tables, %zu children\n",
               returns::YearLabel(year).c_str(), file_count, r->tables.size(), children);
  return Check(std::move(*r), children, returns::Ssda903Rules(), "903", args, started);
}

int RunValidateCin(const ValidateArgs& args) {
  if (args.format == "xlsx" && args.out.empty()) {
    return Refuse("--format xlsx writes a workbook: give --out FILE.xlsx");
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<returns::NamedText> files;
  std::string error;
  if (!CollectCsvFiles(args.paths.at(0), files, &error)) return Refuse(error);
  if (files.size() != 1) return Refuse(args.paths.at(0) + ": give the census XML file itself");
  auto r = returns::ReadCinXml(files[0].text, files[0].name, args.year);
  if (!r.ok()) return Refuse(r.status().message());
  if (r->year < 2023 || r->year > 2026) {
    return Refuse(files[0].name + ": the census is for " + returns::YearLabel(r->year) +
                  ", and Haven has the CIN rules for 2022-23 to 2025-26 (give --year)");
  }
  const size_t children = returns::CountChildren(*r);
  std::fprintf(stderr, "validate: CIN census %s, %zu children\n",
               returns::YearLabel(r->year).c_str(), children);
  return Check(std::move(*r), children, returns::CinRules(), "cin", args, started);
}

}  // namespace haven::app
