// The hash chains checked on the server (ReportService.VerifyAudit): the cases named or a year's,
// a page at a time; an edited event, a removed event and an erased reading of personal data each
// reported broken with a reason in Chinese; who may ask; bad input.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "redis/keys.h"
#include "redis_snapshot.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

class VerifyAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_.StartAll();
    for (const char* id : {"verify-intact", "verify-edited", "verify-cut"}) {
      numbers_.push_back(RegisterSample(stack_, id));
    }
    for (const std::string& number : numbers_) {
      WaitForState(stack_, number, v1::CASE_STATE_ASSIGNED);
    }
    year_ = ParseCaseNumber(numbers_[0])->year;
  }

  grpc::Status Verify(const v1::VerifyAuditRequest& request, v1::VerifyAuditResponse* response,
                      const std::string& role = "manager") {
    return stack_.report().VerifyAudit(TestStack::As("u-" + role, role).get(), request, response);
  }

  v1::VerifyAuditRequest Named(std::vector<std::string> numbers) {
    v1::VerifyAuditRequest request;
    for (std::string& number : numbers) request.add_case_numbers(std::move(number));
    return request;
  }

  // Someone with access to Redis rewrites who routed the second case, drops the last event of
  // the third, and erases the window's reading of the first's personal data.
  void Tamper() {
    v1::GetCaseRequest get;
    get.set_case_number(numbers_[0]);
    v1::Case seen;
    ASSERT_TRUE(stack_.intake().GetCase(TestStack::As("window01", "clerk").get(), get, &seen).ok());
    // The window's reading is on record (a manager's reading is masked and records none).
    ASSERT_TRUE(stack_.intake().GetCase(TestStack::As("m1", "manager").get(), get, &seen).ok());
    ASSERT_EQ(seen.personal_data_reads_size(), 1);
    const std::string events = keys::Events(*ParseCaseNumber(numbers_[1]));
    auto stored = stack_.redis().Command({"LINDEX", events, "1"});
    v1::CaseEvent event;
    ASSERT_TRUE(event.ParseFromString(std::string(stored->str())));
    event.mutable_actor()->set_user_id("svc:someone-else");
    ASSERT_TRUE(stack_.redis().Command({"LSET", events, "1", event.SerializeAsString()}).ok());
    ASSERT_TRUE(stack_.redis().Command({"RPOP", keys::Events(*ParseCaseNumber(numbers_[2]))}).ok());
    ASSERT_TRUE(stack_.redis().Command({"DEL", keys::Reads(*ParseCaseNumber(numbers_[0]))}).ok());
  }

  TestStack stack_;
  std::vector<std::string> numbers_;
  int year_ = 0;
};

TEST_F(VerifyAudit, IntactChainsAreCheckedAndTamperedOnesNamedInChinese) {
  v1::VerifyAuditResponse response;
  ASSERT_TRUE(Verify(Named(numbers_), &response).ok());
  EXPECT_EQ(response.checked(), 3);
  EXPECT_EQ(response.broken_size(), 0);

  ASSERT_NO_FATAL_FAILURE(Tamper());
  const std::string unknown = FormatCaseNumber(year_, 999999);
  response.Clear();
  const auto before = Snapshot(stack_.redis());
  // Named twice: checked once.
  const grpc::Status status =
      Verify(Named({numbers_[0], numbers_[1], numbers_[2], unknown, numbers_[1]}), &response);
  // The check only reads the chains: it wrote nothing (no reading of personal data, no event,
  // no repair of what it found broken).
  EXPECT_EQ(Snapshot(stack_.redis()), before);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.checked(), 3);
  ASSERT_EQ(response.broken_size(), 3);
  EXPECT_EQ(response.broken(0).case_number(), numbers_[0]);
  EXPECT_EQ(response.broken(0).reason(),
            "最后一条个人信息查阅记录不是案件登记的最后一条：记录被删除或替换");
  EXPECT_EQ(response.broken(1).case_number(), numbers_[1]);
  EXPECT_EQ(response.broken(1).reason(), "第2条办理记录（Route，版本2）被改动：哈希值不符");
  EXPECT_EQ(response.broken(2).case_number(), numbers_[2]);
  EXPECT_EQ(response.broken(2).reason(), "办理记录只有1条，案件却已到版本2：最后的记录被删除");
  EXPECT_EQ(std::vector<std::string>(response.not_found().begin(), response.not_found().end()),
            std::vector<std::string>{unknown});
  EXPECT_TRUE(response.next_page_token().empty());
}

