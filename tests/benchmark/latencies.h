// Latency samples by name (one per RPC kind, one for whole cases), safe to add to from many
// threads, with percentiles.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace gongkai::bench {

class Latencies {
 public:
  void Add(const std::string& name, double ms) {
    std::lock_guard lock(mutex_);
    samples_[name].push_back(ms);
  }
  // The p-th quantile (0..1) of `name`, 0 without samples.
  double Percentile(const std::string& name, double p) const;
  size_t Count(const std::string& name) const;
  std::vector<std::string> Names() const;
  void Clear() {
    std::lock_guard lock(mutex_);
    samples_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<double>> samples_;
};

}  // namespace gongkai::bench
