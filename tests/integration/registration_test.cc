// Registration at the window: numbering and idempotent retries against the real services.
#include <gtest/gtest.h>

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "rules/due_score.h"
#include "staff.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

// Per partition, how many entries its routing stream has ever been given (XINFO STREAM's
// entries-added; 0 for a stream not created yet).
std::vector<long long> RoutingEntriesAdded(TestStack& stack) {
  std::vector<long long> added(kPartitionCount, 0);
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    auto info =
        stack.redis().Command({"XINFO", "STREAM", keys::Stream(partition, Stage::kRouting)});
    EXPECT_TRUE(info.ok()) << info.status();
    if (!info.ok() || info->is_error()) continue;  // ERR no such key
    for (size_t i = 0; i + 1 < info->size(); i += 2) {
      if (info->element(i).str() == "entries-added") {
        added[partition] = info->element(i + 1).integer();
      }
    }
  }
  return added;
}

TEST(Registration, CaseNumbersAreSequentialWithinTheYear) {
  TestStack stack;
  stack.Start("intake");
  const int year = static_cast<int>(ChinaDay(absl::Now()).year());
  for (int i = 1; i <= 3; ++i) {
    v1::RegisterResponse response;
    ASSERT_TRUE(stack.intake()
                    .Register(TestStack::As("w1", "clerk").get(),
                              SampleRegistration(absl::StrCat("seq-test-", i), "县财政预算"),
                              &response)
                    .ok());
    EXPECT_EQ(response.case_().case_number(), absl::StrCat(year, "-00000", i));
    EXPECT_EQ(response.case_().state(), v1::CASE_STATE_REGISTERED);
    EXPECT_FALSE(response.replayed());
    EXPECT_NE(response.receipt().find(absl::StrCat("登记编号：", year, "-00000", i)),
              std::string::npos);
  }
}

TEST(Registration, StartsTheStatutoryClockAndIndexesTheDueDate) {
  TestStack stack;
  stack.Start("intake");
  const absl::CivilDay today = ChinaDay(absl::Now());
  v1::RegisterRequest request = SampleRegistration("clock-0001", "县财政预算");
  request.mutable_request()->set_channel(v1::CHANNEL_REGISTERED_POST);
  request.mutable_request()->set_received_date(FormatDay(today - 3));
  request.mutable_request()->set_signed_for_date(FormatDay(today - 2));
  v1::RegisterResponse response;
  ASSERT_TRUE(stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &response).ok());
  const v1::Deadline& deadline = response.case_().deadline();
  EXPECT_EQ(deadline.receipt_date(), FormatDay(today - 2));
  EXPECT_EQ(deadline.receipt_rule(), "registered post: the day the office signed for it");
  EXPECT_EQ(deadline.clock_start(), FormatDay(today - 2));
  EXPECT_EQ(deadline.working_days(), 20);
  // The same count the window's calculator makes, from the shipped calendar.
  auto calendar = WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, UnknownYears::kProvisional);
  auto expected = ComputeDeadline(*calendar, {.receipt = today - 2});
  EXPECT_EQ(deadline.due_date(), expected->due_date());
  EXPECT_NE(response.receipt().find("前"), std::string::npos);

  const CaseNumber number = *ParseCaseNumber(response.case_().case_number());
  auto score = stack.redis().Command(
      {"ZSCORE", keys::DueIndex(PartitionOf(number)), response.case_().case_number()});
  EXPECT_EQ(score->str(), std::to_string(*DueScoreOf(deadline, number)));
  // The due date's digits first, then the case number's: readable in redis-cli.
  EXPECT_EQ(score->str().substr(0, 8), absl::StrReplaceAll(deadline.due_date(), {{"-", ""}}));
  auto open =
      stack.redis().Command({"ZSCORE", keys::OpenByDepartment(PartitionOf(number), "xzf", ""),
                             response.case_().case_number()});
  EXPECT_EQ(open->str(), score->str());
}

TEST(Registration, AnAnswerOnTheSpotClosesAtOnce) {
  TestStack stack;
  stack.StartAll();
  const std::vector<long long> handed_before = RoutingEntriesAdded(stack);
  v1::RegisterRequest request = SampleRegistration("spot-0001", "县政府2025年工作报告");
  request.mutable_on_the_spot()->set_outcome(v1::OUTCOME_ALREADY_PUBLIC);
  request.mutable_on_the_spot()->set_text("已在县政府网站“政府工作报告”栏目公开");
  v1::RegisterResponse response;
  ASSERT_TRUE(stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &response).ok());
  const v1::Case& closed = response.case_();
  EXPECT_EQ(closed.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(closed.clock(), v1::CLOCK_STATE_STOPPED);
  EXPECT_EQ(closed.events_size(), 1);
  EXPECT_EQ(closed.events(0).command(), "AnswerOnTheSpot");
  EXPECT_TRUE(closed.replied_on_time());
  EXPECT_NE(closed.reply_letter().find("已主动公开"), std::string::npos);
  const CaseNumber number = *ParseCaseNumber(closed.case_number());
  EXPECT_TRUE(stack.redis()
                  .Command({"ZSCORE", keys::DueIndex(PartitionOf(number)), closed.case_number()})
                  ->is_nil());
  // Nothing was handed to routing: a hand-over is added to the routing stream in the same step
  // that commits the registration, so once Register has answered, no stream of any partition
  // has been given an entry. (Counted as entries ever added: routing deletes what it handled.)
  EXPECT_EQ(RoutingEntriesAdded(stack), handed_before);
  v1::GetCaseRequest get;
  get.set_case_number(closed.case_number());
  v1::Case after;
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("m", "manager").get(), get, &after).ok());
  EXPECT_EQ(after.events_size(), 1);
  // The same count sees an ordinary registration handed over, in its case's partition.
  const std::string routed = RegisterSample(stack, "spot-routed-0001");
  std::vector<long long> handed_after = handed_before;
  ++handed_after[PartitionOf(*ParseCaseNumber(routed))];
  EXPECT_EQ(RoutingEntriesAdded(stack), handed_after);

  // Anything that would release information goes through review instead.
  request.set_request_id("spot-0002");
  request.mutable_on_the_spot()->set_outcome(v1::OUTCOME_DISCLOSED);
  grpc::Status refused =
      stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(refused.error_message().find("`on_the_spot.outcome`"), std::string::npos);
}

