#pragma once

// Children looked after. Workers record what happens: the child comes into care (a period of
// care, with the category of need), has a legal status from a date, is placed, moves, changes
// legal status, and leaves care with a reason. The SSDA903 episodes are derived from those facts
// here, so they cannot contradict each other: a new episode starts whenever the legal status or
// the placement changes, its reason for a new episode (RNE) says which changed, and each episode
// ends where the next begins (X1) or where care ends (the reason care ended). Pure: no I/O.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/casework.h"

namespace haven::domain {

// One SSDA903 episode, with the records it was derived from.
struct Episode {
  std::string decom;  // date the episode began
  std::string rne;    // S, L, P, T, B or U
  std::string ls;     // legal status
  std::string cin;    // category of need
  std::string place;  // placement type
  std::string place_provider;
  std::optional<std::string> dec;  // date it ended
  std::optional<std::string> rec;  // X1, or the reason care ended
  std::optional<std::string> reason_place_change;
  std::optional<std::string> home_post;
  std::optional<std::string> pl_post;
  std::optional<std::string> urn;
  int64_t period_id = 0;
  int64_t legal_status_id = 0;
  int64_t placement_id = 0;
};

// Derives the episodes of one child from their care_period, legal_status and placement steps
// (other kinds are ignored), oldest first. A record that cannot make a consistent history (a
// period with no legal status or placement from its first day, overlapping periods, placements
// that overlap or leave a gap, a legal status outside its period) is an error naming the field.
Result<std::vector<Episode>> DeriveEpisodes(const std::vector<StepRecord>& steps);

// The rules for one step of a child looked after (a children's home has an Ofsted URN; an SDQ has
// a score or the reason there is none; an adoption's dates run in order; ...). Adds warnings for
// questionable facts; a no-op for other kinds. Called by CheckStep.
Status CheckCareStep(const StepSpec& spec, const Values& values, std::vector<std::string>& warnings);

// Kinds whose change can alter the derived episodes, so the whole record is re-checked.
bool ShapesEpisodes(const std::string& kind);

// When each placement ended: the day the next began, or the day care ended (nullopt while open).
std::map<int64_t, std::optional<std::string>> PlacementEnds(const std::vector<StepRecord>& steps);

// True for placement types that are foster care (U1-U6) and adoption placements (A3-A6).
bool IsFosterPlacement(const std::string& place);
bool IsAdoptionPlacement(const std::string& place);

}  // namespace haven::domain
