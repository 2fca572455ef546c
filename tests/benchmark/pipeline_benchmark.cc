// The whole pipeline under load, against the machine's own limits:
//   1. the bound: redis-benchmark on the same redis-server for the commands one case needs (the
//      transition script, the case-number script, the case read) and a no-op gRPC echo pair;
//   2. a closed-loop load (staff taking one case after another) through the public gRPC API,
//      then an open-loop load at half the closed loop's rate;
//   3. cases/s, per-RPC and end-to-end latency percentiles, Redis commands per case (INFO
//      deltas), Redis memory per stored case, CPU seconds per case per process, the ratio to the
//      bound; last, one JSON line.
// On a Redis Cluster (--redis names one node) the Redis figures are every master's summed and the
// bound is not measured: redis-benchmark drives one node, while the cluster's nodes share the
// same cores.
//
//   deploy/local.sh bench          (both appendfsync settings; figures in docs/performance.md)
//   deploy/local.sh bench-cluster  (one node beside a 3-master cluster; docs/scaling.md)
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "base/clock.h"
#include "base/mutex_deadlock_detection.h"
#include "calendar/deadline.h"
#include "calendar/working_calendar.h"
#include "latencies.h"
#include "machine_bound.h"
#include "pipeline_counts.h"
#include "pipeline_load.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "redis/redis_connection.h"
#include "redis/scripts.h"
#include "redis/stored_case.h"
#include "redis_stalls.h"
#include "rules/case_commands.h"
#include "rules/case_number.h"
#include "stack_access.h"
#include "staff.h"

ABSL_FLAG(std::string, intake, "127.0.0.1:7101", "");
ABSL_FLAG(std::string, routing, "127.0.0.1:7102", "");
ABSL_FLAG(std::string, review, "127.0.0.1:7103", "");
ABSL_FLAG(std::string, reply, "127.0.0.1:7104", "");
ABSL_FLAG(std::string, tracker, "127.0.0.1:7105", "");
ABSL_FLAG(std::string, pids, "",
          "name=pid,... of the processes whose CPU time is counted; name=pid+pid sums several "
          "(copies of a service); redis-node-<port>=pid names a cluster node, counted with the "
          "masters or the replicas");
ABSL_FLAG(int, cases, 3000, "cases of the closed-loop run");
ABSL_FLAG(int, concurrency, 64, "staff of the closed-loop run");
ABSL_FLAG(double, open_seconds, 10, "length of the open-loop run");
ABSL_FLAG(int, bound_requests, 100000, "requests per redis-benchmark run");
ABSL_FLAG(bool, bound, true, "measure the machine's bound first (never on a cluster)");
ABSL_FLAG(std::string, calendar, "deploy/calendar", "calendar directory");

namespace gongkai::bench {
namespace {

// The transition script's call as registration makes it, with the case number replaced by a
// placeholder redis-benchmark randomises and the protobuf blobs by ASCII of the same length.
std::vector<std::string> TransitionCommand(const std::string& sha) {
  const absl::Time now = absl::Now();
  v1::RegisterRequest request;
  // Registration names the agency, the clerk's (the county government, staff.h) unless given.
  request.set_agency(kTestAgency);
  request.mutable_applicant()->set_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  request.mutable_applicant()->set_name("张三");
  request.mutable_applicant()->set_id_number("11010519491231002X");
  request.mutable_request()->set_description("2025年县级财政预算和三公经费决算");
  request.mutable_request()->set_channel(v1::CHANNEL_IN_PERSON);
  request.mutable_request()->set_received_date(FormatDay(ChinaDay(now)));
  auto calendar =
      WorkingCalendar::LoadDirectory(absl::GetFlag(FLAGS_calendar), UnknownYears::kProvisional);
  Check(calendar.status(), "calendar");
  auto deadline = InitialDeadline(*calendar, request.request());
  Check(deadline.status(), "deadline");
  const v1::Actor clerk = StaffActor("bench", "clerk");
  const std::string number = FormatCaseNumber(2026, 1);
  auto change = RegisterCase(number, request, *deadline, clerk, now);
  Check(change.status(), "register");
  auto call = PrepareTransition(*change);
  Check(call.status(), "transition");
  auto placeholder = [&](std::string text) {
    return absl::StrReplaceAll(text, {{number, "rb-__rand_int__-__rand_int__"}});
  };
  std::vector<std::string> command = {"EVALSHA", sha, std::to_string(call->keys.size())};
  for (const std::string& key : call->keys) command.push_back(placeholder(key));
  for (size_t i = 0; i < call->args.size(); ++i) {
    // ARGV[4] and ARGV[5] are the serialized case and event; the case's parts (bytes too) are
    // made ASCII below.
    std::string arg =
        i == 3 || i == 4 ? std::string(call->args[i].size(), 'd') : placeholder(call->args[i]);
    // redis-benchmark takes its command on a shell line: the Chinese of the searchable text
    // becomes as many ASCII bytes, which the script stores all the same.
    for (char& c : arg) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte > 0x7e || c == '\'') c = 'x';
    }
    command.push_back(std::move(arg));
  }
  return command;
}

