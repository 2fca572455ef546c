// What each step of the pipeline costs Redis, with Redis alone on the machine: a private
// redis-server (AOF on, everysec, the deployment's users; tests/support/redis_server.h), and
// --cases cases walked through the seven steps (pipeline_steps.h), one step for every case before
// the next step. Registration is the intake's own Register (the case-number script, then the
// case's); review's read of the case before a draft is CaseStore::Load; the other steps are
// CaseStore commits, each its own round trip as a service's call is at low load. Routing and
// reply commit a poll's cases in one pipeline and acknowledge its stream entries in the same
// script (`XACK`, `XDEL`): here route and reply letter are committed one at a time with no entry
// to acknowledge.
//
//   deploy/local.sh bench-scripts                (or build/bin/gongkai-bench-scripts)
//   build/bin/gongkai-bench-scripts --cases=2000 --rounds=5
//
// For each step: Redis's CPU a call (`INFO cpu`; the kernel samples which of user and system time
// a tick goes to, so only their sum is firm), the time inside the scripts (`INFO commandstats`,
// EVALSHA), of it the commands the scripts ran, and the transition script's entry: the same keys
// and arguments given to the same script made to return at once, which is what Redis spends
// before its first line runs (the call itself, and turning them into Lua's KEYS and ARGV). The
// pipeline benchmark measures Redis among the services, which share its cores and its wake-ups;
// this one measures the scripts without them. Each figure is the lowest of --rounds rounds, each
// on new cases (after a warm-up round that loads the scripts); later rounds find a fuller Redis.
// Automatic AOF rewrites are off, so that no fork falls inside a step.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/mutex_deadlock_detection.h"
#include "pipeline_steps.h"
#include "redis/case_store.h"
#include "redis/scripts.h"
#include "redis_info.h"
#include "redis_server.h"
#include "registration.h"
#include "spdlog/spdlog.h"
#include "staff.h"
#include "store_fixture.h"

ABSL_FLAG(int, cases, 1000, "cases walked through the steps in each round");
ABSL_FLAG(int, rounds, 3, "rounds; each figure is the lowest of them");

namespace gongkai::bench {
namespace {

// Thrown, so that the private server is stopped on the way out (main catches it).
void Check(const absl::Status& status, const std::string& what) {
  if (!status.ok()) throw std::runtime_error(absl::StrCat(what, ": ", status.message()));
}

// The fields of an INFO section, parsed by the benchmarks' shared reader (redis_info.h).
std::map<std::string, std::string> Info(RedisConnection& redis, const char* section) {
  absl::StatusOr<RedisReply> reply = redis.Command({"INFO", section});
  Check(reply.status(), "INFO");
  return InfoFields(reply->str());
}

// What Redis spent on one phase: CPU seconds since the start of the phase, and from
// commandstats (reset at its start) the microseconds inside EVALSHA and inside every other
// command the phase sent or its scripts ran.
struct RedisSpent {
  double user_s = 0;
  double sys_s = 0;
  int64_t script_us = 0;
  int64_t commands_us = 0;
};

class PhaseMeter {
 public:
  explicit PhaseMeter(RedisConnection& operator_redis) : redis_(operator_redis) {
    Check(redis_.Command({"CONFIG", "RESETSTAT"}).status(), "CONFIG RESETSTAT");
    ReadCpu(user_s_, sys_s_);
  }

  RedisSpent Stop() {
    RedisSpent spent;
    double user = 0, sys = 0;
    ReadCpu(user, sys);
    spent.user_s = user - user_s_;
    spent.sys_s = sys - sys_s_;
    for (const auto& [command, stat] : CommandStats(Info(redis_, "commandstats"))) {
      // The meter's own commands are not the phase's.
      if (command == "info" || command == "config|resetstat") continue;
      if (command == "script|load") continue;  // a script's first call on a connection
      (command == "evalsha" ? spent.script_us : spent.commands_us) += stat.usec;
    }
    return spent;
  }

