#pragma once

// `haven validate 903 FILES|DIR [--previous DIR] [--year YYYY] [--format json|csv] [--out FILE]`:
// validates a return against the DfE's rules for its year with no database. Findings go to
// standard output (or --out); progress and a summary go to standard error. Exits 1 when there are
// errors, 2 when the input cannot be read, 0 otherwise (queries alone do not fail).

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "common/clock.h"

namespace haven::app {

struct ValidateArgs {
  std::vector<std::string> paths;
  std::string previous;
  int year = 0;  // 0: the collection year that ended most recently
  std::string format = "json";
  std::string out;
};

// Adds `validate` with its `903` subcommand to `app`; returns the 903 subcommand.
CLI::App* AddValidateCommand(CLI::App& app, ValidateArgs& args);
int RunValidate903(const ValidateArgs& args, const Clock& clock);

}  // namespace haven::app
