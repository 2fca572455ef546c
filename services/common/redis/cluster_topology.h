// What a Redis Cluster says about itself, parsed: which master serves which slots (CLUSTER
// SHARDS), and where a MOVED or ASK error sends a command. Plain parsing, no I/O, so that the
// shapes are unit-tested from recorded replies.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "redis/redis_reply.h"

namespace gongkai {

struct NodeAddress {
  std::string host;
  int port = 0;
  bool operator==(const NodeAddress&) const = default;
};

std::string ToString(const NodeAddress& address);

struct ClusterShard {
  std::vector<std::pair<int, int>> slot_ranges;  // inclusive
  // The shard's master when it is online; none while it has failed and no replica has yet
  // taken over (its slots are then unavailable, the others not).
  std::optional<NodeAddress> master;
  std::vector<NodeAddress> replicas;
};

// CLUSTER SHARDS (Redis 7.0): [[ "slots", [first, last, ...], "nodes", [[field, value, ...]] ]].
// Shards without slots are left out. INTERNAL naming what was malformed.
absl::StatusOr<std::vector<ClusterShard>> ParseClusterShards(const RedisReply& reply);

struct ClusterRedirect {
  enum class Kind { kMoved, kAsk };
  Kind kind;
  int slot = 0;
  // An empty host ("MOVED 12 :7001") means the host of the node that answered.
  NodeAddress to;
};

// "MOVED 3999 127.0.0.1:6381" or "ASK 3999 127.0.0.1:6381"; nullopt for any other error.
std::optional<ClusterRedirect> ParseRedirect(absl::string_view error);

}  // namespace gongkai
