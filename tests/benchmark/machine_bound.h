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
// server on loopback, over `seconds`.
double EchoCallRate(int concurrency, double seconds);

}  // namespace gongkai::bench
