#include "domain/name_match.h"

#include <algorithm>
#include <set>

namespace haven::domain {
namespace {

// Sound classes: b f p v / c g j k q s x z / d t / l / m n / r. Vowels and y separate; h and w do
// not (as in Soundex).
char SoundClass(char c) {
  switch (c) {
    case 'b':
    case 'f':
    case 'p':
    case 'v':
      return '1';
    case 'c':
    case 'g':
    case 'j':
    case 'k':
    case 'q':
    case 's':
    case 'x':
    case 'z':
      return '2';
    case 'd':
    case 't':
      return '3';
    case 'l':
      return '4';
    case 'm':
    case 'n':
      return '5';
    case 'r':
      return '6';
    case 'h':
    case 'w':
      return 'h';
    default:
      return '0';  // a, e, i, o, u, y
  }
}

}  // namespace

std::string FoldName(std::string_view name) {
  std::string out;
  bool space = false;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c >= 'a' && c <= 'z') {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' || c == '-' || c == '\t' || c == ',' || c == '.' || c == '/') {
      space = true;
    }
    // Apostrophes and anything else vanish: O'Brien -> obrien.
  }
  return out;
}

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> out;
  const std::string folded = FoldName(name);
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    out.push_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string SoundKey(std::string_view token) {
  // A few spellings that sound like something else.
  std::string t(token);
  auto replace_prefix = [&](std::string_view from, std::string_view to) {
    if (t.rfind(from, 0) == 0) t = std::string(to) + t.substr(from.size());
  };
  replace_prefix("kn", "n");
  replace_prefix("wr", "r");
  replace_prefix("ps", "s");
  for (size_t p; (p = t.find("ph")) != std::string::npos;) t.replace(p, 2, "f");
  std::string key;
  char last = 0;
  for (char c : t) {
    const char cls = SoundClass(c);
    if (cls == 'h') continue;  // h and w neither code nor separate
    if (cls == '0') {
      if (key.empty()) key.push_back('0');  // names starting with a vowel share a start
      last = '0';
      continue;
    }
    if (cls != last) key.push_back(cls);
    last = cls;
    if (key.size() == 4) break;
  }
  return key;
}

double WordSimilarity(std::string_view a, std::string_view b) {
  if (a == b) return a.empty() ? 0.0 : 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::vector<bool> ma(la, false), mb(lb, false);
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    for (int j = std::max(0, i - window); j < std::min(lb, i + window + 1); ++j) {
      if (mb[j] || a[i] != b[j]) continue;
      ma[i] = mb[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = matches;
  const double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

double NameScore(const std::vector<std::string>& query, const std::vector<std::string>& candidate) {
  if (query.empty() || candidate.empty()) return 0.0;
  double total = 0;
  for (const auto& q : query) {
    double best = 0;
    const std::string qkey = SoundKey(q);
    for (const auto& c : candidate) {
      double s = WordSimilarity(q, c);
      if (q.size() >= 2 && !qkey.empty() && qkey == SoundKey(c)) s = std::max(s, 0.85);
      best = std::max(best, s);
    }
    total += best;
  }
  return total / static_cast<double>(query.size());
}

std::vector<std::string> SearchKeys(std::string_view name) {
  std::set<std::string> keys;
  for (const auto& token : NameTokens(name)) {
    if (token.size() < 2) continue;
    keys.insert("s:" + SoundKey(token));
    keys.insert("p:" + token.substr(0, 3));
  }
  return {keys.begin(), keys.end()};
}

}  // namespace haven::domain
