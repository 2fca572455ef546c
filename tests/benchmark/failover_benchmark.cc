// How long a partition cannot be written when its Redis master goes away: a private 3+3 Redis
// Cluster (support/redis_server.h, as the cluster tests start it), one writer committing a
// script to partition 3 without pause through the services' own client with
// --redis_wait_replicas=1, and the longest time between two acknowledged writes around:
//   - a planned failover (CLUSTER FAILOVER on the replica);
//   - the master killed with SIGKILL: the replica takes over after cluster-node-timeout (2000 ms
//     here as in the tests; deploy/cluster.sh's default is 3000), and the new master takes
//     writes once it has a replica again (min-replicas-to-write 1): the killed node, started
//     again --restart_after_ms after the fault (as systemd's Restart= would).
//
//   build/bin/gongkai-bench-failover [--rounds=3]
//
// Figures: docs/scaling.md. The last line is one JSON object.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "cluster_control.h"
#include "redis/keys.h"
#include "redis/redis_connection.h"
#include "redis_server.h"
#include "store_fixture.h"

ABSL_FLAG(int, rounds, 3, "faults of each kind");
ABSL_FLAG(int, restart_after_ms, 3000, "how long after the kill the killed node is started again");

namespace gongkai::testing {
namespace {

constexpr LuaScript kCommit{"return redis.call('INCR', KEYS[1])"};

// Writes without pause until `stop`; the moments of the acknowledged writes.
class Writer {
 public:
  explicit Writer(const RedisOptions& options) : redis_(options) {
    thread_ = std::thread([this] {
      const std::string key = keys::DueIndex(3) + ":failover-bench";
      while (!stop_.load()) {
        absl::StatusOr<RedisReply> written =
            redis_.Eval(keys::PartitionRoute(3), kCommit, {key}, {});
        if (written.ok() && !written->is_error()) {
          absl::MutexLock lock(&mutex_);
          acknowledged_.push_back(absl::Now());
        } else {
          absl::SleepFor(absl::Milliseconds(1));
        }
      }
    });
  }
  ~Writer() {
    stop_.store(true);
    thread_.join();
  }
  // The longest time without an acknowledged write from `from` until a write after `until`.
  absl::Duration LongestGap(absl::Time from, absl::Time until) {
    for (;;) {
      {
        absl::MutexLock lock(&mutex_);
        if (!acknowledged_.empty() && acknowledged_.back() > until) {
          absl::Duration longest;
          absl::Time previous = from;
          for (absl::Time at : acknowledged_) {
            if (at < from) continue;
            longest = std::max(longest, at - previous);
            previous = at;
          }
          return longest;
        }
      }
      absl::SleepFor(absl::Milliseconds(5));
    }
  }

 private:
  RedisConnection redis_;
  std::atomic<bool> stop_{false};
  absl::Mutex mutex_;
  std::vector<absl::Time> acknowledged_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;
};

std::string Summary(const char* name, std::vector<absl::Duration> times) {
  std::sort(times.begin(), times.end());
  std::vector<std::string> ms;
  for (absl::Duration t : times) ms.push_back(absl::StrCat(absl::ToInt64Milliseconds(t)));
  return absl::StrCat("\"", name, "_ms\":[", absl::StrJoin(ms, ","), "]");
}

int Run() {
  setenv("GONGKAI_TEST_REDIS", "cluster", 1);
  const std::string dir = MakeTempDir("gongkai-bench-failover");
  // Removed after the cluster has stopped (RedisServer's destructor), which logs into it.
  struct RemovedAtExit {
    std::string path;
    ~RemovedAtExit() { std::filesystem::remove_all(path); }
  } removed{dir};
  RedisServer server(dir);
  ClusterControl cluster(server);
  RedisOptions options = server.ServiceOptions();
  options.wait_replicas = 1;
  options.reconnect_backoff = absl::Milliseconds(20);
  Writer writer(options);
  std::vector<absl::Duration> planned, killed;
  for (int round = 0; round < absl::GetFlag(FLAGS_rounds); ++round) {
    const absl::Time asked = absl::Now();
    cluster.PlannedFailover(keys::PartitionRoute(3));
    planned.push_back(writer.LongestGap(asked, absl::Now()));
    std::printf("planned failover %d: longest time without a write %lld ms\n", round + 1,
                static_cast<long long>(absl::ToInt64Milliseconds(planned.back())));

    const ClusterNode master = cluster.MasterOf(keys::PartitionRoute(3));
    const absl::Time fault = absl::Now();
    cluster.Kill(master, SIGKILL);
    absl::SleepFor(absl::Milliseconds(absl::GetFlag(FLAGS_restart_after_ms)));
    cluster.StartStoppedNodes();
    killed.push_back(writer.LongestGap(fault, absl::Now()));
    std::printf("master killed %d: longest time without a write %lld ms\n", round + 1,
                static_cast<long long>(absl::ToInt64Milliseconds(killed.back())));
  }
  std::printf("{%s,%s,\"restart_after_ms\":%d}\n", Summary("planned", planned).c_str(),
              Summary("killed", killed).c_str(), absl::GetFlag(FLAGS_restart_after_ms));
  return 0;
}

}  // namespace
}  // namespace gongkai::testing

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return gongkai::testing::Run();
}
