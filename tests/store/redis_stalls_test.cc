// The pipeline benchmark's watch of Redis's own stalls (benchmark/redis_stalls.h), against a
// private redis-server: a command made to run 30 ms is found as such, a stall from before the
// watch is not, and the server's latency monitor is left as it was found, also when the watch
// cannot begin.
#include "redis_stalls.h"

#include <gtest/gtest.h>

#include "store_fixture.h"

namespace gongkai::testing {
namespace {

using bench::RedisStall;
using bench::RedisStallWatch;

// Keeps Redis busy in one command for ARGV[1] microseconds, by its own clock.
constexpr char kBusyScript[] = R"lua(
local start = redis.call('TIME')
local begun = start[1] * 1000000 + start[2]
while true do
  local now = redis.call('TIME')
  if now[1] * 1000000 + now[2] - begun >= tonumber(ARGV[1]) then return 1 end
end
)lua";

class RedisStallWatchTest : public RedisServerTest {
 protected:
  std::string Threshold() {
    auto reply = redis_.Command({"CONFIG", "GET", "latency-monitor-threshold"});
    EXPECT_TRUE(reply.ok() && !reply->is_error());
    return reply.ok() && reply->size() == 2 ? std::string(reply->element(1).str()) : "";
  }

  // Runs the busy script for `microseconds`; false if Redis did not run it.
  bool KeepRedisBusy(int microseconds) {
    auto reply = redis_.Command({"EVAL", kBusyScript, "0", std::to_string(microseconds)});
    return reply.ok() && !reply->is_error() && reply->integer() == 1;
  }

  RedisConnection redis_{server_.OperatorOptions()};
};

TEST_F(RedisStallWatchTest, ACommandOfThirtyMillisecondsIsFoundWithItsLength) {
  RedisStallWatch watch(redis_, 1);
  ASSERT_TRUE(watch.status().ok()) << watch.status();
  EXPECT_EQ(Threshold(), "1");
  ASSERT_TRUE(KeepRedisBusy(30000));

  auto stalls = watch.Stop();
  ASSERT_TRUE(stalls.ok()) << stalls.status();
  ASSERT_EQ(stalls->count("command"), 1u) << bench::DescribeStalls(*stalls);
  // At least the second of the busy script (another command of the watch's own, delayed on a
  // busy machine, may add one).
  EXPECT_GE(stalls->at("command").seconds, 1);
  EXPECT_GE(stalls->at("command").longest_ms, 30);
  EXPECT_LT(stalls->at("command").longest_ms, 1000);
  EXPECT_EQ(Threshold(), "0");  // the server's own setting again: the monitor off
}

TEST_F(RedisStallWatchTest, AStallFromBeforeTheWatchIsForgottenAndTheThresholdRestored) {
  ASSERT_TRUE(redis_.Command({"CONFIG", "SET", "latency-monitor-threshold", "7"}).ok());
  ASSERT_TRUE(KeepRedisBusy(40000));
  auto before = redis_.Command({"LATENCY", "LATEST"});
  ASSERT_TRUE(before.ok() && before->size() == 1);  // the 40 ms command, recorded
  EXPECT_EQ(before->element(0).element(0).str(), "command");

  RedisStallWatch watch(redis_, 1);
  ASSERT_TRUE(watch.status().ok()) << watch.status();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(redis_.Command({"PING"}).ok());
  auto stalls = watch.Stop();
  ASSERT_TRUE(stalls.ok()) << stalls.status();
  // Only the watch's own commands could have stalled meanwhile (a busy machine), never 40 ms.
  for (const auto& [event, stall] : *stalls) EXPECT_LT(stall.longest_ms, 30) << event;
  EXPECT_EQ(Threshold(), "7");
}

TEST_F(RedisStallWatchTest, AWatchThatCannotBeginSaysWhyAndChangesNothing) {
  // The services' user may run neither CONFIG nor LATENCY.
  RedisConnection service(server_.ServiceOptions());
  RedisStallWatch watch(service, 1);
  EXPECT_FALSE(watch.status().ok());
  auto stalls = watch.Stop();
  EXPECT_FALSE(stalls.ok());
  EXPECT_EQ(Threshold(), "0");
}

TEST(RedisStallsText, NamesEachEventWithItsSecondsAndLongest) {
  const std::map<std::string, RedisStall> stalls = {{"aof-fsync-always", {14, 12}},
                                                    {"command", {1, 3}}};
  EXPECT_EQ(bench::DescribeStalls(stalls), "aof-fsync-always 14 s, 12 ms; command 1 s, 3 ms");
  EXPECT_EQ(bench::StallsJson(stalls),
            "{\"aof-fsync-always\":{\"seconds\":14,\"longest_ms\":12},"
            "\"command\":{\"seconds\":1,\"longest_ms\":3}}");
  EXPECT_EQ(bench::DescribeStalls({}), "none");
  EXPECT_EQ(bench::StallsJson({}), "{}");
}

}  // namespace
}  // namespace gongkai::testing
