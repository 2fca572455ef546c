// The annual report's counters of every partition, summed, in one pipelined round trip.
#pragma once

#include "absl/status/statusor.h"
#include "redis/redis_connection.h"
#include "rules/annual_report.h"

namespace gongkai {

absl::StatusOr<ReportCounterValues> ReadReportCounters(RedisConnection& redis);

}  // namespace gongkai
