#include "redis/board_store.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "rules/department_key.h"
#include "rules/trend_counts.h"

namespace gongkai {

namespace {

constexpr int kPerPair = 5;  // commands per department and partition

void AppendDepartmentCommands(const std::vector<std::string>& departments, int64_t overdue_until,
                              int64_t soon_until, int64_t within_3_until,
                              std::vector<RoutedCommand>& commands) {
  for (const std::string& department : departments) {
    for (int partition = 0; partition < kPartitionCount; ++partition) {
      const DepartmentRef ref = SplitDepartmentKey(department);
      const std::string open = keys::OpenByDepartment(partition, ref.agency, ref.department);
      commands.push_back({keys::PartitionRoute(partition), {"ZCARD", open}});
      commands.push_back({keys::PartitionRoute(partition),
                          {"ZCOUNT", open, "-inf", absl::StrCat("(", overdue_until)}});
      commands.push_back(
          {keys::PartitionRoute(partition),
           {"ZCOUNT", open, std::to_string(overdue_until), absl::StrCat("(", soon_until)}});
      commands.push_back({keys::PartitionRoute(partition),
                          {"HGETALL", keys::ReplyStats(partition, ref.agency, ref.department)}});
      commands.push_back(
          {keys::PartitionRoute(partition),
           {"ZCOUNT", open, std::to_string(overdue_until), absl::StrCat("(", within_3_until)}});
    }
  }
}

// Reads the replies AppendDepartmentCommands asked for, from replies[next] on; a partition
// that could not be read is recorded in `missing` and left out.
absl::StatusOr<std::map<std::string, DepartmentCounts>> ParseDepartmentReplies(
    const std::vector<std::string>& departments, const std::vector<RedisReply>& replies,
    size_t next, MissingPartitions& missing) {
  std::map<std::string, DepartmentCounts> counts;
  for (const std::string& department : departments) {
    DepartmentCounts& row = counts[department];
    for (int partition = 0; partition < kPartitionCount; ++partition, next += kPerPair) {
      bool unread = false;
      for (int i = 0; i < kPerPair; ++i) {
        if (missing.Skip(partition, replies[next + i])) {
          unread = true;
        } else if (replies[next + i].is_error()) {
          return absl::InternalError(absl::StrCat("Redis: ", replies[next + i].str()));
        }
      }
      if (unread) continue;
      row.open += replies[next].integer();
      row.overdue += replies[next + 1].integer();
      row.due_soon += replies[next + 2].integer();
      row.due_within_3 += replies[next + 4].integer();
      const RedisReply& stats = replies[next + 3];
      for (size_t f = 0; f + 1 < stats.size(); f += 2) {
        const absl::string_view field = stats.element(f).str();
        int64_t value = 0;
        if (!absl::SimpleAtoi(stats.element(f + 1).str(), &value)) continue;
        int days = 0;
        if (field == "on_time") {
          row.replied_on_time += value;
        } else if (field == "late") {
          row.replied_late += value;
        } else if (absl::StartsWith(field, "days:") && absl::SimpleAtoi(field.substr(5), &days)) {
          row.replies_by_working_days[days] += value;
        }
      }
    }
  }
  return counts;
}

// The rows of the trend: "*" (every case of the agency), then each department.
std::vector<std::string> TrendRows(const std::vector<std::string>& departments) {
  std::vector<std::string> rows = {"*"};
  rows.insert(rows.end(), departments.begin(), departments.end());
  return rows;
}

// Per row and week: received, closed; the totals' fields name the agency alone.
std::vector<std::string> TrendFields(absl::string_view agency, const std::vector<std::string>& rows,
                                     const std::vector<absl::CivilDay>& weeks) {
  std::vector<std::string> fields;
  for (const std::string& row : rows) {
    const DepartmentRef ref = SplitDepartmentKey(row);
    for (const absl::CivilDay& week : weeks) {
      for (const char* kind : {"recv", "closed"}) {
        fields.push_back(row == "*" ? TrendField(kind, week, agency)
                                    : TrendField(kind, week, ref.agency, ref.department));
      }
    }
  }
  return fields;
}

void AppendWeekCommands(const std::vector<std::string>& fields,
                        std::vector<RoutedCommand>& commands) {
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    std::vector<std::string> command = {"HMGET", keys::TrendCounters(partition)};
    command.insert(command.end(), fields.begin(), fields.end());
    commands.push_back({keys::PartitionRoute(partition), std::move(command)});
  }
}

// Reads the kPartitionCount replies AppendWeekCommands asked for, from replies[first] on; a
// partition that could not be read is recorded in `missing` and left out.
absl::StatusOr<std::map<std::string, std::vector<WeekCounts>>> ParseWeekReplies(
    const std::vector<std::string>& rows, size_t weeks, size_t fields,
    const std::vector<RedisReply>& replies, size_t first, MissingPartitions& missing) {
  std::map<std::string, std::vector<WeekCounts>> counts;
  for (const std::string& row : rows) counts[row].resize(weeks);
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& reply = replies[first + partition];
    if (missing.Skip(partition, reply)) continue;
    if (reply.is_error()) return absl::InternalError(absl::StrCat("Redis: ", reply.str()));
    if (reply.size() != fields) return absl::InternalError("Redis: short HMGET reply");
    size_t next = 0;
    for (const std::string& row : rows) {
      for (size_t week = 0; week < weeks; ++week) {
        for (int64_t* figure : {&counts[row][week].received, &counts[row][week].closed}) {
          int64_t value = 0;
          const RedisReply field = reply.element(next++);
          if (!field.is_nil() && absl::SimpleAtoi(field.str(), &value)) *figure += value;
        }
      }
    }
  }
  return counts;
}

}  // namespace