 private:
  void ReadCpu(double& user, double& sys) {
    const auto info = Info(redis_, "cpu");
    const auto user_field = info.find("used_cpu_user");
    const auto sys_field = info.find("used_cpu_sys");
    if (user_field == info.end() || sys_field == info.end() ||
        !absl::SimpleAtod(user_field->second, &user) ||
        !absl::SimpleAtod(sys_field->second, &sys)) {
      Check(absl::InternalError("no used_cpu_user and used_cpu_sys"), "INFO cpu");
    }
  }

  RedisConnection& redis_;
  double user_s_ = 0, sys_s_ = 0;
};

// One row of the table: a step's figures per call, the lowest over the rounds.
struct StepCost {
  int scripts_per_call = 1;
  double user_us = 1e9, sys_us = 1e9, script_us = 1e9, commands_us = 1e9;
  double entry_us = -1;  // the transition script's entry; -1: none (a read)

  void Keep(const RedisSpent& spent, int calls) {
    // The CPU of the round that took the least, user and system time together (the kernel
    // samples which of them a tick goes to); the time inside the scripts and the part of it in
    // their commands from the round that spent the least there.
    if ((spent.user_s + spent.sys_s) * 1e6 / calls < user_us + sys_us) {
      user_us = spent.user_s * 1e6 / calls;
      sys_us = spent.sys_s * 1e6 / calls;
    }
    const double script = static_cast<double>(spent.script_us) / calls;
    const double commands = static_cast<double>(spent.commands_us) / calls;
    if (script + commands < script_us + commands_us) {
      script_us = script;
      commands_us = commands;
    }
  }
  void KeepEntry(const RedisSpent& spent, int calls) {
    const double us = static_cast<double>(spent.script_us) / calls;
    entry_us = entry_us < 0 ? us : std::min(entry_us, us);
  }
};

// The table's rows in the order the steps come, each added when first met.
using StepCosts = std::vector<std::pair<std::string, StepCost>>;

StepCost& Row(StepCosts& costs, const std::string& name) {
  for (auto& [row, cost] : costs) {
    if (row == name) return cost;
  }
  return costs.emplace_back(name, StepCost()).second;
}

// The transition script made to return before its first line: the same keys and arguments
// become KEYS and ARGV and nothing else happens.
const LuaScript& EntryOnly() {
  static const std::string* source =
      new std::string(absl::StrCat("do return 0 end\n", scripts::Transition().source));
  static const LuaScript script{*source};
  return script;
}

class ScriptBench {
 public:
  ScriptBench(RedisConnection& service, RedisConnection& operator_redis)
      : service_(service), operator_(operator_redis), store_(service) {}

  // Walks `count` new cases through the steps, adding each step's figures to `costs`. `round`
  // makes the request ids new: no two rounds register the same request.
  void Round(int round, int count, StepCosts& costs) {
    std::vector<std::vector<PipelineStep>> steps;
    std::vector<v1::Case> cases(count);
    std::vector<std::string> request_ids;
    for (int i = 0; i < count; ++i) {
      request_ids.push_back(absl::StrFormat("bench-%d-%06d", round, i));
    }
    StepCost& registration = Row(costs, "register");
    Register(request_ids, cases, registration);
    for (int i = 0; i < count; ++i) {
      steps.push_back(PipelineSteps(cases[i].case_number(), request_ids[i]));
    }
    RegistrationEntry(steps, cases, registration);
    for (size_t s = 1; s < steps[0].size(); ++s) {
      const std::string name = steps[0][s].name;
      if (name == "submit_draft") {
        ReadCases(cases, Row(costs, "case_read"));
      }
      std::vector<CaseChange> changes;
      for (int i = 0; i < count; ++i) {
        absl::StatusOr<CaseChange> change = steps[i][s].plan(cases[i]);
        Check(change.status(), "plan " + name);
        changes.push_back(*std::move(change));
      }
      StepCost& cost = Row(costs, name);
      Entry(changes, cost);
      PhaseMeter meter(operator_);
      for (int i = 0; i < count; ++i) {
        absl::StatusOr<int64_t> version = store_.Commit(changes[i]);
        Check(version.status(), "commit " + name);
        cases[i] = std::move(changes[i].after);
        cases[i].set_version(*version);
      }
      cost.Keep(meter.Stop(), count);
    }
  }

