#include "redis/missing_partitions.h"

#include <map>

#include "absl/base/const_init.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "base/logging.h"
#include "redis/keys.h"

namespace gongkai {

bool MissingPartitions::Skip(int partition, const RedisReply& reply) {
  if (!reply.is_error() || !absl::StartsWith(reply.str(), kNodeDownReply)) return false;
  missing_.set(partition);
  return true;
}

void MissingPartitions::AddFrom(const google::protobuf::RepeatedField<int32_t>& answered) {
  for (int32_t partition : answered) {
    if (partition >= 0 && partition < kPartitionCount) missing_.set(partition);
  }
}

std::vector<int> MissingPartitions::list() const {
  std::vector<int> partitions;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    if (missing_.test(partition)) partitions.push_back(partition);
  }
  return partitions;
}

std::string MissingPartitions::Names(const std::string& separator) const {
  std::string names;
  for (int partition : list()) {
    if (!names.empty()) names += separator;
    absl::StrAppend(&names,
                    keys::PartitionRoute(partition).tag());  // "p03", as cluster.sh names it
  }
  return names;
}

void MissingPartitions::Answer(absl::string_view view,
                               google::protobuf::RepeatedField<int32_t>* field) const {
  if (empty()) return;
  for (int partition : list()) field->Add(partition);
  // Every refresh of every screen during an outage asks again: at most once a second a view.
  static absl::Mutex mutex(absl::kConstInit);
  static auto* logged = new std::map<std::string, absl::Time, std::less<>>();
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&mutex);
    auto [last, first] = logged->try_emplace(std::string(view), now);
    if (!first && now - last->second < absl::Seconds(1)) return;
    last->second = now;
  }
  spdlog::warn("event=view_incomplete view={} missing=\"{}\"", view, Names());
}

}  // namespace gongkai
