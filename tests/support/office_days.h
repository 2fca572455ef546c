// Days as the office counts them, for tests that act on given dates: the shipped working-day
// calendar (deploy/calendar) and a moment within office hours.
#pragma once

#include "absl/time/time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

// The shipped calendar, loaded once; years without a notice are provisional.
const WorkingCalendar& ShippedCalendar();

// Ten in the morning, China time, on `day` (YYYY-MM-DD).
absl::Time TenInTheMorning(const char* day);

// A case of 县财政局 in the department (version 3), received in person on `received`
// (YYYY-MM-DD), its clock running with the deadline the shipped calendar gives: where the
// clock commands' tests start from.
v1::Case CaseInDepartmentReceivedOn(const char* received);

}  // namespace gongkai
