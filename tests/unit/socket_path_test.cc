// The unix socket paths the programs accept on their command lines (--redis=unix:...,
// --listen_socket): absolute, and short enough for a socket's address.
#include "base/socket_path.h"

#include <gtest/gtest.h>

#include <string>

#include "redis/redis_options.h"

namespace gongkai {
namespace {

TEST(SocketPath, AnAbsolutePathOfAtMostAHundredBytesIsAccepted) {
  EXPECT_TRUE(CheckSocketPath("`listen_socket`", "/run/gongkai/intake.sock").ok());
  const std::string longest = "/" + std::string(99, 's');
  ASSERT_EQ(longest.size(), 100u);
  EXPECT_TRUE(CheckSocketPath("`listen_socket`", longest).ok());
}

TEST(SocketPath, ARelativeEmptyOrLongerPathIsRefusedNamingTheFlag) {
  for (const std::string& path :
       {std::string("sockets/intake.sock"), std::string(), "/" + std::string(100, 's')}) {
    const absl::Status status = CheckSocketPath("`listen_socket`", path);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << path;
    EXPECT_EQ(status.message(), "`listen_socket` must be an absolute path of at most 100 bytes")
        << path;
  }
}

TEST(SocketPath, RedisAddressesUseTheSameRule) {
  absl::StatusOr<RedisOptions> accepted = ParseRedisAddress("unix:/run/gongkai/redis.sock");
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->unix_socket, "/run/gongkai/redis.sock");
  absl::StatusOr<RedisOptions> refused = ParseRedisAddress("unix:redis.sock");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "`redis` unix socket must be an absolute path of at most 100 bytes");
}

}  // namespace
}  // namespace gongkai
