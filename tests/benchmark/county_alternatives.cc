#include "county_alternatives.h"

#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"

namespace gongkai::bench {
namespace {

// "gk:{p07}:", the partition's hash tag as every key of it has it (redis/keys.h).
std::string PartitionPrefix(int partition) {
  std::string key = keys::ReportCounters(partition);
  return key.substr(0, key.size() - std::string_view("report").size());
}

std::string AgencyIndex(int partition, const std::string& agency) {
  return absl::StrCat(PartitionPrefix(partition), "bench-open:", agency);
}

std::string OverviewHash(int partition) {
  return absl::StrCat(PartitionPrefix(partition), "bench-overview");
}

// The overview's fields of an agency's hash (rules/agency_counts.h): `open`, and
// received/closed/on_time/late of a year or a month; not the annual report's, which have more
// parts ("late:2026:2025:1") or other names.
bool IsOverviewField(absl::string_view field) {
  if (field == "open") return true;
  const size_t colon = field.find(':');
  if (colon == absl::string_view::npos || field.find(':', colon + 1) != absl::string_view::npos) {
    return false;
  }
  const absl::string_view kind = field.substr(0, colon);
  return kind == "received" || kind == "closed" || kind == "on_time" || kind == "late";
}

absl::StatusOr<std::vector<RedisReply>> Send(
    RedisConnection& redis, const std::vector<std::vector<std::string>>& commands) {
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(commands));
  for (const RedisReply& reply : replies) {
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
  }
  return replies;
}

int64_t SumValues(const RedisReply& reply) {
  int64_t sum = 0;
  for (size_t i = 0; i < reply.size(); ++i) {
    int64_t value = 0;
    const RedisReply field = reply.element(i);
    if (!field.is_nil() && absl::SimpleAtoi(field.str(), &value)) sum += value;
  }
  return sum;
}

// The ZCOUNT of every agency index of every partition, after `commands`.
void AddAgencyCounts(const AgencyCatalogue& agencies, const std::string& below,
                     std::vector<std::vector<std::string>>& commands) {
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    for (const Agency& agency : agencies.agencies()) {
      commands.push_back({"ZCOUNT", AgencyIndex(partition, agency.code), "-inf", below});
    }
  }
}

}  // namespace

absl::Status BuildAlternatives(RedisConnection& redis, const AgencyCatalogue& agencies) {
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    std::vector<std::vector<std::string>> commands;
    for (const Agency& agency : agencies.agencies()) {
      std::vector<std::string> units = {keys::OpenByDepartment(partition, agency.code, "")};
      for (const Department& unit : agency.units.departments()) {
        units.push_back(keys::OpenByDepartment(partition, agency.code, unit.code));
      }
      std::vector<std::string> command = {"ZUNIONSTORE", AgencyIndex(partition, agency.code),
                                          std::to_string(units.size())};
      command.insert(command.end(), units.begin(), units.end());
      commands.push_back(std::move(command));
      commands.push_back({"HGETALL", keys::AgencyCounters(partition, agency.code)});
    }
    GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, Send(redis, commands));
    std::vector<std::string> hset = {"HSET", OverviewHash(partition)};
    for (size_t a = 0; a < agencies.agencies().size(); ++a) {
      const RedisReply& counters = replies[2 * a + 1];
      for (size_t i = 0; i + 1 < counters.size(); i += 2) {
        const absl::string_view field = counters.element(i).str();
        if (!IsOverviewField(field)) continue;
        hset.push_back(absl::StrCat(agencies.agencies()[a].code, "|", field));
        hset.push_back(std::string(counters.element(i + 1).str()));
      }
    }
    if (hset.size() > 2) GK_RETURN_IF_ERROR(Send(redis, {hset}).status());
  }
  return absl::OkStatus();
}

absl::StatusOr<AlternativeTotals> ReadWithAgencyIndexes(RedisConnection& redis,
                                                        const AgencyCatalogue& agencies,
                                                        const std::vector<std::string>& fields,
                                                        int64_t overdue_until) {
  std::vector<std::vector<std::string>> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    for (const Agency& agency : agencies.agencies()) {
      std::vector<std::string> hmget = {"HMGET", keys::AgencyCounters(partition, agency.code)};
      hmget.insert(hmget.end(), fields.begin(), fields.end());
      commands.push_back(std::move(hmget));
    }
  }
  const size_t hmgets = commands.size();
  AddAgencyCounts(agencies, absl::StrCat("(", overdue_until), commands);
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, Send(redis, commands));
  AlternativeTotals totals;
  totals.commands = static_cast<int64_t>(commands.size());
  for (size_t i = 0; i < replies.size(); ++i) {
    if (i < hmgets) {
      totals.fields += SumValues(replies[i]);
    } else {
      totals.overdue += replies[i].integer();
    }
  }
  return totals;
}

absl::StatusOr<AlternativeTotals> ReadWithOverviewHash(RedisConnection& redis,
                                                       const AgencyCatalogue& agencies,
                                                       const std::vector<std::string>& fields,
                                                       int64_t overdue_until) {
  std::vector<std::vector<std::string>> commands;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    std::vector<std::string> hmget = {"HMGET", OverviewHash(partition)};
    for (const Agency& agency : agencies.agencies()) {
      for (const std::string& field : fields)
        hmget.push_back(absl::StrCat(agency.code, "|", field));
    }
    commands.push_back(std::move(hmget));
  }
  AddAgencyCounts(agencies, absl::StrCat("(", overdue_until), commands);
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, Send(redis, commands));
  AlternativeTotals totals;
  totals.commands = static_cast<int64_t>(commands.size());
  for (size_t i = 0; i < replies.size(); ++i) {
    if (i < static_cast<size_t>(kPartitionCount)) {
      totals.fields += SumValues(replies[i]);
    } else {
      totals.overdue += replies[i].integer();
    }
  }
  return totals;
}

}  // namespace gongkai::bench
