// The search box through the intake service (IntakeService.SearchCases and `gongkai search`):
// by case number, by the applicant's full name, by words of the request; each caller finds only
// the cases they may read.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

// Registers a request of `name` at window01's desk and waits until routing placed it.
std::string RegisterOf(TestStack& stack, const std::string& id, const std::string& name,
                       const std::string& description, v1::CaseState placed) {
  v1::RegisterRequest request = SampleRegistration(id, description);
  request.mutable_applicant()->set_name(name);
  const std::string number = Register(stack, request).case_number();
  WaitForState(stack, number, placed);
  return number;
}

struct Found {
  grpc::Status status;
  v1::SearchCasesResponse response;
  std::vector<std::string> numbers;
};

Found Find(TestStack& stack, std::unique_ptr<grpc::ClientContext> as, const std::string& query,
           int page_size = 0) {
  v1::SearchCasesRequest request;
  request.set_query(query);
  request.set_page_size(page_size);
  Found found;
  found.status = stack.intake().SearchCases(as.get(), request, &found.response);
  for (const v1::CaseSummary& item : found.response.cases()) {
    found.numbers.push_back(item.case_number());
  }
  return found;
}

std::unique_ptr<grpc::ClientContext> Manager() { return TestStack::As("m1", "manager"); }

using Numbers = std::vector<std::string>;

class Search : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_.StartAll();
    budget_ = RegisterOf(stack_, "search-1", "张三", "2025年县级财政预算和三公经费",
                         v1::CASE_STATE_ASSIGNED);  // 县财政局
    pension_ = RegisterOf(stack_, "search-2", "李四", "本人养老保险缴费记录",
                          v1::CASE_STATE_ASSIGNED);  // 县人社局
    plan_ = RegisterOf(stack_, "search-3", "王五", "县城ＡＢＣ小区的门牌编号",
                       v1::CASE_STATE_DISPATCH);  // no department's keyword: the dispatcher's
  }

  TestStack stack_;
  std::string budget_, pension_, plan_;
};

TEST_F(Search, ACaseNumberFindsThatCase) {
  Found found = Find(stack_, Manager(), pension_);
  ASSERT_TRUE(found.status.ok()) << found.status.error_message();
  EXPECT_EQ(found.numbers, Numbers{pension_});
  const v1::CaseSummary& item = found.response.cases(0);
  EXPECT_EQ(item.department(), "rsj");
  EXPECT_EQ(item.state(), v1::CASE_STATE_ASSIGNED);
  EXPECT_EQ(item.description(), "本人养老保险缴费记录");
  EXPECT_FALSE(item.due_date().empty());
  EXPECT_FALSE(item.updated_at().empty());
  EXPECT_FALSE(found.response.more());
  EXPECT_FALSE(found.response.text_scan_bounded());
  // A number no case has finds nothing; it is not an error.
  const int year = ParseCaseNumber(budget_)->year;
  found = Find(stack_, Manager(), FormatCaseNumber(year, 999999));
  ASSERT_TRUE(found.status.ok());
  EXPECT_TRUE(found.numbers.empty());
}

TEST_F(Search, AnApplicantsFullNameFindsTheirCasesAndNoOneElses) {
  const std::string second =
      RegisterOf(stack_, "search-4", "张三", "县教育局学校维修经费", v1::CASE_STATE_ASSIGNED);
  Found found = Find(stack_, Manager(), "张三");
  ASSERT_TRUE(found.status.ok()) << found.status.error_message();
  EXPECT_EQ(found.numbers, (Numbers{second, budget_}));  // newest first
  EXPECT_EQ(Find(stack_, Manager(), " 张 三 ").numbers, (Numbers{second, budget_}));
  EXPECT_EQ(Find(stack_, Manager(), "李四").numbers, Numbers{pension_});
  // Only the full name: a part of it is neither the name nor in any description.
  EXPECT_TRUE(Find(stack_, Manager(), "张").numbers.empty());
  EXPECT_TRUE(Find(stack_, Manager(), "赵六").numbers.empty());
  // A page at a time, newest first, saying there is more.
  found = Find(stack_, Manager(), "张三", 1);
  EXPECT_EQ(found.numbers, Numbers{second});
  EXPECT_TRUE(found.response.more());
}

