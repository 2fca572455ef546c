#include "redis_server.h"

#include <gtest/gtest.h>

#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"

namespace gongkai::testing {

RedisServer::RedisServer(std::string dir, std::string appendfsync)
    : dir_(std::move(dir)), appendfsync_(std::move(appendfsync)), socket_(dir_ + "/redis.sock") {
  WriteUsers();
  Start();
}

RedisServer::~RedisServer() {
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

std::string RedisServer::Address() const { return absl::StrCat("unix:", socket_); }

RedisOptions RedisServer::OperatorOptions() const {
  return {.unix_socket = socket_, .user = "operator", .password = "operator-pw-test"};
}

RedisOptions RedisServer::ServiceOptions() const {
  return {.unix_socket = socket_, .user = "gongkai", .password = "service-pw-test"};
}

void RedisServer::Start() {
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
  process_->Signal(signal);
  process_->Wait();
}

}  // namespace gongkai::testing
