#include "metrics/callback_gauges.h"

namespace gongkai::metrics {

void CallbackGauges::Add(const std::string& name, const std::string& help,
                         const prometheus::Labels& labels, std::function<double()> value) {
  Sample sample{name, help, {{"service", service_}}, std::move(value)};
  for (const auto& [label, text] : labels) sample.labels.push_back({label, text});
  absl::MutexLock lock(&mutex_);
  samples_.push_back(std::move(sample));
}

std::vector<prometheus::MetricFamily> CallbackGauges::Collect() const {
  std::vector<prometheus::MetricFamily> families;
  absl::MutexLock lock(&mutex_);
  for (const Sample& sample : samples_) {
    prometheus::MetricFamily* family = nullptr;
    for (prometheus::MetricFamily& known : families) {
      if (known.name == sample.name) family = &known;
    }
    if (family == nullptr) {
      family = &families.emplace_back();
      family->name = sample.name;
      family->help = sample.help;
      family->type = prometheus::MetricType::Gauge;
    }
    prometheus::ClientMetric metric;
    metric.label = sample.labels;
    metric.gauge.value = sample.value();
    family->metric.push_back(std::move(metric));
  }
  return families;
}

}  // namespace gongkai::metrics
