// One consumer group's figures from Redis 7.0's XINFO GROUPS <stream> reply: the entries
// delivered to it and not yet acknowledged (pending), and the entries of the stream not yet
// delivered to it at all (lag; Redis answers nil where it cannot tell, e.g. after entries were
// deleted from the middle of the stream).
//
// Example:
//   std::optional<GroupFigures> figures = FindGroup(reply, "routing");
//   if (figures && figures->lag) ... *figures->lag ...
#pragma once

#include <cstdint>
#include <optional>

#include "absl/strings/string_view.h"
#include "redis/redis_reply.h"

namespace gongkai::metrics {

struct GroupFigures {
  int64_t pending = 0;
  std::optional<int64_t> lag;  // nullopt: Redis could not tell
};

// The figures of `group` in an XINFO GROUPS reply (an array of groups, each a flat array of
// field, value pairs); nullopt when the reply is not such an array or has no such group.
std::optional<GroupFigures> FindGroup(const RedisReply& reply, absl::string_view group);

}  // namespace gongkai::metrics
