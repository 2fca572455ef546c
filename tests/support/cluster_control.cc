#include "cluster_control.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "redis/node_connection.h"

namespace gongkai::testing {
namespace {

constexpr int kNodes = 6;

NodeConnection Connect(const RedisServer& server, int port) {
  RedisOptions options = server.OperatorOptions();
  options.port = port;
  options.reconnect_backoff = absl::ZeroDuration();
  return NodeConnection(options);
}

// One line of CLUSTER NODES: "<id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link>
// <slot ranges ...>".
std::optional<ClusterNode> ParseNodeLine(absl::string_view line) {
  const std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
  if (fields.size() < 8) return std::nullopt;
  ClusterNode node;
  node.id = std::string(fields[0]);
  const absl::string_view address = fields[1].substr(0, fields[1].find('@'));
  if (!absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &node.port)) return std::nullopt;
  const absl::string_view flags = fields[2];
  if (absl::StrContains(flags, "fail") || absl::StrContains(flags, "noaddr")) {
    node.master = false;  // a failed node serves nothing
  } else {
    node.master = absl::StrContains(flags, "master");
  }
  if (fields[3] != "-") node.master_id = std::string(fields[3]);
  for (size_t i = 8; i < fields.size(); ++i) {
    if (fields[i].front() == '[') continue;  // a slot being migrated or imported
    const std::vector<absl::string_view> range = absl::StrSplit(fields[i], '-');
    int first = 0, last = 0;
    if (!absl::SimpleAtoi(range[0], &first)) continue;
    last = first;
    if (range.size() == 2 && !absl::SimpleAtoi(range[1], &last)) continue;
    node.slots.emplace_back(first, last);
  }
  return node;
}

bool Serves(const ClusterNode& node, int slot) {
  for (const auto& [first, last] : node.slots) {
    if (slot >= first && slot <= last) return true;
  }
  return false;
}

}  // namespace

std::vector<ClusterNode> ClusterControl::Nodes() {
  for (int port = server_.cluster_port(); port < server_.cluster_port() + kNodes; ++port) {
    NodeConnection node = Connect(server_, port);
    absl::StatusOr<RedisReply> listed = node.Command({"CLUSTER", "NODES"});
    if (!listed.ok() || listed->is_error()) continue;
    std::vector<ClusterNode> nodes;
    for (absl::string_view line : absl::StrSplit(listed->str(), '\n', absl::SkipEmpty())) {
      if (std::optional<ClusterNode> parsed = ParseNodeLine(line)) nodes.push_back(*parsed);
    }
    return nodes;
  }
  ADD_FAILURE() << "no node of the cluster answers";
  return {};
}

ClusterNode ClusterControl::MasterOf(const RedisRoute& route) {
  for (const ClusterNode& node : Nodes()) {
    if (node.master && Serves(node, route.slot())) return node;
  }
  ADD_FAILURE() << "no master serves {" << route.tag() << "}";
  return {};
}

ClusterNode ClusterControl::ReplicaOf(const ClusterNode& master) {
  // Just after the cluster started, the node asked may not have heard yet that a node became
  // a replica (it still lists it as a master without slots): asked again until it has.
  for (int i = 0; i < 100; ++i) {
    for (const ClusterNode& node : Nodes()) {
      if (!node.master && node.master_id == master.id) return node;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  ADD_FAILURE() << "the master on port " << master.port << " has no replica";
  return {};
}

pid_t ClusterControl::PidOf(const ClusterNode& node) {
  const std::string pid_file =
      absl::StrCat(server_.cluster_dir(), "/node-", node.port, "/redis.pid");
  std::ifstream in(pid_file);
  pid_t pid = 0;
  in >> pid;
  EXPECT_GT(pid, 0) << "no pid in " << pid_file;
  return pid;
}

void ClusterControl::Signal(const ClusterNode& node, int signal) {
  const pid_t pid = PidOf(node);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, signal), 0);
}

