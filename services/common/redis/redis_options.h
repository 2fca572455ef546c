// How to reach Redis: one node's address (on a cluster, any node: the others are discovered),
// credentials, timeouts, and how many replicas must hold a change before it is acknowledged.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace gongkai {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  // When set, a unix socket path used instead of host and port (tests give each private
  // redis-server its own socket, so no port is found free and then taken by another).
  std::string unix_socket{};
  absl::Duration connect_timeout = absl::Seconds(1);
  absl::Duration command_timeout = absl::Seconds(2);
  // After a failed connection attempt, calls fail fast for this long before trying again, so
  // that an outage costs callers microseconds, not a connect timeout each.
  absl::Duration reconnect_backoff = absl::Milliseconds(200);
  // The Redis ACL user and its password; empty user: the default user, no AUTH.
  std::string user{};
  std::string password{};
  // After every script (the scripts carry every change of a case), WAIT until this many
  // replicas of the master that ran it have it, at most `wait_timeout`; fewer is UNAVAILABLE
  // to the caller. 0: acknowledged once the master has it (and its AOF, as appendfsync says).
  int wait_replicas = 0;
  absl::Duration wait_timeout = absl::Seconds(1);
};

// Reads the password of `user` from `password_file` (its first line) into `options`.
// NOT_FOUND naming the file when it cannot be read.
absl::Status SetRedisCredentials(RedisOptions& options, const std::string& user,
                                 const std::string& password_file);

// Parses "host:port", or "unix:/path/to/redis.sock".
absl::StatusOr<RedisOptions> ParseRedisAddress(absl::string_view address);

// "127.0.0.1:6379" or "unix:/path/to/redis.sock", for messages.
std::string RedisAddress(const RedisOptions& options);

}  // namespace gongkai
