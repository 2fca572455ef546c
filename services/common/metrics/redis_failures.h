// gongkai_redis_errors_total{service, node}: the process's failed Redis connections and commands
// by node address, as RedisConnection::FailuresByNode() counts them since the process started.
// Read when scraped. The nodes the service is known to use are shown from the start with 0, so
// that a first failure is a rise of a series and not a new one.
//
// Example:
//   auto failures = std::make_shared<RedisFailures>("intake");
//   failures->Know({"127.0.0.1:6379"});
//   endpoint->Register(failures);
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <set>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace gongkai::metrics {

class RedisFailures final : public prometheus::Collectable {
 public:
  explicit RedisFailures(std::string service) : service_(std::move(service)) {}

  // Nodes to show even while none of their calls failed (the masters serving now).
  void Know(const std::vector<std::string>& nodes);

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const std::string service_;
  mutable absl::Mutex mutex_;
  std::set<std::string> known_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai::metrics
