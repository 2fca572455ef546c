// Gauges read from every partition in one pipelined fan-out over the 16 partitions (every few
// seconds, by the service's metrics collector):
//
//   gongkai_stream_lag{service, stage, partition}      entries of the stage's stream not yet
//                                                      delivered to the group that consumes it
//   gongkai_stream_pending{service, stage, partition}  entries delivered and not acknowledged
//   gongkai_partition_unreachable{service, partition}  1 when the partition's master could not
//                                                      be read, else 0
//   gongkai_cases_clock_running{service}               (the tracker) open cases whose statutory
//                                                      clock runs
//   gongkai_cases_overdue{service}                     (the tracker) those of them past their
//                                                      due date
//
// A partition that cannot be read (its master down: WhenNodeDown::kFailItsOwn) gets no stream
// samples and is left out of the case sums until it can again (with none read, the sums have no
// sample); the other partitions' figures go on. A stream whose group does not exist yet (its
// consumer never started) has no sample either, and so has a lag Redis cannot tell.
//
// Example:
//   auto gauges = std::make_shared<PartitionGauges>("tracker", /*case_counts=*/true);
//   endpoint->Register(gauges);
//   gauges->Refresh(redis, absl::Now());  // then every few seconds
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "redis/redis_connection.h"

namespace gongkai::metrics {

class PartitionGauges final : public prometheus::Collectable {
 public:
  // `case_counts`: also count the running clocks and the overdue cases (the tracker's figures).
  PartitionGauges(std::string service, bool case_counts);

  // Reads every partition once, `now` deciding what is overdue, and replaces the samples.
  void Refresh(RedisConnection& redis, absl::Time now);

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const std::string service_;
  const bool case_counts_;
  std::string last_problem_;  // the last read error logged, so that one is not logged each time
  mutable absl::Mutex mutex_;
  std::vector<prometheus::MetricFamily> families_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai::metrics
