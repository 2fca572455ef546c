// The whole pipeline under load, against the machine's own limits:
//   1. the bound: redis-benchmark on the same redis-server for the commands one case needs (the
//      transition script, the case-number script, the case read) and a no-op gRPC echo pair;
//   2. a closed-loop load (staff taking one case after another) through the public gRPC API,
//      then an open-loop load at half the closed loop's rate;
//   3. cases/s, per-RPC and end-to-end latency percentiles, Redis commands per case (INFO
//      deltas), Redis memory per stored case, CPU seconds per case per process, the ratio to the
//      bound; last, one JSON line.
//
//   deploy/local.sh bench        (both appendfsync settings; figures in docs/performance.md)
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "base/clock.h"
#include "base/mutex_deadlock_detection.h"
#include "calendar/deadline.h"
#include "calendar/working_calendar.h"
#include "latencies.h"
#include "machine_bound.h"
#include "pipeline_load.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "redis/redis_connection.h"
#include "redis/scripts.h"
#include "rules/case_commands.h"
#include "rules/case_number.h"
#include "stack_access.h"
#include "staff.h"

ABSL_FLAG(std::string, intake, "127.0.0.1:7101", "");
ABSL_FLAG(std::string, routing, "127.0.0.1:7102", "");
ABSL_FLAG(std::string, review, "127.0.0.1:7103", "");
ABSL_FLAG(std::string, reply, "127.0.0.1:7104", "");
ABSL_FLAG(std::string, tracker, "127.0.0.1:7105", "");
ABSL_FLAG(std::string, pids, "", "service=pid,... of the processes whose CPU time is counted");
ABSL_FLAG(int, cases, 3000, "cases of the closed-loop run");
ABSL_FLAG(int, concurrency, 64, "staff of the closed-loop run");
ABSL_FLAG(double, open_seconds, 10, "length of the open-loop run");
ABSL_FLAG(int, bound_requests, 100000, "requests per redis-benchmark run");
ABSL_FLAG(std::string, calendar, "deploy/calendar", "calendar directory");