TEST_F(Search, WordsOfTheRequestFindTheCasesThatHoldThem) {
  EXPECT_EQ(Find(stack_, Manager(), "养老保险").numbers, Numbers{pension_});
  EXPECT_EQ(Find(stack_, Manager(), "三公经费").numbers, Numbers{budget_});
  // Typed in half width and capitals, stored in full width.
  EXPECT_EQ(Find(stack_, Manager(), "abc小区").numbers, Numbers{plan_});
  EXPECT_EQ(Find(stack_, Manager(), "县").numbers, (Numbers{plan_, budget_}));
  EXPECT_TRUE(Find(stack_, Manager(), "宅基地").numbers.empty());
}

TEST_F(Search, EachCallerFindsOnlyWhatTheyMayRead) {
  // An officer of another department finds none of 县财政局's, by any way in.
  auto jyj = [] { return TestStack::As("jyj-li", "officer", "jyj"); };
  for (const std::string& query : {budget_, std::string("张三"), std::string("三公经费")}) {
    const Found found = Find(stack_, jyj(), query);
    ASSERT_TRUE(found.status.ok()) << found.status.error_message();
    EXPECT_TRUE(found.numbers.empty()) << query;
  }
  auto czj = [] { return TestStack::As("czj-li", "officer", "czj"); };
  EXPECT_EQ(Find(stack_, czj(), budget_).numbers, Numbers{budget_});
  EXPECT_EQ(Find(stack_, czj(), "县").numbers, Numbers{budget_});  // not the dispatcher's
  // A window clerk finds the cases they registered, another clerk none.
  EXPECT_EQ(Find(stack_, TestStack::As("window01", "clerk"), "县").numbers,
            (Numbers{plan_, budget_}));
  EXPECT_TRUE(Find(stack_, TestStack::As("window02", "clerk"), "县").numbers.empty());
  // The reviewer and the dispatcher read every case.
  EXPECT_EQ(Find(stack_, TestStack::As("r1", "reviewer"), "李四").numbers, Numbers{pension_});
  EXPECT_EQ(Find(stack_, TestStack::As("d1", "dispatcher"), plan_).numbers, Numbers{plan_});
  // An administrator does no case work.
  EXPECT_EQ(Find(stack_, TestStack::As("admin", "admin"), "县").status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(Search, BadInputIsRefusedNamingTheField) {
  Found found = Find(stack_, Manager(), "  ");
  EXPECT_EQ(found.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(found.status.error_message(), "`query` "))
      << found.status.error_message();
  found = Find(stack_, Manager(), std::string(101, 'a'));
  EXPECT_EQ(found.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(found.status.error_message(), "最多 100 个字"))
      << found.status.error_message();
  found = Find(stack_, Manager(), "预算", 101);
  EXPECT_EQ(found.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(found.status.error_message(), "`page_size` "));
}

TEST_F(Search, TheCommandLineSearches) {
  const std::string as_manager = absl::StrCat("--token_file=", TestTokenFile("m1", "manager"),
                                              " --intake=127.0.0.1:", stack_.port("intake"));
  int exit_status = -1;
  std::string output = RunCli(absl::StrCat(as_manager, " search 养老保险"), &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, pension_)) << output;
  EXPECT_FALSE(absl::StrContains(output, budget_)) << output;
  output = RunCli(absl::StrCat(as_manager, " search 宅基地"), &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, "未找到案件")) << output;
  output = RunCli(absl::StrCat(as_manager, " --json search 张 三"), &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  EXPECT_TRUE(absl::StrContains(output, absl::StrCat("\"case_number\":\"", budget_, "\"")))
      << output;
}

}  // namespace
}  // namespace gongkai::testing
