// Redis's own stalls over one phase of a benchmark, from its latency monitor: the events Redis
// times itself (an fsync with `appendfsync always`, an AOF write, a fork, a slow command, ...),
// each with the seconds in which it took the threshold or longer and the longest. A request that
// arrives while Redis is in such a stall waits for its end, so these tell a run's tail latency
// that the code caused from the part the disk and the machine did.
//
// Example:
//   RedisStallWatch watch(redis, 1);   // every master, 1 ms and longer
//   ... the phase ...
//   std::map<std::string, RedisStall> stalls = watch.Stop();
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "redis/redis_connection.h"

namespace gongkai::bench {

struct RedisStall {
  int seconds = 0;         // seconds with at least one stall of the event (summed over masters)
  int64_t longest_ms = 0;  // the longest of them
};

class RedisStallWatch {
 public:
  // Sets `latency-monitor-threshold` to `threshold_ms` on every master and clears what the
  // monitor held. The operator's connection: CONFIG and LATENCY are theirs alone.
  RedisStallWatch(RedisConnection& redis, int threshold_ms);

  // The stalls since the watch began, by event, and the threshold set back to what it was (the
  // first master's value, on all: the deployment sets them alike). Redis keeps the worst sample
  // of each second and the last 160 seconds of each event: a phase longer than that is counted
  // over its last 160 seconds.
  absl::StatusOr<std::map<std::string, RedisStall>> Stop();

  // Whether the watch began: a Redis that refused CONFIG SET or LATENCY RESET (an older server,
  // a user without them) leaves `status()` with the reason and Stop() returns it.
  const absl::Status& status() const { return status_; }

 private:
  RedisConnection& redis_;
  std::string threshold_before_ = "0";
  absl::Status status_;
};

// "aof-fsync-always 14 s, 12 ms; command 1 s, 3 ms" (by event name), or "none".
std::string DescribeStalls(const std::map<std::string, RedisStall>& stalls);
// {"aof-fsync-always":{"seconds":14,"longest_ms":12}, ...}
std::string StallsJson(const std::map<std::string, RedisStall>& stalls);

}  // namespace gongkai::bench
