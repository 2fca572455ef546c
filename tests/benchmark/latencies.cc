#include "latencies.h"

#include <algorithm>

namespace gongkai::bench {

double Latencies::Percentile(const std::string& name, double p) const {
  std::lock_guard lock(mutex_);
  auto found = samples_.find(name);
  if (found == samples_.end() || found->second.empty()) return 0;
  std::vector<double> sorted = found->second;
  std::sort(sorted.begin(), sorted.end());
  return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
}

size_t Latencies::Count(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto found = samples_.find(name);
  return found == samples_.end() ? 0 : found->second.size();
}

std::vector<std::string> Latencies::Names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [name, values] : samples_) names.push_back(name);
  return names;
}

}  // namespace gongkai::bench
