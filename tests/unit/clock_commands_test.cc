#include "rules/clock_commands.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "office_days.h"
#include "staff.h"

namespace gongkai {
namespace {

v1::Actor Officer() { return StaffActor("czj-li", "officer", "czj"); }

v1::Actor Head() { return StaffActor("zhuren", "head"); }

// A case in the department, received (in person) on `received`.
v1::Case ReceivedOn(const char* received) {
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

TEST(Supplement, StopsTheClockAndRestartsTheTwentyDays) {
  const WorkingCalendar calendar = ShippedCalendar();
  const v1::Case received = ReceivedOn("2026-09-30");
  ASSERT_EQ(received.deadline().due_date(), "2026-11-03");
  auto requested = RequestSupplement(received, calendar, "请写明所需文件的名称或文号", "2026-10-20",
                                     Officer(), TenInTheMorning("2026-10-09"));
  ASSERT_TRUE(requested.ok()) << requested.status();
  EXPECT_EQ(requested->after.clock(), v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
  EXPECT_EQ(requested->after.state(), v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(requested->after.supplement().requested_on(), "2026-10-09");

  auto supplemented = ReceiveSupplement(requested->after, calendar, "2026-10-12", Officer(),
                                        TenInTheMorning("2026-10-12"));
  ASSERT_TRUE(supplemented.ok()) << supplemented.status();
  EXPECT_EQ(supplemented->after.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(supplemented->after.deadline().clock_start(), "2026-10-12");
  EXPECT_EQ(supplemented->after.deadline().due_date(), "2026-11-09");
  EXPECT_EQ(supplemented->event.details().at("due_date"), "2026-11-09");

  // Once only, all at once.
  auto again = RequestSupplement(supplemented->after, calendar, "再补", "2026-10-30", Officer(),
                                 TenInTheMorning("2026-10-13"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Supplement, MustBeAskedWithinSevenWorkingDaysOfReceipt) {
  const v1::Case received = ReceivedOn("2026-09-30");  // 7th working day after: 2026-10-15
  EXPECT_TRUE(RequestSupplement(received, ShippedCalendar(), "补正", "2026-10-30", Officer(),
                                TenInTheMorning("2026-10-15"))
                  .ok());
  auto late = RequestSupplement(received, ShippedCalendar(), "补正", "2026-10-30", Officer(),
                                TenInTheMorning("2026-10-16"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.status().message(),
            "a supplement must be requested within 7 working days of receipt, by 2026-10-15 "
            "(Art. 30)");
}

TEST(Supplement, NoSupplementInThePeriodClosesTheCase) {
  const WorkingCalendar calendar = ShippedCalendar();
  auto requested = RequestSupplement(ReceivedOn("2026-09-30"), calendar, "补正", "2026-10-20",
                                     Officer(), TenInTheMorning("2026-10-09"));
  ASSERT_TRUE(requested.ok());
  EXPECT_EQ(CloseUnsupplemented(requested->after, Officer(), TenInTheMorning("2026-10-20"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto closed = CloseUnsupplemented(requested->after, Officer(), TenInTheMorning("2026-10-21"));
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->after.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(closed->after.clock(), v1::CLOCK_STATE_STOPPED);
  EXPECT_EQ(closed->after.draft().outcome(), v1::OUTCOME_OTHER_NO_SUPPLEMENT);
  EXPECT_EQ(closed->after.closed_on(), "2026-10-21");
  EXPECT_EQ(closed->after.reply_date(), "2026-10-21");  // the letter of 其他处理 is dated so
}

TEST(Consultation, PausesTheClockAndTracksTheFifteenDays) {
  const WorkingCalendar calendar = ShippedCalendar();
  const v1::Case received = ReceivedOn("2026-03-02");
  auto started =
      StartConsultation(received, calendar, v1::CONSULTED_PARTY_THIRD_PARTY, "某建材公司",
                        "2026-03-10", Officer(), TenInTheMorning("2026-03-10"));
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_EQ(started->after.clock(), v1::CLOCK_STATE_CONSULTING);
  EXPECT_EQ(started->after.consultations(0).answer_due(), "2026-03-31");

  // Silence lapses only after the fifteen working days.
  EXPECT_EQ(EndConsultation(started->after, calendar, "2026-03-31", "lapsed", Officer(),
                            TenInTheMorning("2026-03-31"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto answered = EndConsultation(started->after, calendar, "2026-03-20", "answered", Officer(),
                                  TenInTheMorning("2026-03-20"));
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(answered->after.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(answered->after.deadline().due_date(), "2026-04-13");
  EXPECT_EQ(answered->after.deadline().paused(0), "2026-03-10:2026-03-20");
  EXPECT_EQ(answered->event.details().at("paused"), "2026-03-10:2026-03-20");

  auto lapsed = EndConsultation(started->after, calendar, "2026-04-01", "lapsed", Officer(),
                                TenInTheMorning("2026-04-01"));
  EXPECT_TRUE(lapsed.ok()) << lapsed.status();
}

TEST(Extension, OnceByTheHeadBeforeTheDueDate) {
  const WorkingCalendar calendar = ShippedCalendar();
  const v1::Case received = ReceivedOn("2026-09-30");
  EXPECT_EQ(GrantExtension(received, calendar, 20, "需调取历史档案", Officer(),
                           TenInTheMorning("2026-10-20"))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(GrantExtension(received, calendar, 21, "需调取历史档案", Head(),
                           TenInTheMorning("2026-10-20"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GrantExtension(received, calendar, 20, "需调取历史档案", Head(),
                           TenInTheMorning("2026-11-04"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);  // after the due date 2026-11-03
  auto extended = GrantExtension(received, calendar, 20, "需调取历史档案", Head(),
                                 TenInTheMorning("2026-11-03"));
  ASSERT_TRUE(extended.ok()) << extended.status();
  EXPECT_EQ(extended->after.deadline().due_date(), "2026-12-01");
  EXPECT_EQ(extended->after.extension().approver(), "zhuren");
  EXPECT_EQ(extended->after.extension().reason(), "需调取历史档案");
  auto twice =
      GrantExtension(extended->after, calendar, 5, "再延", Head(), TenInTheMorning("2026-11-10"));
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(RecomputeDeadline, FollowsACorrectedCalendar) {
  WorkingCalendar calendar = ShippedCalendar();
  const v1::Case received = ReceivedOn("2026-09-30");
  calendar.AddLocalDaysOff(*WorkingCalendar::ParseYear("year 2026\noff 10-20\n"));
  auto recomputed =
      RecomputeDeadline(received, calendar, v1::Actor(), TenInTheMorning("2026-10-09"));
  ASSERT_TRUE(recomputed.ok());
  EXPECT_EQ(recomputed->after.deadline().due_date(), "2026-11-04");
  EXPECT_EQ(recomputed->event.details().at("previous_due_date"), "2026-11-03");
  EXPECT_EQ(recomputed->after.state(), v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(recomputed->after.version(), 4);
}

}  // namespace
}  // namespace gongkai
