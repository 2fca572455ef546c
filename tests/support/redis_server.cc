#include "redis_server.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"

namespace gongkai::testing {

bool TestOnCluster() {
  const char* redis = std::getenv("GONGKAI_TEST_REDIS");
  return redis != nullptr && std::string(redis) == "cluster";
}

RedisServer::RedisServer(std::string dir, std::string appendfsync)
    : dir_(std::move(dir)), appendfsync_(std::move(appendfsync)), socket_(dir_ + "/redis.sock") {
  WriteUsers();
  if (TestOnCluster()) {
    StartCluster();
  } else {
    Start();
  }
}

int RedisServer::RunClusterScript(const std::string& verb, int port) const {
  const std::string command =
      absl::StrCat("GONGKAI_CLUSTER_DIR='", dir_, "/cluster' GONGKAI_CLUSTER_PORT=", port,
                   " GONGKAI_CLUSTER_PASSWORDS=test GONGKAI_CLUSTER_NODE_TIMEOUT=2000",
                   " GONGKAI_CLUSTER_APPENDFSYNC=", appendfsync_, " '", GONGKAI_CLUSTER_SH, "' ",
                   verb, " >>'", dir_, "/cluster.log' 2>&1");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void RedisServer::StartCluster() {
  // Six ports from a base in 10000..21990 and their bus ports 10000 above, all below Linux's
  // ephemeral range (32768 up), where a client's connection could take one at any moment. A
  // base whose ports are taken fails; what it started is stopped and another base is tried.
  std::mt19937 random(std::random_device{}());
  for (int attempt = 0; attempt < 10; ++attempt) {
    const int base = 10000 + static_cast<int>(random() % 1200) * 10;
    if (RunClusterScript("up", base) == 0) {
      cluster_port_ = base;
      return;
    }
    RunClusterScript("down", base);
    std::filesystem::remove_all(dir_ + "/cluster");
  }
  FAIL() << "deploy/cluster.sh up failed ten times; see " << dir_ << "/cluster.log";
}

RedisServer::~RedisServer() {
  if (is_cluster()) {
    RunClusterScript("down", cluster_port_);
    return;
  }
  if (process_) {
    process_->Signal(SIGTERM);
    process_->Wait();
  }
}

// The deployment's Redis users with this server's passwords: the services sign in as `gongkai`,
// whose command list the tests thereby check; the tests themselves inspect Redis as `operator`.
void RedisServer::WriteUsers() {
  std::ifstream in(GONGKAI_REDIS_USERS);
  std::ofstream out(dir_ + "/users.acl");
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    out << absl::StrReplaceAll(line, {{"@SERVICE_PASSWORD@", "service-pw-test"},
                                      {"@OPERATOR_PASSWORD@", "operator-pw-test"}})
        << "\n";
  }
  std::ofstream(ServicePasswordFile()) << "service-pw-test\n";
}

std::string RedisServer::Address() const {
  if (is_cluster()) return absl::StrCat("127.0.0.1:", cluster_port_);
  return absl::StrCat("unix:", socket_);
}

RedisOptions RedisServer::OperatorOptions() const {
  if (is_cluster()) {
    return {.port = cluster_port_, .user = "operator", .password = "operator-pw-test"};
  }
  return {.unix_socket = socket_, .user = "operator", .password = "operator-pw-test"};
}

RedisOptions RedisServer::ServiceOptions() const {
  if (is_cluster()) {
    return {.port = cluster_port_, .user = "gongkai", .password = "service-pw-test"};
  }
  return {.unix_socket = socket_, .user = "gongkai", .password = "service-pw-test"};
}

void RedisServer::Start() {
  if (is_cluster()) {
    ASSERT_EQ(RunClusterScript("up", cluster_port_), 0)
        << "the cluster did not start again; see " << dir_ << "/cluster.log";
    return;
  }
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"redis-server", "--port", "0", "--unixsocket", socket_,
                               "--unixsocketperm", "700", "--dir", dir_, "--appendonly", "yes",
                               "--appendfsync", appendfsync_, "--save", "", "--daemonize", "no",
                               "--aclfile", dir_ + "/users.acl"},
      dir_ + "/redis.log");
  RedisOptions probe = OperatorOptions();
  probe.reconnect_backoff = absl::ZeroDuration();
  for (int attempt = 0; attempt < 200; ++attempt) {
    RedisConnection connection(probe);
    auto pong = connection.Command({"PING"});
    if (pong.ok() && pong->str() == "PONG") return;
    absl::SleepFor(absl::Milliseconds(25));
  }
  FAIL() << "redis-server did not start; see " << dir_ << "/redis.log";
}

void RedisServer::Kill(int signal) {
  if (is_cluster()) {  // every node, as a single server's restart would be
    RunClusterScript("down", cluster_port_);
    return;
  }
  process_->Signal(signal);
  process_->Wait();
}

}  // namespace gongkai::testing
