#include "domain/name_match.h"

#include <algorithm>
#include <memory>
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

// The sound key of `token` into `key` (at most 4 classes), without allocating: the prefix
// spellings and "ph" are read as the letters they sound like while the word is walked.
size_t SoundKeyInto(std::string_view token, char (&key)[4]) {
  // A few spellings that sound like something else: kn-, wr- and ps- drop their first letter.
  size_t i = 0;
  if (token.size() >= 2 &&
      (token.starts_with("kn") || token.starts_with("wr") || token.starts_with("ps"))) {
    i = 1;
  }
  size_t n = 0;
  char last = 0;
  for (; i < token.size(); ++i) {
    char c = token[i];
    if (c == 'p' && i + 1 < token.size() && token[i + 1] == 'h') {
      c = 'f';  // "ph" sounds as "f"
      ++i;
    }
    const char cls = SoundClass(c);
    if (cls == 'h') continue;  // h and w neither code nor separate
    if (cls == '0') {
      if (n == 0) key[n++] = '0';  // names starting with a vowel share a start
      last = '0';
      continue;
    }
    if (cls != last) key[n++] = cls;
    last = cls;
    if (n == 4) break;
  }
  return n;
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
  char key[4];
  return std::string(key, SoundKeyInto(token, key));
}

double WordSimilarity(std::string_view a, std::string_view b) {
  if (a == b) return a.empty() ? 0.0 : 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  // Which letters matched: on the stack for words of up to 64 letters (every real name).
  constexpr int kShort = 64;
  bool short_a[kShort], short_b[kShort];
  std::unique_ptr<bool[]> long_a, long_b;
  bool* ma = short_a;
  bool* mb = short_b;
  if (la > kShort || lb > kShort) {
    long_a = std::make_unique<bool[]>(la);
    long_b = std::make_unique<bool[]>(lb);
    ma = long_a.get();
    mb = long_b.get();
  }
  std::fill(ma, ma + la, false);
  std::fill(mb, mb + lb, false);
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

NameQuery::NameQuery(std::vector<std::string> query_words) : words(std::move(query_words)) {
  keys.reserve(words.size());
  for (const auto& w : words) keys.push_back(w.size() >= 2 ? SoundKey(w) : std::string());
}

namespace {

// NameScore over the candidate's words, each word's sound key worked out only when it could raise
// a score.
double ScoreWords(const NameQuery& query, const std::string_view* words, size_t n) {
  if (query.words.empty() || n == 0) return 0.0;
  constexpr size_t kMany = 16;
  std::string keys_small[kMany];
  bool keyed_small[kMany] = {};
  std::unique_ptr<std::string[]> keys_large;
  std::unique_ptr<bool[]> keyed_large;
  std::string* keys = keys_small;
  bool* keyed = keyed_small;
  if (n > kMany) {
    keys_large = std::make_unique<std::string[]>(n);
    keyed_large = std::make_unique<bool[]>(n);
    keys = keys_large.get();
    keyed = keyed_large.get();
  }
  double total = 0;
  for (size_t qi = 0; qi < query.words.size(); ++qi) {
    const std::string& q = query.words[qi];
    const std::string& qkey = query.keys[qi];
    double best = 0;
    for (size_t ci = 0; ci < n; ++ci) {
      double s = WordSimilarity(q, words[ci]);
      // A word with the same sound key counts at least 0.85.
      if (s < 0.85 && q.size() >= 2 && !qkey.empty()) {
        if (!keyed[ci]) {
          char key[4];
          keys[ci].assign(key, SoundKeyInto(words[ci], key));
          keyed[ci] = true;
        }
        if (qkey == keys[ci]) s = 0.85;
      }
      best = std::max(best, s);
    }
    total += best;
  }
  return total / static_cast<double>(query.words.size());
}

}  // namespace

double NameScore(const NameQuery& query, std::string_view candidate) {
  return FoldedNameScore(query, FoldName(candidate));
}

double WordScore(const NameQuery& query, size_t i, std::string_view word) {
  const std::string& q = query.words[i];
  const std::string& qkey = query.keys[i];
  double s = WordSimilarity(q, word);
  if (s < 0.85 && q.size() >= 2 && !qkey.empty()) {
    char key[4];
    if (qkey == std::string_view(key, SoundKeyInto(word, key))) s = 0.85;
  }
  return s;
}

double FoldedNameScore(const NameQuery& query, std::string_view folded) {
  std::vector<std::string_view> words;
  words.reserve(8);
  for (size_t start = 0; start < folded.size();) {
    size_t end = folded.find(' ', start);
    if (end == std::string::npos) end = folded.size();
    words.emplace_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return ScoreWords(query, words.data(), words.size());
}

double NameScore(const std::vector<std::string>& query, const std::vector<std::string>& candidate) {
  std::vector<std::string_view> words(candidate.begin(), candidate.end());
  return ScoreWords(NameQuery(query), words.data(), words.size());
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
