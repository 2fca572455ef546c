// TrackerService.WatchCase: a caller waits for a case to move on instead of polling it.
#include <gtest/gtest.h>
#include <signal.h>

#include <future>

#include "absl/strings/match.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

v1::WatchCaseRequest Watch(const std::string& number, int64_t after_version, int timeout_ms) {
  v1::WatchCaseRequest request;
  request.set_case_number(number);
  request.set_after_version(after_version);
  request.set_timeout_ms(timeout_ms);
  return request;
}

struct WatchResult {
  grpc::Status status;
  v1::CaseVersion answer;
};

// Starts a watch on another thread and checks that it is still waiting 300 ms later.
std::future<WatchResult> WatchInBackground(TestStack& stack, const std::string& number,
                                           int timeout_ms) {
  std::future<WatchResult> watched = std::async(std::launch::async, [&stack, number, timeout_ms] {
    WatchResult result;
    result.status = stack.tracker().WatchCase(TestStack::As("m1", "manager").get(),
                                              Watch(number, 1, timeout_ms), &result.answer);
    return result;
  });
  EXPECT_EQ(watched.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  return watched;
}

TEST(WatchCase, AnswersWhenRoutingMovesTheCaseOn) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker");
  const std::string number = RegisterSample(stack, "watch-routed-1");
  // Routing is not running yet: the watch has to wait for it.
  std::future<WatchResult> watched = WatchInBackground(stack, number, 4500);
  stack.Start("routing");
  const WatchResult result = watched.get();
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  const v1::CaseVersion& answer = result.answer;
  EXPECT_EQ(answer.case_number(), number);
  EXPECT_EQ(answer.version(), 2);
  EXPECT_EQ(answer.state(), v1::CASE_STATE_ASSIGNED);
}

TEST(WatchCase, AnswersAtOnceWhenTheCaseIsAlreadyPastTheVersion) {
  TestStack stack;
  stack.StartAll();
  const std::string number = RegisterSample(stack, "watch-past-1");
  WaitForState(stack, number, v1::CASE_STATE_ASSIGNED);
  v1::CaseVersion answer;
  // A wait longer than the call's own 5 s deadline: the answer must not wait for it.
  grpc::Status status = stack.tracker().WatchCase(TestStack::As("m1", "manager").get(),
                                                  Watch(number, 1, 30000), &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.version(), 2);
}

TEST(WatchCase, ReturnsTheCaseUnchangedWhenTheWaitEnds) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker");
  const std::string number = RegisterSample(stack, "watch-timeout-1");
  v1::CaseVersion answer;
  grpc::Status status = stack.tracker().WatchCase(TestStack::As("m1", "manager").get(),
                                                  Watch(number, 1, 200), &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.version(), 1);
  EXPECT_EQ(answer.state(), v1::CASE_STATE_REGISTERED);
}

TEST(WatchCase, AWatchWhoseFeedIsLostAnswersInsteadOfHanging) {
  TestStack stack;
  stack.Start("intake");
  stack.Start("tracker");
  const std::string number = RegisterSample(stack, "watch-lost-1");
  // Longer than the call's 5 s deadline: only the lost feed can end it in time.
  std::future<WatchResult> watched = WatchInBackground(stack, number, 30000);
  stack.KillRedis(SIGKILL);
  const grpc::Status status = watched.get().status;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
}

TEST(WatchCase, RefusesBadInputNamingTheField) {
  TestStack stack;
  stack.Start("tracker");
  v1::CaseVersion answer;
  struct Bad {
    v1::WatchCaseRequest request;
    std::string field;
  };
  for (const Bad& bad : {Bad{Watch("2026-1", 0, 100), "case_number"},
                         Bad{Watch("2026-000001", -1, 100), "after_version"},
                         Bad{Watch("2026-000001", 0, 0), "timeout_ms"},
                         Bad{Watch("2026-000001", 0, 30001), "timeout_ms"}}) {
    grpc::Status status =
        stack.tracker().WatchCase(TestStack::As("m1", "manager").get(), bad.request, &answer);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad.field;
    EXPECT_TRUE(absl::StrContains(status.error_message(), bad.field)) << status.error_message();
  }
  grpc::Status missing = stack.tracker().WatchCase(TestStack::As("m1", "manager").get(),
                                                   Watch("2026-999999", 0, 5000), &answer);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND) << missing.error_message();
}

}  // namespace
}  // namespace gongkai::testing
