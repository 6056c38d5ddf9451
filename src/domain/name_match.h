#pragma once

// Matching people's names the way a front-door worker searches: tolerant of typos, of spelling
// variants (Smith/Smyth, Catherine/Kathryn, Mohammed/Muhammad), of hyphenated and multiple names,
// and of word order. Pure functions; search and duplicate checks build on them.

#include <string>
#include <string_view>
#include <vector>

namespace haven::domain {

// Lower-case letters only, words separated by single spaces: hyphens, apostrophes and other
// punctuation split or vanish ("O'Brien-Smith" -> "obrien smith"). Non-ASCII letters are dropped.
std::string FoldName(std::string_view name);
// The words of a folded name.
std::vector<std::string> NameTokens(std::string_view name);

// A sound key for one word: letters that sound alike share a class, vowels separate, repeats
// collapse, at most 4 classes. The first letter is coded too, so C/K and similar starts agree.
std::string SoundKey(std::string_view token);

// Jaro-Winkler similarity of two words, from 0 (nothing alike) to 1 (the same).
double WordSimilarity(std::string_view a, std::string_view b);

// How well the query's words are covered by the candidate's words: for each query word its best
// match (a word with the same sound key counts at least 0.85), averaged. 0 to 1.
double NameScore(const std::vector<std::string>& query, const std::vector<std::string>& candidate);

// A query's words with their sound keys, worked out once for scoring many candidates.
struct NameQuery {
  explicit NameQuery(std::vector<std::string> query_words);
  std::vector<std::string> words;
  std::vector<std::string> keys;  // each word's sound key; "" for a word of one letter
};
// NameScore of the query against a candidate's name as written ("Kayleigh Smith-Jones"), the same
// as NameScore(query.words, NameTokens(candidate)).
double NameScore(const NameQuery& query, std::string_view candidate);
// The same for a name already folded (FoldName), for callers that score one name many times.
double FoldedNameScore(const NameQuery& query, std::string_view folded);
// How well one word of a candidate's name matches the query's i-th word: their WordSimilarity,
// raised to 0.85 when the two share a sound key. NameScore is each query word's best over the
// candidate's words, averaged, so a caller scoring many names with words in common can remember
// these instead.
double WordScore(const NameQuery& query, size_t i, std::string_view word);

// The index keys of a name: for each word of at least two letters, its sound key ("s:2365") and
// its first three letters ("p:kat"). A search looks up the query's keys.
std::vector<std::string> SearchKeys(std::string_view name);

}  // namespace haven::domain
