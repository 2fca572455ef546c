// What an operator (or a failure) does to a test's Redis Cluster (redis_server.h with
// GONGKAI_TEST_REDIS=cluster): kill a master, let its replica take over, start the node again,
// fail over on purpose, and move a partition's slot to another master while the services run.
// Each step waits until the cluster says it is done.
//
// Example:
//   ClusterControl cluster(server);
//   const ClusterNode master = cluster.MasterOf(keys::PartitionRoute(3));
//   cluster.Kill(master, SIGKILL);
//   cluster.WaitForNewMaster(keys::PartitionRoute(3), master);
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "redis/redis_route.h"
#include "redis_server.h"

namespace gongkai::testing {

struct ClusterNode {
  std::string id;
  int port = 0;
  bool master = false;
  std::string master_id;  // a replica's master
  std::vector<std::pair<int, int>> slots;
};

class ClusterControl {
 public:
  explicit ClusterControl(RedisServer& server) : server_(server) {}

  // Every node as the node on `asked_port` (any running node: the first found) sees them.
  std::vector<ClusterNode> Nodes();
  ClusterNode MasterOf(const RedisRoute& route);
  // The master's replica, once the cluster lists one (waits up to 10 s after a start).
  ClusterNode ReplicaOf(const ClusterNode& master);

  // Sends `signal` to the node's process and waits until it has ended.
  void Kill(const ClusterNode& node, int signal);
  // Sends `signal` (SIGSTOP: the node freezes with its connections open; SIGCONT) and returns.
  void Signal(const ClusterNode& node, int signal);
  // Waits until another node serves the route's slot as an online master; returns it.
  ClusterNode WaitForNewMaster(const RedisRoute& route, const ClusterNode& old_master);
  // Starts every stopped node again on its data (deploy/cluster.sh up) and waits for health.
  void StartStoppedNodes();
  // CLUSTER FAILOVER on the replica of the route's master; waits until it is the master.
  ClusterNode PlannedFailover(const RedisRoute& route);
  // Moves the route's slot to `to`, its keys `batch` at a time with `pause` between batches
  // (ASK and TRYAGAIN for the clients meanwhile), then assigns it there on every master.
  void MigrateSlot(const RedisRoute& route, const ClusterNode& to, int batch, absl::Duration pause);

 private:
  pid_t PidOf(const ClusterNode& node);

  RedisServer& server_;
};

}  // namespace gongkai::testing
