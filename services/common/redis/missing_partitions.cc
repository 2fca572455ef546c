#include "redis/missing_partitions.h"

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "base/logging.h"

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
    names += absl::StrFormat("p%02d", partition);
  }
  return names;
}

void MissingPartitions::Answer(absl::string_view view,
                               google::protobuf::RepeatedField<int32_t>* field) const {
  if (empty()) return;
  for (int partition : list()) field->Add(partition);
  spdlog::warn("event=view_incomplete view={} missing=\"{}\"", view, Names());
}

}  // namespace gongkai
