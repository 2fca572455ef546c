// Gongkai's connection to Redis: one node, or a Redis Cluster of several masters, behind one
// interface. Every call names its route (redis_route.h: the hash tag of its keys), and the
// connection sends it to the master that serves that slot now. Not thread-safe: each worker
// thread owns its own.
//
// On a cluster it reads the slot table with CLUSTER SHARDS, keeps one connection per node,
// follows MOVED (and re-reads the table) and ASK redirects, retries TRYAGAIN a few times, and
// re-reads the table after a node fails (a replica taking over). A single node is the case of
// one node owning every slot; which of the two it talks to, it learns from the node itself.
// Hand-written: Debian 12 has no C or C++ cluster client (hiredis 0.14 has none).
//
// Errors: a node that cannot be reached is UNAVAILABLE (the caller may retry the same call: the
// scripts' version checks make a repeated change harmless); an error reply from Redis is
// returned as a RedisError reply, for the caller to interpret.
//
// Example:
//   RedisConnection redis(options);
//   GK_ASSIGN_OR_RETURN(RedisReply reply,
//                       redis.Command(keys::PartitionRoute(7), {"HGET", key, "state"}));
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "redis/cluster_topology.h"
#include "redis/redis_options.h"
#include "redis/redis_reply.h"
#include "redis/redis_route.h"

namespace gongkai {

class NodeConnection;

// A Lua script's source. Each node loads it on first use and is then called by SHA.
struct LuaScript {
  absl::string_view source;
};

struct RoutedCommand {
  RedisRoute route;
  std::vector<std::string> args;
};

struct ScriptCall {
  RedisRoute route;
  std::vector<std::string> keys;
  std::vector<std::string> args;
};

// What a pipeline does when one of the nodes it needs cannot be reached.
enum class WhenNodeDown {
  kFailAll,     // the whole call is UNAVAILABLE (the default: the caller needs every reply)
  kFailItsOwn,  // that node's commands answer an error reply "UNAVAILABLE <why>", the others
                // their own replies: a fan-out over every partition goes on for the reachable
};

// The text a kFailItsOwn reply starts with.
inline constexpr absl::string_view kNodeDownReply = "UNAVAILABLE ";

// One connection to one node, for a subscriber: `node` is its address ("host:port", or the
// given "unix:/path" on one node), `session` a number no other connection of the process bears
// (0: none). A subscription lives as long as its session: the same node answering under another
// session holds none of the old subscriptions.
struct NodeSession {
  std::string node;
  uint64_t session = 0;
  bool operator==(const NodeSession&) const = default;
};

// What one node pushed to a subscribed connection, or how that node's connection failed.
struct PushedMessage {
  NodeSession from;
  // The message; or UNAVAILABLE: that node's connection failed and is dropped (its
  // subscriptions with it; the other nodes' stand).
  absl::StatusOr<RedisReply> message;
};

class RedisConnection {
 public:
  explicit RedisConnection(RedisOptions options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  absl::StatusOr<RedisReply> Command(const RedisRoute& route,
                                     const std::vector<absl::string_view>& args);
  // Writes every command (to every node) before reading any reply: one round trip for the lot.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(const std::vector<RoutedCommand>& commands,
                                                   WhenNodeDown when = WhenNodeDown::kFailAll);
  // Runs the script on the master of `route`; every key must carry the route's tag.
  absl::StatusOr<RedisReply> Eval(const RedisRoute& route, const LuaScript& script,
                                  const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args);
  // Many calls of one script in one round trip. A node that lost its script cache (a restart,
  // a failover) answers NOSCRIPT without running the call; the script is loaded again and
  // those calls sent again (if that fails, their replies stay NOSCRIPT errors beside the
  // replies of the calls that ran).
  absl::StatusOr<std::vector<RedisReply>> EvalMany(const LuaScript& script,
                                                   const std::vector<ScriptCall>& calls,
                                                   WhenNodeDown when = WhenNodeDown::kFailAll);

  // A command about the server rather than a key (PING, INFO, CONFIG GET), sent to every master:
  // one reply each, a master that cannot be reached answering a kNodeDownReply error.
  absl::StatusOr<std::vector<RedisReply>> OnEveryMaster(const std::vector<absl::string_view>& args);

  // For tests and tools, which inspect keys: routed by the hash tag of the key at args[1] (or
  // args[1] itself); a command without arguments goes to the master of slot 0. The services
  // name their routes instead.
  absl::StatusOr<RedisReply> Command(const std::vector<absl::string_view>& args);
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands);

