// The working days a case has left before its due date, counted with the office's working-day
// calendar at read time (Case.working_days_left, filled in by IntakeService.GetCase): the
// browser has no calendar, and a stored count would be stale the next day.
//
// Today is not counted: on the due day 0 are left, on the working day before it 1, and from a
// weekend or holiday the working days up to and including the due date. Past the due date the
// count is negative: minus the working days after the due date up to and including today, and
// at least 1, so that an overdue case never reads as due today (the Saturday after a Friday due
// date is -1, and so is the Monday).
//
// Example (deploy/calendar/2026.conf: 1-5 May off, Saturday 9 May a working day):
//   WorkingDaysBetween(calendar, absl::CivilDay(2026, 4, 30), absl::CivilDay(2026, 5, 11))
//   // == 5: 6, 7, 8, 9 and 11 May
#pragma once

#include <optional>

#include "absl/time/civil_time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// Working days from `today` to `due` as described above; nullopt when the calendar cannot
// count them (a year it refuses to guess, a span of years).
std::optional<int> WorkingDaysBetween(const WorkingCalendar& calendar, absl::CivilDay today,
                                      absl::CivilDay due);

// The count for a case, or nullopt when it says nothing: the case is closed, its clock is not
// running (waiting for a supplement or a fee, in consultation: the due date will move), or it
// has no due date.
std::optional<int> WorkingDaysLeft(const WorkingCalendar& calendar, const v1::Case& c,
                                   absl::CivilDay today);

// Sets c->working_days_left and c->working_days_left_known from WorkingDaysLeft.
void FillWorkingDaysLeft(const WorkingCalendar& calendar, absl::CivilDay today, v1::Case* c);

}  // namespace gongkai
