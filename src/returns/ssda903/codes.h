#pragma once

// The SSDA903 code lists, by collection year where they changed (DfE's SSDA903 guidance, restated
// here as Haven's own data).

#include "returns/rule_kit.h"

namespace haven::returns::ssda903 {

// Sex: 1 and 2 until 2023-24; M, F and U from 2024-25.
Codes SexCodes(int year);
// Placement types; H5 and P2 ended in 2024-25, K3 began then, Z11-Z14 began in 2025-26.
Codes PlaceCodes(int year);
// Care leavers' activity.
Codes ActivityCodes(int year);

extern const Codes kEthnicity;
extern const Codes kReasonNewEpisode;
extern const Codes kLegalStatus;
extern const Codes kCategoryOfNeed;
extern const Codes kPlacementProvider;
extern const Codes kReasonEpisodeCeased;
extern const Codes kReasonPlaceChange;
extern const Codes kMissingType;
extern const Codes kInTouch;
extern const Codes kAccommodation;
extern const Codes kSdqReason;
extern const Codes kReviewParticipation;
extern const Codes kSexOfAdopters;
extern const Codes kLegalStatusOfAdopters;
extern const Codes kReasonPlacedCeased;
extern const Codes kPreviousPermanence;
extern const Codes kSocialWorkerChangeReason;
extern const Codes kYesNo;  // "0" and "1"

}  // namespace haven::returns::ssda903