std::string ScriptSha(RedisConnection& redis, const LuaScript& script) {
  auto reply = redis.Command({"SCRIPT", "LOAD", script.source});
  Check(reply.status(), "SCRIPT LOAD");
  return std::string(reply->str());
}

// Deletes the keys matching `pattern` on every master (KEYS sees only its own node's keys).
void DeleteMatching(RedisConnection& redis, const char* pattern) {
  auto found = redis.OnEveryMaster({"KEYS", pattern});
  Check(found.status(), "KEYS");
  for (const RedisReply& keys : *found) {
    for (size_t i = 0; !keys.is_error() && i < keys.size(); ++i) {
      (void)redis.Command({"DEL", keys.element(i).str()});
    }
  }
}

// The machine's bound in cases/s on one Redis node: redis-benchmark for the commands a case
// needs and the no-op gRPC pair, their costs added as they share the cores. Prints its parts.
double MeasureBound(RedisConnection& redis, const RedisOptions& redis_options, int concurrency) {
  const int requests = absl::GetFlag(FLAGS_bound_requests);
  auto transition_rate = RedisCommandRate(
      redis_options, TransitionCommand(ScriptSha(redis, scripts::Transition())), 50, requests);
  Check(transition_rate.status(), "redis-benchmark transition");
  auto allocate_rate = RedisCommandRate(
      redis_options,
      {"EVALSHA", ScriptSha(redis, scripts::AllocateCaseNumber()), "4",
       "gk:{seq}:idem:rb-__rand_int__-__rand_int__", keys::CaseCounter(2099),
       "gk:{seq}:applicant:rb-__rand_int__:209901", keys::AgencyNumberCounter(kTestAgency, 2099),
       std::string(64, 'f'), "2099", "604800", "34560000"},
      50, requests);
  Check(allocate_rate.status(), "redis-benchmark allocate");
  // A closed case's parts (redis/stored_case.h): some 1,700 bytes in all.
  Check(redis
            .Command({"HSET", "gk:{p01}:case:rb-read", "data", std::string(1200, 'd'), "filed",
                      std::string(500, 'f')})
            .status(),
        "HSET");
  auto read_rate =
      RedisCommandRate(redis_options, ReadStoredCase("gk:{p01}:case:rb-read"), 50, requests);
  Check(read_rate.status(), "redis-benchmark read");
  // Clear what the bound left, so that memory and key counts below are the pipeline's.
  for (const char* pattern : {"gk:*:case:rb-*", "gk:*:events:rb-*", "gk:{seq}:idem:rb-*",
                              "gk:{seq}:counter:2099", "gk:{seq}:applicant:rb-*"}) {
    DeleteMatching(redis, pattern);
  }
  // Over the transport the pipeline's calls take: the services' unix sockets, or TCP.
  const double echo_rate =
      EchoCallRate(concurrency, 3, absl::StartsWith(absl::GetFlag(FLAGS_intake), "unix:"));
  // One case: 7 transitions and 1 number allocation; 1 read of the whole case (review's first,
  // of a case routing committed; the watches that see the stream services' work are answered
  // from the tracker's change feed without a read); 5 staff calls and the 2 watches.
  constexpr int kTransitions = 7, kAllocations = 1, kReads = 1, kCalls = 7;
  const double redis_seconds_per_case =
      kTransitions / *transition_rate + kAllocations / *allocate_rate + kReads / *read_rate;
  const double grpc_seconds_per_case = kCalls / echo_rate;
  // Both run on the same cores: their costs add up.
  const double bound = 1.0 / (redis_seconds_per_case + grpc_seconds_per_case);
  std::printf(
      "bound: transition script %.0f/s, case number script %.0f/s, case read %.0f/s "
      "(redis-benchmark, 50 clients) -> Redis alone %.0f cases/s; no-op gRPC call %.0f/s "
      "(%d threads) -> gRPC alone %.0f cases/s; together %.0f cases/s\n",
      *transition_rate, *allocate_rate, *read_rate, 1.0 / redis_seconds_per_case, echo_rate,
      concurrency, 1.0 / grpc_seconds_per_case, bound);
  return bound;
}

