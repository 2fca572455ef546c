#include "sweeper.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "redis/keys.h"
#include "redis/scripts.h"
#include "rules/case_number.h"
#include "rules/due_score.h"
#include "rules/notice_ladder.h"

namespace gongkai {
namespace {

// A kind of notice as one pass gives it: the window of index scores it covers now.
struct SweptKind {
  std::string name;   // overdue, due_soon_5, consultation_lapsed, ...
  std::string index;  // the index whose scores the window is over: "due" or "consulting"
  int64_t floor = 0;  // cases scored above this ...
  int64_t until = 0;  // ... and below this get the notice
};

// The SweepNotices call of one partition (redis/scripts.cc).
ScriptCall SweepCall(int partition, const std::vector<SweptKind>& kinds, int batch,
                     const std::string& at) {
  std::vector<std::string> call_keys = {keys::DueIndex(partition), keys::Consulting(partition),
                                        keys::SweepMarks(partition), keys::SweepLate(partition),
                                        keys::Notices(partition)};
  std::vector<std::string> args = {std::to_string(batch), at, keys::CaseKeyPrefix(partition)};
  for (const SweptKind& kind : kinds) {
    args.insert(args.end(), {kind.name, kind.index, std::to_string(kind.floor),
                             std::to_string(kind.until), std::to_string(kind.until - 1)});
  }
  return {keys::PartitionRoute(partition), std::move(call_keys), std::move(args)};
}

}  // namespace

absl::StatusOr<std::vector<int>> ParseDueSoonDays(absl::string_view text) {
  std::vector<int> days;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    int parsed = 0;
    if (!absl::SimpleAtoi(item, &parsed) || parsed < 1 || parsed > 20 ||
        std::find(days.begin(), days.end(), parsed) != days.end()) {
      return absl::InvalidArgumentError(
          "`due_soon` must list different working days from 1 to 20, e.g. 5,1");
    }
    days.push_back(parsed);
  }
  return days;
}

absl::StatusOr<SweepResult> SweepOnce(RedisConnection& redis, const WorkingCalendar& calendar,
                                      absl::Time now, const SweeperOptions& options) {
  const int64_t overdue_until = DueScoreAfter(now);
  std::vector<SweptKind> kinds = {
      {NoticeKindName({NoticeKind::kOverdue}), "due", 0, overdue_until},
      // A consulted party's 15 working days ran out: the office decides (third party) or takes
      // the other agency's consent (Art. 32, 34), and should end the consultation.
      {NoticeKindName({NoticeKind::kConsultationLapsed}), "consulting", 0, overdue_until}};
  for (int days : options.due_soon_working_days) {
    GK_ASSIGN_OR_RETURN(absl::CivilDay last, AddWorkingDays(calendar, ChinaDay(now), days));
    kinds.push_back({NoticeKindName({NoticeKind::kDueSoon, days}), "due", overdue_until - 1,
                     DueScoreFloor(last + 1)});
  }

  // One atomic script per partition, all in one round trip.
  const std::string at = FormatTimestamp(now);
  std::vector<ScriptCall> calls;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    calls.push_back(SweepCall(partition, kinds, options.batch, at));
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> given,
                      redis.EvalMany(scripts::SweepNotices(), calls, WhenNodeDown::kFailItsOwn));
  SweepResult result;
  for (size_t partition = 0; partition < given.size(); ++partition) {
    const RedisReply& reply = given[partition];
    // A master that cannot be reached stalls its own partitions' notices, not the others'.
    if (reply.is_error() && absl::StartsWith(reply.str(), kNodeDownReply)) {
      spdlog::warn("event=sweep_partition_unreachable partition={} error=\"{}\"", partition,
                   reply.str());
      ++result.unreachable;
      continue;
    }
    if (reply.size() != 2) return absl::InternalError(absl::StrCat("sweep: ", reply.str()));
    result.notices += static_cast<int>(reply.element(0).integer());
    result.more = result.more || reply.element(1).integer() == 1;
  }
  return result;
}

absl::Status PublishDueSoonDays(RedisConnection& redis, const std::vector<int>& days) {
  GK_ASSIGN_OR_RETURN(RedisReply previous,
                      redis.Command(keys::ConfigRoute(), {"SET", keys::DueSoonSetting(),
                                                          absl::StrJoin(days, ","), "GET"}));
  if (previous.is_error()) return absl::InternalError(absl::StrCat("Redis: ", previous.str()));
  if (!previous.is_nil() && previous.str() != absl::StrJoin(days, ",")) {
    spdlog::warn("event=due_soon_changed from={} to={}", previous.str(), absl::StrJoin(days, ","));
  }
  return absl::OkStatus();
}

void RunSweeper(const RedisOptions& redis_options, const CalendarHolder& calendar,
                const Clock& clock, const SweeperOptions& options, const std::atomic<bool>& stop,
                SweeperProgress* progress) {
  RedisConnection redis(redis_options);
  SweeperOptions pass = options;
  bool published = false;
  while (!stop.load()) {
    const absl::Time started = absl::Now();
    if (!published) published = PublishDueSoonDays(redis, options.due_soon_working_days).ok();
    // Every sweeper gives the kinds of the deployment's one setting (the tracker started last
    // set it): a late case is checked once for every kind, by whichever sweeper takes it.
    absl::StatusOr<RedisReply> setting =
        redis.Command(keys::ConfigRoute(), {"GET", keys::DueSoonSetting()});
    if (setting.ok() && setting->is_string()) {
      absl::StatusOr<std::vector<int>> days = ParseDueSoonDays(setting->str());
      if (days.ok()) pass.due_soon_working_days = *std::move(days);
    }
    absl::StatusOr<SweepResult> result = SweepOnce(redis, *calendar.Get(), clock.Now(), pass);
    if (!result.ok()) {
      spdlog::warn("event=sweep_failed error=\"{}\"", result.status().message());
    } else if (result->notices > 0) {
      spdlog::info("event=swept notices={} more={} took_ms={}", result->notices, result->more,
                   absl::ToInt64Milliseconds(absl::Now() - started));
    }
    if (result.ok() && progress != nullptr) {
      progress->PassEnded(started, absl::Now() - started,
                          result->unreachable == 0 && !result->more);
    }
    absl::SleepFor(options.interval);
  }
}

}  // namespace gongkai
