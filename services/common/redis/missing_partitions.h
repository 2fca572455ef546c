// The partitions a fan-out could not read. The managers' views read every partition with
// WhenNodeDown::kFailItsOwn: while one master of a cluster cannot be reached, they answer with
// the other partitions' figures and name the missing ones, instead of failing as a whole.
//
// Example:
//   MissingPartitions missing;
//   GK_ASSIGN_OR_RETURN(auto replies, redis.Pipeline(commands, missing.when()));
//   for (int p = 0; p < kPartitionCount; ++p) {
//     if (missing.Skip(p, replies[p])) continue;
//     ...
//   }
//   missing.Answer("DepartmentBoard", response.mutable_missing_partitions());
#pragma once

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_field.h"
#include "redis/redis_connection.h"
#include "redis/redis_reply.h"
#include "rules/case_number.h"

namespace gongkai {

class MissingPartitions {
 public:
  // How a view's pipeline treats an unreachable node: each partition on it answers an error.
  static constexpr WhenNodeDown when() { return WhenNodeDown::kFailItsOwn; }

  // True when `reply` is the error of an unreachable node (kNodeDownReply): `partition` is
  // recorded as missing and the caller leaves the reply out.
  bool Skip(int partition, const RedisReply& reply);
  // Records the partitions an answer's missing_partitions names.
  void AddFrom(const google::protobuf::RepeatedField<int32_t>& answered);

  bool empty() const { return missing_.none(); }
  bool contains(int partition) const { return missing_.test(partition); }
  std::vector<int> list() const;  // ascending
  // "p03 p07", as deploy/cluster.sh names the partitions: for logs and messages.
  std::string Names(const std::string& separator = " ") const;
  // Names the missing partitions in an answer's field; when there are any, logs which view
  // answered without them (at most once a second a view).
  void Answer(absl::string_view view, google::protobuf::RepeatedField<int32_t>* field) const;

 private:
  std::bitset<kPartitionCount> missing_;
};

}  // namespace gongkai
