#include "reporting/cube.h"

#include <algorithm>

namespace haven::reporting {

Cube::Cube(Frame frame, int64_t population)
    : frame_(std::move(frame)),
      population_(population),
      measures_(static_cast<int>(Measures().size())) {
  for (const Measure& m : Measures()) median_.push_back(m.unit == Unit::kMedian);
}

void Cube::Clear() {
  teams_.clear();
  children_.clear();
  staff_.clear();
  team_posts_.clear();
  arena_.clear();
  live_ = 0;
}

size_t Cube::Contributions() const { return live_; }

Cube::TeamCells& Cube::CellsOf(int32_t team) {
  auto it = teams_.find(team);
  if (it == teams_.end()) {
    TeamCells t;
    const size_t size = static_cast<size_t>(measures_) * static_cast<size_t>(frame_.months);
    t.cells.resize(size);
    t.values.resize(size);
    it = teams_.emplace(team, std::move(t)).first;
  }
  return it->second;
}

void Cube::Apply(const Contribution* begin, const Contribution* end, int sign) {
  TeamCells* t = nullptr;
  int32_t team = 0;
  for (const Contribution* c = begin; c != end; ++c) {
    if (t == nullptr || c->team_id != team) {
      team = c->team_id;
      t = &CellsOf(team);
    }
    const size_t at =
        static_cast<size_t>(c->measure) * static_cast<size_t>(frame_.months) + c->month;
    Cell& cell = t->cells[at];
    cell.numerator += sign * c->numerator;
    cell.denominator += sign * c->denominator;
    if (!c->has_value) continue;
    cell.sum += sign * c->value;
    cell.count += sign;
    if (!median_[c->measure]) continue;
    auto& values = t->values[at];
    if (sign > 0) {
      values.push_back(c->value);
    } else if (auto v = std::find(values.begin(), values.end(), c->value); v != values.end()) {
      *v = values.back();
      values.pop_back();
    }
  }
}

const Cube::Span* Cube::Current(const std::unordered_map<int64_t, Span>& subjects,
                                int64_t id) const {
  auto it = subjects.find(id);
  if (it == subjects.end() || it->second.generation != generation_) return nullptr;
  return &it->second;
}

void Cube::Store(std::unordered_map<int64_t, Span>& subjects, int64_t id, const Contribution* begin,
                 const Contribution* end) {
  const size_t n = static_cast<size_t>(end - begin);
  auto it = subjects.find(id);
  if (it != subjects.end() && it->second.generation == generation_) live_ -= it->second.size;
  if (n == 0) {
    if (it != subjects.end()) subjects.erase(it);
    return;
  }
  const Span span{arena_.size(), n, generation_};
  arena_.insert(arena_.end(), begin, end);
  live_ += n;
  if (it != subjects.end()) {
    it->second = span;
  } else {
    subjects.emplace(id, span);
  }
  if (arena_.size() > 1024 && live_ * 2 < arena_.size()) Compact();
}

void Cube::Compact() {
  std::vector<Contribution> kept;
  kept.reserve(live_);
  for (auto* subjects : {&children_, &staff_, &team_posts_}) {
    std::erase_if(*subjects,
                  [&](const auto& entry) { return entry.second.generation != generation_; });
    for (auto& [id, span] : *subjects) {
      const size_t begin = kept.size();
      kept.insert(kept.end(), arena_.begin() + static_cast<ptrdiff_t>(span.begin),
                  arena_.begin() + static_cast<ptrdiff_t>(span.begin + span.size));
      span.begin = begin;
    }
  }
  arena_ = std::move(kept);
}

std::unordered_map<int64_t, Cube::Span>& Cube::SubjectsOf(Subject subject) {
  switch (subject) {
    case Subject::kChild:
      return children_;
    case Subject::kStaff:
      return staff_;
    case Subject::kTeam:
      break;
  }
  return team_posts_;
}

void Cube::Replace(Subject subject, int64_t id, std::vector<Contribution> parts) {
  auto& subjects = SubjectsOf(subject);
  if (const Span* old = Current(subjects, id); old != nullptr) {
    Apply(arena_.data() + old->begin, arena_.data() + old->begin + old->size, -1);
  }
  Apply(parts.data(), parts.data() + parts.size(), +1);
  Store(subjects, id, parts.data(), parts.data() + parts.size());
}

void Cube::Reset(Frame frame) {
  const bool same_size = frame.months == frame_.months;
  frame_ = std::move(frame);
  for (auto& [team, t] : teams_) {
    if (!same_size) {
      const size_t size = static_cast<size_t>(measures_) * static_cast<size_t>(frame_.months);
      t.cells.assign(size, Cell());
      t.values.assign(size, {});
      continue;
    }
    std::fill(t.cells.begin(), t.cells.end(), Cell());
    for (auto& v : t.values) v.clear();
  }
  ++generation_;
  arena_.clear();
  live_ = 0;
}

void Cube::Adopt(Subject subject, std::vector<Contribution>& buffer,
                 const std::vector<std::pair<int64_t, std::pair<size_t, size_t>>>& spans) {
  std::vector<Contribution> held;
  held.swap(arena_);
  arena_.swap(buffer);
  auto& subjects = SubjectsOf(subject);
  for (const auto& [id, range] : spans) {
    Apply(arena_.data() + range.first, arena_.data() + range.second, +1);
    subjects[id] = Span{range.first, range.second - range.first, generation_};
    live_ += range.second - range.first;
  }
  // Subjects no longer counted (merged away since the last recompute) go.
  std::erase_if(subjects,
                [&](const auto& entry) { return entry.second.generation != generation_; });
  held.clear();
  buffer.swap(held);
}

std::pair<int, int> Cube::Window(int measure, int month) const {
  switch (Measures()[measure].window) {
    case Window::kYear:
      return {std::max(0, month - 11), month};
    case Window::kThreeYears:
      return {std::max(0, month - 35), month};
    case Window::kMonth:
      break;
  }
  return {month, month};
}

namespace {
bool Covers(const Teams& teams, int32_t team) {
  return !teams || std::binary_search(teams->begin(), teams->end(), team);
}
}  // namespace

Figure Cube::At(int measure, int month, const Teams& teams) const {
  Figure f;
  const auto [from, to] = Window(measure, month);
  int64_t sum = 0;
  std::vector<int32_t> values;
  for (const auto& [team, t] : teams_) {
    if (!Covers(teams, team)) continue;
    for (int m = from; m <= to; ++m) {
      const size_t at = static_cast<size_t>(measure) * static_cast<size_t>(frame_.months) + m;
      const Cell& cell = t.cells[at];
      f.numerator += cell.numerator;
      f.denominator += cell.denominator;
      sum += cell.sum;
      f.values += cell.count;
      if (median_[measure]) values.insert(values.end(), t.values[at].begin(), t.values[at].end());
    }
  }
  switch (Measures()[measure].unit) {
    case Unit::kPercent:
      f.has_value = f.denominator > 0;
      if (f.has_value) f.value = 100.0 * static_cast<double>(f.numerator) / f.denominator;
      break;
    case Unit::kRatio:
      f.has_value = f.denominator > 0;
      if (f.has_value) f.value = static_cast<double>(f.numerator) / f.denominator;
      break;
    case Unit::kPer10k:
      f.has_value = population_ > 0;
      if (f.has_value) f.value = 10000.0 * static_cast<double>(f.numerator) / population_;
      break;
    case Unit::kCount:
      f.has_value = true;
      f.value = static_cast<double>(f.numerator);
      break;
    case Unit::kMoney:
      f.has_value = true;
      f.value = static_cast<double>(f.numerator) / 100.0;
      break;
    case Unit::kMean:
      f.has_value = f.values > 0;
      if (f.has_value) f.value = static_cast<double>(sum) / static_cast<double>(f.values);
      break;
    case Unit::kMedian:
      f.has_value = !values.empty();
      if (f.has_value) {
        // The middle value; for an even count, the mean of the two middle ones.
        const size_t mid = values.size() / 2;
        std::nth_element(values.begin(), values.begin() + mid, values.end());
        double median = values[mid];
        if (values.size() % 2 == 0) {
          const int32_t below = *std::max_element(values.begin(), values.begin() + mid);
          median = (median + below) / 2.0;
        }
        f.value = median;
      }
      break;
  }
  return f;
}

std::vector<Part> Cube::Behind(int measure, int month, const Teams& teams) const {
  std::vector<Part> out;
  const auto [from, to] = Window(measure, month);
  auto collect = [&](Subject subject, const auto& subjects) {
    for (const auto& [id, span] : subjects) {
      if (span.generation != generation_) continue;
      for (size_t k = span.begin; k < span.begin + span.size; ++k) {
        const Contribution& c = arena_[k];
        if (c.measure != measure || c.month < from || c.month > to) continue;
        if (!Covers(teams, c.team_id)) continue;
        Part p{subject,       id,          c.team_id, c.month, Date::FromDays(c.date), c.numerator,
               c.denominator, std::nullopt};
        if (c.has_value) p.value = c.value;
        out.push_back(p);
      }
    }
  };
  collect(Subject::kChild, children_);
  collect(Subject::kStaff, staff_);
  collect(Subject::kTeam, team_posts_);
  return out;
}

}  // namespace haven::reporting