 private:
  void Register(const std::vector<std::string>& request_ids, std::vector<v1::Case>& cases,
                StepCost& cost) {
    class FixedClock final : public Clock {
     public:
      absl::Time Now() const override { return StepsNow(); }
    } clock;
    const v1::Actor clerk = StaffActor("w1", "clerk");
    PhaseMeter meter(operator_);
    for (size_t i = 0; i < request_ids.size(); ++i) {
      v1::RegisterResponse response;
      Check(gongkai::Register(store_, clock, StepsCalendar(), StepsAgencies(), clerk,
                              StepsRegistration(request_ids[i]), &response),
            "register");
      cases[i] = std::move(*response.mutable_case_());
      cases[i].clear_events();  // as the services' cache holds a case: without its history
    }
    cost.Keep(meter.Stop(), static_cast<int>(request_ids.size()));
    cost.scripts_per_call = 2;  // the case number's, then the case's
  }

  // The entry of the case's script, with the arguments the registrations just sent: the register
  // step planned again for each number given, with what Register adds to it. It changes nothing
  // in Redis.
  void RegistrationEntry(const std::vector<std::vector<PipelineStep>>& steps,
                         const std::vector<v1::Case>& cases, StepCost& cost) {
    std::vector<CaseChange> planned;
    for (size_t i = 0; i < cases.size(); ++i) {
      absl::StatusOr<CaseChange> change = steps[i][0].plan(v1::Case());
      Check(change.status(), "plan register");
      change->after.set_agency_sequence(cases[i].agency_sequence());
      change->after.set_request_fingerprint(cases[i].request_fingerprint());
      planned.push_back(*std::move(change));
    }
    Entry(planned, cost);
  }

  // Review's read of an accepted case before the officer's draft (the first service to hold
  // the case since routing): the whole case, without its history.
  void ReadCases(const std::vector<v1::Case>& cases, StepCost& cost) {
    PhaseMeter meter(operator_);
    for (const v1::Case& c : cases) {
      Check(store_.Load(c.case_number(), /*with_events=*/false).status(), "read");
    }
    cost.Keep(meter.Stop(), static_cast<int>(cases.size()));
    cost.scripts_per_call = 0;
  }

  void Entry(const std::vector<CaseChange>& changes, StepCost& cost) {
    std::vector<TransitionCall> calls;
    for (const CaseChange& change : changes) {
      absl::StatusOr<TransitionCall> call = PrepareTransition(change);
      Check(call.status(), "PrepareTransition");
      calls.push_back(*std::move(call));
    }
    PhaseMeter meter(operator_);
    for (const TransitionCall& call : calls) {
      Check(service_.Eval(call.route, EntryOnly(), call.keys, call.args).status(), "entry");
    }
    cost.KeepEntry(meter.Stop(), static_cast<int>(calls.size()));
  }

  RedisConnection& service_;
  RedisConnection& operator_;
  CaseStore store_;
};

}  // namespace
}  // namespace gongkai::bench

