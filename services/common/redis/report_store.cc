#include "redis/report_store.h"

#include <algorithm>
#include <functional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "redis/scripts.h"
#include "rules/case_number.h"
#include "rules/department_key.h"

namespace gongkai {
namespace {

absl::Status RedisError(const RedisReply& reply) {
  return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
}

WhenNodeDown WhenReading(const MissingPartitions* missing) {
  return missing != nullptr ? missing->when() : WhenNodeDown::kFailAll;
}

// True when `reply`, the reply of `partition`, is left out (recorded in `missing`).
bool Skipped(MissingPartitions* missing, int partition, const RedisReply& reply) {
  return missing != nullptr && missing->Skip(partition, reply);
}

// One command per partition, in one round trip: `command(partition)`.
absl::StatusOr<std::vector<RedisReply>> OnEveryPartition(
    RedisConnection& redis, const std::function<std::vector<std::string>(int)>& command,
    const MissingPartitions* missing) {
  std::vector<RoutedCommand> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({keys::PartitionRoute(partition), command(partition)});
  }
  return redis.Pipeline(commands, WhenReading(missing));
}

// Sums the HGETALL replies of counter hashes, one per partition; `skip` is a field that is not a
// counter.
absl::StatusOr<ReportCounterValues> SumHashes(const std::vector<RedisReply>& replies,
                                              MissingPartitions* missing,
                                              absl::string_view skip = "") {
  ReportCounterValues counters;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& reply = replies[partition];
    if (Skipped(missing, partition, reply)) continue;
    if (reply.is_error()) return RedisError(reply);
    for (size_t i = 0; i + 1 < reply.size(); i += 2) {
      if (reply.element(i).str() == skip) continue;
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

}  // namespace

absl::StatusOr<ReportCounterValues> ReadReportCounters(RedisConnection& redis,
                                                       absl::string_view agency,
                                                       MissingPartitions* missing) {
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      OnEveryPartition(
                          redis,
                          [&](int partition) -> std::vector<std::string> {
                            return {"HGETALL", agency.empty()
                                                   ? keys::ReportCounters(partition)
                                                   : keys::AgencyCounters(partition, agency)};
                          },
                          missing));
  return SumHashes(replies, missing);
}

absl::StatusOr<ReportCounterValues> ReadFrozenCounters(RedisConnection& redis,
                                                       absl::string_view agency, int year,
                                                       MissingPartitions* missing) {
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      OnEveryPartition(
                          redis,
                          [&](int partition) -> std::vector<std::string> {
                            return {"HGETALL", keys::FrozenReport(partition, agency, year)};
                          },
                          missing));
  return SumHashes(replies, missing, "frozen");
}

absl::StatusOr<std::map<std::string, Publication>> ReadPublications(RedisConnection& redis) {
  GK_ASSIGN_OR_RETURN(RedisReply reply,
                      redis.Command(keys::ReportRoute(), {"HGETALL", keys::PublishedReports()}));
  if (reply.is_error()) return RedisError(reply);
  std::map<std::string, Publication> publications;
  for (size_t i = 0; i + 1 < reply.size(); i += 2) {
    const std::vector<std::string> parts = absl::StrSplit(reply.element(i + 1).str(), ' ');
    Publication& publication = publications[std::string(reply.element(i).str())];
    publication.at = parts[0];
    if (parts.size() > 1) publication.by = parts[1];
  }
  return publications;
}

