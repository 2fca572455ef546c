#include "pipeline_load.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/clock.h"
#include "sample_registration.h"
#include "stack_access.h"
#include "staff.h"

namespace gongkai::bench {
namespace {

const TokenKeys* bench_keys = nullptr;

// Each of the benchmark's staff signs in once: the same token for all their calls.
const std::string& BenchToken(const char* user, const char* role, const char* department) {
  static absl::Mutex mutex;
  static auto* tokens = new std::map<std::string, std::string>();
  const std::string key = absl::StrCat(user, "/", role, "/", department ? department : "");
  absl::MutexLock lock(&mutex);
  std::string& token = (*tokens)[key];
  if (token.empty()) token = StaffToken(*bench_keys, user, {role}, department ? department : "");
  return token;
}

// Several channels per service, so that concurrent calls are not all on one HTTP/2 connection.
// An address list (`ipv4:127.0.0.1:7101,127.0.0.1:7111`, every copy of a service) gets its calls
// spread over the copies in turn, where gRPC's default would send them all to the first.
std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (address.find(',') != std::string::npos) arguments.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
}

std::unique_ptr<grpc::ClientContext> As(const char* user, const char* role,
                                        const char* department = nullptr) {
  return StaffContext(BenchToken(user, role, department), absl::Seconds(10));
}

}  // namespace

void UseTokenKeys(const TokenKeys& keys) { bench_keys = new TokenKeys(keys); }

PipelineLoad::PipelineLoad(const ServiceAddresses& addresses, Latencies& latencies)
    : intake_(v1::IntakeService::NewStub(ChannelTo(addresses.intake))),
      routing_(v1::RoutingService::NewStub(ChannelTo(addresses.routing))),
      review_(v1::ReviewService::NewStub(ChannelTo(addresses.review))),
      reply_(v1::ReplyService::NewStub(ChannelTo(addresses.reply))),
      tracker_(v1::TrackerService::NewStub(ChannelTo(addresses.tracker))),
      latencies_(latencies) {}

bool PipelineLoad::DriveCase(const std::string& request_id, absl::Time scheduled) {
  // Times one call under its name; returns its status.
  auto timed = [&](const char* name, auto call) {
    const absl::Time started = absl::Now();
    grpc::Status status = call();
    ++rpcs_;
    latencies_.Add(name, absl::ToDoubleMilliseconds(absl::Now() - started));
    if (!status.ok() && !reported_failure_.exchange(true)) {
      std::fprintf(stderr, "first failure: %s: %d %s\n", name, status.error_code(),
                   status.error_message().c_str());
    }
    return status;
  };
  v1::RegisterResponse registered;
  if (!timed("Register", [&] {
         return intake_->Register(
             As("bench-window", "clerk").get(),
             SampleRegistration(request_id, "2025年县级财政预算和三公经费决算"), &registered);
       }).ok()) {
    return false;
  }
  const std::string number = registered.case_().case_number();
  // Waits for a stream service to move the case on past `*version`, as a screen would: with
  // the tracker's WatchCase, which answers when the case changes.
  auto wait_for = [&](v1::CaseState state, int64_t* version) {
    v1::WatchCaseRequest watch;
    watch.set_case_number(number);
    watch.set_timeout_ms(4000);
    for (int attempt = 0; attempt < 20; ++attempt) {
      watch.set_after_version(*version);
      v1::CaseVersion current;
      if (!timed("WatchCase", [&] {
             return tracker_->WatchCase(As("bench", "manager").get(), watch, &current);
           }).ok()) {
        return false;
      }
      *version = current.version();
      if (current.state() == state) return true;
    }
    return false;
  };
  int64_t version = registered.case_().version();
  if (!wait_for(v1::CASE_STATE_ASSIGNED, &version)) return false;
  v1::CaseAck ack;
  v1::AcceptRequest accept;
  accept.set_case_number(number);
  accept.set_expected_version(version);
  if (!timed("Accept", [&] {
         return routing_->Accept(As("czj-li", "officer", "czj").get(), accept, &ack);
       }).ok()) {
    return false;
  }
  v1::SubmitDraftRequest draft;
  draft.set_case_number(number);
  draft.set_expected_version(ack.version());
  draft.set_outcome(v1::OUTCOME_DISCLOSED);
  draft.set_disclosed_text("预算、决算及三公经费表见附件（共12页）。");
  if (!timed("SubmitDraft", [&] {
         return review_->SubmitDraft(As("czj-li", "officer", "czj").get(), draft, &ack);
       }).ok()) {
    return false;
  }
  v1::ReviewDecisionRequest clear;
  clear.set_case_number(number);
  clear.set_expected_version(ack.version());
  if (!timed("Clear", [&] {
         return review_->Clear(As("bench-reviewer", "reviewer").get(), clear, &ack);
       }).ok()) {
    return false;
  }
  version = ack.version();
  if (!wait_for(v1::CASE_STATE_REPLY_READY, &version)) return false;
  v1::IssueReplyRequest issue;
  issue.set_case_number(number);
  issue.set_expected_version(version);
  issue.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
  issue.mutable_delivery()->set_delivered_on(FormatDay(ChinaDay(absl::Now())));
  if (!timed("IssueReply", [&] {
         return reply_->IssueReply(As("bench-window", "clerk").get(), issue, &ack);
       }).ok()) {
    return false;
  }
  latencies_.Add("case", absl::ToDoubleMilliseconds(absl::Now() - scheduled));
  return true;
}

