#include "redis/case_cache.h"

#include <gtest/gtest.h>

#include "redis/redis_connection.h"

namespace gongkai {
namespace {

v1::Case At(const std::string& number, int64_t version) {
  v1::Case c;
  c.set_case_number(number);
  c.set_version(version);
  c.set_department("czj");
  return c;
}

TEST(CaseCache, FindsOnlyTheVersionCommitted) {
  CaseCache cache(10);
  const int64_t epoch = RedisConnection::Epoch();
  cache.Put(At("2026-000001", 5), epoch);
  ASSERT_TRUE(cache.Find("2026-000001", 5).has_value());
  EXPECT_EQ(cache.Find("2026-000001", 5)->department(), "czj");
  EXPECT_FALSE(cache.Find("2026-000001", 4).has_value());
  EXPECT_FALSE(cache.Find("2026-000001", 6).has_value());
  EXPECT_FALSE(cache.Find("2026-000002", 5).has_value());
  cache.Put(At("2026-000001", 6), epoch);  // the next commit replaces it
  EXPECT_FALSE(cache.Find("2026-000001", 5).has_value());
  EXPECT_TRUE(cache.Find("2026-000001", 6).has_value());
  EXPECT_EQ(cache.size(), 1u);
}

TEST(CaseCache, EntriesOfAnEarlierEpochAreNotUsed) {
  CaseCache cache(10);
  cache.Put(At("2026-000001", 5), RedisConnection::Epoch() - 1);  // committed before a failure
  EXPECT_FALSE(cache.Find("2026-000001", 5).has_value());

  // A connection that fails starts a new epoch: what was cached before is no longer trusted.
  cache.Put(At("2026-000002", 3), RedisConnection::Epoch());
  RedisOptions nowhere;
  nowhere.port = 1;  // nothing listens there
  nowhere.reconnect_backoff = absl::ZeroDuration();
  RedisConnection refused(nowhere);
  const int64_t before = RedisConnection::Epoch();
  EXPECT_TRUE(absl::IsUnavailable(refused.Command({"PING"}).status()));
  EXPECT_GT(RedisConnection::Epoch(), before);
  EXPECT_FALSE(cache.Find("2026-000002", 3).has_value());
}

TEST(CaseCache, KeepsAtMostItsCapacityDroppingTheOldest) {
  CaseCache cache(3);
  const int64_t epoch = RedisConnection::Epoch();
  for (int i = 1; i <= 5; ++i) cache.Put(At("2026-00000" + std::to_string(i), 1), epoch);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.Find("2026-000001", 1).has_value());
  EXPECT_FALSE(cache.Find("2026-000002", 1).has_value());
  EXPECT_TRUE(cache.Find("2026-000005", 1).has_value());
}

}  // namespace
}  // namespace gongkai
