// The sweeper: raises due-soon notices (default 5 and 1 working days before the due date) and
// overdue notices onto each partition's notice stream, within a pass of the moment passing.
// Due-soon notices go to the department; overdue ones to the department and the managers (the
// escalation ladder); a consulted party's lapsed 15 working days are noticed to the department.
// A stream entry carries the cases of one department and due date.
//
// Every case gets each of its notices once, whatever the order in which cases enter the
// indexes: a pass looks only past its marks (where the passes before it stopped), and a change
// that places a case behind a mark — registered late from the post, a supplement's restart, a
// calendar reload, a case handed to another department — also puts it in the partition's late
// set, which the next pass checks (redis/scripts.cc: Transition, SweepNotices).
// Any number of sweepers may run at once: a notice is recorded in the case, with the department
// told, atomically with its stream entry, so each is given once (and once more only to a new
// department the case moves to).
//
// Example:
//   auto result = SweepOnce(redis, calendar, clock.Now(), SweeperOptions{});
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "calendar/calendar_holder.h"
#include "redis/redis_connection.h"

namespace gongkai {

struct SweeperOptions {
  std::vector<int> due_soon_working_days = {5, 1};
  int batch = 4000;  // cases per partition and kind of notice in one pass
  absl::Duration interval = absl::Milliseconds(200);
};

struct SweepResult {
  int notices = 0;      // new notices given (repeats of another sweeper's are not counted)
  bool more = false;    // a batch was full: the next pass finds more
  int unreachable = 0;  // partitions whose master could not be reached: swept next time
};

absl::StatusOr<SweepResult> SweepOnce(RedisConnection& redis, const WorkingCalendar& calendar,
                                      absl::Time now, const SweeperOptions& options);

// "5,1" → {5, 1}; INVALID_ARGUMENT naming `due_soon` unless different days from 1 to 20.
absl::StatusOr<std::vector<int>> ParseDueSoonDays(absl::string_view text);

// Makes `days` the due-soon setting of every tracker's sweeper (keys::DueSoonSetting): the
// tracker started last decides, and a change is logged. The kinds of notice are one setting of
// the deployment so that a case checked once by any sweeper is checked for every kind.
absl::Status PublishDueSoonDays(RedisConnection& redis, const std::vector<int>& days);

// How far behind the sweeper is, for the tracker's metrics: written by RunSweeper, read from
// any thread. A pass is complete when it swept every partition and no batch was full: every
// notice due when it started has then been given.
class SweeperProgress {
 public:
  // Counted from its making until the first complete pass.
  SweeperProgress() : complete_start_ms_(absl::ToUnixMillis(absl::Now())) {}

  void PassEnded(absl::Time started, absl::Duration took, bool complete) {
    last_pass_us_ = absl::ToInt64Microseconds(took);
    if (complete) complete_start_ms_ = absl::ToUnixMillis(started);
  }
  // `now` less the start of the last complete pass: how old the newest notice given may be.
  absl::Duration Lag(absl::Time now) const {
    return now - absl::FromUnixMillis(complete_start_ms_.load());
  }
  // How long the last pass that reached Redis took (zero before the first).
  absl::Duration LastPass() const { return absl::Microseconds(last_pass_us_.load()); }

 private:
  std::atomic<int64_t> complete_start_ms_;
  std::atomic<int64_t> last_pass_us_ = 0;
};

// Sweeps every `options.interval` until `stop`, with the deployment's due-soon setting as it
// stands at each pass (`options.due_soon_working_days` until one is found); records each pass in
// `progress` (may be null).
void RunSweeper(const RedisOptions& redis_options, const CalendarHolder& calendar,
                const Clock& clock, const SweeperOptions& options, const std::atomic<bool>& stop,
                SweeperProgress* progress = nullptr);

}  // namespace gongkai
