// Gauges whose values are read when /metrics is scraped, from functions their owner gives: for
// figures a service already keeps in memory (how far behind the sweeper is, the state of the
// console's channels to the services). Every sample carries the `service` label.
//
// Example:
//   auto gauges = std::make_shared<CallbackGauges>("tracker");
//   gauges->Add("gongkai_sweeper_lag_seconds", "How far behind ...", {},
//               [&progress] { return absl::ToDoubleSeconds(progress.Lag(absl::Now())); });
//   endpoint->Register(gauges);
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/labels.h>
#include <prometheus/metric_family.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace gongkai::metrics {

class CallbackGauges final : public prometheus::Collectable {
 public:
  explicit CallbackGauges(std::string service) : service_(std::move(service)) {}

  // A sample of gauge `name` with `labels` (and `service`); samples of one name are one gauge,
  // with the help text given first. `value` is called on the scraping thread.
  void Add(const std::string& name, const std::string& help, const prometheus::Labels& labels,
           std::function<double()> value);

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  struct Sample {
    std::string name;
    std::string help;
    std::vector<prometheus::ClientMetric::Label> labels;
    std::function<double()> value;
  };
  const std::string service_;
  mutable absl::Mutex mutex_;
  std::vector<Sample> samples_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace gongkai::metrics
