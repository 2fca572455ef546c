// A private redis-server for one test: its own temporary directory, AOF on (the system of
// record's setting), the deployment's Redis users (deploy/redis-users.acl.in) with test
// passwords, listening on a unix socket in that directory and on no TCP port, so that no port
// is found free and then taken by someone else before the server binds it.
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

  // The address the services are given: unix:<socket>.
  std::string Address() const;
  const std::string& socket_path() const { return socket_; }
  // As the `operator` user (everything allowed), and as the services sign in (`gongkai`).
  RedisOptions OperatorOptions() const;
  RedisOptions ServiceOptions() const;
  // The services' password file (--redis_password_file).
  std::string ServicePasswordFile() const { return dir_ + "/service.password"; }

 private:
  void WriteUsers();

  std::string dir_;
  std::string appendfsync_;
  std::string socket_;
  std::unique_ptr<Process> process_;
};

}  // namespace gongkai::testing
