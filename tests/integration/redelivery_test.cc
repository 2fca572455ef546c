// Stream hand-over under failure: a routing process killed while it holds unacknowledged
// entries, a consumer that vanished with entries, and an entry no handler can process.
#include <gtest/gtest.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/call_context.h"
#include "redis/handed_case.h"
#include "redis/keys.h"
#include "redis/stream_consumer.h"
#include "rules/case_commands.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

int CountRoutingEvents(const v1::Case& c) {
  int count = 0;
  for (const auto& event : c.events()) {
    if (event.command() == "Route" || event.command() == "RouteToDispatch") ++count;
  }
  return count;
}

void ExpectEveryCaseRoutedExactlyOnce(TestStack& stack, const std::vector<std::string>& numbers) {
  for (const std::string& number : numbers) {
    v1::Case routed = WaitForState(stack, number, v1::CASE_STATE_ASSIGNED, absl::Seconds(20));
    EXPECT_EQ(CountRoutingEvents(routed), 1) << number;
    EXPECT_EQ(routed.events_size(), 2) << number;
  }
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const std::string stream = keys::Stream(partition, Stage::kRouting);
    EXPECT_EQ(stack.redis().Command({"XLEN", stream})->integer(), 0) << stream;
    EXPECT_EQ(stack.redis().Command({"XPENDING", stream, "routing"})->element(0).integer(), 0)
        << stream;
  }
}

TEST(Redelivery, OnePollCommitsEveryPlannedCaseInOneRoundTripAndAcknowledgesRepeats) {
  TestStack stack;
  stack.Start("intake");
  std::vector<std::string> numbers;
  for (int i = 0; i < 30; ++i)
    numbers.push_back(RegisterSample(stack, absl::StrCat("batch-", i, "-xx")));
  // Five repeated hand-overs (as a producer retrying its XADD would write) and one entry whose
  // case does not exist: all acknowledged without effect.
  for (int i = 0; i < 5; ++i) {
    const int partition = PartitionOf(*ParseCaseNumber(numbers[i]));
    ASSERT_TRUE(stack.redis()
                    .Command({"XADD", keys::Stream(partition, Stage::kRouting), "*", "case",
                              numbers[i], "version", "1"})
                    .ok());
  }
  ASSERT_TRUE(stack.redis()
                  .Command({"XADD", keys::Stream(0, Stage::kRouting), "*", "case", "2026-999999",
                            "version", "1"})
                  .ok());

  RedisOptions redis = stack.ServiceOptions();
  StreamConsumer consumer(
      redis, {.stage = Stage::kRouting, .group = "routing", .consumer = "routing-test"},
      [](CaseStore& store, const StreamEntry& entry) {
        return PlanHandedCase(store, entry, v1::CASE_STATE_REGISTERED, [](const v1::Case& current) {
          return RouteCase(current, {.department = "czj", .explanation = "test"},
                           ServiceActor("routing"), absl::Now());
        });
      });
  ASSERT_TRUE(consumer.EnsureGroups().ok());
  const long long before = consumer.round_trips();
  absl::StatusOr<int> handled = consumer.PollOnce();
  ASSERT_TRUE(handled.ok()) << handled.status();
  EXPECT_EQ(*handled, 36);
  // One round trip for the poll, one for all thirty-five planned commits (the repeats' commits
  // find the case moved on and are acknowledged), one for the six acknowledgements; plus a case
  // read for each entry that carries no case (the five repeats and the missing case), and the
  // transition script's SCRIPT LOAD, once for this new connection.
  EXPECT_EQ(consumer.round_trips() - before, 3 + 6 + 1);
  ExpectEveryCaseRoutedExactlyOnce(stack, numbers);
}

TEST(Redelivery, ACommitForACaseThatIsGoneIsNotFound) {
  TestStack stack;  // Redis only
  v1::Case vanished;
  vanished.set_case_number("2026-999998");
  vanished.set_state(v1::CASE_STATE_REGISTERED);
  vanished.set_version(3);
  absl::StatusOr<CaseChange> change = RouteCase(vanished, {.department = "czj", .explanation = "x"},
                                                ServiceActor("routing"), absl::Now());
  ASSERT_TRUE(change.ok()) << change.status();
  CaseStore store(stack.redis());
  const absl::StatusOr<int64_t> committed = store.Commit(*change);
  EXPECT_EQ(committed.status().code(), absl::StatusCode::kNotFound) << committed.status();
  EXPECT_EQ(committed.status().message(), "案件 2026-999998 不存在，请核对案件编号");
}

