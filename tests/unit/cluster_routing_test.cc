// The cluster routing layer's pure parts: slot hashing, the slot table from CLUSTER SHARDS, and
// the redirect errors. The replies are built from recorded RESP text by hiredis's own reader,
// exactly as they arrive from a node.
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <set>
#include <string>

#include "redis/cluster_topology.h"
#include "redis/keys.h"
#include "redis/redis_route.h"

namespace gongkai {
namespace {

RedisReply FromResp(const std::string& resp) {
  redisReader* reader = redisReaderCreate();
  redisReaderFeed(reader, resp.data(), resp.size());
  void* reply = nullptr;
  EXPECT_EQ(redisReaderGetReply(reader, &reply), REDIS_OK);
  redisReaderFree(reader);
  EXPECT_NE(reply, nullptr);
  return RedisReply(static_cast<redisReply*>(reply));
}

std::string Bulk(const std::string& text) {
  return "$" + std::to_string(text.size()) + "\r\n" + text + "\r\n";
}

// One node of CLUSTER SHARDS' reply: id, port, ip, endpoint, role, replication-offset, health.
std::string Node(const std::string& ip, int port, const std::string& role,
                 const std::string& health) {
  return "*14\r\n" + Bulk("id") + Bulk(std::string(40, 'a')) + Bulk("port") + ":" +
         std::to_string(port) + "\r\n" + Bulk("ip") + Bulk(ip) + Bulk("endpoint") + Bulk(ip) +
         Bulk("role") + Bulk(role) + Bulk("replication-offset") + ":72156\r\n" + Bulk("health") +
         Bulk(health);
}

std::string Shard(const std::string& slots, int ranges, const std::string& nodes, int count) {
  return "*4\r\n" + Bulk("slots") + "*" + std::to_string(2 * ranges) + "\r\n" + slots +
         Bulk("nodes") + "*" + std::to_string(count) + "\r\n" + nodes;
}

TEST(KeyHashSlot, MatchesRedisClusterOnItsReferenceValues) {
  EXPECT_EQ(KeyHashSlot("123456789"), 12739);  // the Redis Cluster specification's example
  EXPECT_EQ(KeyHashSlot("foo"), 12182);
  EXPECT_EQ(KeyHashSlot(""), 0);
}

TEST(KeyHashSlot, HashesOnlyTheFirstNonEmptyTag) {
  EXPECT_EQ(KeyHashSlot("{user1000}.following"), KeyHashSlot("user1000"));
  EXPECT_EQ(KeyHashSlot("gk:{p07}:case:2026-000123"), KeyHashSlot("p07"));
  EXPECT_EQ(KeyHashSlot("foo{}{bar}"), KeyHashSlot("foo{}{bar}"));  // empty tag: the whole key
  EXPECT_NE(KeyHashSlot("foo{}{bar}"), KeyHashSlot("bar"));
  EXPECT_EQ(KeyHashSlot("foo{{bar}}zap"), KeyHashSlot("{bar"));
  EXPECT_EQ(KeyHashSlot("foo{bar}{zap}"), KeyHashSlot("bar"));
}

TEST(RedisRoute, EveryKeyOfAPartitionIsOnItsRoute) {
  const RedisRoute& route = keys::PartitionRoute(7);
  EXPECT_EQ(route.tag(), "p07");
  EXPECT_EQ(keys::DueIndex(7), "gk:{p07}:due");
  EXPECT_EQ(keys::DueIndex(15), "gk:{p15}:due");
  EXPECT_EQ(keys::Stream(0, Stage::kRouting), "gk:{p00}:stream:routing");
  EXPECT_EQ(route.slot(), KeyHashSlot("gk:{p07}:due"));
  EXPECT_TRUE(route.Holds(keys::DueIndex(7)));
  EXPECT_TRUE(route.Holds(keys::Stream(7, Stage::kRouting)));
  EXPECT_FALSE(route.Holds(keys::DueIndex(8)));
  EXPECT_FALSE(route.Holds("gk:p07:due"));
  EXPECT_TRUE(keys::SequenceRoute().Holds(keys::CaseCounter(2026)));
  EXPECT_TRUE(keys::AuthRoute().Holds(keys::Users()));
  EXPECT_FALSE(RedisRoute::OfSlot(0).Holds("{}x"));
}

TEST(RedisRoute, TheSixteenPartitionsHaveSixteenDifferentSlots) {
  std::set<int> slots;
  for (int p = 0; p < kPartitionCount; ++p) slots.insert(keys::PartitionRoute(p).slot());
  EXPECT_EQ(slots.size(), 16u);
}

TEST(ParseClusterShards, TakesEachShardsOnlineMasterAndItsRanges) {
  const std::string reply = "*2\r\n" +
                            Shard(":0\r\n:6676\r\n", 1,
                                  Node("127.0.0.1", 7391, "master", "online") +
                                      Node("127.0.0.1", 7394, "replica", "online"),
                                  2) +
                            Shard(":6677\r\n:11148\r\n:11149\r\n:16383\r\n", 2,
                                  Node("127.0.0.1", 7392, "master", "online"), 1);
  absl::StatusOr<std::vector<ClusterShard>> shards = ParseClusterShards(FromResp(reply));
  ASSERT_TRUE(shards.ok()) << shards.status();
  ASSERT_EQ(shards->size(), 2u);
  EXPECT_EQ((*shards)[0].slot_ranges, (std::vector<std::pair<int, int>>{{0, 6676}}));
  ASSERT_TRUE((*shards)[0].master.has_value());
  EXPECT_EQ(ToString(*(*shards)[0].master), "127.0.0.1:7391");
  ASSERT_EQ((*shards)[0].replicas.size(), 1u);
  EXPECT_EQ((*shards)[0].replicas[0].port, 7394);
  EXPECT_EQ((*shards)[1].slot_ranges,
            (std::vector<std::pair<int, int>>{{6677, 11148}, {11149, 16383}}));
  EXPECT_EQ((*shards)[1].master->port, 7392);
}

TEST(ParseClusterShards, AFailedMasterServesNothingUntilItsReplicaTakesOver) {
  const std::string reply = "*1\r\n" + Shard(":0\r\n:16383\r\n", 1,
                                             Node("127.0.0.1", 7391, "master", "fail") +
                                                 Node("127.0.0.1", 7394, "replica", "online"),
                                             2);
  absl::StatusOr<std::vector<ClusterShard>> shards = ParseClusterShards(FromResp(reply));
  ASSERT_TRUE(shards.ok()) << shards.status();
  ASSERT_EQ(shards->size(), 1u);
  EXPECT_FALSE((*shards)[0].master.has_value());
}

TEST(ParseClusterShards, LeavesOutShardsWithoutSlots) {
  const std::string reply = "*1\r\n" + Shard("", 0, Node("127.0.0.1", 7395, "master", "online"), 1);
  absl::StatusOr<std::vector<ClusterShard>> shards = ParseClusterShards(FromResp(reply));
  ASSERT_TRUE(shards.ok()) << shards.status();
  EXPECT_TRUE(shards->empty());
}

TEST(ParseClusterShards, RefusesMalformedReplies) {
  EXPECT_FALSE(ParseClusterShards(FromResp("+OK\r\n")).ok());
  EXPECT_FALSE(ParseClusterShards(FromResp("*1\r\n" + Shard(":5\r\n:2\r\n", 1,
                                                            Node("h", 1, "master", "online"), 1)))
                   .ok());
  EXPECT_FALSE(ParseClusterShards(FromResp("*1\r\n" + Shard(":0\r\n:16384\r\n", 1,
                                                            Node("h", 1, "master", "online"), 1)))
                   .ok());
  EXPECT_FALSE(ParseClusterShards(FromResp("*1\r\n" + Shard(":0\r\n:1\r\n", 1,
                                                            Node("h", 0, "master", "online"), 1)))
                   .ok());
}

TEST(ParseRedirect, ReadsMovedAndAsk) {
  std::optional<ClusterRedirect> moved = ParseRedirect("MOVED 3999 127.0.0.1:6381");
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->kind, ClusterRedirect::Kind::kMoved);
  EXPECT_EQ(moved->slot, 3999);
  EXPECT_EQ(ToString(moved->to), "127.0.0.1:6381");
  std::optional<ClusterRedirect> ask = ParseRedirect("ASK 12739 10.0.0.7:7002");
  ASSERT_TRUE(ask.has_value());
  EXPECT_EQ(ask->kind, ClusterRedirect::Kind::kAsk);
  EXPECT_EQ(ask->slot, 12739);
  EXPECT_EQ(ask->to.host, "10.0.0.7");
  EXPECT_EQ(ask->to.port, 7002);
}

TEST(ParseRedirect, KeepsAnIpv6HostAndAnEmptyOne) {
  std::optional<ClusterRedirect> v6 = ParseRedirect("MOVED 1 ::1:7001");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->to.host, "::1");
  EXPECT_EQ(v6->to.port, 7001);
  std::optional<ClusterRedirect> unknown = ParseRedirect("MOVED 1 :7001");
  ASSERT_TRUE(unknown.has_value());
  EXPECT_EQ(unknown->to.host, "");
}

TEST(ParseRedirect, IgnoresOtherErrorsAndMalformedOnes) {
  EXPECT_FALSE(
      ParseRedirect("TRYAGAIN Multiple keys request during rehashing of slot").has_value());
  EXPECT_FALSE(ParseRedirect("CLUSTERDOWN The cluster is down").has_value());
  EXPECT_FALSE(ParseRedirect("ERR unknown command").has_value());
  EXPECT_FALSE(ParseRedirect("MOVED 16384 127.0.0.1:7001").has_value());
  EXPECT_FALSE(ParseRedirect("MOVED x 127.0.0.1:7001").has_value());
  EXPECT_FALSE(ParseRedirect("MOVED 1 127.0.0.1").has_value());
  EXPECT_FALSE(ParseRedirect("MOVED 1 127.0.0.1:0").has_value());
  EXPECT_FALSE(ParseRedirect("MOVED 1").has_value());
}

}  // namespace
}  // namespace gongkai
