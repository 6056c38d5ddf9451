#include "reporting/model.h"

#include <functional>
#include <thread>

namespace haven::reporting {

Model::Model(const clocks::WorkingCalendar& calendar, Standards standards, int64_t population,
             int months_shown)
    : population_(population), months_shown_(months_shown), calendar_(calendar) {
  settings_.standards = std::move(standards);
}

void Model::Load(std::unordered_map<int64_t, ChildFacts> children, Workforce workforce,
                 Date today) {
  children_ = std::move(children);
  workforce_ = std::move(workforce);
  Recompute(today);
}

void Model::Recompute(Date today) {
  if (!days_) {
    // Dates from 40 years back (the oldest records' referrals) to 5 ahead are in the table.
    days_ =
        std::make_unique<clocks::WorkingDayTable>(calendar_, today.year() - 40, today.year() + 5);
    settings_.days = days_.get();
  }
  // The cube and the buffers are kept from one recompute to the next: memory already touched
  // costs no page faults.
  if (cube_) {
    cube_->Reset(Frame::Ending(today, months_shown_));
  } else {
    cube_ = std::make_unique<Cube>(Frame::Ending(today, months_shown_), population_);
  }
  const Frame& frame = cube_->frame();
  // The children's contributions are worked out on two threads, each into one buffer, and added
  // up on one.
  std::vector<const ChildFacts*> all;
  all.reserve(children_.size());
  for (const auto& [id, c] : children_) all.push_back(&c);
  const size_t half = all.size() / 2;
  std::vector<std::pair<int64_t, std::pair<size_t, size_t>>> spans[2];
  auto work = [&](int part, size_t from, size_t to) {
    std::vector<Contribution>& buffer = spare_[part];
    buffer.clear();
    buffer.reserve((to - from) * 10);
    spans[part].reserve(to - from);
    for (size_t i = from; i < to; ++i) {
      const size_t begin = buffer.size();
      ContributeChild(*all[i], frame, settings_, buffer);
      if (buffer.size() > begin) spans[part].push_back({all[i]->person_id, {begin, buffer.size()}});
    }
  };
  std::thread other(work, 1, half, all.size());
  work(0, 0, half);
  other.join();
  // The first buffer becomes the cube's; the cube's last one comes back to be reused.
  const size_t offset = spare_[0].size();
  spare_[0].insert(spare_[0].end(), spare_[1].begin(), spare_[1].end());
  for (auto& [id, span] : spans[1]) {
    span.first += offset;
    span.second += offset;
  }
  spans[0].insert(spans[0].end(), spans[1].begin(), spans[1].end());
  cube_->Adopt(Subject::kChild, spare_[0], spans[0]);
  UpdateWorkforce(workforce_);
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

void Model::UpdateWorkforce(Workforce workforce) {
  for (const StaffFacts& s : workforce_.staff) cube_->Replace(Subject::kStaff, s.user_id, {});
  for (const EstablishmentFact& e : workforce_.establishment) {
    cube_->Replace(Subject::kTeam, e.team_id, {});
  }
  workforce_ = std::move(workforce);
  for (const StaffFacts& s : workforce_.staff) {
    std::vector<Contribution> parts;
    ContributeStaff(s, cube_->frame(), settings_, parts);
    cube_->Replace(Subject::kStaff, s.user_id, std::move(parts));
  }
  for (auto& [team, parts] :
       ContributeTeams(workforce_.establishment, workforce_.staff, cube_->frame())) {
    cube_->Replace(Subject::kTeam, team, std::move(parts));
  }
}

const ChildFacts* Model::Child(int64_t person_id) const {
  auto it = children_.find(person_id);
  return it == children_.end() ? nullptr : &it->second;
}

}  // namespace haven::reporting
