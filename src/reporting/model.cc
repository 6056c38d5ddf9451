#include "reporting/model.h"

#include <functional>
#include <thread>

namespace haven::reporting {

Model::Model(const clocks::WorkingCalendar& calendar, Standards standards, int64_t population,
             int months_shown)
    : population_(population), months_shown_(months_shown), calendar_(calendar) {
  settings_.standards = std::move(standards);
}

void Model::Load(std::unordered_map<int64_t, ChildFacts> children, std::vector<StaffFacts> staff,
                 Date today) {
  children_ = std::move(children);
  staff_ = std::move(staff);
  Recompute(today);
}

void Model::Recompute(Date today) {
  if (!days_) {
    // Dates from 40 years back (the oldest records' referrals) to 5 ahead are in the table.
    days_ =
        std::make_unique<clocks::WorkingDayTable>(calendar_, today.year() - 40, today.year() + 5);
    settings_.days = days_.get();
  }
  cube_ = std::make_unique<Cube>(Frame::Ending(today, months_shown_), population_);
  const Frame& frame = cube_->frame();
  // The children's contributions are worked out on two threads, each into one buffer, and added
  // up on one.
  std::vector<const ChildFacts*> all;
  all.reserve(children_.size());
  for (const auto& [id, c] : children_) all.push_back(&c);
  struct Part {
    std::vector<Contribution> buffer;
    std::vector<std::pair<size_t, size_t>> spans;  // per child of the part: [begin, end)
  };
  Part parts[2];
  const size_t half = all.size() / 2;
  auto work = [&](Part& part, size_t from, size_t to) {
    part.buffer.reserve((to - from) * 12);
    part.spans.reserve(to - from);
    for (size_t i = from; i < to; ++i) {
      const size_t begin = part.buffer.size();
      ContributeChild(*all[i], frame, settings_, part.buffer);
      part.spans.emplace_back(begin, part.buffer.size());
    }
  };
  std::thread other(work, std::ref(parts[1]), half, all.size());
  work(parts[0], 0, half);
  other.join();
  cube_->Reserve(all.size(), parts[0].buffer.size() + parts[1].buffer.size());
  for (size_t p = 0; p < 2; ++p) {
    const size_t from = p == 0 ? 0 : half;
    for (size_t k = 0; k < parts[p].spans.size(); ++k) {
      const auto [begin, end] = parts[p].spans[k];
      cube_->Insert(Subject::kChild, all[from + k]->person_id, parts[p].buffer.data() + begin,
                    parts[p].buffer.data() + end);
    }
  }
  UpdateStaff(staff_);
}

void Model::Update(int64_t person_id, std::optional<ChildFacts> facts) {
  std::vector<Contribution> parts;
  if (facts) {
    ContributeChild(*facts, cube_->frame(), settings_, parts);
    children_[person_id] = std::move(*facts);
  } else {
    children_.erase(person_id);
  }
  cube_->Replace(Subject::kChild, person_id, std::move(parts));
}

void Model::UpdateStaff(std::vector<StaffFacts> staff) {
  for (const StaffFacts& s : staff_) cube_->Replace(Subject::kStaff, s.user_id, {});
  staff_ = std::move(staff);
  for (const StaffFacts& s : staff_) {
    std::vector<Contribution> parts;
    ContributeStaff(s, cube_->frame(), parts);
    cube_->Replace(Subject::kStaff, s.user_id, std::move(parts));
  }
}

const ChildFacts* Model::Child(int64_t person_id) const {
  auto it = children_.find(person_id);
  return it == children_.end() ? nullptr : &it->second;
}

}  // namespace haven::reporting
