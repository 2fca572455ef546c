// The annual reports' and the county overview's figures in Redis: counters summed over the
// partitions in one pipelined round trip each, and the publication of an agency's report (its
// figures frozen partition by partition, the amendments recorded since).
//
// The readers take `missing`: given, they read on without the partitions whose master cannot be
// reached and record them there (the views say what they lack, and publishing checks it is
// empty); null, such a partition makes the whole read UNAVAILABLE.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "redis/missing_partitions.h"
#include "redis/redis_connection.h"
#include "rules/annual_report.h"
#include "rules/report_amendments.h"

namespace gongkai {

// The annual report's counters: of one agency's cases, or with `agency` empty of every case of
// the county. (An agency's hash also holds its overview counters, rules/agency_counts.h, which
// the report's tables do not read.)
absl::StatusOr<ReportCounterValues> ReadReportCounters(RedisConnection& redis,
                                                       absl::string_view agency,
                                                       MissingPartitions* missing = nullptr);

// The counters an agency's report on `year` was published with.
absl::StatusOr<ReportCounterValues> ReadFrozenCounters(RedisConnection& redis,
                                                       absl::string_view agency, int year,
                                                       MissingPartitions* missing = nullptr);

struct Publication {
  std::string at;  // RFC 3339
  std::string by;  // user id
};

// Every publication of every agency, by "<agency>:<year>".
absl::StatusOr<std::map<std::string, Publication>> ReadPublications(RedisConnection& redis);

// Publishes: freezes every partition's share (redis/scripts.cc FreezeReport), then records the
// publication. A call broken off part way is completed by calling again.
absl::Status PublishReport(RedisConnection& redis, absl::string_view agency, int year,
                           const Publication& publication);

struct StoredAmendment {
  std::string case_number;
  std::string at;
  std::vector<ReportCellDelta> cells;
};

// The amendments to an agency's published report on `year`, oldest first.
absl::StatusOr<std::vector<StoredAmendment>> ReadAmendments(RedisConnection& redis,
                                                            absl::string_view agency, int year,
                                                            MissingPartitions* missing = nullptr);

// One agency's overview figures: the counter fields asked for (summed over the partitions) and
// its open cases past their due date.
struct AgencyCounts {
  std::map<std::string, int64_t> fields;
  int64_t overdue = 0;
};

// For each agency (code, with the open indexes to count: DepartmentKeys of units, or the agency's
// code alone for all its open cases),
// the `fields` of its counters and the cases of its open indexes scored below `overdue_until`
// (rules/due_score.h): one pipelined round trip.
struct AgencyIndexes {
  std::string agency;
  std::vector<std::string> departments;
};
absl::StatusOr<std::vector<AgencyCounts>> ReadAgencyCounts(
    RedisConnection& redis, const std::vector<AgencyIndexes>& agencies,
    const std::vector<std::string>& fields, int64_t overdue_until,
    MissingPartitions* missing = nullptr);

}  // namespace gongkai
