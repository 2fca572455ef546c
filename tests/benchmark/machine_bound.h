// The machine's own limits, measured on the same cores as the pipeline: how many of a given
// Redis command redis-benchmark gets through the same redis-server, and how many no-op unary
// calls this gRPC serves.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "redis/redis_connection.h"

namespace gongkai::bench {

// Requests per second of `command` (one argument a string, `__rand_int__` randomised) from
// `clients` connections, `requests` in all: redis-benchmark's own figure.
absl::StatusOr<double> RedisCommandRate(const RedisOptions& redis,
                                        const std::vector<std::string>& command, int clients,
                                        int requests);

// Unary no-op calls per second from `concurrency` client threads to an in-process callback
// server, over `seconds`: on a unix socket in a temporary directory when `over_unix_socket`,
// as the pipeline's calls go when the services are given sockets, otherwise on loopback TCP.
double EchoCallRate(int concurrency, double seconds, bool over_unix_socket);

}  // namespace gongkai::bench