TEST_F(VerifyAudit, AYearIsCheckedAPageAtATime) {
  ASSERT_NO_FATAL_FAILURE(Tamper());
  v1::VerifyAuditRequest request;
  request.set_year(year_);
  request.set_page_size(2);
  v1::VerifyAuditResponse first, second;
  ASSERT_TRUE(Verify(request, &first, "head").ok());
  EXPECT_EQ(first.checked(), 2);
  ASSERT_EQ(first.broken_size(), 2);
  EXPECT_EQ(first.broken(1).case_number(), numbers_[1]);
  EXPECT_EQ(first.next_page_token(), "2");
  request.set_page_token(first.next_page_token());
  ASSERT_TRUE(Verify(request, &second, "admin").ok());
  EXPECT_EQ(second.checked(), 1);
  ASSERT_EQ(second.broken_size(), 1);
  EXPECT_EQ(second.broken(0).case_number(), numbers_[2]);
  EXPECT_TRUE(second.next_page_token().empty());
  // A year without cases: nothing to check.
  request.Clear();
  request.set_year(year_ - 1);
  v1::VerifyAuditResponse none;
  ASSERT_TRUE(Verify(request, &none).ok());
  EXPECT_EQ(none.checked(), 0);
  EXPECT_TRUE(none.next_page_token().empty());
}

TEST_F(VerifyAudit, OnlyTheHeadManagersAndAdministratorsMayAsk) {
  v1::VerifyAuditResponse response;
  for (const char* role : {"clerk", "dispatcher", "officer", "reviewer"}) {
    EXPECT_EQ(Verify(Named(numbers_), &response, role).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
  }
  for (const char* role : {"head", "manager", "admin"}) {
    EXPECT_TRUE(Verify(Named(numbers_), &response, role).ok()) << role;
  }
}

TEST_F(VerifyAudit, BadInputIsRefusedNamingTheField) {
  v1::VerifyAuditResponse response;
  auto refused = [&](const v1::VerifyAuditRequest& request) {
    const grpc::Status status = Verify(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    return status.error_message();
  };
  EXPECT_TRUE(absl::StartsWith(refused(v1::VerifyAuditRequest()), "`case_numbers` "));
  EXPECT_EQ(refused(Named({numbers_[0], "2026-12"})),
            "`case_numbers[1]` 不是案件编号（应如 2026-000123）");
  v1::VerifyAuditRequest both = Named({numbers_[0]});
  both.set_year(year_);
  EXPECT_EQ(refused(both), "`year` 与 `case_numbers` 只能填写一项");
  v1::VerifyAuditRequest many;
  for (int i = 1; i <= 501; ++i) many.add_case_numbers(FormatCaseNumber(year_, i));
  EXPECT_EQ(refused(many), "`case_numbers` 一次最多核验 500 件");
  v1::VerifyAuditRequest year;
  year.set_year(1999);
  EXPECT_EQ(refused(year), "`year` 须在 2000 至 2100 之间");
  year.set_year(year_);
  year.set_page_size(2001);
  EXPECT_EQ(refused(year), "`page_size` 须在 0 至 2000 之间（0 表示每次 500 件）");
  year.set_page_size(0);
  year.set_page_token("x");
  EXPECT_EQ(refused(year), "`page_token` 不是本服务给出的续查标记");
}

}  // namespace
}  // namespace gongkai::testing
