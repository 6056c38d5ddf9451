#pragma once

// The synthetic authority behind `haven demo`: the demo structure and accounts, then a workforce
// with turnover (synth/workforce) and ten years of children's histories (synth/stories) loaded
// through record::RecordLoader in batches, with the same checks as a worker's input.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/demo.h"
#include "app/wiring.h"
#include "synth/stories.h"

namespace haven::app {

struct SyntheticOptions {
  double scale = 1.0;  // 1 = a borough of Doncaster's size; 0 = the structure and accounts only
  uint64_t seed = 1;
  int years = 10;
  bool faults = false;  // plant the known data-quality faults
  std::string password = "demo-password";
  size_t batch = 500;  // children per transaction
};

struct SyntheticSummary {
  DemoSummary demo;
  int64_t children = 0;
  int64_t staff = 0;
  int64_t teams = 0;
  std::map<std::string, int64_t> rows;  // table -> rows written
  int64_t warnings = 0;
  std::vector<synth::Fault> faults;
  synth::YearFigures year;  // the last full year
  double agency_share = 0;  // of social workers in post today
};

// Called after each batch with the children done and the total.
using Progress = std::function<void(int64_t done, int64_t total)>;

Result<SyntheticSummary> CreateSyntheticAuthority(Services& services, const Clock& clock,
                                                  const SyntheticOptions& options,
                                                  const Progress& progress = {});

// The summary as text: counts per object and the generated rates next to England's.
std::string FormatSummary(const SyntheticSummary& s);
// The planted faults as a JSON manifest.
std::string FaultManifest(const SyntheticSummary& s, const SyntheticOptions& o);

}  // namespace haven::app
