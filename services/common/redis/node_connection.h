// One blocking hiredis connection to one Redis node, with timeouts, AUTH and reconnection.
// The routing layer (redis_connection.h) owns one per node; nothing else uses it. Not
// thread-safe.
//
// Pipelining comes in halves (Append, Flush, Read) so that the routing layer can write a
// pipeline's commands to every node before it reads any reply: a fan-out over the 16 partitions
// costs about one round trip whatever the number of masters.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "redis/redis_options.h"
#include "redis/redis_reply.h"

struct redisContext;

namespace gongkai {

class NodeConnection {
 public:
  explicit NodeConnection(RedisOptions options);
  ~NodeConnection();
  NodeConnection(const NodeConnection&) = delete;
  NodeConnection& operator=(const NodeConnection&) = delete;

  absl::StatusOr<RedisReply> Command(const std::vector<absl::string_view>& args);

  // Connects if need be (after dropping a socket the server closed). UNAVAILABLE when the node
  // cannot be reached.
  absl::Status Prepare();
  // Buffers one command; Flush writes every buffered command; Read takes the next reply.
  // A failure drops the connection (a half-read pipeline is useless) and is UNAVAILABLE.
  absl::Status Append(const std::vector<absl::string_view>& args);
  absl::Status Flush();
  absl::StatusOr<RedisReply> Read();

  // For a subscribed connection: a message already read off the socket, if any (never blocks;
  // nothing when not connected: a new connection would hold no subscription).
  absl::StatusOr<std::optional<RedisReply>> TakeBuffered();
  // Reads what the socket has (after poll said it is readable) and returns the next message.
  absl::StatusOr<std::optional<RedisReply>> ReadAvailable();
  // Closes the connection on purpose (a subscriber whose replies are out of step); the next
  // call connects again at once. Not counted as a failure.
  void Close();

  bool connected() const { return context_ != nullptr; }
  // Which connection this is: a number no other connection of the process has had, 0 when not
  // connected. A subscriber compares it to learn that its subscriptions went with a connection
  // dropped and made again (even unseen, inside another call).
  uint64_t session() const { return session_; }
  int fd() const;
  const RedisOptions& options() const { return options_; }

  // Raised by every failed connection in the process: what was read or committed before may
  // not be what Redis holds now (a restart can lose the last writes). CaseCache checks it.
  static int64_t Epoch();
  // Failed connections and commands since the process started, by node address ("host:port"
  // or "unix:/path"), for the metrics.
  static std::map<std::string, int64_t> FailuresByNode();

 private:
  absl::Status EnsureConnected();
  // Drops a connection the server has closed (a restarted Redis, an idle timeout), so that the
  // next call makes a new one instead of failing on the dead socket.
  void DropIfClosedByServer();
  absl::Status FailAndDrop(absl::string_view what);

  RedisOptions options_;
  redisContext* context_ = nullptr;
  uint64_t session_ = 0;
  absl::Time next_connect_attempt_ = absl::InfinitePast();
};

}  // namespace gongkai
