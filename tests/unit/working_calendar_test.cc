#include "calendar/working_calendar.h"

#include <gtest/gtest.h>

namespace gongkai {
namespace {

WorkingCalendar Shipped(UnknownYears policy = UnknownYears::kProvisional) {
  auto calendar = WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, policy);
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

struct DayCase {
  absl::CivilDay day;
  bool working;
  DayKind kind;
};

TEST(WorkingCalendar, ClassifiesAroundTheHolidayBlocks) {
  const WorkingCalendar calendar = Shipped();
  const DayCase cases[] = {
      {absl::CivilDay(2025, 1, 26), true, DayKind::kMakeUpWorkday},  // Sunday before 春节
      {absl::CivilDay(2025, 1, 27), true, DayKind::kWeekday},
      {absl::CivilDay(2025, 1, 28), false, DayKind::kHoliday},  // 除夕
      {absl::CivilDay(2025, 2, 4), false, DayKind::kHoliday},
      {absl::CivilDay(2025, 2, 5), true, DayKind::kWeekday},
      {absl::CivilDay(2025, 2, 8), true, DayKind::kMakeUpWorkday},
      {absl::CivilDay(2025, 5, 2), false, DayKind::kHoliday},
      {absl::CivilDay(2025, 6, 2), false, DayKind::kHoliday},  // 端午, a Monday
      {absl::CivilDay(2025, 10, 8), false, DayKind::kHoliday},
      {absl::CivilDay(2025, 10, 11), true, DayKind::kMakeUpWorkday},
      {absl::CivilDay(2025, 10, 12), false, DayKind::kWeekend},
      {absl::CivilDay(2026, 1, 2), false, DayKind::kHoliday},  // a Friday
      {absl::CivilDay(2026, 1, 4), true, DayKind::kMakeUpWorkday},
      {absl::CivilDay(2026, 2, 14), true, DayKind::kMakeUpWorkday},
      {absl::CivilDay(2026, 2, 21), false, DayKind::kHoliday},  // a Saturday inside 春节
      {absl::CivilDay(2026, 2, 23), false, DayKind::kHoliday},
      {absl::CivilDay(2026, 2, 24), true, DayKind::kWeekday},
      {absl::CivilDay(2026, 2, 28), true, DayKind::kMakeUpWorkday},
      {absl::CivilDay(2026, 9, 20), true, DayKind::kMakeUpWorkday},
      {absl::CivilDay(2026, 9, 25), false, DayKind::kHoliday},  // 中秋, a Friday
      {absl::CivilDay(2026, 10, 7), false, DayKind::kHoliday},
      {absl::CivilDay(2026, 10, 8), true, DayKind::kWeekday},
      {absl::CivilDay(2026, 10, 10), true, DayKind::kMakeUpWorkday},
      {absl::CivilDay(2026, 11, 28), false, DayKind::kWeekend},
  };
  for (const DayCase& expected : cases) {
    auto info = calendar.Classify(expected.day);
    ASSERT_TRUE(info.ok());
    EXPECT_EQ(info->working, expected.working) << expected.day;
    EXPECT_EQ(info->kind, expected.kind) << expected.day;
    EXPECT_FALSE(info->provisional) << expected.day;
  }
}

TEST(WorkingCalendar, AnUnpublishedYearIsProvisionalOrRefused) {
  const WorkingCalendar provisional = Shipped(UnknownYears::kProvisional);
  auto new_year = provisional.Classify(absl::CivilDay(2027, 1, 1));
  ASSERT_TRUE(new_year.ok());
  EXPECT_TRUE(new_year->provisional);
  EXPECT_FALSE(new_year->working);
  auto monday = provisional.Classify(absl::CivilDay(2027, 1, 4));
  EXPECT_TRUE(monday->working);
  EXPECT_TRUE(monday->provisional);
  EXPECT_FALSE(provisional.Classify(absl::CivilDay(2027, 5, 2))->working);
  EXPECT_TRUE(provisional.Classify(absl::CivilDay(2027, 10, 4))->provisional);

  const WorkingCalendar refusing = Shipped(UnknownYears::kRefuse);
  auto refused = refusing.Classify(absl::CivilDay(2027, 1, 4));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("2027"), absl::string_view::npos);
}

TEST(WorkingCalendar, LocalDaysOffAreAddedToTheNationalYear) {
  WorkingCalendar calendar = Shipped();
  auto overlay = WorkingCalendar::ParseYear("year 2026\noff 03-03\n");
  ASSERT_TRUE(overlay.ok());
  calendar.AddLocalDaysOff(*overlay);
  EXPECT_FALSE(calendar.Classify(absl::CivilDay(2026, 3, 3))->working);
  EXPECT_TRUE(calendar.Classify(absl::CivilDay(2026, 3, 4))->working);
}

TEST(WorkingCalendar, ParseErrorsNameTheLine) {
  EXPECT_EQ(WorkingCalendar::ParseYear("off 01-01\n").status().message(),
            "calendar line 1: `year` must come first");
  EXPECT_EQ(WorkingCalendar::ParseYear("year 2026\nwork 01-05\n").status().message(),
            "calendar line 2: `work` day 01-05 is not a Saturday or Sunday");
  EXPECT_EQ(WorkingCalendar::ParseYear("year 2026\noff 02-30\n").status().message(),
            "calendar line 2: expected MM-DD or MM-DD..MM-DD (at most 31 days)");
  EXPECT_EQ(WorkingCalendar::ParseYear("year 2026\nholiday 01-01\n").status().message(),
            "calendar line 2: expected `year`, `source`, `off` or `work`");
}

TEST(WorkingCalendar, ShippedYearsAreTheNotices) {
  const WorkingCalendar calendar = Shipped();
  for (int year : {2024, 2025, 2026}) EXPECT_TRUE(calendar.HasYear(year)) << year;
  EXPECT_EQ(calendar.Year(2026)->days_off.size(), 33u);
  EXPECT_EQ(calendar.Year(2026)->working_weekend_days.size(), 6u);
  EXPECT_EQ(calendar.Year(2025)->days_off.size(), 28u);
}

}  // namespace
}  // namespace gongkai