TEST(Registration, ARetryWithTheSameRequestIdReturnsTheSameCase) {
  TestStack stack;
  stack.Start("intake");
  const v1::RegisterRequest request = SampleRegistration("retry-0001", "县财政预算");
  v1::RegisterResponse first, second;
  ASSERT_TRUE(stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &first).ok());
  ASSERT_TRUE(stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &second).ok());
  EXPECT_EQ(first.case_().case_number(), second.case_().case_number());
  EXPECT_FALSE(first.replayed());
  EXPECT_TRUE(second.replayed());
  EXPECT_EQ(second.case_().events_size(), 1);  // registered once; routing is not running
  const int year = static_cast<int>(ChinaDay(absl::Now()).year());
  EXPECT_EQ(stack.redis().Command({"GET", keys::CaseCounter(year)})->str(), "1");
}

TEST(Registration, ConcurrentRetriesRegisterOneCase) {
  TestStack stack;
  stack.Start("intake");
  const v1::RegisterRequest request = SampleRegistration("concurrent-0001", "县财政预算");
  std::vector<std::string> numbers(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      v1::RegisterResponse response;
      grpc::Status status =
          stack.intake().Register(TestStack::As("w1", "clerk").get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      numbers[i] = response.case_().case_number();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const std::string& number : numbers) EXPECT_EQ(number, numbers[0]);
  EXPECT_EQ(stack.CountKeys("gk:*:case:*"), 1);
}

TEST(Registration, AReusedRequestIdWithOtherContentIsRefused) {
  TestStack stack;
  stack.Start("intake");
  v1::RegisterResponse response;
  ASSERT_TRUE(stack.intake()
                  .Register(TestStack::As("w1", "clerk").get(),
                            SampleRegistration("reused-0001", "县财政预算"), &response)
                  .ok());
  grpc::Status reused =
      stack.intake().Register(TestStack::As("w1", "clerk").get(),
                              SampleRegistration("reused-0001", "县教育局招生计划"), &response);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_NE(reused.error_message().find("`request_id`"), std::string::npos);
}

// The {seq} master fails over before its replica had the last allocations: the counter and the
// request's record go back, while the case (on another master) stays. Done here by setting them
// back by hand, as the replica would have them.
void ForgetTheLastAllocation(TestStack& stack, const std::string& request_id, int year) {
  ASSERT_EQ(stack.redis().Command({"SET", keys::CaseCounter(year), "0"})->str(), "OK");
  ASSERT_EQ(
      stack.redis().Command({"SET", keys::AgencyNumberCounter(kTestAgency, year), "0"})->str(),
      "OK");
  ASSERT_FALSE(stack.redis().Command({"DEL", keys::Idempotency(request_id)})->is_error());
}

TEST(Registration, ANumberGivenAgainAfterAFailoverNeverAnswersWithAnotherApplicantsCase) {
  TestStack stack;
  stack.Start("intake");
  const int year = static_cast<int>(ChinaDay(absl::Now()).year());
  const v1::RegisterRequest first_request = SampleRegistration("failover-0001", "县财政预算");
  v1::RegisterResponse first;
  ASSERT_TRUE(
      stack.intake().Register(TestStack::As("w1", "clerk").get(), first_request, &first).ok());
  ASSERT_EQ(first.case_().case_number(), absl::StrCat(year, "-000001"));
  ForgetTheLastAllocation(stack, "failover-0001", year);

  // Another applicant's request is given number 1 again: it is taken, so it gets number 2.
  v1::RegisterRequest other_request = SampleRegistration("failover-0002", "县教育局招生计划");
  other_request.mutable_applicant()->set_name("王芳");
  v1::RegisterResponse other;
  ASSERT_TRUE(
      stack.intake().Register(TestStack::As("w1", "clerk").get(), other_request, &other).ok());
  EXPECT_FALSE(other.replayed());
  EXPECT_EQ(other.case_().case_number(), absl::StrCat(year, "-000002"));
  EXPECT_EQ(other.case_().applicant().name(), "王芳");
  EXPECT_EQ(other.case_().agency_sequence(), 2);  // the agency's number moved past the taken one

  // The first request retried after its record was lost too: number 1 again, and it is its own
  // case, answered as a replay; no third case.
  ForgetTheLastAllocation(stack, "failover-0001", year);
  v1::RegisterResponse retried;
  ASSERT_TRUE(
      stack.intake().Register(TestStack::As("w1", "clerk").get(), first_request, &retried).ok());
  EXPECT_TRUE(retried.replayed());
  EXPECT_EQ(retried.case_().case_number(), first.case_().case_number());
  EXPECT_EQ(retried.case_().applicant().name(), first.case_().applicant().name());
  EXPECT_EQ(stack.CountKeys("gk:*:case:*"), 2);
}

}  // namespace
}  // namespace gongkai::testing
