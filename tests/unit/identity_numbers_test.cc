#include "rules/identity_numbers.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(ResidentIdNumber, AcceptsValidCheckDigitsIncludingX) {
  EXPECT_TRUE(IsValidResidentIdNumber("11010519491231002X"));
  EXPECT_TRUE(IsValidResidentIdNumber("341523198001010014"));
}

TEST(ResidentIdNumber, RejectsWrongCheckDigitLengthDateAndCharacters) {
  EXPECT_FALSE(IsValidResidentIdNumber("110105194912310021"));  // check digit should be X
  EXPECT_FALSE(IsValidResidentIdNumber("341523198001010015"));  // should be 4
  EXPECT_FALSE(IsValidResidentIdNumber("11010519491231002x"));  // lower-case x
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

}  // namespace
}  // namespace gongkai
