// The counts behind the managers' department board, read from the per-department open indexes
// and reply statistics of every partition in one pipelined round trip.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "redis/missing_partitions.h"
#include "redis/redis_connection.h"

namespace gongkai {

struct DepartmentCounts {
  int64_t open = 0;
  int64_t due_soon = 0;
  int64_t due_within_3 = 0;
  int64_t overdue = 0;
  int64_t replied_on_time = 0;
  int64_t replied_late = 0;
  std::map<int, int64_t> replies_by_working_days;  // working days taken → replies
};

struct WeekCounts {
  int64_t received = 0;
  int64_t closed = 0;
};

struct BoardCounts {
  std::map<std::string, DepartmentCounts> departments;
  std::map<std::string, std::vector<WeekCounts>> weeks;  // as CountByWeek
  MissingPartitions missing;  // left out: their master could not be reached
};

// The board's counts of `departments` (DepartmentKeys of `agency`'s units, rules/department_key.h),
// in one pipelined round trip; without the partitions whose master cannot be reached, which it
// names in `missing`. `overdue_until`: scores below
// it are overdue; `soon_until`: scores from overdue_until up to it are due soon, and up to
// `within_3_until` due within 3 working days (rules/due_score.h). `weeks`: the trend's weeks.
absl::StatusOr<BoardCounts> ReadBoard(RedisConnection& redis, absl::string_view agency,
                                      const std::vector<std::string>& departments,
                                      int64_t overdue_until, int64_t soon_until,
                                      int64_t within_3_until,
                                      const std::vector<absl::CivilDay>& weeks);

// The weekly trend counters (rules/trend_counts.h) of `weeks` (their Mondays), summed over the
// partitions: per DepartmentKey of `agency` ("czj:" for none yet) and, under the key "*", for
// every case of the agency. One HMGET per partition, in one round trip.
absl::StatusOr<std::map<std::string, std::vector<WeekCounts>>> CountByWeek(
    RedisConnection& redis, absl::string_view agency, const std::vector<std::string>& departments,
    const std::vector<absl::CivilDay>& weeks);

// The median of a histogram of working days; 0 for an empty one.
double MedianWorkingDays(const std::map<int, int64_t>& histogram);

}  // namespace gongkai