namespace gongkai::bench {
namespace {

// Calls per command (INFO commandstats), those run inside scripts included.
std::map<std::string, int64_t> CommandCalls(RedisConnection& redis) {
  std::map<std::string, int64_t> calls;
  for (const auto& [name, stats] : Info(redis, "commandstats")) {
    const size_t at = stats.find("calls=");
    int64_t count = 0;
    if (at != std::string::npos &&
        absl::SimpleAtoi(absl::string_view(stats).substr(at + 6, stats.find(',', at) - at - 6),
                         &count)) {
      calls[absl::StrReplaceAll(name, {{"cmdstat_", ""}})] = count;
    }
  }
  return calls;
}

int64_t Sum(const std::map<std::string, int64_t>& calls) {
  int64_t total = 0;
  for (const auto& [name, count] : calls) total += count;
  return total;
}

struct RedisSnapshot {
  std::map<std::string, int64_t> calls;  // per command, those in scripts too
  int64_t commands = 0;                  // every command, in scripts too
  int64_t used_memory = 0;
  // Read events Redis processed: one per request or pipeline that arrives in one piece, so the
  // round trips of every client (a pipeline larger than Redis's 16 KB read buffer counts more).
  int64_t reads = 0;
};

RedisSnapshot SnapshotRedis(RedisConnection& redis) {
  RedisSnapshot snapshot;
  snapshot.calls = CommandCalls(redis);
  snapshot.commands = Sum(snapshot.calls);
  snapshot.used_memory = InfoNumber(Info(redis, "memory"), "used_memory");
  snapshot.reads = InfoNumber(Info(redis, "stats"), "total_reads_processed");
  return snapshot;
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

std::map<std::string, double> CpuOf(const std::map<std::string, int>& pids) {
  std::map<std::string, double> seconds;
  for (const auto& [name, pid] : pids) seconds[name] = CpuSeconds(pid);
  return seconds;
}

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
    // ARGV[4] and ARGV[5] are the serialized case and event.
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

std::map<std::string, int> ParsePids(const std::string& text) {
  std::map<std::string, int> pids;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(item, '=');
    int pid = 0;
    if (parts.size() == 2 && absl::SimpleAtoi(parts[1], &pid)) pids[parts[0]] = pid;
  }
  return pids;
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
  auto appendfsync = redis.Command({"CONFIG", "GET", "appendfsync"});
  Check(appendfsync.status(), "CONFIG GET");
  const std::string fsync(appendfsync->element(1).str());
  std::map<std::string, int> pids = ParsePids(absl::GetFlag(FLAGS_pids));
  pids["redis-server"] = static_cast<int>(InfoNumber(Info(redis, "server"), "process_id"));
  pids["load-generator"] = static_cast<int>(getpid());  // this process, on the same cores
  std::printf("appendfsync %s, %ld cores\n", fsync.c_str(), sysconf(_SC_NPROCESSORS_ONLN));

  // 1. The bound.
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
  Check(redis.Command({"HSET", "gk:{p01}:case:rb-read", "data", std::string(1700, 'd')}).status(),
        "HSET");
  auto read_rate =
      RedisCommandRate(redis_options, {"HGET", "gk:{p01}:case:rb-read", "data"}, 50, requests);
  Check(read_rate.status(), "redis-benchmark read");
  // Clear what the bound left, so that memory and key counts below are the pipeline's.
  for (const char* pattern : {"gk:*:case:rb-*", "gk:*:events:rb-*", "gk:{seq}:idem:rb-*",
                              "gk:{seq}:counter:2099", "gk:{seq}:applicant:rb-*"}) {
    auto found = redis.Command({"KEYS", pattern});
    for (size_t i = 0; found.ok() && i < found->size(); ++i) {
      (void)redis.Command({"DEL", found->element(i).str()});
    }
  }
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const double echo_rate = EchoCallRate(concurrency, 3);
  // One case: 7 transitions and 1 number allocation; 3 reads, counted at the cost of a whole
  // case's read (review's first read of the case, and one by each of the 2 watches that see the
  // stream services' work); 5 staff calls and the 2 watches.
  constexpr int kTransitions = 7, kAllocations = 1, kReads = 3, kCalls = 7;
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
  const LoadResult closed = load.ClosedLoop(cases, concurrency, "closed-" + run);
  const RedisSnapshot redis_after = SnapshotRedis(redis);
  const std::map<std::string, double> cpu_after = CpuOf(pids);
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
  // Round trips, as Redis counts them (read events), less those of the load generator's
  // WatchCase calls (one HMGET each; a wait that ends without news reads once more, rare here):
  // what the services need per case. Then what they are made of, from the commands. Reads of a
  // case outside a script cannot be told from the scripts' own HGETs (commandstats counts both;
  // the transition script reads the sweeper's marks when it places a case), so the commands by
  // name below show them instead.
  const double round_trips = (redis_after.reads - redis_before.reads) / per_case;
  const double generator_reads = latencies.Count("WatchCase") / per_case;
  const double own_round_trips = round_trips - generator_reads;
  const double scripts = delta("evalsha");
  const double polls = delta("xreadgroup") / kPartitionCount;
  const double bytes_per_case = (redis_after.used_memory - redis_before.used_memory) / per_case;
  std::printf(
      "Redis per case: %.1f round trips (read events), of which %.1f the load generator's "
      "WatchCase and %.1f the services' own; %.1f scripts, %.2f stream polls; %.1f commands "
      "executed counting those inside scripts, %.0f bytes of memory (closed cases)\n",
      round_trips, generator_reads, own_round_trips, scripts, polls, commands_per_case,
      bytes_per_case);
  std::printf("Redis commands per case by command:");
  for (const auto& [name, count] : redis_after.calls) {
    const auto before = redis_before.calls.find(name);
    const int64_t delta = count - (before == redis_before.calls.end() ? 0 : before->second);
    if (delta / per_case >= 0.05) std::printf(" %s %.2f", name.c_str(), delta / per_case);
  }
  std::printf("\n");
  std::printf("CPU ms per case:");
  for (const auto& [name, seconds] : cpu_after) {
    std::printf(" %s %.3f", name.c_str(), (seconds - cpu_before.at(name)) * 1000 / per_case);
  }
  std::printf("\n");

  // 3. Open loop at half the saturating rate.
  latencies.Clear();
  CompactAof(redis);
  const int64_t rewrites_before_open = AofRewrites(redis);
  const double half = cases_per_s / 2;
  const LoadResult open =
      load.OpenLoop(half, absl::GetFlag(FLAGS_open_seconds), 256, "open-" + run);
  const int64_t open_rewrites = AofRewrites(redis) - rewrites_before_open;
  std::printf(
      "open loop at %.0f cases/s offered: %d completed (%d failed) in %.1f s; AOF rewrites "
      "within: %lld\n",
      half, open.completed, open.failed, open.seconds, static_cast<long long>(open_rewrites));
  PrintLatencies(latencies);
  const double register_p99 = latencies.Percentile("Register", 0.99);

  std::printf(
      "{\"appendfsync\":\"%s\",\"cases_per_s\":%.0f,\"bound_cases_per_s\":%.0f,"
      "\"ratio_to_bound\":%.2f,\"register_p99_ms\":%.2f,\"register_p99_ms_saturated\":%.2f,"
      "\"e2e_p50_ms\":%.2f,\"e2e_p99_ms\":%.2f,\"open_loop_e2e_p99_ms\":%.2f,"
      "\"redis_round_trips_per_case\":%.1f,\"redis_round_trips_per_case_all\":%.1f,\"redis_"
      "commands_per_case\":%.1f,"
      "\"redis_bytes_per_case\":%.0f,\"rpcs_per_case\":%.1f,\"closed_loop_cases\":%d,"
      "\"concurrency\":%d,\"aof_rewrites_within\":%lld}\n",
      fsync.c_str(), cases_per_s, bound, cases_per_s / bound, register_p99, closed_register_p99,
      e2e_p50, e2e_p99, latencies.Percentile("case", 0.99), own_round_trips, round_trips,
      commands_per_case, bytes_per_case, closed.rpcs / per_case, closed.completed, concurrency,
      static_cast<long long>(closed_rewrites + open_rewrites));
  return closed.failed == 0 && open.failed == 0 ? 0 : 1;
}
