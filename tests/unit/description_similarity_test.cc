// How alike two request descriptions read (rules/description_similarity.h): the characters
// compared, the Dice coefficient of their pairs in whole percent, and containment.
#include "rules/description_similarity.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace gongkai {
namespace {

TEST(DescriptionSimilarity, ComparesFoldedCharactersWithoutSpacesOrPunctuation) {
  EXPECT_EQ(ComparedCharacters("《县 财政》预算，２０２５！"), U"县财政预算2025");
  EXPECT_EQ(ComparedCharacters("ABC小区、“门牌”……"), U"abc小区门牌");
  EXPECT_EQ(ComparedCharacters("　。，—"), U"");
}

// Two descriptions and what comparing them must give, either way round.
struct Compared {
  const char* why;
  const char* a;
  const char* b;
  int percent;
  bool contained;
  bool similar;
};

void ExpectCompared(const std::vector<Compared>& table) {
  for (const Compared& row : table) {
    for (const auto& [a, b] : {std::pair(row.a, row.b), std::pair(row.b, row.a)}) {
      SCOPED_TRACE(::testing::Message() << row.why << ": " << a << " | " << b);
      const DescriptionSimilarity s = CompareDescriptions(a, b);
      EXPECT_EQ(s.percent, row.percent);
      EXPECT_EQ(s.contained, row.contained);
      EXPECT_EQ(s.similar, row.similar);
    }
  }
}

TEST(DescriptionSimilarity, CountsSharedCharacterPairsInWholePercent) {
  ExpectCompared({
      {"10 pairs each, 8 shared: 2 × 8 / 20", "2025年县级财政预算", "2025年县级财政决算", 80, false,
       true},
      {"the same text typed in another width, with other punctuation and spaces",
       "县财政局２０２５年预算。", "县财政局 2025年 预算", 100, true, true},
      {"nothing shared", "本人养老保险缴费记录", "县城小区的门牌编号", 0, false, false},
      {"a pair repeated in one text is shared only as often as the other has it: 7 pairs and 19 "
       "(缴费 twice), 7 shared: 1400 / 26 = 53.8",
       "养老保险缴费记录", "本人2024年养老保险缴费记录和缴费基数", 53, true, true},
  });
}

TEST(DescriptionSimilarity, FiftyPercentIsSimilarAndLessIsNot) {
  static_assert(kSimilarDescriptionPercent == 50);
  ExpectCompared({
      {"ab bc cd against ab bc cx xy yz: 2 × 2 / 8", "abcd", "abcxyz", 50, false, true},
      // The 13 pairs of a-n, all within the other text, which is not the first one whole (a 0
      // splits it) and has 40 pairs: 2 × 13 / 53 = 49.06. Fewer than 13 shared pairs cannot
      // round down to 49.
      {"just under the threshold: 2 × 13 / 53", "abcdefghijklmn",
       "abcdefg0ghijklmn一二三四五六七八九十百千万亿兆0123456789", 49, false, false},
      {"4 pairs and 6, 2 shared: 2 × 2 / 10", "abcde", "abcxyzw", 40, false, false},
  });
}

TEST(DescriptionSimilarity, AShortRequestWithinALongOneIsSimilar) {
  ExpectCompared({
      {"4 pairs of 33 shared: 800 / 33 = 24, but the whole request lies within the other",
       "县财政预算", "请公开2019年至2024年县财政预算执行情况和审计报告全文", 24, true, true},
      {"fewer than 4 characters within another text do not count: 2 × 1 / 5", "预算", "县财政预算",
       40, false, false},
  });
}

TEST(DescriptionSimilarity, EmptyAndOneCharacterTexts) {
  EXPECT_EQ(CompareDescriptions("", "县财政预算").percent, 0);
  EXPECT_FALSE(CompareDescriptions("。。", "。。").similar);
  EXPECT_EQ(CompareDescriptions("县", "县").percent, 100);
  EXPECT_TRUE(CompareDescriptions("县", "县").similar);
  EXPECT_EQ(CompareDescriptions("县", "市").percent, 0);
  EXPECT_EQ(CompareDescriptions("县", "县财政").percent, 0);
}

}  // namespace
}  // namespace gongkai
