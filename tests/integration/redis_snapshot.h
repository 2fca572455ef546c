// Everything stored in a Redis database, to prove that a refused call changed nothing.
#pragma once

#include <map>
#include <string>

#include "redis/redis_connection.h"

namespace gongkai::testing {

// Key → content. Streams are compared by their entries: the consumer groups' bookkeeping (last
// seen times of polling consumers) changes on every idle poll and is not data.
std::map<std::string, std::string> Snapshot(RedisConnection& redis);

}  // namespace gongkai::testing
