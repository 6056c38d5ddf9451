#pragma once

// One person's steps grouped by kind, for code that reads a whole record at once (the returns and
// lists derived from it). It points into the steps it was given, which must outlive it.

#include <map>
#include <string>
#include <vector>

#include "domain/casework.h"

namespace haven::domain {

class StepsByKind {
 public:
  explicit StepsByKind(const std::vector<StepRecord>& all) {
    for (const auto& s : all) by_kind_[s.kind].push_back(&s);
  }
  // The steps of `kind` in the order given; none when there are none.
  const std::vector<const StepRecord*>& Of(const std::string& kind) const {
    static const std::vector<const StepRecord*> kNone;
    auto it = by_kind_.find(kind);
    return it == by_kind_.end() ? kNone : it->second;
  }

 private:
  std::map<std::string, std::vector<const StepRecord*>> by_kind_;
};

}  // namespace haven::domain
