#include "redis/cluster_topology.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "redis/redis_route.h"

namespace gongkai {
namespace {

// The value of `field` in a flat [field, value, ...] array; a nil reply when absent.
RedisReply Field(const RedisReply& map, absl::string_view field) {
  for (size_t i = 0; i + 1 < map.size(); i += 2) {
    if (map.element(i).str() == field) return map.element(i + 1);
  }
  return RedisReply();
}

absl::StatusOr<NodeAddress> ParseNode(const RedisReply& node) {
  NodeAddress address;
  // "endpoint" is what clients are told to use (cluster-preferred-endpoint-type); "ip" always.
  const RedisReply endpoint = Field(node, "endpoint");
  address.host =
      std::string(endpoint.is_string() && !endpoint.str().empty() && endpoint.str() != "?"
                      ? endpoint.str()
                      : Field(node, "ip").str());
  const RedisReply port = Field(node, "port");
  if (!port.is_integer() || port.integer() <= 0 || port.integer() > 65535 || address.host.empty()) {
    return absl::InternalError("CLUSTER SHARDS: a node without a host or TCP port");
  }
  address.port = static_cast<int>(port.integer());
  return address;
}

}  // namespace

std::string ToString(const NodeAddress& address) {
  return absl::StrCat(address.host, ":", address.port);
}

absl::StatusOr<std::vector<ClusterShard>> ParseClusterShards(const RedisReply& reply) {
  if (!reply.is_array()) return absl::InternalError("CLUSTER SHARDS: not an array");
  std::vector<ClusterShard> shards;
  for (size_t s = 0; s < reply.size(); ++s) {
    const RedisReply shard = reply.element(s);
    const RedisReply slots = Field(shard, "slots");
    const RedisReply nodes = Field(shard, "nodes");
    if (!slots.is_array() || !nodes.is_array() || slots.size() % 2 != 0) {
      return absl::InternalError("CLUSTER SHARDS: a shard without slots or nodes");
    }
    if (slots.size() == 0) continue;
    ClusterShard parsed;
    for (size_t i = 0; i < slots.size(); i += 2) {
      const long long first = slots.element(i).integer();
      const long long last = slots.element(i + 1).integer();
      if (first < 0 || last < first || last >= kClusterSlots) {
        return absl::InternalError("CLUSTER SHARDS: a slot range out of bounds");
      }
      parsed.slot_ranges.emplace_back(static_cast<int>(first), static_cast<int>(last));
    }
    for (size_t n = 0; n < nodes.size(); ++n) {
      const RedisReply node = nodes.element(n);
      absl::StatusOr<NodeAddress> address = ParseNode(node);
      if (!address.ok()) return address.status();
      if (Field(node, "role").str() == "master") {
        if (Field(node, "health").str() == "online") parsed.master = *std::move(address);
      } else {
        parsed.replicas.push_back(*std::move(address));
      }
    }
    shards.push_back(std::move(parsed));
  }
  return shards;
}

std::optional<ClusterRedirect> ParseRedirect(absl::string_view error) {
  ClusterRedirect redirect;
  if (absl::ConsumePrefix(&error, "MOVED ")) {
    redirect.kind = ClusterRedirect::Kind::kMoved;
  } else if (absl::ConsumePrefix(&error, "ASK ")) {
    redirect.kind = ClusterRedirect::Kind::kAsk;
  } else {
    return std::nullopt;
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(error, ' ');
  if (parts.size() != 2) return std::nullopt;
  // The port is after the last colon: an IPv6 host has colons of its own.
  const size_t colon = parts[1].rfind(':');
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(parts[0], &redirect.slot) ||
      redirect.slot < 0 || redirect.slot >= kClusterSlots ||
      !absl::SimpleAtoi(parts[1].substr(colon + 1), &redirect.to.port) || redirect.to.port <= 0 ||
      redirect.to.port > 65535) {
    return std::nullopt;
  }
  redirect.to.host = std::string(parts[1].substr(0, colon));
  return redirect;
}

}  // namespace gongkai
