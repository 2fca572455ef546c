// Every unary call of a service by method and final status code: a counter
// (gongkai_rpc_total) and a latency histogram (gongkai_rpc_duration_seconds), both labelled
// service, method ("IntakeService/Register") and code ("OK", "INVALID_ARGUMENT", ...).
//
// Counted by a server interceptor rather than in each handler, so that every unary call is
// counted whatever path answers it: ServeOnPool, a handler of its own (Login, ListNotices), an
// authentication failure, or gRPC itself for a request that does not parse (the interceptor is
// placed after the parse-failure one, and sees the status that one rewrote). The time runs from
// the call's arrival at the server to its status being sent. Only the methods the server serves
// are counted: a method name is the client's to choose, and each distinct one would otherwise
// make a series of its own. Streaming calls, which last as long as a client watches, are not.
//
// Example (server start-up):
//   auto rpcs = std::make_shared<RpcMetrics>(*registry, "intake");
//   interceptors.push_back(MakeRpcMetricsInterceptorFactory(rpcs, served));
#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/status.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpc/parse_failure_interceptor.h"

namespace gongkai::metrics {

class RpcMetrics {
 public:
  RpcMetrics(prometheus::Registry& registry, const std::string& service);

  // One call of `method` ("IntakeService/Register") that ended with `code` after `took`.
  void Record(absl::string_view method, grpc::StatusCode code, absl::Duration took);

 private:
  static constexpr int kCodes = 17;  // the canonical codes, OK (0) to UNAUTHENTICATED (16)
  struct Series {
    prometheus::Counter* calls = nullptr;
    prometheus::Histogram* seconds = nullptr;
  };
  Series SeriesOf(absl::string_view method, grpc::StatusCode code);

  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& seconds_;
  // The families' own lookup builds a label map on every call; this keeps the series found.
  absl::Mutex mutex_;
  // By method, then by code (0-16); a series is made on its first call.
  absl::flat_hash_map<std::string, std::array<Series, kCodes>> series_ ABSL_GUARDED_BY(mutex_);
};

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRpcMetricsInterceptorFactory(std::shared_ptr<RpcMetrics> metrics,
                                 std::shared_ptr<const ServedMethods> served);

}  // namespace gongkai::metrics