absl::StatusOr<BoardCounts> ReadBoard(RedisConnection& redis, absl::string_view agency,
                                      const std::vector<std::string>& departments,
                                      int64_t overdue_until, int64_t soon_until,
                                      int64_t within_3_until,
                                      const std::vector<absl::CivilDay>& weeks) {
  std::vector<RoutedCommand> commands;
  AppendDepartmentCommands(departments, overdue_until, soon_until, within_3_until, commands);
  const size_t first_week = commands.size();
  const std::vector<std::string> rows = TrendRows(departments);
  const std::vector<std::string> fields = TrendFields(agency, rows, weeks);
  AppendWeekCommands(fields, commands);
  BoardCounts board;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies,
                      redis.Pipeline(commands, board.missing.when()));
  GK_ASSIGN_OR_RETURN(board.departments,
                      ParseDepartmentReplies(departments, replies, 0, board.missing));
  GK_ASSIGN_OR_RETURN(board.weeks, ParseWeekReplies(rows, weeks.size(), fields.size(), replies,
                                                    first_week, board.missing));
  return board;
}

absl::StatusOr<std::map<std::string, std::vector<WeekCounts>>> CountByWeek(
    RedisConnection& redis, absl::string_view agency, const std::vector<std::string>& departments,
    const std::vector<absl::CivilDay>& weeks) {
  const std::vector<std::string> rows = TrendRows(departments);
  const std::vector<std::string> fields = TrendFields(agency, rows, weeks);
  std::vector<RoutedCommand> commands;
  AppendWeekCommands(fields, commands);
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> replies, redis.Pipeline(commands));
  MissingPartitions none;  // a strict read: an unreachable node fails the whole call
  return ParseWeekReplies(rows, weeks.size(), fields.size(), replies, 0, none);
}

double MedianWorkingDays(const std::map<int, int64_t>& histogram) {
  int64_t total = 0;
  for (const auto& [days, count] : histogram) total += count;
  if (total == 0) return 0;
  // The middle element (or the two middle ones) of the sorted list the histogram stands for.
  const int64_t low_rank = (total - 1) / 2, high_rank = total / 2;
  int64_t seen = 0;
  double low = 0, high = 0;
  bool low_found = false;
  for (const auto& [days, count] : histogram) {
    if (!low_found && seen + count > low_rank) {
      low = days;
      low_found = true;
    }
    if (seen + count > high_rank) {
      high = days;
      break;
    }
    seen += count;
  }
  return (low + high) / 2;
}

}  // namespace gongkai
