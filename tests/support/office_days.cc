#include "office_days.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "calendar/deadline.h"

namespace gongkai {

const WorkingCalendar& ShippedCalendar() {
  static const WorkingCalendar* calendar = new WorkingCalendar(
      *WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, UnknownYears::kProvisional));
  return *calendar;
}

absl::Time TenInTheMorning(const char* day) {
  absl::CivilDay parsed;
  EXPECT_TRUE(ParseDay(day, &parsed)) << day;
  return absl::FromCivil(absl::CivilSecond(parsed) + 10 * 3600, ChinaTimeZone());
}

v1::Case CaseInDepartmentReceivedOn(const char* received) {
  v1::Case c;
  c.set_case_number("2026-000042");
  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.set_version(3);
  c.set_department("czj");
  c.mutable_request()->set_received_date(received);
  c.mutable_request()->set_channel(v1::CHANNEL_IN_PERSON);
  c.set_clock(v1::CLOCK_STATE_RUNNING);
  *c.mutable_deadline() = *InitialDeadline(ShippedCalendar(), c.request());
  return c;
}

}  // namespace gongkai
