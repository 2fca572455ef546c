#include "base/utf8.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

TEST(Utf8Length, CountsCharactersNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("政府信息"), 4u);
  EXPECT_EQ(Utf8Length("２０２６年"), 5u);        // full-width digits
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1u);  // a four-byte character
}

TEST(Utf8Length, RejectsInvalidSequences) {
  EXPECT_FALSE(Utf8Length("\xFF"));
  EXPECT_FALSE(Utf8Length("\xE6\x94"));          // truncated 政
  EXPECT_FALSE(Utf8Length("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(Utf8Length("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(Utf8Length("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(Utf8Length("ok\x80"));
}

TEST(Utf8Prefix, CutsOnCharacterBoundaries) {
  EXPECT_EQ(Utf8Prefix("政府信息公开", 4), "政府信息…");
  EXPECT_EQ(Utf8Prefix("政府", 4), "政府");
  EXPECT_EQ(Utf8Prefix("abc", 0), "…");
}

}  // namespace
}  // namespace gongkai
