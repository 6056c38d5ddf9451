#include "domain/name_match.h"

#include <gtest/gtest.h>

namespace haven::domain {
namespace {

TEST(NameMatchTest, FoldingSplitsHyphenatedAndMultipleNames) {
  EXPECT_EQ(FoldName("  O'Brien-Smith "), "obrien smith");
  EXPECT_EQ(NameTokens("Mary  Jane WATSON-Hale"),
            (std::vector<std::string>{"mary", "jane", "watson", "hale"}));
  EXPECT_TRUE(NameTokens("--").empty());
}

TEST(NameMatchTest, SpellingVariantsShareASoundKey) {
  EXPECT_EQ(SoundKey("smith"), SoundKey("smyth"));
  EXPECT_EQ(SoundKey("catherine"), SoundKey("kathryn"));
  EXPECT_EQ(SoundKey("mohammed"), SoundKey("muhammad"));
  EXPECT_EQ(SoundKey("john"), SoundKey("jon"));
  EXPECT_EQ(SoundKey("philip"), SoundKey("filip"));
  EXPECT_EQ(SoundKey("knight"), SoundKey("night"));
  EXPECT_NE(SoundKey("smith"), SoundKey("jones"));
  EXPECT_NE(SoundKey("ann"), SoundKey("bob"));
}

TEST(NameMatchTest, SimilarityRanksTyposAboveStrangers) {
  EXPECT_DOUBLE_EQ(WordSimilarity("martha", "martha"), 1.0);
  // The textbook Jaro-Winkler pair.
  EXPECT_NEAR(WordSimilarity("martha", "marhta"), 0.961, 0.001);
  EXPECT_GT(WordSimilarity("jonathan", "jonathon"), 0.9);
  EXPECT_LT(WordSimilarity("smith", "jones"), 0.6);
  EXPECT_EQ(WordSimilarity("", "x"), 0.0);
}

TEST(NameMatchTest, NameScoreToleratesOrderTyposAndExtraNames) {
  const auto candidate = NameTokens("Kayleigh Anne Smith-Jones");
  EXPECT_GT(NameScore(NameTokens("smith kayleigh"), candidate), 0.95);
  EXPECT_GT(NameScore(NameTokens("Kaylee Smyth"), candidate), 0.85);
  EXPECT_GT(NameScore(NameTokens("Kayliegh Jones"), candidate), 0.9);
  EXPECT_LT(NameScore(NameTokens("Bradley Walker"), candidate), 0.7);
  EXPECT_GT(NameScore(NameTokens("smith kayleigh"), candidate),
            NameScore(NameTokens("smith kylie"), candidate));
}

TEST(NameMatchTest, SoundKeyReadsPrefixesAndPhAsTheyAreSaid) {
  const std::pair<const char*, const char*> cases[] = {
      {"knight", "523"}, {"wright", "623"}, {"psmith", "253"}, {"psph", "21"}, {"stephen", "2315"},
      {"pph", "1"},      {"ann", "05"},     {"hw", ""},        {"k", "2"}};
  for (const auto& [word, key] : cases) EXPECT_EQ(SoundKey(word), key) << word;
}

TEST(NameMatchTest, APreparedQueryScoresAsTheWords) {
  // Scoring many candidates against one prepared query gives the same scores as the words.
  for (const char* query : {"smith kayleigh", "Kaylee Smyth", "Kayliegh Jones", "Bradley Walker",
                            "j", "Anne-Marie O'Neil", "x y z smith"}) {
    const NameQuery prepared(NameTokens(query));
    for (const char* candidate : {"Kayleigh Anne Smith-Jones", "Anne Marie O'Neill", "--",
                                  "A B C D E F G H I J K L M N O P Q R Smith"}) {
      EXPECT_DOUBLE_EQ(NameScore(prepared, candidate),
                       NameScore(NameTokens(query), NameTokens(candidate)))
          << query << " / " << candidate;
    }
  }
}

TEST(NameMatchTest, SearchKeysFindVariantsAndTypos) {
  auto keys = SearchKeys("Catherine Smith");
  auto has = [&](const std::vector<std::string>& k, const std::string& v) {
    return std::find(k.begin(), k.end(), v) != k.end();
  };
  // A misspelt query shares at least one key with the stored name.
  for (const char* query : {"Kathryn Smyth", "Cathrine Smtih", "Catherine Smiht", "Smith"}) {
    bool shared = false;
    for (const auto& k : SearchKeys(query)) shared = shared || has(keys, k);
    EXPECT_TRUE(shared) << query;
  }
  EXPECT_TRUE(SearchKeys("J").empty());
}

}  // namespace
}  // namespace haven::domain
