// The console gateway's added latency: the same call made straight to the service over gRPC and
// through the console over HTTP/JSON, by 50 signed-in staff at once, on a stack that
// deploy/local.sh started (`deploy/local.sh bench-console`). Loads the open cases first (1,000
// by default, all routed to one department) so that the department's queue is the size the
// console's queue page is measured with.
//
// Each worker is one officer with a session of their own; every round it makes the call both
// ways, each kind of call in both orders equally often. People act independently: each starts
// at a random moment and pauses a random, exponentially distributed time between rounds (so
// the calls arrive as a Poisson stream), rather than all 50 clicking at the same instant.
//
// The added latency is reported two ways: the difference of the percentiles (gateway p99 minus
// direct p99: how much longer the slowest calls take through the console), and the percentiles
// of each round's difference (gateway minus direct in the same round). The second is a noisy
// estimate of the tail: two calls a millisecond apart meet different moments of the machine,
// so even a gateway that added nothing would show a positive p99 there. The last line is one
// JSON object. Figures: docs/performance.md.
#include <grpcpp/grpcpp.h>
#include <httplib.h>

#include <atomic>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gongkai/v1/intake.grpc.pb.h"
#include "gongkai/v1/routing.grpc.pb.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "latencies.h"
#include "sample_registration.h"
#include "stack_access.h"
#include "staff.h"

ABSL_FLAG(std::string, console, "127.0.0.1:7180", "the console, host:port (plain HTTP)");
ABSL_FLAG(std::string, intake, "127.0.0.1:7101", "");
ABSL_FLAG(std::string, routing, "127.0.0.1:7102", "");
ABSL_FLAG(std::string, tracker, "127.0.0.1:7105", "");
ABSL_FLAG(int, cases, 1000, "open cases to load into the department's queue");
ABSL_FLAG(int, users, 50, "signed-in staff calling at once");
ABSL_FLAG(double, seconds, 60, "length of the measured run");
ABSL_FLAG(int, think_ms, 1000,
          "each person's pause between rounds (0: back to back, the machine saturated)");
ABSL_FLAG(bool, direct_twice, false,
          "make the direct call in place of the console call too: the paired difference's noise "
          "when nothing is added");
ABSL_FLAG(std::string, department, "czj", "the department the cases go to");
ABSL_FLAG(std::string, description, "县财政局2025年三公经费决算",
          "the request's text (its keywords route it to --department)");

