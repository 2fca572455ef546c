// The statutory clock through the tracker service: the managers' views over real cases, the
// clock commands, and a calendar change re-computing running clocks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "redis/keys.h"
#include "rules/case_number.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

absl::CivilDay DueOf(const v1::Case& c) { return DayOf(c.deadline().due_date()); }

std::vector<std::string> Numbers(const v1::DeadlineQueueResponse& response) {
  std::vector<std::string> numbers;
  for (const auto& item : response.cases()) numbers.push_back(item.summary().case_number());
  return numbers;
}

TEST(Tracker, OverdueListIsMostOverdueFirstAndPagesByCursor) {
  TestStack stack;
  stack.StartAll();
  // 60, 50, 45 and 40 days ago: all past their 20 working days; today's is not.
  std::vector<v1::Case> overdue;
  for (int days_ago : {45, 60, 40, 50}) {
    overdue.push_back(RegisterAssigned(stack, absl::StrCat("overdue-", days_ago), days_ago));
  }
  const v1::Case fresh = RegisterAssigned(stack, "fresh-0001", 0);
  std::sort(overdue.begin(), overdue.end(), [](const v1::Case& a, const v1::Case& b) {
    return std::make_pair(DueOf(a), a.case_number()) < std::make_pair(DueOf(b), b.case_number());
  });

  std::vector<std::string> listed;
  v1::DeadlineQueueRequest request;
  request.mutable_page()->set_page_size(3);
  std::vector<int> page_sizes;
  do {
    v1::DeadlineQueueResponse page;
    ASSERT_TRUE(
        stack.tracker().ListOverdue(TestStack::As("m1", "manager").get(), request, &page).ok());
    page_sizes.push_back(page.cases_size());
    for (const auto& item : page.cases()) {
      listed.push_back(item.summary().case_number());
      const v1::Case& expected = *std::find_if(overdue.begin(), overdue.end(), [&](auto& c) {
        return c.case_number() == item.summary().case_number();
      });
      EXPECT_EQ(item.working_days(),
                *CountWorkingDays(ShippedCalendar(), DueOf(expected), Today(), {}));
      EXPECT_EQ(item.summary().due_date(), expected.deadline().due_date());
      EXPECT_FALSE(item.summary().updated_at().empty());
    }
    request.mutable_page()->set_page_token(page.next_page_token());
  } while (!request.page().page_token().empty());
  EXPECT_EQ(page_sizes, (std::vector<int>{3, 1}));
  std::vector<std::string> expected;
  for (const auto& c : overdue) expected.push_back(c.case_number());
  EXPECT_EQ(listed, expected);

  // By department: all of them are 县财政局's; 县人社局 has none.
  request.clear_page();
  request.set_department("rsj");
  v1::DeadlineQueueResponse none;
  ASSERT_TRUE(
      stack.tracker().ListOverdue(TestStack::As("m1", "manager").get(), request, &none).ok());
  EXPECT_EQ(none.cases_size(), 0);
  request.set_department("nowhere");
  EXPECT_EQ(stack.tracker()
                .ListOverdue(TestStack::As("m1", "manager").get(), request, &none)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(Tracker, DueSoonAndTheDepartmentBoard) {
  TestStack stack;
  stack.StartAll();
  // Find a receipt date whose due date is within the next 5 working days.
  int soon_days_ago = 0;
  for (int days_ago = 20; days_ago < 40; ++days_ago) {
    auto deadline = ComputeDeadline(ShippedCalendar(), {.receipt = Today() - days_ago});
    const absl::CivilDay due = DayOf(deadline->due_date());
    if (due >= Today() && due <= *AddWorkingDays(ShippedCalendar(), Today(), 5)) {
      soon_days_ago = days_ago;
      break;
    }
  }
  ASSERT_GT(soon_days_ago, 0);
  const v1::Case soon = RegisterAssigned(stack, "soon-0001", soon_days_ago);
  const v1::Case late = RegisterAssigned(stack, "late-0001", 60);
  RegisterAssigned(stack, "fresh-0001", 0);
  RegisterAssigned(stack, "rsj-0001", 0, "本人养老保险缴费记录");

  v1::DeadlineQueueRequest request;
  v1::DeadlineQueueResponse due_soon;
  ASSERT_TRUE(
      stack.tracker().ListDueSoon(TestStack::As("m1", "manager").get(), request, &due_soon).ok());
  EXPECT_EQ(Numbers(due_soon), std::vector<std::string>{soon.case_number()});
  EXPECT_EQ(due_soon.cases(0).working_days(),
            *CountWorkingDays(ShippedCalendar(), Today(), DueOf(soon), {}));

  v1::DepartmentBoardResponse board;
  ASSERT_TRUE(stack.tracker()
                  .DepartmentBoard(TestStack::As("m1", "manager").get(),
                                   v1::DepartmentBoardRequest(), &board)
                  .ok());
  ASSERT_GE(board.departments_size(), 3);
  const v1::DepartmentRow& first = board.departments(0);  // the slowest unit leads the bulletin
  EXPECT_EQ(first.department(), "czj");
  EXPECT_EQ(first.name(), "县财政局");
  EXPECT_EQ(first.open(), 3);
  EXPECT_EQ(first.overdue(), 1);
  EXPECT_EQ(first.due_soon(), 1);
  for (const auto& row : board.departments()) {
    if (row.department() == "rsj") {
      EXPECT_EQ(row.open(), 1);
    }
  }
  (void)late;
}

TEST(Tracker, ClockCommandsStopPauseAndExtendTheClock) {
  TestStack stack;
  stack.StartAll();
  const v1::Case received = RegisterAssigned(stack, "clock-cmds-1", 0);
  const std::string number = received.case_number();
  const int partition = PartitionOf(*ParseCaseNumber(number));
  auto in_due_index = [&] {
    return !stack.redis().Command({"ZSCORE", keys::DueIndex(partition), number})->is_nil();
  };
  ASSERT_TRUE(in_due_index());
  v1::CaseAck ack;

  v1::RequestSupplementRequest supplement;
  supplement.set_case_number(number);
  supplement.set_items("请写明所需预算表的年度和名称");
  supplement.set_reply_by(FormatDay(Today() + 15));
  ASSERT_TRUE(
      stack.tracker()
          .RequestSupplement(TestStack::As("czj-li", "officer", "czj").get(), supplement, &ack)
          .ok());
  EXPECT_FALSE(in_due_index());  // the clock stands while the applicant supplements
  EXPECT_EQ(
      stack.tracker()
          .RequestSupplement(TestStack::As("czj-li", "officer", "czj").get(), supplement, &ack)
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);  // once only

  v1::ReceiveSupplementRequest supplemented;
  supplemented.set_case_number(number);
  supplemented.set_received_on(FormatDay(Today()));
  ASSERT_TRUE(stack.tracker()
                  .ReceiveSupplement(TestStack::As("w1", "clerk").get(), supplemented, &ack)
                  .ok());
  EXPECT_TRUE(in_due_index());

  v1::GrantExtensionRequest extension;
  extension.set_case_number(number);
  extension.set_days(20);
  extension.set_reason("需调取历史档案");
  EXPECT_EQ(stack.tracker()
                .GrantExtension(TestStack::As("czj-li", "officer", "czj").get(), extension, &ack)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(
      stack.tracker().GrantExtension(TestStack::As("zhuren", "head").get(), extension, &ack).ok());

  v1::GetCaseRequest get;
  get.set_case_number(number);
  v1::Case extended;
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("m1", "manager").get(), get, &extended).ok());
  EXPECT_EQ(extended.deadline().working_days(), 40);
  EXPECT_EQ(
      extended.deadline().due_date(),
      ComputeDeadline(ShippedCalendar(),
                      {.receipt = Today(), .supplement_received = Today(), .extension_days = 20})
          ->due_date());
  EXPECT_EQ(extended.extension().approver(), "zhuren");
  // The applicant is told, in the notices the office sends.
  EXPECT_NE(extended.extension().notice().find("延期答复告知书"), std::string::npos);
  EXPECT_NE(extended.extension().notice().find("答复期限延长20个工作日"), std::string::npos);
  EXPECT_NE(extended.extension().notice().find("需调取历史档案"), std::string::npos);
  EXPECT_NE(extended.supplement().notice().find("补正申请告知书"), std::string::npos);
  EXPECT_NE(extended.supplement().notice().find("请写明所需预算表的年度和名称"), std::string::npos);
  const auto& events = extended.events();
  EXPECT_EQ(events[events.size() - 1].command(), "GrantExtension");
  EXPECT_EQ(events[events.size() - 2].command(), "ReceiveSupplement");
  EXPECT_EQ(events[events.size() - 3].command(), "RequestSupplement");
  EXPECT_EQ(extended.state(), v1::CASE_STATE_ASSIGNED);  // the workflow did not move
}

TEST(Tracker, ALateReplyCountsOnTheBoard) {
  TestStack stack;
  stack.StartAll();
  const v1::Case late = RegisterAssigned(stack, "late-reply-1", 60);
  ASSERT_NO_FATAL_FAILURE(ReplyTo(stack, late.case_number(), "czj", Today()));

  v1::DepartmentBoardResponse board;
  ASSERT_TRUE(stack.tracker()
                  .DepartmentBoard(TestStack::As("m1", "manager").get(),
                                   v1::DepartmentBoardRequest(), &board)
                  .ok());
  const v1::DepartmentRow& czj = board.departments(0);
  EXPECT_EQ(czj.department(), "czj");
  EXPECT_EQ(czj.open(), 0);
  EXPECT_EQ(czj.overdue(), 0);
  EXPECT_EQ(czj.replied_late(), 1);
  EXPECT_EQ(czj.replied_on_time(), 0);
  EXPECT_EQ(czj.median_working_days_to_reply(),
            *CountWorkingDays(ShippedCalendar(), Today() - 60, Today(), {}));
}

TEST(Tracker, APublishedCalendarChangeRecomputesRunningClocks) {
  // A calendar directory of the test's own, so that a new file can be published into it.
  char pattern[] = "/tmp/gongkai-calendar-XXXXXX";
  const std::string calendar_dir = mkdtemp(pattern);
  for (const auto& entry : std::filesystem::directory_iterator(GONGKAI_CALENDAR_DIR)) {
    std::filesystem::copy(entry.path(), calendar_dir);
  }
  TestStack stack({.calendar_dir = calendar_dir});
  stack.StartAll();
  const v1::Case before = RegisterAssigned(stack, "recompute-1", 0);
  const absl::CivilDay first_working_day = *AddWorkingDays(ShippedCalendar(), Today(), 1);

  // A local day off on the first working day after receipt moves the due date by one day.
  std::ofstream(calendar_dir + "/local-test.conf")
      << "year " << first_working_day.year() << "\noff " << FormatDay(first_working_day).substr(5)
      << "\n";
  v1::ReloadCalendarResponse reloaded;
  ASSERT_TRUE(stack.tracker()
                  .ReloadCalendar(TestStack::As("admin", "admin").get(),
                                  v1::ReloadCalendarRequest(), &reloaded)
                  .ok());
  EXPECT_EQ(reloaded.cases_checked(), 1);
  EXPECT_EQ(reloaded.cases_changed(), 1);

  v1::GetCaseRequest get;
  get.set_case_number(before.case_number());
  v1::Case after;
  ASSERT_TRUE(stack.intake().GetCase(TestStack::As("m1", "manager").get(), get, &after).ok());
  EXPECT_EQ(after.deadline().due_date(),
            FormatDay(*AddWorkingDays(ShippedCalendar(), DueOf(before), 1)));
  EXPECT_EQ(after.events(after.events_size() - 1).command(), "RecomputeDeadline");
  EXPECT_EQ(after.events(after.events_size() - 1).details().at("previous_due_date"),
            before.deadline().due_date());
  std::filesystem::remove_all(calendar_dir);
}

}  // namespace
}  // namespace gongkai::testing
