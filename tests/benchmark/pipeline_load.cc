#include "pipeline_load.h"

#include <grpcpp/alarm.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
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

// One channel a service, with a subchannel pool of its own (its connections are not shared with
// another channel to the same address). An address list (`ipv4:127.0.0.1:7101,127.0.0.1:7111`,
// every copy of a service) gets its calls spread over the copies in turn, where gRPC's default
// would send them all to the first.
std::shared_ptr<grpc::Channel> ChannelTo(const std::string& address) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // No retry policy is configured, and the retry filter's bookkeeping cost some 10% of this
  // client's CPU a call (docs/performance.md); a call that fails is counted as failed.
  arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  if (address.find(',') != std::string::npos) arguments.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
}

std::unique_ptr<grpc::ClientContext> As(const char* user, const char* role,
                                        const char* department = nullptr) {
  return StaffContext(BenchToken(user, role, department), absl::Seconds(10));
}

// The client threads, each with its own queue. One: gRPC's poller lets a single thread at a time
// wait on the sockets, so with a second thread most answers are read on one thread and handed to
// the other with a wake-up: about three times the context switches a case on two cores. One
// thread's share of a case, about a third of a millisecond of CPU, keeps it ahead of any rate
// the stack reaches on the machine it shares.
constexpr int kClientThreads = 1;

// A completion queue's event: every tag on the load generator's queues is one of these.
class Completion {
 public:
  virtual void Completed(bool ok) = 0;

 protected:
  ~Completion() = default;
};

// The client threads of one loop, each serving its own completion queue.
class ClientThreads {
 public:
  ClientThreads() {
    for (int i = 0; i < kClientThreads; ++i) {
      queues_.push_back(std::make_unique<grpc::CompletionQueue>());
    }
    for (const auto& queue : queues_) threads_.emplace_back(Serve, queue.get());
  }
  ~ClientThreads() { Finish(); }

  // Work is spread over the queues by its number (a staff member's, a case's).
  grpc::CompletionQueue* queue(int i) const { return queues_[i % queues_.size()].get(); }

  // Shuts the queues down and waits for the threads; nothing may be pending on them any more.
  void Finish() {
    if (finished_) return;
    finished_ = true;
    for (const auto& queue : queues_) queue->Shutdown();
    for (std::thread& thread : threads_) thread.join();
  }

 private:
  static void Serve(grpc::CompletionQueue* queue) {
    void* tag;
    bool ok;
    while (queue->Next(&tag, &ok)) static_cast<Completion*>(tag)->Completed(ok);
  }

  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues_;
  std::vector<std::thread> threads_;
  bool finished_ = false;
};

// Counts the cases as they end, on any client thread, and wakes the loop when the last has.
class Tally {
 public:
  explicit Tally(int cases) : remaining_(cases) {}

