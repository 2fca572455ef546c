// Drives cases through the whole pipeline over the public gRPC API, the way patient staff would
// while services restart: every step is taken from the state the case is in (read again after any
// failure), with the version read as expected_version, so a retried call never acts twice.
//
// Example:
//   PipelineDriver driver(stack);
//   std::vector<DrivenCase> cases = driver.DriveAll(200, 8, "fault-a");
//   // every case CLOSED unless something was lost
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "gongkai/v1/intake.grpc.pb.h"
#include "gongkai/v1/reply.grpc.pb.h"
#include "gongkai/v1/review.grpc.pb.h"
#include "gongkai/v1/routing.grpc.pb.h"
#include "test_stack.h"

namespace gongkai::testing {

struct DrivenCase {
  std::string request_id;
  std::string case_number;  // empty if registration never succeeded
  v1::CaseState last_state = v1::CASE_STATE_UNSPECIFIED;
  std::vector<std::string> unexpected;  // replies no retry explains (codes and messages)
};

class PipelineDriver {
 public:
  // Channels to the services' current ports: keep each service on its port when restarting it
  // (TestStack::Restart).
  explicit PipelineDriver(TestStack& stack);

  // `count` cases over `threads` threads, request ids "<prefix>-<n>"; each is driven until it is
  // CLOSED or `patience` has passed.
  std::vector<DrivenCase> DriveAll(int count, int threads, const std::string& prefix,
                                   absl::Duration patience = absl::Seconds(60));

  // How many registrations have returned OK so far (for timing a fault mid-load).
  int registered() const { return registered_.load(); }
  // How many cases have been seen CLOSED so far (to show a fault struck with cases in flight).
  int closed() const { return closed_.load(); }

 private:
  DrivenCase Drive(const std::string& request_id, absl::Time give_up);

  std::unique_ptr<v1::IntakeService::Stub> intake_;
  std::unique_ptr<v1::RoutingService::Stub> routing_;
  std::unique_ptr<v1::ReviewService::Stub> review_;
  std::unique_ptr<v1::ReplyService::Stub> reply_;
  std::atomic<int> registered_{0};
  std::atomic<int> closed_{0};
};

// Every case registered, closed, and with each step in its history exactly once and in order,
// its versions 1, 2, 3, ... without a gap, its history one unbroken hash chain; and one case per
// request id.
void ExpectEveryCaseClosedOnce(TestStack& stack, const std::vector<DrivenCase>& cases);

// The commands every driven case's history must show, once each and in this order.
const std::vector<std::string>& DrivenCaseCommands();

}  // namespace gongkai::testing
