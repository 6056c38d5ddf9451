#include "returns/ssda903/codes.h"

namespace haven::returns::ssda903 {

Codes SexCodes(int year) { return year <= 2024 ? Codes{"1", "2"} : Codes{"M", "F", "U"}; }

Codes PlaceCodes(int year) {
  Codes c = {"A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
             "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"};
  if (year <= 2024) {
    c.insert(c.end(), {"H5", "P2"});
  } else {
    c.push_back("K3");
  }
  if (year >= 2026) c.insert(c.end(), {"Z11", "Z12", "Z13", "Z14"});
  return c;
}

Codes ActivityCodes(int year) {
  if (year <= 2021) return {"F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6", "0"};
  return {"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"};
}

const Codes kEthnicity = {"WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA",
                          "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB",
                          "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"};
const Codes kReasonNewEpisode = {"S", "L", "P", "T", "B", "U"};
const Codes kLegalStatus = {"C1", "C2", "D1", "E1", "V2", "V3", "V4",
                            "L1", "L2", "L3", "J1", "J2", "J3"};
const Codes kCategoryOfNeed = {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"};
const Codes kPlacementProvider = {"PR0", "PR1", "PR2", "PR3", "PR4", "PR5"};
const Codes kReasonEpisodeCeased = {"X1",  "E11", "E12", "E2",  "E3",  "E4A", "E4B", "E13",
                                    "E41", "E45", "E46", "E47", "E48", "E5",  "E6",  "E7",
                                    "E9",  "E14", "E15", "E16", "E17", "E8"};
const Codes kReasonPlaceChange = {"CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB",
                                  "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"};
const Codes kMissingType = {"M", "A"};
const Codes kInTouch = {"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"};
const Codes kAccommodation = {"B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1",
                              "H2", "K1", "K2", "R1", "R2", "S1", "S2", "T1", "T2", "U1", "U2",
                              "V1", "V2", "W1", "W2", "X1", "X2", "Y1", "Y2", "Z1", "Z2", "0"};
const Codes kSdqReason = {"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"};
const Codes kReviewParticipation = {"PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"};
const Codes kSexOfAdopters = {"M1", "F1", "MM", "FF", "MF"};
const Codes kLegalStatusOfAdopters = {"L0", "L11", "L12", "L2", "L3", "L4"};
const Codes kReasonPlacedCeased = {"RD1", "RD2", "RD3", "RD4"};
const Codes kPreviousPermanence = {"P1", "P2", "P3", "P4", "Z1"};
const Codes kSocialWorkerChangeReason = {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC",
                                         "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"};
const Codes kYesNo = {"0", "1"};

}  // namespace haven::returns::ssda903
