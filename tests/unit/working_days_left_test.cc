// The working days a case has left (rules/working_days_left.h), counted with the shipped
// calendar (deploy/calendar/2026.conf: 1-5 May off, Saturday 9 May worked; 1-7 October off,
// Saturday 10 October worked).
#include "rules/working_days_left.h"

#include <gtest/gtest.h>

#include "office_days.h"

namespace gongkai {
namespace {

int Between(absl::CivilDay today, absl::CivilDay due) {
  const std::optional<int> left = WorkingDaysBetween(ShippedCalendar(), today, due);
  EXPECT_TRUE(left.has_value()) << today << " to " << due;
  return left.value_or(-1000);
}

TEST(WorkingDaysLeft, TodayIsNotCountedTheDueDayIs) {
  using D = absl::CivilDay;
  EXPECT_EQ(Between(D(2026, 5, 13), D(2026, 5, 13)), 0);  // the due day
  EXPECT_EQ(Between(D(2026, 5, 12), D(2026, 5, 13)), 1);  // Tuesday, due Wednesday
  // Over an ordinary weekend: Friday and Saturday before a Monday due date.
  EXPECT_EQ(Between(D(2026, 5, 15), D(2026, 5, 18)), 1);
  EXPECT_EQ(Between(D(2026, 5, 16), D(2026, 5, 18)), 1);
  // Over 劳动节: 1-5 May off, then 6, 7, 8, Saturday 9 (worked) and Monday 11.
  EXPECT_EQ(Between(D(2026, 4, 30), D(2026, 5, 11)), 5);
  EXPECT_EQ(Between(D(2026, 5, 8), D(2026, 5, 11)), 2);
  // Over 国庆节: 1-7 October off, then 8 and 9.
  EXPECT_EQ(Between(D(2026, 9, 30), D(2026, 10, 9)), 2);
}

TEST(WorkingDaysLeft, OverdueIsNegativeAndNeverZero) {
  using D = absl::CivilDay;
  // Due on a Friday: overdue by 1 on Saturday and Monday, by 2 on Tuesday.
  EXPECT_EQ(Between(D(2026, 5, 16), D(2026, 5, 15)), -1);
  EXPECT_EQ(Between(D(2026, 5, 18), D(2026, 5, 15)), -1);
  EXPECT_EQ(Between(D(2026, 5, 19), D(2026, 5, 15)), -2);
  // Due on 30 April: the holiday does not count, Saturday 9 May does.
  EXPECT_EQ(Between(D(2026, 5, 3), D(2026, 4, 30)), -1);
  EXPECT_EQ(Between(D(2026, 5, 6), D(2026, 4, 30)), -1);
  EXPECT_EQ(Between(D(2026, 5, 9), D(2026, 4, 30)), -4);
}

TEST(WorkingDaysLeft, OnlyARunningClockWithADueDateHasACount) {
  v1::Case c = CaseInDepartmentReceivedOn("2026-04-20");
  ASSERT_EQ(c.deadline().due_date(), "2026-05-20");
  const absl::CivilDay today(2026, 5, 8);
  // 9 (a Saturday worked), 11-15 and 18-20 May.
  EXPECT_EQ(WorkingDaysLeft(ShippedCalendar(), c, today), 9);
  FillWorkingDaysLeft(ShippedCalendar(), today, &c);
  EXPECT_EQ(c.working_days_left(), 9);
  EXPECT_TRUE(c.working_days_left_known());
  // Cases stored before the clock was recorded: it runs.
  c.set_clock(v1::CLOCK_STATE_UNSPECIFIED);
  EXPECT_EQ(WorkingDaysLeft(ShippedCalendar(), c, today), 9);

  for (v1::ClockState stopped : {v1::CLOCK_STATE_AWAITING_SUPPLEMENT, v1::CLOCK_STATE_CONSULTING,
                                 v1::CLOCK_STATE_AWAITING_FEE, v1::CLOCK_STATE_STOPPED}) {
    c.set_clock(stopped);
    EXPECT_FALSE(WorkingDaysLeft(ShippedCalendar(), c, today).has_value()) << stopped;
  }
  c.set_clock(v1::CLOCK_STATE_RUNNING);
  c.set_state(v1::CASE_STATE_CLOSED);
  EXPECT_FALSE(WorkingDaysLeft(ShippedCalendar(), c, today).has_value());
  FillWorkingDaysLeft(ShippedCalendar(), today, &c);
  EXPECT_EQ(c.working_days_left(), 0);
  EXPECT_FALSE(c.working_days_left_known());

  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.mutable_deadline()->clear_due_date();
  EXPECT_FALSE(WorkingDaysLeft(ShippedCalendar(), c, today).has_value());
}

TEST(WorkingDaysLeft, NoCountWhereTheCalendarRefusesToGuess) {
  const WorkingCalendar refusing(UnknownYears::kRefuse);  // no year loaded
  EXPECT_FALSE(WorkingDaysBetween(refusing, absl::CivilDay(2026, 5, 8), absl::CivilDay(2026, 5, 11))
                   .has_value());
}

}  // namespace
}  // namespace gongkai