LoadResult PipelineLoad::ClosedLoop(int cases, int concurrency, const std::string& prefix) {
  std::atomic<int> next{0}, completed{0}, failed{0};
  const long long rpcs_before = rpcs_;
  const absl::Time started = absl::Now();
  std::vector<std::thread> staff;
  for (int t = 0; t < concurrency; ++t) {
    staff.emplace_back([&] {
      for (int i = next++; i < cases; i = next++) {
        (DriveCase(absl::StrCat(prefix, "-", i, "-request"), absl::Now()) ? completed : failed)++;
      }
    });
  }
  for (std::thread& person : staff) person.join();
  return {completed.load(), failed.load(), absl::ToDoubleSeconds(absl::Now() - started),
          rpcs_ - rpcs_before};
}

LoadResult PipelineLoad::OpenLoop(double rate, double seconds, int max_in_flight,
                                  const std::string& prefix) {
  const int total = static_cast<int>(rate * seconds);
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<std::pair<int, absl::Time>> due;  // case index, scheduled start
  bool done_scheduling = false;
  std::atomic<int> completed{0}, failed{0};
  const long long rpcs_before = rpcs_;
  const absl::Time started = absl::Now();
  std::vector<std::thread> staff;
  for (int t = 0; t < max_in_flight; ++t) {
    staff.emplace_back([&] {
      for (;;) {
        std::pair<int, absl::Time> job;
        {
          std::unique_lock lock(mutex);
          ready.wait(lock, [&] { return !due.empty() || done_scheduling; });
          if (due.empty()) return;
          job = due.front();
          due.pop_front();
        }
        (DriveCase(absl::StrCat(prefix, "-", job.first, "-request"), job.second) ? completed
                                                                                 : failed)++;
      }
    });
  }
  for (int i = 0; i < total; ++i) {
    const absl::Time at = started + absl::Seconds(i / rate);
    absl::SleepFor(at - absl::Now());
    {
      std::lock_guard lock(mutex);
      due.emplace_back(i, at);
    }
    ready.notify_one();
  }
  {
    std::lock_guard lock(mutex);
    done_scheduling = true;
  }
  ready.notify_all();
  for (std::thread& person : staff) person.join();
  return {completed.load(), failed.load(), absl::ToDoubleSeconds(absl::Now() - started),
          rpcs_ - rpcs_before};
}

}  // namespace gongkai::bench
