// The load generator of the pipeline benchmark, written against the public gRPC API only: each
// case is registered, waited for routing, accepted, drafted, cleared, waited for its letter and
// delivered, with every RPC's latency and the case's end-to-end latency recorded.
//
// The load generator shares the machine's cores with the stack, and its CPU is counted in the
// benchmark's figures: rather than a thread per staff member blocked on each call, every case is
// a small state machine whose calls are started and answered on a gRPC completion queue, one
// client thread serving all of them.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "auth/session_tokens.h"
#include "gongkai/v1/intake.grpc.pb.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "gongkai/v1/review.grpc.pb.h"
#include "gongkai/v1/routing.grpc.pb.h"
#include "gongkai/v1/tracker.grpc.pb.h"
#include "latencies.h"

namespace gongkai::bench {

// The keys the staff's session tokens are signed with (the stack's own). Call before any load.
void UseTokenKeys(const TokenKeys& keys);

// gRPC targets: one address, or a list of a service's copies, whose calls are then spread over
// them round robin.
struct ServiceAddresses {
  std::string intake, routing, review, reply, tracker;
};

struct LoadResult {
  int completed = 0;
  int failed = 0;
  double seconds = 0;
  long long rpcs = 0;  // every call made, the polls included
};

class PipelineLoad {
 public:
  PipelineLoad(const ServiceAddresses& addresses, Latencies& latencies);

  // Closed loop: `concurrency` staff each taking one case after another, `cases` in all.
  LoadResult ClosedLoop(int cases, int concurrency, const std::string& prefix);

  // Open loop: a case started every 1/rate seconds for `seconds`, whatever the system does, with
  // at most `max_in_flight` cases under way (a case due beyond that starts when one ends);
  // end-to-end latency counts from the scheduled start.
  LoadResult OpenLoop(double rate, double seconds, int max_in_flight, const std::string& prefix);

 private:
  class CaseRun;       // one case through the pipeline, a call at a time (pipeline_load.cc)
  class OpenSchedule;  // the open loop's due times and limit on cases under way

  // Counts and times one answered call, printing the first failure; true when it succeeded.
  bool Record(const char* name, absl::Time started, const grpc::Status& status);

  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::RoutingService::Stub> routing_;
  std::unique_ptr<v1::ReviewService::Stub> review_;
  std::unique_ptr<v1::ReplyService::Stub> reply_;
  std::unique_ptr<v1::TrackerService::Stub> tracker_;
  Latencies& latencies_;
  std::atomic<long long> rpcs_{0};
  std::atomic<bool> reported_failure_{false};  // the first failed call is printed
};

}  // namespace gongkai::bench
