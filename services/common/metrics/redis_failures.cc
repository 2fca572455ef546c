#include "metrics/redis_failures.h"

#include <map>

#include "redis/redis_connection.h"

namespace gongkai::metrics {

void RedisFailures::Know(const std::vector<std::string>& nodes) {
  absl::MutexLock lock(&mutex_);
  known_.insert(nodes.begin(), nodes.end());
}

std::vector<prometheus::MetricFamily> RedisFailures::Collect() const {
  std::map<std::string, int64_t> failures = RedisConnection::FailuresByNode();
  {
    absl::MutexLock lock(&mutex_);
    for (const std::string& node : known_) failures.try_emplace(node, 0);
  }
  prometheus::MetricFamily family;
  family.name = "gongkai_redis_errors_total";
  family.help = "Failed Redis connections and commands since the process started, by node address";
  family.type = prometheus::MetricType::Counter;
  for (const auto& [node, count] : failures) {
    prometheus::ClientMetric metric;
    metric.label = {{"service", service_}, {"node", node}};
    metric.counter.value = static_cast<double>(count);
    family.metric.push_back(std::move(metric));
  }
  return {std::move(family)};
}

}  // namespace gongkai::metrics