TEST(Redelivery, EntriesHeldByAVanishedConsumerAreClaimedAndRoutedOnce) {
  TestStack stack({.claim_idle_ms = 300});
  stack.Start("intake");
  std::vector<std::string> numbers;
  for (int i = 0; i < 40; ++i)
    numbers.push_back(RegisterSample(stack, absl::StrCat("held-", i, "-xx")));
  // A consumer reads every entry and dies before acknowledging any.
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const std::string stream = keys::Stream(partition, Stage::kRouting);
    auto created = stack.redis().Command({"XGROUP", "CREATE", stream, "routing", "0", "MKSTREAM"});
    ASSERT_TRUE(created.ok() && !created->is_error()) << stream;
    auto read = stack.redis().Command(
        {"XREADGROUP", "GROUP", "routing", "routing-dead", "COUNT", "100", "STREAMS", stream, ">"});
    ASSERT_TRUE(read.ok());
  }
  stack.Start("routing");
  ExpectEveryCaseRoutedExactlyOnce(stack, numbers);
}

TEST(Redelivery, RoutingKilledMidLoadAndRestartedLosesAndDuplicatesNothing) {
  TestStack stack({.claim_idle_ms = 300});
  stack.Start("intake");
  stack.Start("routing", {"--consumer=routing-a"});
  std::vector<std::string> numbers;
  for (int i = 0; i < 150; ++i) {
    numbers.push_back(RegisterSample(stack, absl::StrCat("killed-", i, "-xx")));
    if (i == 75) stack.Kill("routing", SIGKILL);
    // The same consumer name: the restarted process first finishes what it held when killed.
    if (i == 110) stack.Start("routing", {"--consumer=routing-a"});
  }
  ExpectEveryCaseRoutedExactlyOnce(stack, numbers);
}

TEST(Redelivery, APoisonEntryIsDeadLetteredAndDoesNotBlockOthers) {
  TestStack stack({.claim_idle_ms = 200, .max_deliveries = 2});
  stack.StartAll();
  // A case whose stored data no handler can read, handed to routing.
  const CaseNumber poison{2026, 900001};
  const int partition = PartitionOf(poison);
  const std::string case_key = keys::Case(poison);
  const std::string stream = keys::Stream(partition, Stage::kRouting);
  const std::vector<std::vector<absl::string_view>> commands = {
      {"HSET", case_key, "version", "1", "state", "1", "data", "\xff\xff not a case"},
      {"XADD", stream, "*", "case", "2026-900001", "version", "1"}};
  for (const std::vector<absl::string_view>& command : commands) {
    auto done = stack.redis().Command(command);
    ASSERT_TRUE(done.ok() && !done->is_error()) << command[0];
  }
  const std::string healthy = RegisterSample(stack, "after-poison-1");
  WaitForState(stack, healthy, v1::CASE_STATE_ASSIGNED);

  const std::string dead = keys::DeadLetters(partition);
  const absl::Time deadline = absl::Now() + absl::Seconds(15);
  while (stack.redis().Command({"XLEN", dead})->integer() == 0 && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  auto entries = stack.redis().Command({"XRANGE", dead, "-", "+"});
  ASSERT_EQ(entries->size(), 1u);
  const RedisReply fields = entries->element(0).element(1);
  std::map<std::string, std::string> record;
  for (size_t i = 0; i + 1 < fields.size(); i += 2) {
    record[std::string(fields.element(i).str())] = std::string(fields.element(i + 1).str());
  }
  EXPECT_EQ(record["case"], "2026-900001");
  EXPECT_EQ(record["stage"], "routing");
  EXPECT_EQ(record["deliveries"], "2");
  EXPECT_EQ(stack.redis().Command({"XPENDING", stream, "routing"})->element(0).integer(), 0);
}

}  // namespace
}  // namespace gongkai::testing
