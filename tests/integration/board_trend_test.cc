// The managers' board beyond the bulletin (TrackerService.DepartmentBoard): the weekly trend of
// the last eight weeks, per department and in total, and the cases due within 3 working days,
// counted exactly over real cases.
#include <gtest/gtest.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "rules/trend_counts.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

v1::DepartmentBoardResponse Board(TestStack& stack) {
  v1::DepartmentBoardResponse board;
  const grpc::Status status = stack.tracker().DepartmentBoard(TestStack::As("m1", "manager").get(),
                                                              v1::DepartmentBoardRequest(), &board);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return board;
}

const v1::DepartmentRow& Row(const v1::DepartmentBoardResponse& board, const std::string& code) {
  for (const v1::DepartmentRow& row : board.departments()) {
    if (row.department() == code) return row;
  }
  ADD_FAILURE() << "no row " << code;
  return board.departments(0);
}

// Expected (received, closed) by week; weeks not named are (0, 0).
using Expected = std::map<absl::CivilDay, std::pair<int64_t, int64_t>>;

void ExpectWeeks(const google::protobuf::RepeatedPtrField<v1::WeekCount>& weeks,
                 const Expected& expected, const std::string& which) {
  ASSERT_EQ(weeks.size(), 8) << which;
  const absl::CivilDay this_week = WeekStart(Today());
  for (int i = 0; i < 8; ++i) {
    const absl::CivilDay monday = this_week - 7 * (7 - i);
    EXPECT_EQ(weeks[i].week_start(), FormatDay(monday)) << which;
    const auto found = expected.find(monday);
    const std::pair<int64_t, int64_t> want =
        found == expected.end() ? std::pair<int64_t, int64_t>{0, 0} : found->second;
    EXPECT_EQ(weeks[i].received(), want.first) << which << " week of " << FormatDay(monday);
    EXPECT_EQ(weeks[i].closed(), want.second) << which << " week of " << FormatDay(monday);
  }
}

TEST(BoardTrend, EightWeeksOfRequestsReceivedAndCasesClosedPerDepartmentAndInTotal) {
  TestStack stack;
  stack.StartAll();
  const absl::CivilDay today = Today();
  // 县财政局's: received today, and ten days ago (handed on to 县人社局 below).
  RegisterAssigned(stack, "board-trend-a", 0, "县财政预算");
  const v1::Case handed = RegisterAssigned(stack, "board-trend-b", 10, "县财政预算");
  // 县人社局's, received twenty days ago and answered yesterday.
  const v1::Case answered = RegisterAssigned(stack, "board-trend-c", 20, "本人养老保险缴费记录");
  // Seventy days ago: before the eight weeks.
  RegisterAssigned(stack, "board-trend-d", 70, "县财政预算");
  // Answered at the window today: received and closed, in no department.
  v1::RegisterRequest on_the_spot = SampleRegistration("board-trend-e", "县政府工作报告");
  on_the_spot.mutable_on_the_spot()->set_outcome(v1::OUTCOME_ALREADY_PUBLIC);
  on_the_spot.mutable_on_the_spot()->set_text("已在县政府门户网站公开");
  ASSERT_EQ(Register(stack, on_the_spot, "w1").state(), v1::CASE_STATE_CLOSED);

  HandBack(stack, handed.case_number(), "czj", "属于社保缴费事项");
  Assign(stack, handed.case_number(), "rsj");
  ASSERT_NO_FATAL_FAILURE(ReplyTo(stack, answered.case_number(), "rsj", today - 1));

  const absl::CivilDay now = WeekStart(today), ten = WeekStart(today - 10),
                       twenty = WeekStart(today - 20), yesterday = WeekStart(today - 1);
  Expected total, czj, rsj, none;
  total[now].first += 2;  // trend-a, trend-e
  total[ten].first += 1;
  total[twenty].first += 1;
  total[yesterday].second += 1;
  total[now].second += 1;
  czj[now].first += 1;
  rsj[ten].first += 1;  // moved with the case from 县财政局
  rsj[twenty].first += 1;
  rsj[yesterday].second += 1;
  none[now] = {1, 1};

  const v1::DepartmentBoardResponse board = Board(stack);
  ExpectWeeks(board.weeks(), total, "total");
  ExpectWeeks(Row(board, "czj").weeks(), czj, "czj");
  ExpectWeeks(Row(board, "rsj").weeks(), rsj, "rsj");
  ExpectWeeks(Row(board, "-").weeks(), none, "-");
  ExpectWeeks(Row(board, "jyj").weeks(), {}, "jyj");
  // The weeks run Monday to Sunday, the current one last.
  EXPECT_EQ(absl::GetWeekday(DayOf(board.weeks(0).week_start())), absl::Weekday::monday);
  EXPECT_EQ(board.weeks(7).week_start(), FormatDay(now));
}

// The receipt date `days_ago` whose due date lies in (after, until], searched from 15 to 45 days
// back; 0 when there is none.
int ReceivedDueBetween(absl::CivilDay after, absl::CivilDay until) {
  for (int days_ago = 15; days_ago < 45; ++days_ago) {
    auto deadline = ComputeDeadline(ShippedCalendar(), {.receipt = Today() - days_ago});
    const absl::CivilDay due = DayOf(deadline->due_date());
    if (due > after && due <= until) return days_ago;
  }
  return 0;
}

TEST(BoardTrend, CasesDueWithinThreeWorkingDaysAreCountedApart) {
  TestStack stack;
  stack.StartAll();
  const absl::CivilDay third = *AddWorkingDays(ShippedCalendar(), Today(), 3);
  const absl::CivilDay fifth = *AddWorkingDays(ShippedCalendar(), Today(), 5);
  const int within_3 = ReceivedDueBetween(Today() - 1, third);
  const int within_5 = ReceivedDueBetween(third, fifth);
  ASSERT_GT(within_3, 0);
  ASSERT_GT(within_5, 0);
  RegisterAssigned(stack, "board-due-3", within_3, "县财政预算");
  RegisterAssigned(stack, "board-due-5", within_5, "县财政预算");
  RegisterAssigned(stack, "board-overdue", 60, "县财政预算");
  RegisterAssigned(stack, "board-fresh", 0, "县财政预算");

  const v1::DepartmentBoardResponse board = Board(stack);
  const v1::DepartmentRow& czj = Row(board, "czj");
  EXPECT_EQ(czj.open(), 4);
  EXPECT_EQ(czj.overdue(), 1);
  EXPECT_EQ(czj.due_soon(), 2);
  EXPECT_EQ(czj.due_within_3_working_days(), 1);
  EXPECT_EQ(Row(board, "rsj").due_within_3_working_days(), 0);
}

}  // namespace
}  // namespace gongkai::testing
