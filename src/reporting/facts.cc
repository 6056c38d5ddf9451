#include "reporting/facts.h"

#include <algorithm>

namespace haven::reporting {

namespace {
template <typename T>
void ByStart(std::vector<T>& v) {
  std::stable_sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.start < b.start; });
}
template <typename T, typename F>
void By(std::vector<T>& v, F key) {
  std::stable_sort(v.begin(), v.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}
}  // namespace

void SortFacts(ChildFacts& c) {
  By(c.contacts, [](const ContactFact& x) { return x.received; });
  By(c.referrals, [](const ReferralFact& x) { return x.date; });
  ByStart(c.assessments);
  std::sort(c.s47_starts.begin(), c.s47_starts.end());
  By(c.icpcs, [](const IcpcFact& x) { return x.date; });
  ByStart(c.cp_plans);
  for (auto& p : c.cp_plans) {
    std::sort(p.reviews.begin(), p.reviews.end());
    std::sort(p.visits.begin(), p.visits.end());
  }
  ByStart(c.care);
  ByStart(c.legal_statuses);
  ByStart(c.placements);
  std::sort(c.cla_reviews.begin(), c.cla_reviews.end());
  std::sort(c.cla_visits.begin(), c.cla_visits.end());
  std::sort(c.peps.begin(), c.peps.end());
  By(c.health_checks, [](const HealthCheckFact& x) { return x.date; });
  ByStart(c.missing);
  By(c.leaver_contacts, [](const LeaverContactFact& x) { return x.date; });
  By(c.adoptions, [](const AdoptionFact& x) { return x.decision; });
  ByStart(c.allocations);
}

}  // namespace haven::reporting
