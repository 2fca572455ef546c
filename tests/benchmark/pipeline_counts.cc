#include "pipeline_counts.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "redis_info.h"
#include "stack_access.h"

namespace gongkai::bench {
namespace {

// Calls per command (INFO commandstats), those run inside scripts included, over every master.
std::map<std::string, int64_t> CommandCalls(RedisConnection& redis) {
  std::map<std::string, int64_t> calls;
  for (const auto& master : InfoOfEveryMaster(redis, "commandstats")) {
    for (const auto& [name, stat] : CommandStats(master)) calls[name] += stat.calls;
  }
  return calls;
}

// A number of an INFO section summed over every master.
int64_t MastersSum(RedisConnection& redis, const char* section, const std::string& key) {
  int64_t sum = 0;
  for (const auto& master : InfoOfEveryMaster(redis, section)) sum += InfoNumber(master, key);
  return sum;
}

int64_t Sum(const std::map<std::string, int64_t>& calls) {
  int64_t total = 0;
  for (const auto& [name, count] : calls) total += count;
  return total;
}

// utime + stime of a process, in seconds.
double CpuSeconds(int pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::vector<std::string> fields = absl::StrSplit(text.substr(close + 2), ' ');
  // After the command: state is field 3 of the line, utime 14 and stime 15.
  double utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return 0;
  }
  return (utime + stime) / sysconf(_SC_CLK_TCK);
}

int64_t SwitchesOfThreads(int pid) {
  if (pid == getpid()) {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_nvcsw + usage.ru_nivcsw;
  }
  int64_t total = 0;
  std::error_code error;
  for (const auto& task :
       std::filesystem::directory_iterator(absl::StrCat("/proc/", pid, "/task"), error)) {
    std::ifstream status(task.path() / "status");
    std::string line;
    while (std::getline(status, line)) {
      // "voluntary_ctxt_switches:\t123" and "nonvoluntary_ctxt_switches:\t4"
      if (!absl::StrContains(line, "ctxt_switches:")) continue;
      int64_t count = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(line.substr(line.find(':') + 1)), &count)) {
        total += count;
      }
    }
  }
  return total;
}

}  // namespace

RedisSnapshot SnapshotRedis(RedisConnection& redis) {
  RedisSnapshot snapshot;
  snapshot.calls = CommandCalls(redis);
  snapshot.commands = Sum(snapshot.calls);
  snapshot.used_memory = MastersSum(redis, "memory", "used_memory");
  snapshot.reads = MastersSum(redis, "stats", "total_reads_processed");
  return snapshot;
}

ProcessGroups ParsePids(const std::string& text) {
  ProcessGroups pids;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(item, '=');
    if (parts.size() != 2) continue;
    for (absl::string_view one : absl::StrSplit(parts[1], '+', absl::SkipEmpty())) {
      int pid = 0;
      if (absl::SimpleAtoi(one, &pid)) pids[parts[0]].push_back(pid);
    }
  }
  return pids;
}

void AddRedisProcesses(RedisConnection& redis, ProcessGroups& pids) {
  std::vector<int> masters;
  for (const auto& server : InfoOfEveryMaster(redis, "server")) {
    masters.push_back(static_cast<int>(InfoNumber(server, "process_id")));
  }
  if (!redis.is_cluster()) {
    pids["redis-server"] = masters;
    return;
  }
  std::vector<int> replicas;
  for (auto it = pids.begin(); it != pids.end();) {
    if (absl::StartsWith(it->first, "redis-node-")) {
      for (int pid : it->second) {
        if (std::find(masters.begin(), masters.end(), pid) == masters.end()) {
          replicas.push_back(pid);
        }
      }
      it = pids.erase(it);
    } else {
      ++it;
    }
  }
  pids["redis-masters"] = masters;
  if (!replicas.empty()) pids["redis-replicas"] = replicas;
}

std::map<std::string, double> CpuOf(const ProcessGroups& pids) {
  std::map<std::string, double> seconds;
  for (const auto& [name, group] : pids) {
    for (int pid : group) seconds[name] += CpuSeconds(pid);
  }
  return seconds;
}

std::map<std::string, int64_t> SwitchesOf(const ProcessGroups& pids) {
  std::map<std::string, int64_t> switches;
  for (const auto& [name, group] : pids) {
    for (int pid : group) switches[name] += SwitchesOfThreads(pid);
  }
  return switches;
}

std::string DescribeRedis(RedisConnection& redis) {
  if (!redis.is_cluster()) return "one Redis node";
  std::vector<std::string> masters = redis.Masters();
  std::sort(masters.begin(), masters.end());
  return absl::StrCat("a Redis Cluster of ", masters.size(), " masters (",
                      absl::StrJoin(masters, ", "), ")");
}

}  // namespace gongkai::bench