  // For a subscriber, which keeps one connection per node and subscribes with SSUBSCRIBE: a
  // node that already holds subscriptions may push a message before it answers, which is then
  // read as the answer (the caller checks each answer and drops a connection out of step).

  // Pipeline, naming the connection that answered each command (`answered_by`, one entry per
  // command; an empty node for a command that got no answer).
  absl::StatusOr<std::vector<RedisReply>> PipelineNamingNodes(
      const std::vector<RoutedCommand>& commands, WhenNodeDown when,
      std::vector<NodeSession>* answered_by);
  // The next message a node pushed, or the failure of one node's connection, waiting at most
  // `wait` for one; nullopt when none came. Only connected nodes are listened to (none: it
  // just waits).
  std::optional<PushedMessage> ReadPushedFrom(absl::Duration wait);
  // The same without naming the node: the next message any node pushed; UNAVAILABLE (that
  // node's connection dropped) on failure.
  absl::StatusOr<std::optional<RedisReply>> ReadPushed(absl::Duration wait);
  // The session of `node`'s connection now (0: not connected, or not a node met).
  uint64_t SessionOf(absl::string_view node) const;
  // Closes `node`'s connection, its subscriptions with it, and no other; the slot table is
  // marked for reading again (at most every 100 ms), as after a failure.
  void DropNode(absl::string_view node);
  // Reads the slot table again now (on a cluster; nothing on one node) and names the master of
  // `route` as NodeSession::node names a node; empty when no master serves it. A subscriber
  // asks now and then: a master that froze while its replica took over sends no sunsubscribe,
  // and its connection may stay open.
  std::string CurrentMasterOf(const RedisRoute& route);

  // Whether the node this connection was given is part of a cluster (known after the first
  // call).
  bool is_cluster() const { return cluster_; }
  // The masters serving slots now, as host:port (one entry, the given address, on one node).
  std::vector<std::string> Masters() const;

  // Raised by every failed connection in the process: what was read or committed before may
  // not be what Redis holds now (a restart can lose the last writes). CaseCache checks it.
  static int64_t Epoch();
  // Failed connections and commands since the process started, by node address.
  static std::map<std::string, int64_t> FailuresByNode();
  // Total round trips made, for benchmarks and tests.
  long long round_trips() const { return round_trips_; }

 private:
  // Learns, on first use, whether the node is part of a cluster, and reads its slot table.
  absl::Status EnsureTopology();
  absl::Status ReadTopology();
  absl::StatusOr<NodeConnection*> NodeForSlot(int slot);
  int NodeIndex(const NodeAddress& address);
  // One command to the master of `slot`, following redirects; `ran_on` is the node that
  // answered.
  absl::StatusOr<RedisReply> Routed(int slot, const std::vector<absl::string_view>& args,
                                    NodeConnection** ran_on = nullptr);
  absl::StatusOr<std::string> LoadScript(int slot, const LuaScript& script);
  absl::Status LoadScriptOn(NodeConnection& node, const LuaScript& script);
  // Pipeline, and the node that answered each command (nullptr for one that got no answer);
  // `sessions`, when given, the session of that node's connection as it answered.
  absl::StatusOr<std::vector<RedisReply>> PipelineRecordingNodes(
      const std::vector<RoutedCommand>& commands, WhenNodeDown when,
      std::vector<NodeConnection*>* ran_on, std::vector<uint64_t>* sessions = nullptr);
  // The node connections a subscriber may hold subscriptions on: the one node, or every
  // cluster node met.
  std::vector<NodeConnection*> SubscriberNodes() const;
  // WAIT on each node, after a script ran there (options_.wait_replicas).
  absl::Status WaitForReplicas(const std::vector<NodeConnection*>& nodes);

  RedisOptions options_;
  // The node the options name: all the slots on one node; on a cluster, where the slot table
  // is read from first.
  std::unique_ptr<NodeConnection> seed_;
  bool topology_known_ = false;
  bool cluster_ = false;
  // Cluster only: every node met, and each slot's master (an index into nodes_, -1: none now).
  std::vector<NodeAddress> node_addresses_;
  std::vector<std::unique_ptr<NodeConnection>> nodes_;
  std::vector<int> slot_owner_;
  bool topology_stale_ = false;
  absl::Time next_topology_read_ = absl::InfinitePast();
  long long round_trips_ = 0;
  std::unordered_map<const void*, std::string> script_shas_;  // by LuaScript address
};

}  // namespace gongkai
