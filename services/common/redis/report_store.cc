#include "redis/report_store.h"

#include <algorithm>

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

// Sums the HGETALL replies of counter hashes; `skip` is a field that is not a counter.
absl::StatusOr<ReportCounterValues> SumHashes(const std::vector<RedisReply>& replies,
                                              absl::string_view skip = "") {
  ReportCounterValues counters;
  for (const RedisReply& reply : replies) {
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
                                                       absl::string_view agency) {
  std::vector<RoutedCommand> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({keys::PartitionRoute(partition),
                        {"HGETALL", agency.empty() ? keys::ReportCounters(partition)
                                                   : keys::AgencyCounters(partition, agency)}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(commands));
  return SumHashes(replies);
}

absl::StatusOr<ReportCounterValues> ReadFrozenCounters(RedisConnection& redis,
                                                       absl::string_view agency, int year) {
  std::vector<RoutedCommand> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({keys::PartitionRoute(partition),
                        {"HGETALL", keys::FrozenReport(partition, agency, year)}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(commands));
  return SumHashes(replies, "frozen");
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
                                                            absl::string_view agency, int year) {
  std::vector<RoutedCommand> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    commands.push_back({keys::PartitionRoute(partition),
                        {"LRANGE", keys::Amendments(partition, agency), "0", "-1"}});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(commands));
  const std::string wanted = std::to_string(year);
  std::vector<StoredAmendment> amendments;
  for (const RedisReply& reply : replies) {
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
    const std::vector<std::string>& fields, int64_t overdue_until) {
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
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(commands));
  std::vector<AgencyCounts> counts(agencies.size());
  size_t next = 0;
  for (size_t a = 0; a < agencies.size(); ++a) {
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      const RedisReply& values = replies[next++];
      if (values.is_error()) return RedisError(values);
      for (size_t f = 0; f < fields.size() && f < values.size(); ++f) {
        int64_t value = 0;
        const RedisReply field = values.element(f);
        if (!field.is_nil() && absl::SimpleAtoi(field.str(), &value)) {
          counts[a].fields[fields[f]] += value;
        }
      }
      for (size_t d = 0; d < agencies[a].departments.size(); ++d) {
        const RedisReply& overdue = replies[next++];
        if (overdue.is_error()) return RedisError(overdue);
        counts[a].overdue += overdue.integer();
      }
    }
  }
  return counts;
}

}  // namespace gongkai
