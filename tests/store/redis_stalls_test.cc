// The pipeline benchmark's watch of Redis's own stalls (benchmark/redis_stalls.h), against a
// private redis-server: a command made to run 30 ms is found as such, quick ones are not, and the
// server's latency monitor is left as it was found.
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
    EXPECT_TRUE(reply.ok());
    return reply.ok() && reply->size() == 2 ? std::string(reply->element(1).str()) : "";
  }

  RedisConnection redis_{server_.OperatorOptions()};
};

TEST_F(RedisStallWatchTest, ACommandOfThirtyMillisecondsIsOneSecondWithAStall) {
  RedisStallWatch watch(redis_, 1);
  ASSERT_TRUE(watch.status().ok()) << watch.status();
  EXPECT_EQ(Threshold(), "1");
  auto busy = redis_.Command({"EVAL", kBusyScript, "0", "30000"});
  ASSERT_TRUE(busy.ok() && !busy->is_error());

  auto stalls = watch.Stop();
  ASSERT_TRUE(stalls.ok()) << stalls.status();
  ASSERT_EQ(stalls->count("command"), 1u) << bench::DescribeStalls(*stalls);
  EXPECT_EQ(stalls->at("command").seconds, 1);
  EXPECT_GE(stalls->at("command").longest_ms, 30);
  EXPECT_LT(stalls->at("command").longest_ms, 1000);
  EXPECT_EQ(Threshold(), "0");  // the server's own setting again: the monitor off
}

TEST_F(RedisStallWatchTest, QuickCommandsLeaveNoCommandStallAndTheThresholdAsItWas) {
  ASSERT_TRUE(redis_.Command({"CONFIG", "SET", "latency-monitor-threshold", "7"}).ok());
  // A stall from before the watch is forgotten when it begins.
  ASSERT_TRUE(redis_.Command({"EVAL", kBusyScript, "0", "20000"}).ok());

  RedisStallWatch watch(redis_, 1);
  ASSERT_TRUE(watch.status().ok()) << watch.status();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(redis_.Command({"PING"}).ok());
  auto stalls = watch.Stop();
  ASSERT_TRUE(stalls.ok()) << stalls.status();
  EXPECT_EQ(stalls->count("command"), 0u) << bench::DescribeStalls(*stalls);
  EXPECT_EQ(Threshold(), "7");
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