namespace gongkai::bench {
namespace {

std::string Token(const std::string& user, const std::string& role, const std::string& dept) {
  return StaffToken(StackTokenKeys(), user, {role}, dept);
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
  return StaffContext(token, absl::Seconds(30));
}

double MsSince(absl::Time start) { return absl::ToDoubleMilliseconds(absl::Now() - start); }

// Registers `count` cases and waits until routing has put them all in the department's queue.
void LoadCases(int count) {
  auto intake = v1::IntakeService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_intake), grpc::InsecureChannelCredentials()));
  const std::string clerk = Token("bench-clerk", "clerk", "");
  const std::string run = absl::StrCat(absl::ToUnixMillis(absl::Now()));
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 8; ++w) {
    workers.emplace_back([&] {
      for (int i = next++; i < count; i = next++) {
        v1::RegisterResponse response;
        grpc::Status status =
            intake->Register(Context(clerk).get(),
                             SampleRegistration(absl::StrCat("console-bench-", run, "-", i),
                                                absl::GetFlag(FLAGS_description)),
                             &response);
        if (!status.ok()) {
          std::fprintf(stderr, "register: %s\n", status.error_message().c_str());
          std::exit(1);
        }
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  auto routing = v1::RoutingService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_routing), grpc::InsecureChannelCredentials()));
  const std::string officer = Token("bench-officer", "officer", absl::GetFlag(FLAGS_department));
  const absl::Time give_up = absl::Now() + absl::Minutes(5);
  while (absl::Now() < give_up) {
    int queued = 0;
    std::string page_token;
    do {
      v1::DepartmentQueueRequest request;
      request.set_department(absl::GetFlag(FLAGS_department));
      request.mutable_page()->set_page_size(500);
      request.mutable_page()->set_page_token(page_token);
      v1::QueueResponse page;
      if (!routing->ListDepartmentQueue(Context(officer).get(), request, &page).ok()) break;
      queued += page.cases_size();
      page_token = page.next_page_token();
    } while (!page_token.empty());
    if (queued >= count) {
      std::fprintf(stderr, "console-bench: %d cases in the queue of %s\n", queued,
                   absl::GetFlag(FLAGS_department).c_str());
      return;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  std::fprintf(stderr, "console-bench: routing did not queue the cases within 5 minutes\n");
  std::exit(1);
}

// One kind of call, made both ways.
struct Call {
  std::string name;
  std::string path;  // /gongkai.v1.RoutingService/ListDepartmentQueue
  std::string json;  // the request as the console gets it
  std::function<grpc::Status(grpc::ClientContext*)> direct;
};

void Measure(const std::vector<Call>& calls, int users, absl::Duration length, absl::Duration think,
             Latencies& latencies) {
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  const bool direct_twice = absl::GetFlag(FLAGS_direct_twice);
  std::vector<std::thread> workers;
  for (int u = 0; u < users; ++u) {
    workers.emplace_back([&, u] {
      const std::string token =
          Token(absl::StrCat("officer-", u), "officer", absl::GetFlag(FLAGS_department));
      httplib::Client console(absl::StrCat("http://", absl::GetFlag(FLAGS_console)));
      console.set_keep_alive(true);
      console.set_tcp_nodelay(true);
      httplib::Headers headers = {{"Cookie", absl::StrCat("gk_session=", token)}};
      // The CSRF token, as the page gets it when it loads.
      auto session = console.Get("/api/session", headers);
      if (!session || session->status != 200) {
        failures++;
        return;
      }
      const std::string& body = session->body;
      constexpr std::string_view kKey = "\"csrf_token\":\"";
      const size_t key = body.find(kKey);
      const size_t end = key == std::string::npos ? key : body.find('"', key + kKey.size());
      if (end == std::string::npos) {
        std::fprintf(stderr, "console-bench: /api/session gave no csrf_token: %s\n", body.c_str());
        std::exit(1);
      }
      const size_t at = key + kKey.size();
      headers.emplace("X-CSRF-Token", body.substr(at, end - at));
      std::mt19937_64 random(u + 1);
      std::exponential_distribution<double> pause(1.0);
      // A pause of `think` on average, at most five times that.
      auto think_time = [&] { return think * std::min(5.0, pause(random)); };
      if (think > absl::ZeroDuration()) {
        absl::SleepFor(think * std::uniform_real_distribution<double>(0, 1)(random));
      }
      for (int round = 0; !stop.load(); ++round) {
        const Call& call = calls[round % calls.size()];
        const bool direct_first = (round / calls.size()) % 2 == 0;
        double direct_ms = 0, gateway_ms = 0;
        // The call straight to the service, timed into `ms`.
        auto direct_into = [&](double& ms) {
          const absl::Time start = absl::Now();
          auto context = Context(token);
          if (!call.direct(context.get()).ok()) failures++;
          ms = MsSince(start);
        };
        auto direct = [&] { direct_into(direct_ms); };
        auto gateway = [&] {
          if (direct_twice) {
            direct_into(gateway_ms);
            return;
          }
          const absl::Time start = absl::Now();
          auto answer = console.Post(absl::StrCat("/api/rpc", call.path).c_str(), headers,
                                     call.json, "application/json");
          if (!answer || answer->status != 200) failures++;
          gateway_ms = MsSince(start);
        };
        if (direct_first) {
          direct();
          gateway();
        } else {
          gateway();
          direct();
        }
        latencies.Add(call.name + ".direct", direct_ms);
        latencies.Add(call.name + ".gateway", gateway_ms);
        latencies.Add(call.name + ".paired", gateway_ms - direct_ms);
        // A person reads what they got before the next step.
        if (think > absl::ZeroDuration()) absl::SleepFor(think_time());
      }
    });
  }
  absl::SleepFor(length);
  stop = true;
  for (std::thread& worker : workers) worker.join();
  if (failures.load() > 0) {
    std::fprintf(stderr, "console-bench: %d calls failed\n", failures.load());
    std::exit(1);
  }
}

}  // namespace
}  // namespace gongkai::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  using namespace gongkai;
  using namespace gongkai::bench;
  bench::LoadCases(absl::GetFlag(FLAGS_cases));

  auto routing = std::shared_ptr<v1::RoutingService::Stub>(v1::RoutingService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_routing), grpc::InsecureChannelCredentials())));
  auto tracker = std::shared_ptr<v1::TrackerService::Stub>(v1::TrackerService::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_tracker), grpc::InsecureChannelCredentials())));
  const std::string department = absl::GetFlag(FLAGS_department);
  std::vector<Call> calls;
  // The department queue's first page, as the queue screen asks for it.
  calls.push_back({"queue_page", "/gongkai.v1.RoutingService/ListDepartmentQueue",
                   absl::StrCat(R"({"department":")", department, R"(","page":{"page_size":50}})"),
                   [routing, department](grpc::ClientContext* context) {
                     v1::DepartmentQueueRequest request;
                     request.set_department(department);
                     request.mutable_page()->set_page_size(50);
                     v1::QueueResponse response;
                     return routing->ListDepartmentQueue(context, request, &response);
                   }});
  // A small answer: what a screen's header asks for.
  calls.push_back({"notices", "/gongkai.v1.TrackerService/ListNotices", R"({"page_size":1})",
                   [tracker](grpc::ClientContext* context) {
                     v1::ListNoticesRequest request;
                     request.set_page_size(1);
                     v1::ListNoticesResponse response;
                     return tracker->ListNotices(context, request, &response);
                   }});

  Latencies latencies;
  // A short warm-up (connections, the services' caches), then the measured run.
  const absl::Duration think = absl::Milliseconds(absl::GetFlag(FLAGS_think_ms));
  Measure(calls, absl::GetFlag(FLAGS_users), absl::Seconds(3), think, latencies);
  latencies.Clear();
  Measure(calls, absl::GetFlag(FLAGS_users), absl::Seconds(absl::GetFlag(FLAGS_seconds)), think,
          latencies);

  std::string json = absl::StrCat("{\"users\":", absl::GetFlag(FLAGS_users),
                                  ",\"think_ms\":", absl::GetFlag(FLAGS_think_ms),
                                  ",\"cases\":", absl::GetFlag(FLAGS_cases));
  for (const Call& call : calls) {
    auto p = [&](const char* kind, double q) {
      return latencies.Percentile(absl::StrCat(call.name, ".", kind), q);
    };
    const double added_p50 = p("gateway", 0.5) - p("direct", 0.5);
    const double added_p99 = p("gateway", 0.99) - p("direct", 0.99);
    std::printf(
        "%-11s %6zu rounds  direct p50 %5.2f p99 %6.2f  gateway p50 %5.2f p99 %6.2f  "
        "added p50 %5.2f p99 %5.2f  (paired p50 %5.2f p99 %6.2f) ms\n",
        call.name.c_str(), latencies.Count(call.name + ".direct"), p("direct", 0.5),
        p("direct", 0.99), p("gateway", 0.5), p("gateway", 0.99), added_p50, added_p99,
        p("paired", 0.5), p("paired", 0.99));
    for (const char* kind : {"direct", "gateway", "paired"}) {
      absl::StrAppend(&json, ",\"", call.name, "_", kind, "_p50_ms\":", p(kind, 0.5), ",\"",
                      call.name, "_", kind, "_p99_ms\":", p(kind, 0.99));
    }
    absl::StrAppend(&json, ",\"", call.name, "_added_p50_ms\":", added_p50, ",\"", call.name,
                    "_added_p99_ms\":", added_p99);
  }
  json += "}";
  std::printf("%s\n", json.c_str());
  return 0;
}
