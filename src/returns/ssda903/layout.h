#pragma once

// The SSDA903 return's tables for a collection year: the DfE's name for each, the file Haven
// writes it to, and its columns in the DfE's order. The social worker episodes began in 2023-24
// and the deprivation of liberty orders in 2026-27. Pure.

#include <string>
#include <vector>

namespace haven::returns {

struct Ssda903TableLayout {
  std::string table;  // "Episodes"
  std::string file;   // "episodes.csv"
  std::vector<std::string> columns;
};

std::vector<Ssda903TableLayout> Ssda903Layout(int year);

}  // namespace haven::returns
