#pragma once

// Shorthands for declaring the fields of a step (casework.cc, care.cc).

#include <string>

#include "domain/casework.h"

namespace haven::domain {

inline FieldSpec DateField(const std::string& name, const std::string& label,
                           bool required = false) {
  return {name, FieldType::kDate, required, "", label};
}
inline FieldSpec CodeField(const std::string& name, const std::string& list,
                           const std::string& label, bool required = false) {
  return {name, FieldType::kCode, required, list, label};
}
inline FieldSpec Ref(const std::string& name, const std::string& kind, const std::string& label,
                     bool required = true) {
  return {name, FieldType::kRef, required, kind, label};
}
inline FieldSpec Text(const std::string& name, const std::string& label, bool required = false) {
  return {name, FieldType::kText, required, "", label};
}
inline FieldSpec Flag(const std::string& name, const std::string& label) {
  return {name, FieldType::kFlag, false, "", label};
}
inline FieldSpec Money(const std::string& name, const std::string& label) {
  return {name, FieldType::kMoney, false, "", label};
}
inline FieldSpec Postcode(const std::string& name, const std::string& label) {
  return {name, FieldType::kPostcode, false, "", label};
}
inline FieldSpec Count(const std::string& name, const std::string& label) {
  return {name, FieldType::kCount, false, "", label};
}

}  // namespace haven::domain
