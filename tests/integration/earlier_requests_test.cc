// The window's hint that an applicant asked before (IntakeService.FindEarlierRequests) and the
// working days left that GetCase counts with the intake service's calendar, against the real
// intake service.
#include <gtest/gtest.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "base/clock.h"
#include "calendar/deadline.h"
#include "test_stack.h"

namespace gongkai::testing {
namespace {

constexpr char kOtherApplicant[] = "341523199006151232";  // a valid resident ID number

struct Asked {
  grpc::Status status;
  v1::FindEarlierRequestsResponse response;
};

Asked FindEarlier(TestStack& stack, std::unique_ptr<grpc::ClientContext> as,
                  const std::string& id_number, const std::string& description) {
  v1::FindEarlierRequestsRequest request;
  request.set_id_type(v1::ID_TYPE_RESIDENT_ID_CARD);
  request.set_id_number(id_number);
  request.set_description(description);
  Asked asked;
  asked.status = stack.intake().FindEarlierRequests(as.get(), request, &asked.response);
  return asked;
}

TEST(IntakeEarlierRequests, ListsTheSameApplicantsRequestsFlaggingTheSimilarOnes) {
  TestStack stack;
  stack.Start("intake");  // without routing: the cases stay registered
  // Two requests of the sample applicant at two desks, one of another applicant.
  const v1::Case budget =
      Register(stack, SampleRegistration("earlier-01", "2025年县级财政预算和三公经费"), "window01");
  const v1::Case pension =
      Register(stack, SampleRegistration("earlier-02", "本人养老保险缴费记录"), "window02");
  v1::RegisterRequest other = SampleRegistration("earlier-03", "2025年县级财政预算和三公经费");
  other.mutable_applicant()->set_name("李四");
  other.mutable_applicant()->set_id_number(kOtherApplicant);
  const v1::Case others = Register(stack, other, "window01");

  // Typed with a lowercase x at a third desk.
  Asked asked = FindEarlier(stack, TestStack::As("window03", "clerk"), "11010519491231002x",
                            "2025年县级财政预算、三公经费情况");
  ASSERT_TRUE(asked.status.ok()) << asked.status.error_message();
  ASSERT_EQ(asked.response.requests_size(), 2);
  EXPECT_FALSE(asked.response.more());
  // Received the same day: the one registered last first.
  const v1::EarlierRequest& first = asked.response.requests(0);
  const v1::EarlierRequest& second = asked.response.requests(1);
  EXPECT_EQ(first.summary().case_number(), pension.case_number());
  EXPECT_FALSE(first.similar());
  EXPECT_EQ(first.similarity_percent(), 0);
  EXPECT_EQ(second.summary().case_number(), budget.case_number());
  EXPECT_TRUE(second.similar());
  // 2025年县级财政预算三公经费情况 and 2025年县级财政预算和三公经费: 16 and 15 pairs, 13 shared.
  EXPECT_EQ(second.similarity_percent(), 83);
  EXPECT_EQ(second.summary().description(), "2025年县级财政预算和三公经费");
  EXPECT_EQ(second.summary().state(), v1::CASE_STATE_REGISTERED);
  EXPECT_EQ(second.summary().received_date(), FormatDay(Today()));
  EXPECT_EQ(second.summary().due_date(), budget.deadline().due_date());

  // The other applicant has their one request; an applicant who never asked, none.
  asked = FindEarlier(stack, TestStack::As("window01", "clerk"), kOtherApplicant, "县级财政预算");
  ASSERT_TRUE(asked.status.ok()) << asked.status.error_message();
  ASSERT_EQ(asked.response.requests_size(), 1);
  EXPECT_EQ(asked.response.requests(0).summary().case_number(), others.case_number());
  EXPECT_TRUE(asked.response.requests(0).similar());  // contained in the earlier description
  asked = FindEarlier(stack, TestStack::As("window01", "clerk"), "110105198001010016", "预算");
  ASSERT_TRUE(asked.status.ok()) << asked.status.error_message();
  EXPECT_EQ(asked.response.requests_size(), 0);
}

TEST(IntakeEarlierRequests, OnlyTheLastTwelveMonthsCount) {
  TestStack stack;
  stack.Start("intake");
  const v1::Case recent = RegisterReceived(stack, "earlier-11", "县财政预算", 30);
  const v1::Case old = RegisterReceived(stack, "earlier-12", "县财政预算", 366);
  Asked asked =
      FindEarlier(stack, TestStack::As("w1", "clerk"), "11010519491231002X", "县财政预算");
  ASSERT_TRUE(asked.status.ok()) << asked.status.error_message();
  std::vector<std::string> numbers;
  for (const v1::EarlierRequest& earlier : asked.response.requests()) {
    numbers.push_back(earlier.summary().case_number());
    EXPECT_EQ(earlier.similarity_percent(), 100);
  }
  // From the same day a year ago: 366 days back is before it, unless a 29 February lies between.
  const absl::CivilDay today = Today();
  const bool old_counts =
      Today() - 366 >= absl::CivilDay(today.year() - 1, today.month(), today.day());
  std::vector<std::string> expected = {recent.case_number()};
  if (old_counts) expected.push_back(old.case_number());
  EXPECT_EQ(numbers, expected);
}

TEST(IntakeEarlierRequests, OnlyTheWindowAsksAndBadInputNamesTheField) {
  TestStack stack;
  stack.Start("intake");
  for (const char* role : {"officer", "dispatcher", "manager", "admin"}) {
    const Asked asked =
        FindEarlier(stack, TestStack::As("u1", role, "czj"), "11010519491231002X", "县财政预算");
    EXPECT_EQ(asked.status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << role;
  }
  Asked asked = FindEarlier(stack, TestStack::As("w1", "clerk"), "110105194912310021", "预算");
  EXPECT_EQ(asked.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(asked.status.error_message(), "`id_number` "))
      << asked.status.error_message();
  EXPECT_FALSE(absl::StrContains(asked.status.error_message(), "110105194912310021"));
  asked = FindEarlier(stack, TestStack::As("w1", "clerk"), "11010519491231002X", "");
  EXPECT_EQ(asked.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(asked.status.error_message(), "`description` "))
      << asked.status.error_message();
}

v1::Case Get(TestStack& stack, const std::string& case_number) {
  v1::GetCaseRequest request;
  request.set_case_number(case_number);
  v1::Case found;
  const grpc::Status status =
      stack.intake().GetCase(TestStack::As("m1", "manager").get(), request, &found);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return found;
}

TEST(IntakeWorkingDaysLeft, GetCaseCountsThemWithTheServicesCalendar) {
  TestStack stack;
  stack.Start("intake");
  // Received today: the due date is the 20th working day after today, whatever today is.
  const v1::Case fresh = RegisterReceived(stack, "left-0001", "县财政预算", 0);
  v1::Case found = Get(stack, fresh.case_number());
  EXPECT_TRUE(found.working_days_left_known());
  EXPECT_EQ(found.working_days_left(), 20);
  // The count is never stored: the case as registered has none.
  EXPECT_FALSE(fresh.working_days_left_known());

  // Received 60 days ago: overdue by the working days since the due date, at least 1.
  const v1::Case late = RegisterReceived(stack, "left-0002", "县财政预算", 60);
  found = Get(stack, late.case_number());
  absl::StatusOr<int> since_due =
      CountWorkingDays(ShippedCalendar(), DayOf(late.deadline().due_date()), Today(), {});
  ASSERT_TRUE(since_due.ok());
  EXPECT_TRUE(found.working_days_left_known());
  EXPECT_EQ(found.working_days_left(), -std::max(1, *since_due));

  // Answered on the spot: closed, no count.
  v1::RegisterRequest spot = SampleRegistration("left-0003", "县政府2025年工作报告");
  spot.mutable_on_the_spot()->set_outcome(v1::OUTCOME_ALREADY_PUBLIC);
  spot.mutable_on_the_spot()->set_text("已在县政府网站“政府工作报告”栏目公开");
  const v1::Case closed = Register(stack, spot, "w1");
  found = Get(stack, closed.case_number());
  EXPECT_FALSE(found.working_days_left_known());
  EXPECT_EQ(found.working_days_left(), 0);
}

}  // namespace
}  // namespace gongkai::testing
