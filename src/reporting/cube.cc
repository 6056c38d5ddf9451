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

void Cube::Store(std::unordered_map<int64_t, Span>& subjects, int64_t id, const Contribution* begin,
                 const Contribution* end) {
  const size_t n = static_cast<size_t>(end - begin);
  auto it = subjects.find(id);
  if (it != subjects.end()) {
    live_ -= it->second.size;
    if (n == 0) {
      subjects.erase(it);
      return;
    }
  }
  if (n == 0) return;
  const Span span{arena_.size(), n};
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
  for (auto* subjects : {&children_, &staff_}) {
    for (auto& [id, span] : *subjects) {
      const size_t begin = kept.size();
      kept.insert(kept.end(), arena_.begin() + static_cast<ptrdiff_t>(span.begin),
                  arena_.begin() + static_cast<ptrdiff_t>(span.begin + span.size));
      span.begin = begin;
    }
  }
  arena_ = std::move(kept);
}

void Cube::Replace(Subject subject, int64_t id, std::vector<Contribution> parts) {
  auto& subjects = subject == Subject::kChild ? children_ : staff_;
  if (auto it = subjects.find(id); it != subjects.end()) {
    const Contribution* old = arena_.data() + it->second.begin;
    Apply(old, old + it->second.size, -1);
  }
  Apply(parts.data(), parts.data() + parts.size(), +1);
  Store(subjects, id, parts.data(), parts.data() + parts.size());
}

void Cube::Insert(Subject subject, int64_t id, const Contribution* begin, const Contribution* end) {
  if (begin == end) return;
  Apply(begin, end, +1);
  Store(subject == Subject::kChild ? children_ : staff_, id, begin, end);
}

void Cube::Reserve(size_t children, size_t contributions) {
  children_.reserve(children);
  arena_.reserve(contributions);
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
  return out;
}

}  // namespace haven::reporting
