#include "sweeper.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/logging.h"
#include "base/status_macros.h"
#include "calendar/deadline.h"
#include "redis/case_store.h"
#include "redis/keys.h"
#include "redis/scripts.h"
#include "rules/case_number.h"

namespace gongkai {
namespace {

struct NoticeKind {
  std::string (*index)(int partition);  // the zset whose scores are the moments
  std::string name;                     // overdue, due_soon_5, consultation_lapsed, ...
  std::string notify;                   // the escalation ladder: who is told
  int64_t until = 0;                    // due scores below this get the notice
  int64_t floor = 0;                    // ... and above this
};

// The due date a due score stands for: the day before the moment it passes.
std::string DueDateOfScore(int64_t score) {
  const absl::Time moment = absl::FromUnixSeconds(score / 1'000'000 * 60);
  return FormatDay(ChinaDay(moment - absl::Seconds(1)));
}

}  // namespace

absl::StatusOr<SweepResult> SweepOnce(RedisConnection& redis, const WorkingCalendar& calendar,
                                      absl::Time now, const SweeperOptions& options) {
  const int64_t overdue_until = DueScoreAfter(now);
  std::vector<NoticeKind> kinds = {
      {keys::DueIndex, "overdue", "department,managers", overdue_until, 0},
      // A consulted party's 15 working days ran out: the office decides (third party) or takes
      // the other agency's consent (Art. 32, 34), and should end the consultation.
      {keys::Consulting, "consultation_lapsed", "department", overdue_until, 0}};
  for (int days : options.due_soon_working_days) {
    GK_ASSIGN_OR_RETURN(absl::CivilDay last, AddWorkingDays(calendar, ChinaDay(now), days));
    kinds.push_back({keys::DueIndex, absl::StrCat("due_soon_", days), "department",
                     DueScoreAfter(absl::FromCivil(last + 1, ChinaTimeZone())), overdue_until - 1});
  }

  // Where each partition's previous passes got to, per kind of notice.
  std::vector<std::vector<std::string>> mark_reads;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    mark_reads.push_back({"HGETALL", keys::SweepMarks(partition)});
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> marks, redis.Pipeline(mark_reads));
  std::vector<std::vector<std::string>> ranges;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    for (const NoticeKind& kind : kinds) {
      int64_t from = kind.floor;
      for (size_t f = 0; f + 1 < marks[partition].size(); f += 2) {
        int64_t mark = 0;
        if (marks[partition].element(f).str() == kind.name &&
            absl::SimpleAtoi(marks[partition].element(f + 1).str(), &mark)) {
          from = std::max(from, mark);
        }
      }
      ranges.push_back({"ZRANGE", kind.index(partition), absl::StrCat("(", from),
                        absl::StrCat("(", kind.until), "BYSCORE", "LIMIT", "0",
                        std::to_string(options.batch), "WITHSCORES"});
    }
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> found, redis.Pipeline(ranges));

  struct Candidate {
    int partition;
    const NoticeKind* kind;
    std::string case_number;
    int64_t score;
  };
  std::vector<Candidate> candidates;
  std::vector<std::vector<std::string>> new_marks;
  for (int partition = 0; partition < kPartitionCount; ++partition) {
    for (size_t k = 0; k < kinds.size(); ++k) {
      const RedisReply& range = found[partition * kinds.size() + k];
      if (range.is_error()) return absl::InternalError(absl::StrCat("Redis: ", range.str()));
      int64_t last = kinds[k].until - 1;
      for (size_t i = 0; i + 1 < range.size(); i += 2) {
        double score = 0;
        if (!absl::SimpleAtod(range.element(i + 1).str(), &score)) continue;
        candidates.push_back({partition, &kinds[k], std::string(range.element(i).str()),
                              static_cast<int64_t>(score)});
      }
      // A full batch stops at its last case; the next pass goes on from there.
      if (range.size() / 2 >= static_cast<size_t>(options.batch)) last = candidates.back().score;
      new_marks.push_back(
          {"HSET", keys::SweepMarks(partition), kinds[k].name, std::to_string(last)});
    }
  }

  SweepResult result;
  result.candidates = static_cast<int>(candidates.size());
  // One script call per partition and kind of notice.
  std::map<std::pair<int, const NoticeKind*>,
           std::pair<std::vector<std::string>, std::vector<std::string>>>
      calls;
  const std::string at = FormatTimestamp(now);
  for (const Candidate& candidate : candidates) {
    auto number = ParseCaseNumber(candidate.case_number);
    if (!number.ok()) continue;
    auto& [call_keys, call_args] = calls[{candidate.partition, candidate.kind}];
    if (call_keys.empty()) {
      call_keys.push_back(keys::Notices(candidate.partition));
      call_args = {candidate.kind->name, candidate.kind->notify, at};
    }
    call_keys.push_back(keys::Case(*number));
    call_args.push_back(candidate.case_number);
    call_args.push_back(DueDateOfScore(candidate.score));
  }
  if (!calls.empty()) {
    std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> batch;
    for (auto& [where, call] : calls) batch.push_back(std::move(call));
    GK_ASSIGN_OR_RETURN(std::vector<RedisReply> emitted,
                        redis.EvalMany(scripts::EmitNotices(), batch));
    for (const RedisReply& reply : emitted) {
      if (reply.is_error()) return absl::InternalError(absl::StrCat("notice: ", reply.str()));
      result.notices += static_cast<int>(reply.integer());
    }
  }
  GK_ASSIGN_OR_RETURN(std::vector<RedisReply> written, redis.Pipeline(new_marks));
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