void ClusterControl::Kill(const ClusterNode& node, int signal) {
  const pid_t pid = PidOf(node);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, signal), 0);
  for (int i = 0; i < 500 && ::kill(pid, 0) == 0; ++i) absl::SleepFor(absl::Milliseconds(10));
  ASSERT_NE(::kill(pid, 0), 0) << "node " << node.port << " did not end";
}

ClusterNode ClusterControl::WaitForNewMaster(const RedisRoute& route,
                                             const ClusterNode& old_master) {
  for (int i = 0; i < 300; ++i) {
    for (const ClusterNode& node : Nodes()) {
      if (node.master && node.id != old_master.id && Serves(node, route.slot())) return node;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  ADD_FAILURE() << "no replica took over {" << route.tag() << "} within 15 s";
  return {};
}

void ClusterControl::StartStoppedNodes() {
  ASSERT_TRUE(server_.StartClusterNodes()) << "the cluster did not become healthy again";
}

ClusterNode ClusterControl::PlannedFailover(const RedisRoute& route) {
  const ClusterNode master = MasterOf(route);
  const ClusterNode replica = ReplicaOf(master);
  NodeConnection node = Connect(server_, replica.port);
  absl::StatusOr<RedisReply> started = node.Command({"CLUSTER", "FAILOVER"});
  EXPECT_TRUE(started.ok() && !started->is_error())
      << (started.ok() ? std::string(started->str()) : started.status().ToString());
  return WaitForNewMaster(route, master);
}

void ClusterControl::MigrateSlot(const RedisRoute& route, const ClusterNode& to, int batch,
                                 absl::Duration pause) {
  const ClusterNode from = MasterOf(route);
  ASSERT_NE(from.id, to.id);
  const std::string slot = std::to_string(route.slot());
  NodeConnection source = Connect(server_, from.port);
  NodeConnection target = Connect(server_, to.port);
  auto expect_ok = [](const absl::StatusOr<RedisReply>& reply, const std::string& what) {
    ASSERT_TRUE(reply.ok()) << what << ": " << reply.status();
    ASSERT_FALSE(reply->is_error()) << what << ": " << reply->str();
  };
  expect_ok(target.Command({"CLUSTER", "SETSLOT", slot, "IMPORTING", from.id}), "IMPORTING");
  expect_ok(source.Command({"CLUSTER", "SETSLOT", slot, "MIGRATING", to.id}), "MIGRATING");
  const RedisOptions operator_options = server_.OperatorOptions();
  for (;;) {
    absl::StatusOr<RedisReply> keys =
        source.Command({"CLUSTER", "GETKEYSINSLOT", slot, std::to_string(batch)});
    ASSERT_TRUE(keys.ok() && keys->is_array());
    if (keys->size() == 0) break;
    std::vector<std::string> migrate = {
        "MIGRATE", "127.0.0.1",           std::to_string(to.port),   "",    "0", "5000",
        "AUTH2",   operator_options.user, operator_options.password, "KEYS"};
    for (size_t i = 0; i < keys->size(); ++i) migrate.emplace_back(keys->element(i).str());
    expect_ok(source.Command(std::vector<absl::string_view>(migrate.begin(), migrate.end())),
              "MIGRATE");
    absl::SleepFor(pause);
  }
  // The new owner first, then the old one, then every other master (they would learn it from
  // the bus too).
  expect_ok(target.Command({"CLUSTER", "SETSLOT", slot, "NODE", to.id}), "SETSLOT target");
  expect_ok(source.Command({"CLUSTER", "SETSLOT", slot, "NODE", to.id}), "SETSLOT source");
  for (const ClusterNode& node : Nodes()) {
    if (!node.master || node.id == to.id || node.id == from.id) continue;
    NodeConnection other = Connect(server_, node.port);
    expect_ok(other.Command({"CLUSTER", "SETSLOT", slot, "NODE", to.id}), "SETSLOT other");
  }
}

}  // namespace gongkai::testing
