// Redis's own stalls over one phase of a benchmark, from its latency monitor: the events Redis
// times itself (an fsync with `appendfsync always`, an AOF write, a fork, a slow command, ...),
// each with the seconds in which it took the threshold or longer and the longest. A request that
// arrives while Redis is in such a stall waits for its end, so these tell a tail latency that
// Redis's disk and fork caused from one caused elsewhere.
//
// Example:
//   RedisStallWatch watch(redis, 1);   // every master, 1 ms and longer
//   ... the phase ...
//   auto stalls = watch.Stop();        // absl::StatusOr<std::map<std::string, RedisStall>>
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "redis/redis_connection.h"

namespace gongkai::bench {

struct RedisStall {
  // Seconds with at least one stall of the event, added up over the masters (so on a cluster
  // they can exceed the phase's length). Redis keeps the last 160 such seconds of each event:
  // a master's count stops there.
  int seconds = 0;
  int64_t longest_ms = 0;  // the longest stall of the event on any master
};

class RedisStallWatch {
 public:
  // Sets `latency-monitor-threshold` to `threshold_ms` on every master and clears what the
  // monitor held. The operator's connection: CONFIG and LATENCY are theirs alone.
  RedisStallWatch(RedisConnection& redis, int threshold_ms);
  // Sets the threshold back if Stop() was not called.
  ~RedisStallWatch();
  RedisStallWatch(const RedisStallWatch&) = delete;
  RedisStallWatch& operator=(const RedisStallWatch&) = delete;

  // The stalls since the watch began, by event; the threshold is set back to what it was
  // whatever happens (the first master's value, on all: the deployment sets them alike).
  absl::StatusOr<std::map<std::string, RedisStall>> Stop();

  // Whether the watch began: a Redis that refused CONFIG SET or LATENCY RESET (a user without
  // them) leaves the reason here, and Stop() returns it.
  const absl::Status& status() const { return status_; }

 private:
  absl::StatusOr<std::map<std::string, RedisStall>> ReadStalls();
  absl::Status RestoreThreshold();

  RedisConnection& redis_;
  std::string threshold_before_;
  bool threshold_changed_ = false;  // CONFIG SET was sent, so it is to be undone
  absl::Status status_;
};

// "aof-fsync-always 14 s, 12 ms; command 1 s, 3 ms" (by event name), or "none".
std::string DescribeStalls(const std::map<std::string, RedisStall>& stalls);
// {"aof-fsync-always":{"seconds":14,"longest_ms":12}, ...}: Redis's event names need no escaping.
std::string StallsJson(const std::map<std::string, RedisStall>& stalls);

}  // namespace gongkai::bench
