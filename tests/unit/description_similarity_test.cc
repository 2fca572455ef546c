// How alike two request descriptions read (rules/description_similarity.h): the characters
// compared, the Dice coefficient of their pairs in whole percent, and containment.
#include "rules/description_similarity.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(DescriptionSimilarity, ComparesFoldedCharactersWithoutSpacesOrPunctuation) {
  EXPECT_EQ(ComparedCharacters("《县 财政》预算，２０２５！"), U"县财政预算2025");
  EXPECT_EQ(ComparedCharacters("ABC小区、“门牌”……"), U"abc小区门牌");
  EXPECT_EQ(ComparedCharacters("　。，—"), U"");
}

TEST(DescriptionSimilarity, CountsSharedCharacterPairsInWholePercent) {
  // 10 pairs each, 8 shared: 2 × 8 / 20.
  DescriptionSimilarity s = CompareDescriptions("2025年县级财政预算", "2025年县级财政决算");
  EXPECT_EQ(s.percent, 80);
  EXPECT_FALSE(s.contained);
  EXPECT_TRUE(s.similar);
  // The same text typed in another width, with other punctuation and spaces.
  s = CompareDescriptions("县财政局２０２５年预算。", "县财政局 2025年 预算");
  EXPECT_EQ(s.percent, 100);
  EXPECT_TRUE(s.contained);
  EXPECT_TRUE(s.similar);
  s = CompareDescriptions("本人养老保险缴费记录", "县城小区的门牌编号");
  EXPECT_EQ(s.percent, 0);
  EXPECT_FALSE(s.similar);
  // A pair repeated in one text is shared only as often as the other has it: x has 7 pairs, y
  // 19 (缴费 twice), 7 shared: 1400 / 26 = 53.8.
  s = CompareDescriptions("养老保险缴费记录", "本人2024年养老保险缴费记录和缴费基数");
  EXPECT_EQ(s.percent, 53);
  EXPECT_TRUE(s.contained);
}

TEST(DescriptionSimilarity, FiftyPercentIsSimilarAndLessIsNot) {
  // ab bc cd against ab bc cx xy yz: 2 × 2 / 8.
  DescriptionSimilarity s = CompareDescriptions("abcd", "abcxyz");
  EXPECT_EQ(s.percent, 50);
  EXPECT_FALSE(s.contained);
  EXPECT_TRUE(s.similar);
  // 4 pairs and 6, 2 shared: 2 × 2 / 10.
  s = CompareDescriptions("abcde", "abcxyzw");
  EXPECT_EQ(s.percent, 40);
  EXPECT_FALSE(s.similar);
}

TEST(DescriptionSimilarity, AShortRequestWithinALongOneIsSimilar) {
  // 4 pairs of 33 shared: 800 / 33 = 24, but the whole request lies within the other.
  const DescriptionSimilarity s =
      CompareDescriptions("县财政预算", "请公开2019年至2024年县财政预算执行情况和审计报告全文");
  EXPECT_EQ(s.percent, 24);
  EXPECT_TRUE(s.contained);
  EXPECT_TRUE(s.similar);
  // Fewer than 4 characters within another text do not count: 2 × 1 / 5.
  const DescriptionSimilarity two = CompareDescriptions("预算", "县财政预算");
  EXPECT_EQ(two.percent, 40);
  EXPECT_FALSE(two.contained);
  EXPECT_FALSE(two.similar);
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
