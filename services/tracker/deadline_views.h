// The managers' views of the statutory clock: overdue cases, cases due soon, the department
// board, and re-computation of every running clock after a calendar change.
#pragma once

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/tracker.pb.h"
#include "redis/case_store.h"
#include "rules/agency_catalogue.h"

namespace gongkai {

inline constexpr int kDefaultDueSoonWorkingDays = 5;
// The board also counts the cases due within this many working days ...
inline constexpr int kBoardDueWithinWorkingDays = 3;
// ... and shows the weekly trend of this many weeks (Monday to Sunday), this one the last.
inline constexpr int kBoardTrendWeeks = 8;

// The lists of one agency's cases (`request.department` one of its units, or empty for all of
// them), or with `agency` null of every case of the county.
absl::Status ListOverdue(CaseStore& store, const WorkingCalendar& calendar, const Agency* agency,
                         absl::Time now, const v1::DeadlineQueueRequest& request,
                         v1::DeadlineQueueResponse* response);

absl::Status ListDueSoon(CaseStore& store, const WorkingCalendar& calendar, const Agency* agency,
                         absl::Time now, const v1::DeadlineQueueRequest& request,
                         v1::DeadlineQueueResponse* response);

// The board of one agency's units.
absl::Status DepartmentBoard(RedisConnection& redis, const WorkingCalendar& calendar,
                             const Agency& agency, absl::Time now,
                             v1::DepartmentBoardResponse* response);

// Counts every running clock again with `calendar` and commits the cases whose due date (or
// provisional mark) changed, each with a RecomputeDeadline event.
absl::StatusOr<v1::ReloadCalendarResponse> RecomputeRunningClocks(CaseStore& store,
                                                                  const WorkingCalendar& calendar,
                                                                  absl::Time now);

}  // namespace gongkai
