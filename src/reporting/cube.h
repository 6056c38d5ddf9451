#pragma once

// The figures: every measure's contributions added up by team and month, and each child's (and
// each worker's) own contributions kept beside them. A figure for any set of teams and any month
// shown is a sum over its window; the list behind it is the subjects whose contributions made it.
// Replacing one subject's contributions takes the old ones off the totals and puts the new ones
// on, so one event costs one child's measures, not a recompute. Pure: no I/O.

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "reporting/facts.h"
#include "reporting/measures.h"

namespace haven::reporting {

struct Figure {
  bool has_value = false;  // false when there is nothing to divide by, or no value to average
  double value = 0;
  int64_t numerator = 0;
  int64_t denominator = 0;
  int64_t values = 0;  // how many durations a median or mean is of
};

// One subject's part in a figure, for the list behind it.
struct Part {
  Subject subject = Subject::kChild;
  int64_t id = 0;  // person, user or team id
  int32_t team_id = 0;
  int month = 0;
  Date date;
  int32_t numerator = 0;
  int32_t denominator = 0;
  std::optional<int32_t> value;
};

// The teams a figure covers: nullopt for the whole authority (the unallocated included).
using Teams = std::optional<std::vector<int32_t>>;

class Cube {
 public:
  // `population`: children aged 0 to 17 in the authority, for rates per 10,000.
  Cube(Frame frame, int64_t population);

  const Frame& frame() const { return frame_; }
  int64_t population() const { return population_; }

  // Replaces a subject's contributions with `parts` (empty removes the subject).
  void Replace(Subject subject, int64_t id, std::vector<Contribution> parts);
  // Empties the cube for a new frame, keeping the memory it has.
  void Reset(Frame frame);
  // Straight after Reset: takes `buffer` as the contributions of the subjects `spans` name (id,
  // [begin, end)), and gives back the buffer the cube held (a full recompute).
  void Adopt(Subject subject, std::vector<Contribution>& buffer,
             const std::vector<std::pair<int64_t, std::pair<size_t, size_t>>>& spans);
  void Clear();
  size_t Subjects() const { return children_.size() + staff_.size() + team_posts_.size(); }
  size_t Contributions() const;

  Figure At(int measure, int month, const Teams& teams) const;
  // The parts of the figure, children, staff and teams, in no particular order.
  std::vector<Part> Behind(int measure, int month, const Teams& teams) const;

 private:
  struct Cell {
    int64_t numerator = 0;
    int64_t denominator = 0;
    int64_t sum = 0;
    int64_t count = 0;
  };
  struct TeamCells {
    std::vector<Cell> cells;                   // measure * months + month
    std::vector<std::vector<int32_t>> values;  // the same, for medians
  };

  void Apply(const Contribution* begin, const Contribution* end, int sign);
  TeamCells& CellsOf(int32_t team);
  std::pair<int, int> Window(int measure, int month) const;

  Frame frame_;
  int64_t population_;
  int measures_;
  std::vector<bool> median_;
  std::unordered_map<int32_t, TeamCells> teams_;
  // Every subject's contributions in one buffer: a subject is a span of it. A replaced span is
  // left behind, and the buffer is compacted when more than half of it is left behind.
  // A span is the current one only if it has the cube's generation; older ones are left over
  // from before a Reset (so a recompute reuses the map's entries rather than allocating them).
  struct Span {
    size_t begin = 0;
    size_t size = 0;
    uint32_t generation = 0;
  };
  const Span* Current(const std::unordered_map<int64_t, Span>& subjects, int64_t id) const;
  void Store(std::unordered_map<int64_t, Span>& subjects, int64_t id, const Contribution* begin,
             const Contribution* end);
  void Compact();
  std::vector<Contribution> arena_;
  size_t live_ = 0;
  uint32_t generation_ = 1;
  std::unordered_map<int64_t, Span> children_;
  std::unordered_map<int64_t, Span> staff_;
  std::unordered_map<int64_t, Span> team_posts_;  // a team's establishment against its staff
  std::unordered_map<int64_t, Span>& SubjectsOf(Subject subject);
};

}  // namespace haven::reporting
