// A private redis-server for one test: its own temporary directory, AOF on (the system of
// record's setting), the deployment's Redis users (deploy/redis-users.acl.in) with test
// passwords, listening on a unix socket in that directory and on no TCP port, so that no port
// is found free and then taken by someone else before the server binds it.
//
// With GONGKAI_TEST_REDIS=cluster in the environment it is a private Redis Cluster instead:
// three masters and three replicas started by deploy/cluster.sh in that directory, on six
// loopback ports (a cluster's nodes talk over TCP; a base taken meanwhile is tried again
// elsewhere). The same tests then run against the cluster (CTest label `cluster`).
//
// Example:
//   RedisServer server(dir);
//   RedisConnection redis(server.OperatorOptions());
#pragma once

#include <memory>
#include <string>

#include "process.h"
#include "redis/redis_connection.h"

namespace gongkai::testing {

class RedisServer {
 public:
  // Starts the server with its files in `dir` (which must exist).
  explicit RedisServer(std::string dir, std::string appendfsync = "everysec");
  ~RedisServer();  // SIGTERM, and waits
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Sends `signal` and waits for the server to end.
  void Kill(int signal);
  // Starts it again on the same socket and directory: the AOF is replayed.
  void Start();

  // The address the services are given: unix:<socket>, or the cluster's first master.
  std::string Address() const;
  bool is_cluster() const { return cluster_port_ > 0; }
  // A cluster's nodes listen on cluster_port() .. cluster_port() + 5; their files are in
  // cluster_dir()/node-<port>/.
  int cluster_port() const { return cluster_port_; }
  std::string cluster_dir() const { return dir_ + "/cluster"; }
  // deploy/cluster.sh up on this cluster: starts the nodes that are not running, on their data,
  // and waits until the cluster is healthy. False if it did not become so.
  bool StartClusterNodes() { return RunClusterScript("up", cluster_port_) == 0; }
  const std::string& socket_path() const { return socket_; }
  // As the `operator` user (everything allowed), and as the services sign in (`gongkai`).
  RedisOptions OperatorOptions() const;
  RedisOptions ServiceOptions() const;
  // The services' password file (--redis_password_file).
  std::string ServicePasswordFile() const { return dir_ + "/service.password"; }

 private:
  void WriteUsers();
  void StartCluster();
  // Runs deploy/cluster.sh `verb` on this server's cluster; its exit status.
  int RunClusterScript(const std::string& verb, int port) const;

  std::string dir_;
  std::string appendfsync_;
  std::string socket_;
  std::unique_ptr<Process> process_;
  int cluster_port_ = 0;  // the first master's port, on a cluster
};

// Whether the tests run against a Redis Cluster (GONGKAI_TEST_REDIS=cluster).
bool TestOnCluster();

}  // namespace gongkai::testing
