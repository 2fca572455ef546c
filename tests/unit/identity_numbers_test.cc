#include "rules/identity_numbers.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(ResidentIdNumber, AcceptsValidCheckDigitsIncludingX) {
  EXPECT_TRUE(IsValidResidentIdNumber("11010519491231002X"));
  EXPECT_TRUE(IsValidResidentIdNumber("341523198001010014"));
  EXPECT_TRUE(IsValidResidentIdNumber("11010519491231002x"));  // the same check character
}

TEST(ResidentIdNumber, RejectsWrongCheckDigitLengthDateAndCharacters) {
  EXPECT_FALSE(IsValidResidentIdNumber("110105194912310021"));  // check digit should be X
  EXPECT_FALSE(IsValidResidentIdNumber("341523198001010015"));  // should be 4
  EXPECT_FALSE(IsValidResidentIdNumber("1101051949123100x2"));  // x only as the check character
  EXPECT_FALSE(IsValidResidentIdNumber("34152319800101001x"));  // should be 4
  EXPECT_FALSE(IsValidResidentIdNumber("1101051949123100"));    // too short
  EXPECT_FALSE(IsValidResidentIdNumber("110105194902300026"));  // 1949-02-30
  EXPECT_FALSE(IsValidResidentIdNumber("11010519491231002X1"));
  EXPECT_FALSE(IsValidResidentIdNumber("1101051949123100AX"));
}

TEST(UnifiedSocialCreditCode, AcceptsValidCheckCharacters) {
  EXPECT_TRUE(IsValidUnifiedSocialCreditCode("91340100MA2MWXKC55"));
  EXPECT_TRUE(IsValidUnifiedSocialCreditCode("31340000MD0264371K"));
  EXPECT_TRUE(IsValidUnifiedSocialCreditCode("12340000485960107B"));
}

TEST(UnifiedSocialCreditCode, RejectsWrongCheckAndForbiddenLetters) {
  EXPECT_FALSE(IsValidUnifiedSocialCreditCode("91340100MA2MWXKC56"));
  EXPECT_FALSE(IsValidUnifiedSocialCreditCode("91340100MA2MWXKCI5"));  // I is not used
  EXPECT_FALSE(IsValidUnifiedSocialCreditCode("91340100MA2MWXKC5"));
}

TEST(NormalizedIdNumber, OneSpellingPerNumber) {
  EXPECT_EQ(NormalizedIdNumber(v1::ID_TYPE_RESIDENT_ID_CARD, " 11010519491231002x\t"),
            "11010519491231002X");
  EXPECT_EQ(NormalizedIdNumber(v1::ID_TYPE_RESIDENT_ID_CARD, "341523198001010014"),
            "341523198001010014");
  EXPECT_EQ(NormalizedIdNumber(v1::ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE, "91340100ma2mwxkc55 "),
            "91340100MA2MWXKC55");
  // Other documents keep their letters as written, only trimmed.
  EXPECT_EQ(NormalizedIdNumber(v1::ID_TYPE_PASSPORT, " e12345678 "), "e12345678");
  EXPECT_EQ(NormalizedIdNumber(v1::ID_TYPE_OTHER_ORGANIZATION, "  HRB 86891 b "), "HRB 86891 b");
}

}  // namespace
}  // namespace gongkai
