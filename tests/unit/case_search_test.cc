// What a search-box query means (rules/case_search.h): a case number or a name and a text, the
// folding that lets staff type either width and either case, and the bounds.
#include "rules/case_search.h"

#include <gtest/gtest.h>

#include <string>

namespace gongkai {
namespace {

TEST(SearchQuery, AWholeCaseNumberFindsThatCaseAlone) {
  absl::StatusOr<SearchQuery> query = ParseSearchQuery(" 2026-000123 ", 0);
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_TRUE(query->case_number.has_value());
  EXPECT_EQ(query->case_number->year, 2026);
  EXPECT_EQ(query->case_number->sequence, 123);
  EXPECT_EQ(query->name_digest, "");
  EXPECT_EQ(query->text, "");
  EXPECT_EQ(query->page_size, 20);
  // Typed with a Chinese input method: full-width digits and dash.
  query = ParseSearchQuery("２０２６－０００１２３", 5);
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_TRUE(query->case_number.has_value());
  EXPECT_EQ(query->case_number->sequence, 123);
  EXPECT_EQ(query->page_size, 5);
}

TEST(SearchQuery, AnythingElseIsANameAndAText) {
  absl::StatusOr<SearchQuery> query = ParseSearchQuery("　张 三 ", 100);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_FALSE(query->case_number.has_value());
  EXPECT_EQ(query->text, "张 三");
  EXPECT_EQ(query->name_digest, ApplicantNameDigest("张三"));
  // Not a whole case number: searched as text.
  query = ParseSearchQuery("2026-123", 0);
  ASSERT_TRUE(query.ok());
  EXPECT_FALSE(query->case_number.has_value());
  EXPECT_EQ(query->text, "2026-123");
}

TEST(SearchQuery, BadInputNamesTheFieldInChinese) {
  EXPECT_EQ(ParseSearchQuery(" 　 ", 0).status().message(),
            "`query` 请输入案件编号、申请人姓名或申请内容中的文字");
  EXPECT_EQ(ParseSearchQuery(std::string(101, 'a'), 0).status().message(),
            "`query` 最多 100 个字，请缩短");
  std::string hundred_chinese;
  for (int i = 0; i < 100; ++i) hundred_chinese += "预";
  EXPECT_TRUE(ParseSearchQuery(hundred_chinese, 0).ok());
  EXPECT_EQ(ParseSearchQuery("预算", 101).status().message(),
            "`page_size` 须在 0 至 100 之间（0 表示每页 20 件）");
  EXPECT_EQ(ParseSearchQuery("预算", -1).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseSearchQuery("\xff", 0).status().message(), "`query` 不是有效的 UTF-8 文字");
}

TEST(SearchFolding, WidthAndCaseOfLatinLettersAndDigitsAside) {
  EXPECT_EQ(FoldForSearch("２０２５年ＡＢＣ小区Ｘ号楼"), "2025年abc小区x号楼");
  EXPECT_EQ(FoldForSearch("Ｈｅｌｌｏ　World！"), "hello world!");
  // Chinese text and punctuation other than the full-width ASCII block stay as they are.
  EXPECT_EQ(FoldForSearch("县级财政预算、“三公”经费。"), "县级财政预算、“三公”经费。");
}

TEST(SearchFolding, ANameIsTheSameWithOrWithoutSpaces) {
  const std::string digest = ApplicantNameDigest("张三");
  EXPECT_EQ(digest.size(), 32u);
  EXPECT_EQ(ApplicantNameDigest("张 三"), digest);
  EXPECT_EQ(ApplicantNameDigest("　张三　"), digest);
  EXPECT_NE(ApplicantNameDigest("张三丰"), digest);
  EXPECT_NE(ApplicantNameDigest("李四"), digest);
  EXPECT_EQ(ApplicantNameDigest("ABC Trading Ltd"), ApplicantNameDigest("ａｂｃtradingltd"));
  // The digest never holds the name.
  EXPECT_EQ(digest.find("张"), std::string::npos);
}

}  // namespace
}  // namespace gongkai
