#include "rules/excessive_requests.h"

#include <gtest/gtest.h>

#include <string>

#include "calendar/deadline.h"
#include "office_days.h"
#include "rules/clock_commands.h"
#include "staff.h"

namespace gongkai {
namespace {

v1::Actor Officer() { return StaffActor("czj-li", "officer", "czj"); }

v1::Actor Clerk() { return StaffActor("chuangkou-wang", "clerk"); }

v1::Actor Head() { return StaffActor("zhuren", "head"); }

// A case in the department, received (in person) on 2026-03-02: due 2026-03-30.
v1::Case Received() {
  v1::Case c;
  c.set_case_number("2026-000042");
  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.set_version(3);
  c.set_department("czj");
  c.mutable_request()->set_received_date("2026-03-02");
  c.mutable_request()->set_channel(v1::CHANNEL_IN_PERSON);
  c.set_clock(v1::CLOCK_STATE_RUNNING);
  *c.mutable_deadline() = *InitialDeadline(ShippedCalendar(), c.request());
  return c;
}

constexpr char kQuestions[] = "请说明本月提出的三十五件申请的用途";

// Reasons asked on 03-05 and answered on 03-10.
v1::Case Answered() {
  auto asked =
      AskForReasons(Received(), kQuestions, "2026-03-13", Officer(), TenInTheMorning("2026-03-05"));
  EXPECT_TRUE(asked.ok()) << asked.status();
  auto answered = RecordReasons(asked->after, "2026-03-10", "为撰写地方志收集资料", Clerk(),
                                TenInTheMorning("2026-03-10"));
  EXPECT_TRUE(answered.ok()) << answered.status();
  return answered->after;
}

TEST(AskForReasons, OnceAndTheClockKeepsRunning) {
  const v1::Case c = Received();
  ASSERT_EQ(c.deadline().due_date(), "2026-03-30");
  auto asked = AskForReasons(c, kQuestions, "2026-03-13", Officer(), TenInTheMorning("2026-03-05"));
  ASSERT_TRUE(asked.ok()) << asked.status();
  EXPECT_EQ(asked->after.excessive().asked_on(), "2026-03-05");
  EXPECT_EQ(asked->after.excessive().asked_by(), "czj-li");
  EXPECT_EQ(asked->after.excessive().questions(), kQuestions);
  EXPECT_EQ(asked->after.excessive().reply_by(), "2026-03-13");
  EXPECT_EQ(asked->after.clock(), v1::CLOCK_STATE_RUNNING);  // Art. 35 does not stop it
  EXPECT_EQ(asked->after.deadline().due_date(), "2026-03-30");
  EXPECT_EQ(asked->after.state(), v1::CASE_STATE_IN_DEPARTMENT);

  EXPECT_EQ(AskForReasons(asked->after, kQuestions, "2026-03-20", Officer(),
                          TenInTheMorning("2026-03-06"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto today = AskForReasons(c, kQuestions, "2026-03-05", Officer(), TenInTheMorning("2026-03-05"));
  EXPECT_EQ(today.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(today.status().message(), "`reply_by` 须晚于今天");
  EXPECT_EQ(
      AskForReasons(c, "", "2026-03-13", Officer(), TenInTheMorning("2026-03-05")).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AskForReasons(c, std::string(kMaxQuestionsChars + 1, 'x'), "2026-03-13", Officer(),
                          TenInTheMorning("2026-03-05"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RecordReasons, AfterAskingBetweenTheAskingAndToday) {
  EXPECT_EQ(RecordReasons(Received(), "2026-03-10", "理由", Clerk(), TenInTheMorning("2026-03-10"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto asked =
      AskForReasons(Received(), kQuestions, "2026-03-13", Officer(), TenInTheMorning("2026-03-05"));
  ASSERT_TRUE(asked.ok());
  auto early =
      RecordReasons(asked->after, "2026-03-04", "理由", Clerk(), TenInTheMorning("2026-03-10"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(early.status().message(), "`answered_on` 早于要求说明理由之日");
  EXPECT_EQ(
      RecordReasons(asked->after, "2026-03-11", "理由", Clerk(), TenInTheMorning("2026-03-10"))
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);  // in the future

  auto late = RecordReasons(asked->after, "2026-03-16", "为撰写地方志", Clerk(),
                            TenInTheMorning("2026-03-16"));
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_EQ(late->after.excessive().answered_on(), "2026-03-16");
  EXPECT_EQ(late->after.excessive().answer(), "为撰写地方志");
  EXPECT_EQ(late->event.details().at("late"), "true");  // after reply_by 03-13
  EXPECT_EQ(RecordReasons(late->after, "2026-03-16", "再答", Clerk(), TenInTheMorning("2026-03-16"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(SetLaterReplyDate, TheHeadSetsItOnceAndItBecomesTheDueDate) {
  const v1::Case c = Answered();
  auto officer = SetLaterReplyDate(c, ShippedCalendar(), "2026-05-29", "需逐件调阅档案", Officer(),
                                   TenInTheMorning("2026-03-20"));
  EXPECT_EQ(officer.status().code(), absl::StatusCode::kPermissionDenied);

  auto set = SetLaterReplyDate(c, ShippedCalendar(), "2026-05-29", "需逐件调阅档案", Head(),
                               TenInTheMorning("2026-03-20"));
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->after.deadline().due_date(), "2026-05-29");
  EXPECT_EQ(set->after.deadline().later_reply_date(), "2026-05-29");
  EXPECT_EQ(set->after.deadline().explanation(set->after.deadline().explanation_size() - 1),
            "due 2026-05-29 (Friday), the later reply date (Art. 35)");
  EXPECT_EQ(set->after.excessive().later_reply_date(), "2026-05-29");
  EXPECT_EQ(set->after.excessive().decided_on(), "2026-03-20");
  EXPECT_EQ(set->after.excessive().decided_by(), "zhuren");
  EXPECT_EQ(set->after.excessive().decision_reasons(), "需逐件调阅档案");
  EXPECT_EQ(set->event.details().at("due_date"), "2026-05-29");
  EXPECT_EQ(set->after.clock(), v1::CLOCK_STATE_RUNNING);

  // Once; and the ordinary extension no longer applies.
  EXPECT_EQ(SetLaterReplyDate(set->after, ShippedCalendar(), "2026-06-30", "再延", Head(),
                              TenInTheMorning("2026-03-23"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GrantExtension(set->after, ShippedCalendar(), 20, "需调档", Head(),
                           TenInTheMorning("2026-03-23"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);

  // The recount keeps the date: a calendar re-computation leaves it the due date.
  auto recounted =
      RecomputeDeadline(set->after, ShippedCalendar(), v1::Actor(), TenInTheMorning("2026-03-24"));
  ASSERT_TRUE(recounted.ok());
  EXPECT_EQ(recounted->after.deadline().due_date(), "2026-05-29");
}

TEST(SetLaterReplyDate, NeedsTheReasonsAndABoundedDateAfterTheDueDate) {
  auto unasked = SetLaterReplyDate(Received(), ShippedCalendar(), "2026-05-29", "理由", Head(),
                                   TenInTheMorning("2026-03-20"));
  EXPECT_EQ(unasked.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      unasked.status().message(),
      "案件 2026-000042 须先要求申请人说明理由并登记其答复，方可确定延后答复日期（第三十五条）");

  const v1::Case c = Answered();
  auto not_later = SetLaterReplyDate(c, ShippedCalendar(), "2026-03-30", "理由", Head(),
                                     TenInTheMorning("2026-03-20"));
  EXPECT_EQ(not_later.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(not_later.status().message(), "`later_reply_date` 须晚于现行答复期限 2026-03-30");

  // The 100th working day after 2026-03-02 is 2026-07-24.
  EXPECT_TRUE(SetLaterReplyDate(c, ShippedCalendar(), "2026-07-24", "理由", Head(),
                                TenInTheMorning("2026-03-20"))
                  .ok());
  auto too_far = SetLaterReplyDate(c, ShippedCalendar(), "2026-07-27", "理由", Head(),
                                   TenInTheMorning("2026-03-20"));
  EXPECT_EQ(too_far.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(too_far.status().message(),
            "`later_reply_date` 不得晚于起算日后第 100 个工作日（2026-07-24）");

  EXPECT_EQ(SetLaterReplyDate(c, ShippedCalendar(), "2026-5-29", "理由", Head(),
                              TenInTheMorning("2026-03-20"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SetLaterReplyDate(c, ShippedCalendar(), "2026-05-29", "", Head(),
                              TenInTheMorning("2026-03-20"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);

  // Within the period, while the clock runs.
  auto overdue = SetLaterReplyDate(c, ShippedCalendar(), "2026-05-29", "理由", Head(),
                                   TenInTheMorning("2026-03-31"));
  EXPECT_EQ(overdue.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(overdue.status().message(), "答复期限 2026-03-30 已过，须在期限届满前确定延后答复日期");
  v1::Case paused = c;
  paused.set_clock(v1::CLOCK_STATE_CONSULTING);
  EXPECT_EQ(SetLaterReplyDate(paused, ShippedCalendar(), "2026-05-29", "理由", Head(),
                              TenInTheMorning("2026-03-20"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace gongkai