int main(int argc, char** argv) {
  using namespace gongkai;
  absl::ParseCommandLine(argc, argv);
  DisableMutexDeadlockDetection();
  spdlog::set_level(spdlog::level::warn);  // a line a commit would be most of this process's work
  // One Redis node: the figures are one server's (the test fixtures would start a cluster).
  unsetenv("GONGKAI_TEST_REDIS");
  const int count = absl::GetFlag(FLAGS_cases);
  const int rounds = absl::GetFlag(FLAGS_rounds);
  // Bounded so that the case numbers keep their six digits and Redis its memory (some 5 KB a
  // closed case).
  if (count < 1 || rounds < 1 || rounds > 20 || int64_t{count} * rounds > 200000) {
    std::fprintf(stderr,
                 "--cases and --rounds must be at least 1, --rounds at most 20, and "
                 "--cases times --rounds at most 200000\n");
    return 2;
  }
  const std::string dir = gongkai::testing::MakeTempDir("gongkai-bench-scripts");
  bench::StepCosts costs;
  try {
    gongkai::testing::RedisServer server(dir);
    RedisConnection service(server.ServiceOptions());
    RedisConnection operator_redis(server.OperatorOptions());
    bench::Check(operator_redis.Command({"PING"}).status(), "the private redis-server");
    bench::Check(
        operator_redis.Command({"CONFIG", "SET", "auto-aof-rewrite-percentage", "0"}).status(),
        "CONFIG SET auto-aof-rewrite-percentage");
    bench::ScriptBench bench(service, operator_redis);
    {
      // A warm-up round, not counted (numbered after the others): each connection loads the
      // scripts on their first call.
      bench::StepCosts warm_up;
      bench.Round(rounds, 20, warm_up);
    }
    for (int round = 0; round < rounds; ++round) bench.Round(round, count, costs);
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "%s\n(the server's files and log are kept in %s)\n", failure.what(),
                 dir.c_str());
    return 1;
  }
  std::filesystem::remove_all(dir);

  std::printf(
      "Redis alone (AOF everysec), %d cases a round, each call its own round trip; the "
      "lowest of %d rounds. Microseconds a call (user and system CPU: only their sum is firm):\n",
      count, rounds);
  std::printf("  %-14s %8s %8s %8s %10s %12s %8s\n", "step", "scripts", "user", "system",
              "in script", "of it cmds", "entry");
  // A case: every row's CPU; the scripts' rows alone for the time inside scripts.
  double user = 0, sys = 0, in_scripts = 0, script_commands = 0, entry = 0;
  int scripts = 0;
  std::string json = "{\"steps\":{";
  for (const auto& [name, c] : costs) {
    const bool scripted = c.scripts_per_call > 0;
    std::printf("  %-14s %8d %8.1f %8.1f %10.1f %12.1f %8s\n", name.c_str(), c.scripts_per_call,
                c.user_us, c.sys_us, c.script_us, c.commands_us,
                scripted ? absl::StrFormat("%.1f", c.entry_us).c_str() : "-");
    user += c.user_us;
    sys += c.sys_us;
    if (scripted) {
      in_scripts += c.script_us;
      script_commands += c.commands_us;
      entry += c.entry_us;
    }
    scripts += c.scripts_per_call;
    absl::StrAppendFormat(&json,
                          "%s\"%s\":{\"scripts\":%d,\"user_us\":%.1f,\"sys_us\":%.1f,"
                          "\"script_us\":%.1f,\"commands_us\":%.1f",
                          name == costs.front().first ? "" : ",", name, c.scripts_per_call,
                          c.user_us, c.sys_us, c.script_us, c.commands_us);
    if (scripted) absl::StrAppendFormat(&json, ",\"entry_us\":%.1f", c.entry_us);
    json += "}";
  }
  std::printf("  %-14s %8d %8.1f %8.1f %10.1f %12.1f %8.1f\n", "a case", scripts, user, sys,
              in_scripts, script_commands, entry);
  std::printf(
      "Redis CPU a case: %.3f ms (user %.3f, system %.3f); inside the %d scripts %.3f ms, of "
      "which their commands %.3f and the transitions' entry %.3f\n",
      (user + sys) / 1000, user / 1000, sys / 1000, scripts, in_scripts / 1000,
      script_commands / 1000, entry / 1000);
  absl::StrAppendFormat(&json,
                        "},\"cases\":%d,\"rounds\":%d,\"redis_cpu_ms_per_case\":%.3f,"
                        "\"user_ms\":%.3f,\"sys_ms\":%.3f,\"scripts_per_case\":%d,"
                        "\"script_ms\":%.3f,\"commands_ms\":%.3f,\"entry_ms\":%.3f}",
                        count, rounds, (user + sys) / 1000, user / 1000, sys / 1000, scripts,
                        in_scripts / 1000, script_commands / 1000, entry / 1000);
  std::printf("%s\n", json.c_str());
  return 0;
}
