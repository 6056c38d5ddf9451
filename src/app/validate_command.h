#pragma once

// `haven validate 903 FILES|DIR [--previous DIR] [--year YYYY] [--format json|csv] [--out FILE]`
// and `haven validate cin FILE.xml [--year YYYY] [--format json|csv] [--out FILE]`: validate a
// return against the DfE's rules for its year with no database. Findings go to
// standard output (or --out); progress and a summary go to standard error. Exits 1 when there are
// errors, 2 when the input cannot be read, 0 otherwise (queries alone do not fail).

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "common/clock.h"
#include "returns/ssda903/read.h"

namespace haven::app {

struct ValidateArgs {
  std::vector<std::string> paths;
  std::string previous;
  int year = 0;  // 0: the collection year that ended most recently
  std::string format = "json";
  std::string out;
};

struct ValidateCommands {
  CLI::App* ssda903 = nullptr;
  CLI::App* cin = nullptr;
};

// Adds `validate` with its `903` and `cin` subcommands to `app`.
ValidateCommands AddValidateCommand(CLI::App& app, ValidateArgs& args903, ValidateArgs& args_cin);
int RunValidate903(const ValidateArgs& args, const Clock& clock);
// The files a path names: the path itself, or a folder's .csv files in name order. False, with
// `error` naming the path, when it cannot be read.
bool CollectCsvFiles(const std::string& path, std::vector<returns::NamedText>& out,
                     std::string* error);
int RunValidateCin(const ValidateArgs& args);

}  // namespace haven::app