  void Ended(bool ok) {
    std::lock_guard lock(mutex_);
    ++(ok ? completed_ : failed_);
    if (--remaining_ == 0) all_ended_.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    all_ended_.wait(lock, [&] { return remaining_ <= 0; });
  }
  int completed() const {
    std::lock_guard lock(mutex_);
    return completed_;
  }
  int failed() const {
    std::lock_guard lock(mutex_);
    return failed_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable all_ended_;
  int remaining_;
  int completed_ = 0;
  int failed_ = 0;
};

std::string RequestId(const std::string& prefix, int i) {
  return absl::StrCat(prefix, "-", i, "-request");
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

bool PipelineLoad::Record(const char* name, absl::Time started, const grpc::Status& status) {
  ++rpcs_;
  latencies_.Add(name, absl::ToDoubleMilliseconds(absl::Now() - started));
  if (!status.ok() && !reported_failure_.exchange(true)) {
    std::fprintf(stderr, "first failure: %s: %d %s\n", name, status.error_code(),
                 status.error_message().c_str());
  }
  return status.ok();
}

// One case through the pipeline: registered, waited for routing, accepted, drafted, cleared,
// waited for its letter and delivered. Each call is started when the one before has answered,
// and its answer comes back to Completed on the case's queue, so no thread waits on a case.
// The run deletes itself when the case has ended, after telling `ended` whether it went through.
class PipelineLoad::CaseRun final : public Completion {
 public:
  CaseRun(PipelineLoad& load, grpc::CompletionQueue* queue, std::string request_id,
          absl::Time scheduled, std::function<void(bool)> ended)
      : load_(load),
        queue_(queue),
        request_id_(std::move(request_id)),
        scheduled_(scheduled),
        ended_(std::move(ended)) {}

  // May be called from another queue's thread: nothing touches the run after its first call
  // has been started but that call's completion.
  void Start() {
    step_ = Step::kRegister;
    Begin(
        "Register", As("bench-window", "clerk"),
        [&](grpc::ClientContext* context) {
          return load_.intake_->PrepareAsyncRegister(
              context, SampleRegistration(request_id_, "2025年县级财政预算和三公经费决算"), queue_);
        },
        register_reader_, registered_);
  }

  void Completed(bool /*ok: always true for a unary call's Finish*/) override {
    if (!load_.Record(call_name_, call_started_, status_)) return End(false);
    switch (step_) {
      case Step::kRegister:
        number_ = registered_.case_().case_number();
        version_ = registered_.case_().version();
        return WaitFor(Step::kWaitAssigned);
      case Step::kWaitAssigned:
      case Step::kWaitReplyReady:
        return Watched();
      case Step::kAccept:
        return SubmitDraft();
      case Step::kSubmitDraft:
        return Clear();
      case Step::kClear:
        version_ = ack_.version();
        return WaitFor(Step::kWaitReplyReady);
      case Step::kIssueReply:
        load_.latencies_.Add("case", absl::ToDoubleMilliseconds(absl::Now() - scheduled_));
        return End(true);
    }
  }

 private:
  enum class Step {
    kRegister,
    kWaitAssigned,
    kAccept,
    kSubmitDraft,
    kClear,
    kWaitReplyReady,
    kIssueReply
  };

  // Starts one call under `name`; a context is kept per call until its answer.
  template <typename Response, typename Prepare>
  void Begin(const char* name, std::unique_ptr<grpc::ClientContext> context, Prepare prepare,
             std::unique_ptr<grpc::ClientAsyncResponseReader<Response>>& reader,
             Response& response) {
    call_name_ = name;
    // A reader lives in its call's memory, which goes with the call's context: every reader of
    // an earlier call goes before that context is replaced.
    register_reader_.reset();
    watch_reader_.reset();
    ack_reader_.reset();
    context_ = std::move(context);
    call_started_ = absl::Now();
    reader = prepare(context_.get());
    reader->StartCall();
    reader->Finish(&response, &status_, this);  // the last touch before Completed
  }

  // Waits for a stream service to move the case on past `version_`, as a screen would: with the
  // tracker's WatchCase, which answers when the case changes; up to 20 watches.
  void WaitFor(Step step) {
    step_ = step;
    attempt_ = 0;
    watch_.Clear();
    watch_.set_case_number(number_);
    watch_.set_timeout_ms(4000);
    Watch();
  }
  void Watch() {
    watch_.set_after_version(version_);
    Begin(
        "WatchCase", As("bench", "manager"),
        [&](grpc::ClientContext* context) {
          return load_.tracker_->PrepareAsyncWatchCase(context, watch_, queue_);
        },
        watch_reader_, current_);
  }
  void Watched() {
    version_ = current_.version();
    const v1::CaseState wanted =
        step_ == Step::kWaitAssigned ? v1::CASE_STATE_ASSIGNED : v1::CASE_STATE_REPLY_READY;
    if (current_.state() == wanted) return step_ == Step::kWaitAssigned ? Accept() : IssueReply();
    if (++attempt_ < 20) return Watch();
    End(false);
  }

  void Accept() {
    step_ = Step::kAccept;
    v1::AcceptRequest accept;
    accept.set_case_number(number_);
    accept.set_expected_version(version_);
    Begin(
        "Accept", As("czj-li", "officer", "czj"),
        [&](grpc::ClientContext* context) {
          return load_.routing_->PrepareAsyncAccept(context, accept, queue_);
        },
        ack_reader_, ack_);
  }

  void SubmitDraft() {
    step_ = Step::kSubmitDraft;
    v1::SubmitDraftRequest draft;
    draft.set_case_number(number_);
    draft.set_expected_version(ack_.version());
    draft.set_outcome(v1::OUTCOME_DISCLOSED);
    draft.set_disclosed_text("预算、决算及三公经费表见附件（共12页）。");
    Begin(
        "SubmitDraft", As("czj-li", "officer", "czj"),
        [&](grpc::ClientContext* context) {
          return load_.review_->PrepareAsyncSubmitDraft(context, draft, queue_);
        },
        ack_reader_, ack_);
  }

  void Clear() {
    step_ = Step::kClear;
    v1::ReviewDecisionRequest clear;
    clear.set_case_number(number_);
    clear.set_expected_version(ack_.version());
    Begin(
        "Clear", As("bench-reviewer", "reviewer"),
        [&](grpc::ClientContext* context) {
          return load_.review_->PrepareAsyncClear(context, clear, queue_);
        },
        ack_reader_, ack_);
  }

  void IssueReply() {
    step_ = Step::kIssueReply;
    v1::IssueReplyRequest issue;
    issue.set_case_number(number_);
    issue.set_expected_version(version_);
    issue.mutable_delivery()->set_method(v1::DELIVERY_METHOD_POST);
    issue.mutable_delivery()->set_delivered_on(FormatDay(ChinaDay(absl::Now())));
    Begin(
        "IssueReply", As("bench-window", "clerk"),
        [&](grpc::ClientContext* context) {
          return load_.reply_->PrepareAsyncIssueReply(context, issue, queue_);
        },
        ack_reader_, ack_);
  }

  void End(bool ok) {
    std::function<void(bool)> ended = std::move(ended_);
    delete this;
    ended(ok);
  }

  PipelineLoad& load_;
  grpc::CompletionQueue* const queue_;
  const std::string request_id_;
  const absl::Time scheduled_;
  std::function<void(bool)> ended_;

  Step step_ = Step::kRegister;
  // The call under way.
  const char* call_name_ = "";
  absl::Time call_started_;
  std::unique_ptr<grpc::ClientContext> context_;  // declared before the readers: outlives them
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::RegisterResponse>> register_reader_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::CaseVersion>> watch_reader_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::CaseAck>> ack_reader_;
  v1::RegisterResponse registered_;
  v1::CaseVersion current_;
  v1::CaseAck ack_;
  // The case as far as it has got.
  std::string number_;
  int64_t version_ = 0;
  v1::WatchCaseRequest watch_;
  int attempt_ = 0;
};

LoadResult PipelineLoad::ClosedLoop(int cases, int concurrency, const std::string& prefix) {
  const long long rpcs_before = rpcs_;
  const absl::Time started = absl::Now();
  Tally tally(concurrency > 0 ? std::max(cases, 0) : 0);
  std::atomic<int> next{0};
  ClientThreads threads;
  // A staff member takes the next case as soon as theirs has ended, on their own queue; a case's
  // end-to-end latency counts from then.
  std::function<void(grpc::CompletionQueue*)> take = [&](grpc::CompletionQueue* queue) {
    const int i = next++;
    if (i >= cases) return;
    (new CaseRun(*this, queue, RequestId(prefix, i), absl::Now(), [&, queue](bool ok) {
      take(queue);  // before counting this case: the count reaching zero ends the loop
      tally.Ended(ok);
    }))->Start();
  };
  for (int person = 0; person < concurrency; ++person) take(threads.queue(person));
  tally.Wait();
  threads.Finish();
  return {tally.completed(), tally.failed(), absl::ToDoubleSeconds(absl::Now() - started),
          rpcs_ - rpcs_before};
}

// Due times come from one alarm on the first queue, set for the next case each time it rings,
// rather than a sleeping thread. A case due while `max_in_flight` are under way waits in
// `backlog_` and starts when one ends, its latency still counted from when it was due.
class PipelineLoad::OpenSchedule final : public Completion {
 public:
  OpenSchedule(PipelineLoad& load, ClientThreads& threads, Tally& tally, absl::Time started,
               int total, double rate, int max_in_flight, std::string prefix)
      : load_(load),
        threads_(threads),
        tally_(tally),
        total_(total),
        rate_(rate),
        max_in_flight_(max_in_flight),
        prefix_(std::move(prefix)),
        started_(started) {}

  void Start() { alarm_.Set(threads_.queue(0), absl::ToChronoTime(DueAt(0)), this); }

  // The alarm rang: every case due by now is started (or queued), at least the one it was for,
  // as it may ring late when the thread was busy.
  void Completed(bool /*ok: the alarm is never cancelled*/) override {
    const absl::Time now = absl::Now();
    do {
      Due(next_, DueAt(next_));
      ++next_;
    } while (next_ < total_ && DueAt(next_) <= now);
    if (next_ < total_) alarm_.Set(threads_.queue(0), absl::ToChronoTime(DueAt(next_)), this);
  }

 private:
  absl::Time DueAt(int i) const { return started_ + absl::Seconds(i / rate_); }

  void Due(int i, absl::Time at) {
    {
      std::lock_guard lock(mutex_);
      if (in_flight_ >= max_in_flight_) {
        backlog_.emplace_back(i, at);
        return;
      }
      ++in_flight_;
    }
    Launch(i, at);
  }

  void Launch(int i, absl::Time at) {
    (new CaseRun(load_, threads_.queue(i), RequestId(prefix_, i), at, [this](bool ok) {
      Ended(ok);
    }))->Start();
  }

  // A case ended: the first waiting one takes its place.
  void Ended(bool ok) {
    std::optional<std::pair<int, absl::Time>> waiting;
    {
      std::lock_guard lock(mutex_);
      if (backlog_.empty()) {
        --in_flight_;
      } else {
        waiting = backlog_.front();
        backlog_.pop_front();
      }
    }
    if (waiting) Launch(waiting->first, waiting->second);
    tally_.Ended(ok);
  }

  PipelineLoad& load_;
  ClientThreads& threads_;
  Tally& tally_;
  const int total_;
  const double rate_;
  const int max_in_flight_;
  const std::string prefix_;
  const absl::Time started_;
  grpc::Alarm alarm_;
  int next_ = 0;  // the alarm's thread alone
  std::mutex mutex_;
  int in_flight_ = 0;
  std::deque<std::pair<int, absl::Time>> backlog_;  // case index, when it was due
};

LoadResult PipelineLoad::OpenLoop(double rate, double seconds, int max_in_flight,
                                  const std::string& prefix) {
  const int total = max_in_flight > 0 ? std::max(static_cast<int>(rate * seconds), 0) : 0;
  const long long rpcs_before = rpcs_;
  const absl::Time started = absl::Now();
  Tally tally(total);
  ClientThreads threads;
  // Outlives the threads' last touch of it: Finish joins them before it goes.
  OpenSchedule schedule(*this, threads, tally, started, total, rate, max_in_flight, prefix);
  if (total > 0) schedule.Start();
  tally.Wait();
  threads.Finish();
  return {tally.completed(), tally.failed(), absl::ToDoubleSeconds(absl::Now() - started),
          rpcs_ - rpcs_before};
}

}  // namespace gongkai::bench
