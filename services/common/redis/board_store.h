// The counts behind the managers' department board, read from the per-department open indexes
// and reply statistics of every partition in one pipelined round trip.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "redis/redis_connection.h"

namespace gongkai {

struct DepartmentCounts {
  int64_t open = 0;
  int64_t due_soon = 0;
  int64_t overdue = 0;
  int64_t replied_on_time = 0;
  int64_t replied_late = 0;
  std::map<int, int64_t> replies_by_working_days;  // working days taken → replies
};

// `overdue_until`: scores below it are overdue; `soon_until`: scores from overdue_until up to
// it are due soon (rules/due_score.h).
absl::StatusOr<std::map<std::string, DepartmentCounts>> CountByDepartment(
    RedisConnection& redis, const std::vector<std::string>& departments, int64_t overdue_until,
    int64_t soon_until);

// The median of a histogram of working days; 0 for an empty one.
double MedianWorkingDays(const std::map<int, int64_t>& histogram);

}  // namespace gongkai