void PrintLatencies(const Latencies& latencies) {
  std::printf("  %-12s %8s %9s %9s %9s\n", "", "calls", "p50 ms", "p99 ms", "p999 ms");
  for (const std::string& name : latencies.Names()) {
    std::printf("  %-12s %8zu %9.2f %9.2f %9.2f\n", name.c_str(), latencies.Count(name),
                latencies.Percentile(name, 0.5), latencies.Percentile(name, 0.99),
                latencies.Percentile(name, 0.999));
  }
}

}  // namespace
}  // namespace gongkai::bench

int main(int argc, char** argv) {
  using namespace gongkai;
  using namespace gongkai::bench;
  absl::ParseCommandLine(argc, argv);
  // As in the services: the load generator shares their cores.
  DisableMutexDeadlockDetection();
  const RedisOptions redis_options = StackRedisOptions();
  RedisConnection redis(redis_options);
  // Every master is configured alike (deploy/cluster.sh): the first one's setting is the cluster's.
  auto appendfsync = redis.OnEveryMaster({"CONFIG", "GET", "appendfsync"});
  Check(appendfsync.status(), "CONFIG GET");
  if (appendfsync->empty() || appendfsync->front().is_error()) {
    Check(absl::UnavailableError("no master answered"), "CONFIG GET");
  }
  const std::string fsync(appendfsync->front().element(1).str());
  const bool cluster = redis.is_cluster();
  const int masters = static_cast<int>(redis.Masters().size());
  ProcessGroups pids = ParsePids(absl::GetFlag(FLAGS_pids));
  AddRedisProcesses(redis, pids);
  pids["load-generator"] = {static_cast<int>(getpid())};  // this process, on the same cores
  if (cluster) {
    std::printf("%s, appendfsync %s, %ld cores\n", DescribeRedis(redis).c_str(), fsync.c_str(),
                sysconf(_SC_NPROCESSORS_ONLN));
  } else {
    std::printf("appendfsync %s, %ld cores\n", fsync.c_str(), sysconf(_SC_NPROCESSORS_ONLN));
  }
  const int concurrency = absl::GetFlag(FLAGS_concurrency);

  // 1. The bound (0 when not measured).
  double bound = 0;
  if (cluster) {
    std::printf(
        "bound: not measured on a cluster (redis-benchmark drives one node, and every node shares "
        "these cores)\n");
  } else if (!absl::GetFlag(FLAGS_bound)) {
    std::printf("bound: not measured (--bound=false)\n");
  } else {
    bound = MeasureBound(redis, redis_options, concurrency);
  }

  UseTokenKeys(StackTokenKeys());
  ServiceAddresses addresses{absl::GetFlag(FLAGS_intake), absl::GetFlag(FLAGS_routing),
                             absl::GetFlag(FLAGS_review), absl::GetFlag(FLAGS_reply),
                             absl::GetFlag(FLAGS_tracker)};
  Latencies latencies;
  PipelineLoad load(addresses, latencies);
  const std::string run = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  load.ClosedLoop(200, concurrency, "warm-" + run);  // connections, script caches, allocator
  latencies.Clear();
  // The bound's redis-benchmark runs grew the AOF by some hundred thousand scripts: left alone,
  // Redis would rewrite it during the closed loop. Each phase starts from a compact AOF and
  // reports the rewrites that happened within it anyway.
  CompactAof(redis);
  const int64_t rewrites_before_closed = AofRewrites(redis);

  // 2. Closed loop, with Redis and CPU counted around it.
  const int cases = absl::GetFlag(FLAGS_cases);
  const RedisSnapshot redis_before = SnapshotRedis(redis);
  const std::map<std::string, double> cpu_before = CpuOf(pids);
  const std::map<std::string, int64_t> switches_before = SwitchesOf(pids);
  const LoadResult closed = load.ClosedLoop(cases, concurrency, "closed-" + run);
  const RedisSnapshot redis_after = SnapshotRedis(redis);
  const std::map<std::string, double> cpu_after = CpuOf(pids);
  const std::map<std::string, int64_t> switches_after = SwitchesOf(pids);
  const int64_t closed_rewrites = AofRewrites(redis) - rewrites_before_closed;
  const double cases_per_s = closed.completed / closed.seconds;
  const double per_case = std::max(1, closed.completed);
  std::printf(
      "closed loop: %d cases (%d failed) by %d staff in %.1f s: %.0f cases/s, %.1f RPCs "
      "a case; AOF rewrites within: %lld\n",
      closed.completed, closed.failed, concurrency, closed.seconds, cases_per_s,
      closed.rpcs / per_case, static_cast<long long>(closed_rewrites));
  PrintLatencies(latencies);
  const double e2e_p50 = latencies.Percentile("case", 0.5);
  const double e2e_p99 = latencies.Percentile("case", 0.99);
  const double closed_register_p99 = latencies.Percentile("Register", 0.99);
  const double commands_per_case = (redis_after.commands - redis_before.commands) / per_case;
  auto delta = [&](const std::string& name) {
    const auto after = redis_after.calls.find(name);
    const auto before = redis_before.calls.find(name);
    return static_cast<double>((after == redis_after.calls.end() ? 0 : after->second) -
                               (before == redis_before.calls.end() ? 0 : before->second)) /
           per_case;
  };
  // Round trips, as Redis counts them (read events): what the services need per case (the
  // tracker's reads for the load generator's WatchCase calls included: one when its change feed
  // has not heard the case, or the wait ends without news). Then what they are made of, from
  // the commands. Reads of a case outside a script cannot be told from the scripts' own HGETs
  // (commandstats counts both; the transition script reads the sweeper's marks when it places a
  // case), so the commands by name below show them instead.
  const double round_trips = (redis_after.reads - redis_before.reads) / per_case;
  // On a cluster the replicas' REPLCONF ACKs (a second apart, and at once after a WAIT) are read
  // events on the masters too; none on one node.
  const double replica_reads = delta("replconf");
  const double own_round_trips = round_trips - replica_reads;
  const double scripts = delta("evalsha");
  const double polls = delta("xreadgroup") / kPartitionCount;
  const double bytes_per_case = (redis_after.used_memory - redis_before.used_memory) / per_case;
  const std::string replicas_part =
      cluster ? absl::StrFormat(", of them %.1f the replicas' acknowledgements", replica_reads)
              : "";
  std::printf(
      "Redis per case: %.1f round trips (read events)%s, %.1f the services' own; %.1f scripts, "
      "%.2f stream polls; %.1f commands executed counting those inside scripts, %.0f bytes of "
      "memory (closed cases)\n",
      round_trips, replicas_part.c_str(), own_round_trips, scripts, polls, commands_per_case,
      bytes_per_case);
  std::printf("Redis commands per case by command:");
  for (const auto& [name, count] : redis_after.calls) {
    const auto before = redis_before.calls.find(name);
    const int64_t delta = count - (before == redis_before.calls.end() ? 0 : before->second);
    if (delta / per_case >= 0.05) std::printf(" %s %.2f", name.c_str(), delta / per_case);
  }
  std::printf("\n");
  std::printf("CPU ms per case:");
  std::string cpu_json;
  for (const auto& [name, seconds] : cpu_after) {
    const double ms = (seconds - cpu_before.at(name)) * 1000 / per_case;
    std::printf(" %s %.3f", name.c_str(), ms);
    absl::StrAppend(&cpu_json, cpu_json.empty() ? "" : ",", "\"", name,
                    "\":", absl::StrFormat("%.3f", ms));
  }
  std::printf("\n");
  std::printf("context switches per case:");
  std::string switches_json;
  double all_switches = 0;
  for (const auto& [name, count] : switches_after) {
    const double per = (count - switches_before.at(name)) / per_case;
    all_switches += per;
    std::printf(" %s %.1f", name.c_str(), per);
    absl::StrAppend(&switches_json, switches_json.empty() ? "" : ",", "\"", name,
                    "\":", absl::StrFormat("%.1f", per));
  }
  std::printf(" (all %.1f)\n", all_switches);

  // 3. Open loop at half the saturating rate.
  latencies.Clear();
  CompactAof(redis);
  const int64_t rewrites_before_open = AofRewrites(redis);
  // Redis's own stalls of a millisecond or more, which every request arriving meanwhile waits
  // out: with `always` mostly its fsyncs, and a rewrite's fork and writes.
  RedisStallWatch stall_watch(redis, 1);
  const double half = cases_per_s / 2;
  const LoadResult open =
      load.OpenLoop(half, absl::GetFlag(FLAGS_open_seconds), 256, "open-" + run);
  absl::StatusOr<std::map<std::string, RedisStall>> stalls = stall_watch.Stop();
  const int64_t open_rewrites = AofRewrites(redis) - rewrites_before_open;
  std::printf(
      "open loop at %.0f cases/s offered: %d completed (%d failed) in %.1f s; AOF rewrites "
      "within: %lld\n",
      half, open.completed, open.failed, open.seconds, static_cast<long long>(open_rewrites));
  std::printf(
      "Redis's own stalls of 1 ms or more within it (its latency monitor; seconds with one, "
      "added up over the masters, and the longest): %s\n",
      stalls.ok() ? DescribeStalls(*stalls).c_str()
                  : absl::StrCat("not measured (", stalls.status().message(), ")").c_str());
  PrintLatencies(latencies);
  const double register_p99 = latencies.Percentile("Register", 0.99);
  // Without a bound (a cluster, --bound=false) there is no ratio to it either.
  const std::string bound_json = bound > 0 ? absl::StrFormat("%.0f", bound) : "null";
  const std::string ratio_json = bound > 0 ? absl::StrFormat("%.2f", cases_per_s / bound) : "null";

  std::printf(
      "{\"appendfsync\":\"%s\",\"cases_per_s\":%.0f,\"bound_cases_per_s\":%s,"
      "\"ratio_to_bound\":%s,\"register_p99_ms\":%.2f,\"register_p99_ms_saturated\":%.2f,"
      "\"e2e_p50_ms\":%.2f,\"e2e_p99_ms\":%.2f,\"open_loop_e2e_p99_ms\":%.2f,"
      "\"redis_round_trips_per_case\":%.1f,\"redis_round_trips_per_case_all\":%.1f,\"redis_"
      "commands_per_case\":%.1f,"
      "\"redis_bytes_per_case\":%.0f,\"rpcs_per_case\":%.1f,\"closed_loop_cases\":%d,"
      "\"concurrency\":%d,\"aof_rewrites_within\":%lld,\"redis_masters\":%d,"
      "\"register_p50_ms\":%.2f,\"open_loop_rate\":%.0f,\"failed_cases\":%d,"
      "\"cpu_ms_per_case\":{%s},\"context_switches_per_case\":{%s},"
      "\"open_loop_redis_stalls\":%s}\n",
      fsync.c_str(), cases_per_s, bound_json.c_str(), ratio_json.c_str(), register_p99,
      closed_register_p99, e2e_p50, e2e_p99, latencies.Percentile("case", 0.99), own_round_trips,
      round_trips, commands_per_case, bytes_per_case, closed.rpcs / per_case, closed.completed,
      concurrency, static_cast<long long>(closed_rewrites + open_rewrites), masters,
      latencies.Percentile("Register", 0.5), half, closed.failed + open.failed, cpu_json.c_str(),
      switches_json.c_str(), stalls.ok() ? StallsJson(*stalls).c_str() : "null");
  return closed.failed == 0 && open.failed == 0 ? 0 : 1;
}
