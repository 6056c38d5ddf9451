#pragma once

// The authority's figures held in memory: every child's and worker's facts, and the cube of their
// contributions for the months shown. A full recompute runs every measure over every child (on
// two threads); an update recomputes one child. Pure: the reporting service reads the facts.

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "clocks/calendar.h"
#include "reporting/cube.h"
#include "reporting/facts.h"
#include "reporting/measures.h"

namespace haven::reporting {

class Model {
 public:
  Model(const clocks::WorkingCalendar& calendar, Standards standards, int64_t population,
        int months_shown);

  // Takes every fact and recomputes every figure for the months to `today`.
  void Load(std::unordered_map<int64_t, ChildFacts> children, Workforce workforce, Date today);
  // Recomputes every figure from the facts held (a new month, or a benchmark).
  void Recompute(Date today);
  // One child's facts changed; nullopt when they are no longer counted (merged away).
  void Update(int64_t person_id, std::optional<ChildFacts> facts);
  // The staff, their sickness or the teams' establishment changed.
  void UpdateWorkforce(Workforce workforce);

  const Cube& cube() const { return *cube_; }
  const Frame& frame() const { return cube_->frame(); }
  size_t children() const { return children_.size(); }
  const ChildFacts* Child(int64_t person_id) const;

 private:
  Settings settings_;
  int64_t population_;
  int months_shown_;
  std::unique_ptr<clocks::WorkingDayTable> days_;
  std::unique_ptr<Cube> cube_;
  std::unordered_map<int64_t, ChildFacts> children_;
  Workforce workforce_;
  std::vector<Contribution> spare_[2];  // buffers kept for the next recompute
  const clocks::WorkingCalendar& calendar_;
};

}  // namespace haven::reporting
