#include "sweeper.h"

#include <algorithm>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
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

struct NoticeKind {
  std::string name;    // overdue, due_soon_5, consultation_lapsed, ...
  std::string index;   // the index whose scores the window is over: "due" or "consulting"
  std::string notify;  // who is told (the escalation ladder, as the stream records it)
  int64_t floor = 0;   // cases scored above this ...
  int64_t until = 0;   // ... and below this get the notice
};

std::string IndexKey(const NoticeKind& kind, int partition) {
  return kind.index == "due" ? keys::DueIndex(partition) : keys::Consulting(partition);
}

// The CollectNotices call of one partition (redis/scripts.cc).
std::pair<std::vector<std::string>, std::vector<std::string>> CollectCall(
    int partition, const std::vector<NoticeKind>& kinds, int batch) {
  std::vector<std::string> call_keys = {keys::DueIndex(partition), keys::Consulting(partition),
                                        keys::SweepMarks(partition), keys::SweepLate(partition),
                                        keys::SweepPending(partition)};
  std::vector<std::string> args = {std::to_string(batch),
                                   std::to_string(batch * static_cast<int>(kinds.size()))};
  for (const NoticeKind& kind : kinds) {
    args.insert(args.end(), {kind.name, kind.index, std::to_string(kind.floor),
                             std::to_string(kind.until), std::to_string(kind.until - 1)});
  }
  return {std::move(call_keys), std::move(args)};
}

}  // namespace

absl::StatusOr<SweepResult> SweepOnce(RedisConnection& redis, const WorkingCalendar& calendar,
                                      absl::Time now, const SweeperOptions& options) {
  const int64_t overdue_until = DueScoreAfter(now);
  std::vector<NoticeKind> kinds = {
      {"overdue", "due", "department,managers", 0, overdue_until},
      // A consulted party's 15 working days ran out: the office decides (third party) or takes
      // the other agency's consent (Art. 32, 34), and should end the consultation.
      {"consultation_lapsed", "consulting", "department", 0, overdue_until}};
  for (int days : options.due_soon_working_days) {
    GK_ASSIGN_OR_RETURN(absl::CivilDay last, AddWorkingDays(calendar, ChinaDay(now), days));
    kinds.push_back({absl::StrCat("due_soon_", days), "due", "department", overdue_until - 1,
                     DueScoreFloor(last + 1)});
  }

  // Step one, per partition in one atomic script: what is due a notice now, and the marks on.
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> collects;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    collects.push_back(CollectCall(partition, kinds, options.batch));
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> pending,
                      redis.EvalMany(scripts::CollectNotices(), collects));

  // Step two: one EmitNotices call per partition and kind of notice with pending cases.
  std::map<std::pair<int, std::string>,
           std::pair<std::vector<std::string>, std::vector<std::string>>>
      emits;
  const std::string at = FormatTimestamp(now);
  SweepResult result;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    const RedisReply& entries = pending[partition];
    if (!entries.is_array()) {
      return absl::InternalError(absl::StrCat("collecting notices: ", entries.str()));
    }
    for (size_t i = 0; i + 1 < entries.size(); i += 2) {
      const std::vector<std::string> member = absl::StrSplit(entries.element(i).str(), '|');
      const std::string score(entries.element(i + 1).str());
      int64_t value = 0;
      const auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const NoticeKind& k) {
        return member.size() == 2 && k.name == member[0];
      });
      auto number = ParseCaseNumber(member.size() == 2 ? member[1] : "");
      // An entry of a kind this sweeper does not give (another tracker's --due_soon) stays for
      // the sweeper that does.
      if (kind == kinds.end() || !number.ok() || !absl::SimpleAtoi(score, &value)) continue;
      auto& [call_keys, call_args] = emits[{partition, kind->name}];
      if (call_keys.empty()) {
        call_keys = {keys::Notices(partition), keys::SweepPending(partition),
                     IndexKey(*kind, partition)};
        call_args = {kind->name, kind->notify, at};
      }
      call_keys.push_back(keys::Case(*number));
      call_args.insert(call_args.end(), {member[1], score, FormatDay(DueDayOfScore(value))});
      ++result.candidates;
    }
  }
  if (emits.empty()) return result;
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> batch;
  for (auto& [where, call] : emits) batch.push_back(std::move(call));
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> emitted,
                      redis.EvalMany(scripts::EmitNotices(), batch));
  for (const RedisReply& reply : emitted) {
    if (!reply.is_integer()) return absl::InternalError(absl::StrCat("notice: ", reply.str()));
    result.notices += static_cast<int>(reply.integer());
  }
  return result;
}

void RunSweeper(const RedisOptions& redis_options, const CalendarHolder& calendar,
                const Clock& clock, const SweeperOptions& options, const std::atomic<bool>& stop) {
  RedisConnection redis(redis_options);
  while (!stop.load()) {
    const absl::Time started = absl::Now();
    absl::StatusOr<SweepResult> result = SweepOnce(redis, *calendar.Get(), clock.Now(), options);
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
