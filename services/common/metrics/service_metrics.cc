#include "metrics/service_metrics.h"

#include <prometheus/registry.h>

#include "metrics/partition_gauges.h"
#include "metrics/redis_failures.h"
#include "metrics/rpc_metrics.h"
#include "redis/redis_connection.h"

namespace gongkai::metrics {

ServiceMetrics::~ServiceMetrics() = default;

absl::StatusOr<std::unique_ptr<ServiceMetrics>> ServiceMetrics::Start(
    absl::string_view service, const MetricsOptions& options) {
  std::unique_ptr<ServiceMetrics> metrics(new ServiceMetrics());
  const std::string name(service);
  metrics->registry_ = std::make_shared<prometheus::Registry>();
  metrics->rpcs_ = std::make_shared<RpcMetrics>(*metrics->registry_, name);
  metrics->redis_failures_ = std::make_shared<RedisFailures>(name);
  metrics->partitions_ = std::make_shared<PartitionGauges>(name, options.case_counts);
  metrics->sources_ = options.sources;
  absl::StatusOr<std::unique_ptr<MetricsEndpoint>> endpoint =
      MetricsEndpoint::Start(options.listen, options.port_file);
  if (!endpoint.ok()) return endpoint.status();
  metrics->endpoint_ = *std::move(endpoint);
  metrics->endpoint_->Register(metrics->registry_);
  metrics->endpoint_->Register(metrics->redis_failures_);
  metrics->endpoint_->Register(metrics->partitions_);
  for (const auto& source : metrics->sources_) metrics->endpoint_->Register(source);
  return metrics;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
ServiceMetrics::RpcInterceptor(std::shared_ptr<const ServedMethods> served) const {
  return MakeRpcMetricsInterceptorFactory(rpcs_, std::move(served));
}

void ServiceMetrics::RunCollector(const RedisOptions& redis_options, const std::atomic<bool>& stop,
                                  absl::Duration interval) {
  RedisOptions options = redis_options;
  // A master that does not answer holds up only this collection, and not for long.
  options.command_timeout = absl::Seconds(1);
  RedisConnection redis(options);
  redis_failures_->Know({RedisAddress(options)});
  while (!stop.load()) {
    partitions_->Refresh(redis, absl::Now());
    redis_failures_->Know(redis.Masters());
    for (absl::Duration waited; waited < interval && !stop.load();
         waited += absl::Milliseconds(250)) {
      absl::SleepFor(absl::Milliseconds(250));
    }
  }
}

}  // namespace gongkai::metrics
