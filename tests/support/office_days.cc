#include "office_days.h"

#include <gtest/gtest.h>

#include "base/clock.h"

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

}  // namespace gongkai
