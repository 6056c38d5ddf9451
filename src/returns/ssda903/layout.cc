#include "returns/ssda903/layout.h"

namespace haven::returns {

std::vector<Ssda903TableLayout> Ssda903Layout(int year) {
  std::vector<Ssda903TableLayout> out = {
      {"Header", "header.csv", {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}},
      {"Episodes",
       "episodes.csv",
       {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}},
      {"Reviews", "reviews.csv", {"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}},
      {"UASC", "uasc.csv", {"CHILD", "SEX", "DOB", "DUC"}},
      {"OC2",
       "oc2.csv",
       {"CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
        "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED"}},
      {"OC3", "oc3.csv", {"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"}},
      {"AD1",
       "ad1.csv",
       {"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR"}},
      {"PlacedAdoption",
       "placed_for_adoption.csv",
       {"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"}},
      {"PrevPerm",
       "previous_permanence.csv",
       {"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"}},
      {"Missing", "missing.csv", {"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"}},
  };
  if (year >= 2024) {
    out.push_back({"SWEpisodes",
                   "sw_episodes.csv",
                   {"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"}});
  }
  if (year >= 2027) {
    out.push_back({"DoLo", "dolo.csv", {"CHILD", "DOB", "DOLO_START", "DOLO_END"}});
  }
  return out;
}

}  // namespace haven::returns