absl::Status PublishReport(RedisConnection& redis, absl::string_view agency, int year,
                           const Publication& publication) {
  std::vector<ScriptCall> calls;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    calls.push_back(
        {keys::PartitionRoute(partition),
         {keys::PublishedYears(partition, agency), keys::AgencyCounters(partition, agency),
          keys::FrozenReport(partition, agency, year)},
         {std::to_string(year), publication.at}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      redis.EvalMany(scripts::FreezeReport(), calls));
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return RedisError(reply);
  }
  // Recorded once every partition is frozen: what the overview and GetAnnualReport go by.
  GK_ASSIGN_OR_RETURN(
      RedisReply recorded,
      redis.Command(keys::ReportRoute(),
                    {"HSET", keys::PublishedReports(), absl::StrCat(agency, ":", year),
                     absl::StrCat(publication.at, " ", publication.by)}));
  if (recorded.is_error()) return RedisError(recorded);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredAmendment>> ReadAmendments(RedisConnection& redis,
                                                            absl::string_view agency, int year,
                                                            MissingPartitions* missing) {
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      OnEveryPartition(
                          redis,
                          [&](int partition) -> std::vector<std::string> {
                            return {"LRANGE", keys::Amendments(partition, agency), "0", "-1"};
                          },
                          missing));
  const std::string wanted = std::to_string(year);
  std::vector<StoredAmendment> amendments;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& reply = replies[partition];
    if (Skipped(missing, partition, reply)) continue;
    if (reply.is_error()) return RedisError(reply);
    for (size_t i = 0; i < reply.size(); ++i) {
      // "<year>|<case>|<at>|<cells>"
      const std::vector<absl::string_view> parts = absl::StrSplit(reply.element(i).str(), '|');
      if (parts.size() != 4 || parts[0] != wanted) continue;
      auto cells = ParseCellDeltas(parts[3]);
      if (!cells.ok()) return absl::DataLossError(cells.status().message());
      amendments.push_back({std::string(parts[1]), std::string(parts[2]), *std::move(cells)});
    }
  }
  std::stable_sort(amendments.begin(), amendments.end(),
                   [](const StoredAmendment& a, const StoredAmendment& b) { return a.at < b.at; });
  return amendments;
}

absl::StatusOr<std::vector<AgencyCounts>> ReadAgencyCounts(
    RedisConnection& redis, const std::vector<AgencyIndexes>& agencies,
    const std::vector<std::string>& fields, int64_t overdue_until, MissingPartitions* missing) {
  const std::string below = absl::StrCat("(", overdue_until);
  std::vector<RoutedCommand> commands;
  for (const AgencyIndexes& agency : agencies) {
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      std::vector<std::string> hmget = {"HMGET", keys::AgencyCounters(partition, agency.agency)};
      hmget.insert(hmget.end(), fields.begin(), fields.end());
      commands.push_back({keys::PartitionRoute(partition), std::move(hmget)});
      for (const std::string& department : agency.departments) {
        const DepartmentRef ref = SplitDepartmentKey(department);
        // An agency's code alone: its whole open index.
        commands.push_back(
            {keys::PartitionRoute(partition),
             {"ZCOUNT",
              ref.agency.empty() ? keys::OpenByAgency(partition, ref.department)
                                 : keys::OpenByDepartment(partition, ref.agency, ref.department),
              "-inf", below}});
      }
    }
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      redis.Pipeline(commands, WhenReading(missing)));
  std::vector<AgencyCounts> counts(agencies.size());
  size_t next = 0;
  for (size_t a = 0; a < agencies.size(); ++a) {
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      // The partition's replies: its counters, then an overdue count per index. Left out
      // whole if its master could not be reached for any of them.
      const size_t first = next;
      next += 1 + agencies[a].departments.size();
      bool unread = false;
      for (size_t r = first; r < next; ++r)
        unread = Skipped(missing, partition, replies[r]) || unread;
      if (unread) continue;
      const RedisReply& values = replies[first];
      if (values.is_error()) return RedisError(values);
      for (size_t f = 0; f < fields.size() && f < values.size(); ++f) {
        int64_t value = 0;
        const RedisReply field = values.element(f);
        if (!field.is_nil() && absl::SimpleAtoi(field.str(), &value)) {
          counts[a].fields[fields[f]] += value;
        }
      }
      for (size_t d = 0; d < agencies[a].departments.size(); ++d) {
        const RedisReply& overdue = replies[first + 1 + d];
        if (overdue.is_error()) return RedisError(overdue);
        counts[a].overdue += overdue.integer();
      }
    }
  }
  return counts;
}

}  // namespace gongkai
