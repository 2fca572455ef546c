// What a gRPC service exposes on --metrics_listen (names in docs/operations.md, "Metrics"): its
// unary calls by method and code (rpc_metrics.h), its failed Redis calls by node
// (redis_failures.h), the stages' stream lag and pending entries per partition and the
// partitions it cannot read (partition_gauges.h), and what the service adds of its own (the
// tracker: its clocks and its sweeper). Nothing personal: the labels are services, methods,
// codes, stages, partitions and node addresses.
//
// Example (grpc/server_main.cc):
//   GK_ASSIGN_OR_RETURN(auto metrics, ServiceMetrics::Start("intake", options.metrics));
//   interceptors.push_back(metrics->RpcInterceptor(served));
//   std::thread collector([&] { metrics->RunCollector(options.redis, stop); });
#pragma once

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/collectable.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpc/parse_failure_interceptor.h"
#include "metrics/metrics_endpoint.h"
#include "redis/redis_options.h"

namespace prometheus {
class Registry;
}  // namespace prometheus

namespace gongkai::metrics {

class PartitionGauges;
class RedisFailures;
class RpcMetrics;

struct MetricsOptions {
  std::string listen;     // host:port of /metrics (port 0: any free one); empty: none served
  std::string port_file;  // where to write the port bound; empty: nowhere
  // The tracker: also the open cases with a running clock and the overdue ones.
  bool case_counts = false;
  // A service's own figures beside the common ones.
  std::vector<std::shared_ptr<prometheus::Collectable>> sources;
};

class ServiceMetrics {
 public:
  // Serves /metrics for `service`; UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<ServiceMetrics>> Start(absl::string_view service,
                                                               const MetricsOptions& options);
  ~ServiceMetrics();

  // The interceptor counting and timing the unary calls of the methods in `served`.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> RpcInterceptor(
      std::shared_ptr<const ServedMethods> served) const;

  // Reads the partitions' figures from Redis every `interval` (at once, then on), on a
  // connection of its own, until `stop`.
  void RunCollector(const RedisOptions& redis, const std::atomic<bool>& stop,
                    absl::Duration interval = absl::Seconds(5));

  int port() const { return endpoint_->port(); }

 private:
  ServiceMetrics() = default;

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<RpcMetrics> rpcs_;
  std::shared_ptr<RedisFailures> redis_failures_;
  std::shared_ptr<PartitionGauges> partitions_;
  std::vector<std::shared_ptr<prometheus::Collectable>> sources_;
  // Last, so that it stops serving before what it serves goes.
  std::unique_ptr<MetricsEndpoint> endpoint_;
};

}  // namespace gongkai::metrics
