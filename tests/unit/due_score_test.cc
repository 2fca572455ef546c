#include "rules/due_score.h"

#include <gtest/gtest.h>

#include "base/clock.h"

namespace gongkai {
namespace {

TEST(DueScore, IsTheDueDateThenTheCaseNumber) {
  EXPECT_EQ(DueScore(absl::CivilDay(2026, 11, 3), {2026, 123}), 2026110326000123);
  EXPECT_EQ(DueScore(absl::CivilDay(2027, 1, 5), {2026, 999999}), 2027010526999999);
  // A case of the year before, due the same day, sorts before this year's with the same sequence.
  EXPECT_LT(DueScore(absl::CivilDay(2026, 1, 5), {2025, 7}),
            DueScore(absl::CivilDay(2026, 1, 5), {2026, 7}));
  // Every score is exact in Redis's double (for due dates before the year 9000).
  EXPECT_LT(DueScore(absl::CivilDay(8999, 12, 31), {2099, 999999}), int64_t{1} << 53);
}

TEST(DueScore, ReadsTheDueDateBack) {
  EXPECT_EQ(DueDayOfScore(2026110326000123), absl::CivilDay(2026, 11, 3));
  EXPECT_EQ(DueDayOfScore(DueScoreFloor(absl::CivilDay(2028, 2, 29))), absl::CivilDay(2028, 2, 29));
}

TEST(DueScore, OfADeadlineNeedsItsDueDate) {
  v1::Deadline deadline;
  deadline.set_due_date("2026-11-03");
  EXPECT_EQ(*DueScoreOf(deadline, {2026, 1}), 2026110326000001);
  deadline.set_due_date("2026-11-31");
  EXPECT_EQ(DueScoreOf(deadline, {2026, 1}).status().message(),
            "`deadline.due_date` \"2026-11-31\" is not a date");
}

TEST(DueScore, AfterAMomentSeparatesOverdueFromNot) {
  // 2026-11-04 00:00 China time is 2026-11-03 16:00 UTC: a case due 2026-11-03 is overdue from
  // then on, not a second before.
  const absl::Time midnight = absl::FromCivil(absl::CivilDay(2026, 11, 4), ChinaTimeZone());
  const int64_t due_on_the_3rd = DueScore(absl::CivilDay(2026, 11, 3), {2026, 123});
  EXPECT_EQ(DueScoreAfter(midnight), 2026110400000000);
  EXPECT_LT(due_on_the_3rd, DueScoreAfter(midnight));
  EXPECT_GE(due_on_the_3rd, DueScoreAfter(midnight - absl::Seconds(1)));
  EXPECT_EQ(DueScoreAfter(midnight - absl::Seconds(1)), 2026110300000000);
}

}  // namespace
}  // namespace gongkai
