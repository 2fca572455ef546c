#include "rules/working_days_left.h"

#include <algorithm>

#include "base/clock.h"
#include "calendar/deadline.h"

namespace gongkai {

std::optional<int> WorkingDaysBetween(const WorkingCalendar& calendar, absl::CivilDay today,
                                      absl::CivilDay due) {
  if (today <= due) {
    absl::StatusOr<int> left = CountWorkingDays(calendar, today, due, {});
    if (!left.ok()) return std::nullopt;
    return *left;
  }
  absl::StatusOr<int> past = CountWorkingDays(calendar, due, today, {});
  if (!past.ok()) return std::nullopt;
  return -std::max(1, *past);
}

std::optional<int> WorkingDaysLeft(const WorkingCalendar& calendar, const v1::Case& c,
                                   absl::CivilDay today) {
  if (c.state() == v1::CASE_STATE_CLOSED) return std::nullopt;
  // Cases stored before the clock was recorded have it unspecified: it runs (clock_commands).
  if (c.clock() != v1::CLOCK_STATE_RUNNING && c.clock() != v1::CLOCK_STATE_UNSPECIFIED) {
    return std::nullopt;
  }
  absl::CivilDay due;
  if (!ParseDay(c.deadline().due_date(), &due)) return std::nullopt;
  return WorkingDaysBetween(calendar, today, due);
}

void FillWorkingDaysLeft(const WorkingCalendar& calendar, absl::CivilDay today, v1::Case* c) {
  const std::optional<int> left = WorkingDaysLeft(calendar, *c, today);
  c->set_working_days_left(left.value_or(0));
  c->set_working_days_left_known(left.has_value());
}

}  // namespace gongkai
