#include "sweeper.h"

#include <algorithm>

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

namespace gongkai {
namespace {

// A kind of notice as one pass gives it: the window of index scores it covers now.
struct SweptKind {
  std::string name;   // overdue, due_soon_5, consultation_lapsed, ...
  std::string index;  // the index whose scores the window is over: "due" or "consulting"
  int64_t floor = 0;  // cases scored above this ...
  int64_t until = 0;  // ... and below this get the notice
};

std::string IndexKey(const SweptKind& kind, int partition) {
  return kind.index == "due" ? keys::DueIndex(partition) : keys::Consulting(partition);
}

// The CollectNotices call of one partition (redis/scripts.cc).
std::pair<std::vector<std::string>, std::vector<std::string>> CollectCall(
    int partition, const std::vector<SweptKind>& kinds, int batch) {
  std::vector<std::string> call_keys = {keys::DueIndex(partition), keys::Consulting(partition),
                                        keys::SweepMarks(partition), keys::SweepLate(partition)};
  std::vector<std::string> args = {std::to_string(batch), std::to_string(batch)};
  for (const SweptKind& kind : kinds) {
    call_keys.push_back(keys::SweepPending(partition, kind.name));
    args.insert(args.end(), {kind.name, kind.index, std::to_string(kind.floor),
                             std::to_string(kind.until), std::to_string(kind.until - 1)});
  }
  return {std::move(call_keys), std::move(args)};
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
      {"overdue", "due", 0, overdue_until},
      // A consulted party's 15 working days ran out: the office decides (third party) or takes
      // the other agency's consent (Art. 32, 34), and should end the consultation.
      {"consultation_lapsed", "consulting", 0, overdue_until}};
  for (int days : options.due_soon_working_days) {
    GK_ASSIGN_OR_RETURN(absl::CivilDay last, AddWorkingDays(calendar, ChinaDay(now), days));
    kinds.push_back(
        {absl::StrCat("due_soon_", days), "due", overdue_until - 1, DueScoreFloor(last + 1)});
  }

  // Step one, per partition in one atomic script: what is due a notice now, and the marks on.
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> collects;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    collects.push_back(CollectCall(partition, kinds, options.batch));
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> pending,
                      redis.EvalMany(scripts::CollectNotices(), collects));

  // Step two: one EmitNotices call per partition and kind of notice with pending cases.
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> emits;
  const std::string at = FormatTimestamp(now);
  SweepResult result;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& per_kind = pending[partition];
    if (!per_kind.is_array() || per_kind.size() != kinds.size()) {
      return absl::InternalError(absl::StrCat("collecting notices: ", per_kind.str()));
    }
    for (size_t k = 0; k < kinds.size(); ++k) {
      const RedisReply entries = per_kind.element(k);
      if (entries.size() < 2) continue;
      std::vector<std::string> call_keys = {keys::Notices(partition),
                                            keys::SweepPending(partition, kinds[k].name),
                                            IndexKey(kinds[k], partition)};
      std::vector<std::string> call_args = {kinds[k].name, at};
      for (size_t i = 0; i + 1 < entries.size(); i += 2) {
        const std::string case_number(entries.element(i).str());
        const std::string score(entries.element(i + 1).str());
        int64_t value = 0;
        auto number = ParseCaseNumber(case_number);
        if (!number.ok() || !absl::SimpleAtoi(score, &value)) continue;
        call_keys.push_back(keys::Case(*number));
        call_args.insert(call_args.end(), {case_number, score, FormatDay(DueDayOfScore(value))});
        ++result.candidates;
      }
      emits.emplace_back(std::move(call_keys), std::move(call_args));
    }
  }
  if (emits.empty()) return result;
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> emitted,
                      redis.EvalMany(scripts::EmitNotices(), emits));
  for (const RedisReply& reply : emitted) {
    if (!reply.is_integer()) return absl::InternalError(absl::StrCat("notice: ", reply.str()));
    result.notices += static_cast<int>(reply.integer());
  }
  return result;
}

absl::Status PublishDueSoonDays(RedisConnection& redis, const std::vector<int>& days) {
  GK_ASSIGN_OR_RETURN(RedisReply previous, redis.Command({"SET", keys::DueSoonSetting(),
                                                          absl::StrJoin(days, ","), "GET"}));
  if (previous.is_error()) return absl::InternalError(absl::StrCat("Redis: ", previous.str()));
  if (!previous.is_nil() && previous.str() != absl::StrJoin(days, ",")) {
    spdlog::warn("event=due_soon_changed from={} to={}", previous.str(), absl::StrJoin(days, ","));
  }
  return absl::OkStatus();
}

void RunSweeper(const RedisOptions& redis_options, const CalendarHolder& calendar,
                const Clock& clock, const SweeperOptions& options, const std::atomic<bool>& stop) {
  RedisConnection redis(redis_options);
  SweeperOptions pass = options;
  bool published = false;
  while (!stop.load()) {
    const absl::Time started = absl::Now();
    if (!published) published = PublishDueSoonDays(redis, options.due_soon_working_days).ok();
    // Every sweeper gives the kinds of the deployment's one setting (the tracker started last
    // set it): a late case is checked once for every kind, by whichever sweeper takes it.
    absl::StatusOr<RedisReply> setting = redis.Command({"GET", keys::DueSoonSetting()});
    if (setting.ok() && setting->is_string()) {
      absl::StatusOr<std::vector<int>> days = ParseDueSoonDays(setting->str());
      if (days.ok()) pass.due_soon_working_days = *std::move(days);
    }
    absl::StatusOr<SweepResult> result = SweepOnce(redis, *calendar.Get(), clock.Now(), pass);
    if (!result.ok()) {
      spdlog::warn("event=sweep_failed error=\"{}\"", result.status().message());
    } else if (result->notices > 0) {
      spdlog::info("event=swept notices={} candidates={} took_ms={}", result->notices,
                   result->candidates, absl::ToInt64Milliseconds(absl::Now() - started));
    }
    absl::SleepFor(options.interval);
  }
}

}  // namespace gongkai
