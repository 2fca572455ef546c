// Days as the office counts them, for tests that act on given dates: the shipped working-day
// calendar (deploy/calendar) and a moment within office hours.
#pragma once

#include "absl/time/time.h"
#include "calendar/working_calendar.h"

namespace gongkai {

// The shipped calendar, loaded once; years without a notice are provisional.
const WorkingCalendar& ShippedCalendar();

// Ten in the morning, China time, on `day` (YYYY-MM-DD).
absl::Time TenInTheMorning(const char* day);

}  // namespace gongkai
