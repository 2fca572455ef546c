// What the pipeline benchmark counts around a loop, on one Redis node or over every master of a
// Redis Cluster: Redis's commands by name, its read events and memory (INFO, the masters'
// figures summed), and the CPU time and context switches of the stack's processes (/proc).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "redis/redis_connection.h"

namespace gongkai::bench {

struct RedisSnapshot {
  std::map<std::string, int64_t> calls;  // per command, those in scripts too
  int64_t commands = 0;                  // every command, in scripts too
  int64_t used_memory = 0;
  // Read events Redis processed: one per request or pipeline that arrives in one piece, so the
  // round trips of every client (a pipeline larger than Redis's 16 KB read buffer counts more).
  int64_t reads = 0;
};

// The figures now, every master's summed.
RedisSnapshot SnapshotRedis(RedisConnection& redis);

// The processes counted, by the name they are reported under: several for two copies of a
// service or a cluster's nodes.
using ProcessGroups = std::map<std::string, std::vector<int>>;

// "name=pid,name=pid+pid,...": a name with several pids is counted as their sum.
ProcessGroups ParsePids(const std::string& text);

// Adds Redis's processes: the one server as "redis-server"; on a cluster the masters (each asked
// for its pid) as "redis-masters", and the nodes named redis-node-<port> that are not masters as
// "redis-replicas" (the cluster client reaches masters only, so the caller names every node).
void AddRedisProcesses(RedisConnection& redis, ProcessGroups& pids);

// CPU seconds (user and system) each group has used so far.
std::map<std::string, double> CpuOf(const ProcessGroups& pids);

// Context switches (voluntary and involuntary) each group's threads have made so far: a call
// that hops from one thread to another and back shows here. Another process's live threads
// (/proc/<pid>/task/*/status; the services' threads live as long as they do); this process's
// from getrusage, which keeps the counts of threads that have ended (a loop's client thread).
std::map<std::string, int64_t> SwitchesOf(const ProcessGroups& pids);

// What the Redis side is, for the first line: one node, or the masters' addresses.
std::string DescribeRedis(RedisConnection& redis);

}  // namespace gongkai::bench
