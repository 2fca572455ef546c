#include "redis/report_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"

namespace gongkai {

absl::StatusOr<ReportCounterValues> ReadReportCounters(RedisConnection& redis) {
  std::vector<std::vector<std::string>> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({"HGETALL", keys::ReportCounters(partition)});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(commands));
  ReportCounterValues counters;
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
    for (size_t i = 0; i + 1 < reply.size(); i += 2) {
      int64_t value = 0;
      if (!absl::SimpleAtoi(reply.element(i + 1).str(), &value)) {
        return absl::DataLossError(
            absl::StrCat("report counter ", reply.element(i).str(), " is not a number"));
      }
      counters[std::string(reply.element(i).str())] += value;
    }
  }
  return counters;
}

}  // namespace gongkai
