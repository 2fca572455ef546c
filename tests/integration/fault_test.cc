// Faults the pipeline must survive: each service killed with SIGKILL mid-load and restarted,
// redis-server killed and restarted from its AOF, Redis unreachable, and a graceful shutdown.
// Nothing here measures time; each test asserts what happened to every case.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/health_probe.h"
#include "pipeline_driver.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

class ServiceKilledMidLoad : public ::testing::TestWithParam<std::string> {};

TEST_P(ServiceKilledMidLoad, EveryCaseCompletesOnceAndNoStageIsSkipped) {
  const std::string victim = GetParam();
  TestStack stack({.claim_idle_ms = 300});
  stack.StartAll();
  PipelineDriver driver(stack);
  constexpr int kCases = 240;
  int closed_at_fault = -1;
  std::thread fault([&] {
    while (driver.registered() < kCases / 3) absl::SleepFor(absl::Milliseconds(5));
    closed_at_fault = driver.closed();
    stack.Kill(victim, SIGKILL);
    absl::SleepFor(absl::Milliseconds(300));
    stack.Restart(victim);
  });
  const std::vector<DrivenCase> cases = driver.DriveAll(kCases, 8, "killed-" + victim);
  fault.join();
  EXPECT_GE(closed_at_fault, 0);
  EXPECT_LT(closed_at_fault, static_cast<int>(cases.size()));  // the fault struck mid-load
  ExpectEveryCaseClosedOnce(stack, cases);
}

INSTANTIATE_TEST_SUITE_P(EachService, ServiceKilledMidLoad,
                         ::testing::Values("intake", "routing", "review", "reply"),
                         [](const auto& info) { return info.param; });

TEST(RedisFaults, KilledMidLoadWithAppendfsyncAlwaysLosesNoAcknowledgedCase) {
  TestStack stack({.claim_idle_ms = 300, .appendfsync = "always"});
  stack.StartAll();
  PipelineDriver driver(stack);
  constexpr int kCases = 200;
  int closed_at_fault = -1;
  std::thread fault([&] {
    while (driver.registered() < kCases / 3) absl::SleepFor(absl::Milliseconds(5));
    closed_at_fault = driver.closed();
    stack.KillRedis(SIGKILL);
    absl::SleepFor(absl::Milliseconds(500));
    stack.StartRedis();  // the same directory: the AOF is replayed
  });
  const std::vector<DrivenCase> cases = driver.DriveAll(kCases, 8, "redis-killed");
  fault.join();
  EXPECT_GE(closed_at_fault, 0);
  EXPECT_LT(closed_at_fault, static_cast<int>(cases.size()));  // the fault struck mid-load
  // Every registration that returned OK is still there, and the services, reconnecting by
  // themselves, drained the pipeline.
  ExpectEveryCaseClosedOnce(stack, cases);
}

// The health a service reports, polled until it is `wanted` or five seconds have passed.
ServingHealth HealthBecomes(int port, ServingHealth wanted) {
  auto channel = TestChannel(port);
  ServingHealth health = ProbeHealth(channel, absl::Seconds(2));
  for (int i = 0; i < 100 && health != wanted; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
    health = ProbeHealth(channel, absl::Seconds(2));
  }
  return health;
}

TEST(RedisFaults, UnreachableRedisFailsFastAndHealthSaysNotServing) {
  TestStack stack;
  stack.StartAll();
  stack.KillRedis(SIGKILL);
  v1::RegisterResponse response;
  grpc::Status refused =
      stack.intake().Register(TestStack::As("window01", "clerk").get(),
                              SampleRegistration("unreachable-1", "2025年县级财政预算"), &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(refused.error_message().find("Redis"), std::string::npos) << refused.error_message();
  for (const char* service : {"intake", "routing", "review", "reply", "tracker"}) {
    EXPECT_EQ(HealthBecomes(stack.port(service), ServingHealth::kNotServing),
              ServingHealth::kNotServing)
        << service;
  }

  stack.StartRedis();
  // Nothing of the refused registration was written; once Redis is back it registers afresh.
  for (const char* pattern : {"gk:*:case:*", "gk:*:events:*", "gk:{seq}:*", "gk:*:report"}) {
    EXPECT_EQ(stack.redis().Command({"KEYS", pattern})->size(), 0u) << pattern;
  }
  EXPECT_EQ(HealthBecomes(stack.port("intake"), ServingHealth::kServing), ServingHealth::kServing);
  grpc::Status registered =
      stack.intake().Register(TestStack::As("window01", "clerk").get(),
                              SampleRegistration("unreachable-1", "2025年县级财政预算"), &response);
  EXPECT_TRUE(registered.ok()) << registered.error_message();
  EXPECT_EQ(response.case_().state(), v1::CASE_STATE_REGISTERED);
}

TEST(GracefulShutdown, SigtermMidLoadFinishesInFlightWorkAndLosesNothing) {
  TestStack stack({.claim_idle_ms = 300});
  stack.StartAll();
  PipelineDriver driver(stack);
  constexpr int kCases = 160;
  int exit_status = -1;
  int closed_at_fault = -1;
  std::thread fault([&] {
    while (driver.registered() < kCases / 3) absl::SleepFor(absl::Milliseconds(5));
    closed_at_fault = driver.closed();
    exit_status = stack.Stop("routing", SIGTERM);
    stack.Restart("routing");
  });
  const std::vector<DrivenCase> cases = driver.DriveAll(kCases, 8, "sigterm");
  fault.join();
  EXPECT_GE(closed_at_fault, 0);
  EXPECT_LT(closed_at_fault, static_cast<int>(cases.size()));  // the fault struck mid-load
  // A clean exit, and whatever it had taken from its stream it either finished or left for the
  // restarted process: every case routed once.
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0) << exit_status;
  ExpectEveryCaseClosedOnce(stack, cases);
}

// --workers=0: every call's Redis work on gRPC's own threads, each with its own connection.
TEST(CallThreads, CallsServedOnGrpcThreadsCarryTheWholePipeline) {
  TestStack stack;
  for (const char* service : {"intake", "routing", "review", "reply", "tracker"}) {
    stack.Start(service, {"--workers=0"});
  }
  PipelineDriver driver(stack);
  ExpectEveryCaseClosedOnce(stack, driver.DriveAll(120, 8, "inline"));
}

}  // namespace
}  // namespace gongkai::testing
