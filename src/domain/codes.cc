#include "domain/codes.h"

#include <stdexcept>

namespace haven::domain {

const std::vector<CodeList>& CodeLists() {
  static const std::vector<CodeList> kLists = {
      {"sex", "Sex", {{"M", "Male"}, {"F", "Female"}, {"U", "Not known"}}},
      {"ethnicity",
       "Ethnicity",
       {{"WBRI", "White British"},
        {"WIRI", "White Irish"},
        {"WIRT", "Traveller of Irish heritage"},
        {"WOTH", "Any other White background"},
        {"WROM", "Gypsy or Roma"},
        {"MWBC", "White and Black Caribbean"},
        {"MWBA", "White and Black African"},
        {"MWAS", "White and Asian"},
        {"MOTH", "Any other mixed background"},
        {"AIND", "Indian"},
        {"APKN", "Pakistani"},
        {"ABAN", "Bangladeshi"},
        {"AOTH", "Any other Asian background"},
        {"BCRB", "Black Caribbean"},
        {"BAFR", "Black African"},
        {"BOTH", "Any other Black background"},
        {"CHNE", "Chinese"},
        {"OOTH", "Any other ethnic group"},
        {"REFU", "Refused"},
        {"NOBT", "Not yet obtained"}}},
      {"disability",
       "Disability",
       {{"NONE", "No disability"},
        {"MOB", "Mobility"},
        {"HAND", "Hand function"},
        {"PC", "Personal care"},
        {"INC", "Incontinence"},
        {"COMM", "Communication"},
        {"LD", "Learning"},
        {"HEAR", "Hearing"},
        {"VIS", "Vision"},
        {"BEH", "Behaviour"},
        {"CON", "Consciousness"},
        {"AUT", "Autism or Asperger syndrome"},
        {"DDA", "Other disability"}}},
      {"referral_source",
       "Source of a contact or referral",
       {{"1A", "Individual: family member, relative or carer"},
        {"1B", "Individual: acquaintance, neighbour or childminder"},
        {"1C", "Individual: self"},
        {"1D", "Individual: other"},
        {"2A", "School"},
        {"2B", "Education services"},
        {"3A", "Health: GP"},
        {"3B", "Health: health visitor"},
        {"3C", "Health: school nurse"},
        {"3D", "Health: other primary health services"},
        {"3E", "Health: A&E"},
        {"3F", "Health: other"},
        {"4", "Housing"},
        {"5A", "Local authority: adult social care"},
        {"5B", "Local authority: other internal service"},
        {"5C", "Local authority: another authority's services"},
        {"5D", "Local authority: early help"},
        {"6", "Police"},
        {"7", "Other legal agency"},
        {"8", "Other"},
        {"9", "Anonymous"},
        {"10", "Unknown"}}},
      {"upn_unknown",
       "Reason the UPN is not known",
       {{"UN1", "UN1"},
        {"UN2", "UN2"},
        {"UN3", "UN3"},
        {"UN4", "UN4"},
        {"UN5", "UN5"},
        {"UN6", "UN6"},
        {"UN7", "UN7"}}},
  };
  return kLists;
}

const CodeList& Codes(std::string_view name) {
  for (const auto& list : CodeLists()) {
    if (list.name == name) return list;
  }
  throw std::logic_error("no code list called " + std::string(name));
}

bool IsCode(std::string_view list, std::string_view code) {
  for (const auto& c : Codes(list).codes) {
    if (c.code == code) return true;
  }
  return false;
}

Status CheckCode(std::string_view list, std::string_view code, const std::string& field) {
  if (IsCode(list, code)) return Status::Ok();
  std::string known;
  for (const auto& c : Codes(list).codes) known += (known.empty() ? "" : ", ") + c.code;
  return InvalidArgument(
      "'" + std::string(code) + "' is not a " + Codes(list).title + " code (" + known + ")", field);
}

}  // namespace haven::domain
