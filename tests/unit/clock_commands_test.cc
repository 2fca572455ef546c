#include "rules/clock_commands.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "office_days.h"
#include "staff.h"

namespace gongkai {
namespace {

v1::Actor Officer() { return StaffActor("czj-li", "officer", "czj"); }

v1::Actor Head() { return StaffActor("zhuren", "head"); }

v1::Case ReceivedOn(const char* received) { return CaseInDepartmentReceivedOn(received); }

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
  EXPECT_EQ(again.status().message(),
            "案件 2026-000042 已于 2026-10-09 要求申请人补正；补正应当一次性告知（条例第三十条），"
            "不能再次要求补正");
}

TEST(Supplement, MustBeAskedWithinSevenWorkingDaysOfReceipt) {
  const v1::Case received = ReceivedOn("2026-09-30");  // 7th working day after: 2026-10-15
  EXPECT_TRUE(RequestSupplement(received, ShippedCalendar(), "补正", "2026-10-30", Officer(),
                                TenInTheMorning("2026-10-15"))
                  .ok());
  auto late = RequestSupplement(received, ShippedCalendar(), "补正", "2026-10-30", Officer(),
                                TenInTheMorning("2026-10-16"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      late.status().message(),
      "要求补正须在收到申请之日起 7 个工作日内提出（条例第三十条），本案已于 2026-10-15 届满，"
      "不能再要求补正");
}

TEST(Supplement, NoSupplementInThePeriodClosesTheCase) {
  const WorkingCalendar calendar = ShippedCalendar();
  auto requested = RequestSupplement(ReceivedOn("2026-09-30"), calendar, "补正", "2026-10-20",
                                     Officer(), TenInTheMorning("2026-10-09"));
  ASSERT_TRUE(requested.ok());
  const absl::Status early =
      CloseUnsupplemented(requested->after, Officer(), TenInTheMorning("2026-10-20")).status();
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(early.message(), "申请人可补正至 2026-10-20，补正期限尚未届满，不能按逾期不补正结案");
  auto closed = CloseUnsupplemented(requested->after, Officer(), TenInTheMorning("2026-10-21"));
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->after.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(closed->after.clock(), v1::CLOCK_STATE_STOPPED);
  EXPECT_EQ(closed->after.draft().outcome(), v1::OUTCOME_OTHER_NO_SUPPLEMENT);
  EXPECT_EQ(closed->after.closed_on(), "2026-10-21");
  EXPECT_EQ(closed->after.reply_date(), "2026-10-21");  // the letter of 其他处理 is dated so
}

TEST(Supplement, AClockAwaitingAFeeIsNotRunning) {
  v1::Case waiting = ReceivedOn("2026-09-30");
  waiting.set_clock(v1::CLOCK_STATE_AWAITING_FEE);
  auto refused = RequestSupplement(waiting, ShippedCalendar(), "补正", "2026-10-20", Officer(),
                                   TenInTheMorning("2026-10-09"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      refused.status().message(),
      "案件 2026-000042 的答复期限现为“等待缴费（暂停计时）”，不能进行“要求补正”；此操作只能在"
      "答复期限正常计时时进行");
}

TEST(DeadlineInputOf, APaidOrWaivedFeePausesFromTheNoticeToTheSettlement) {
  // Received 2026-02-26: due 2026-03-25. The fee notice went out 03-02 and was paid 03-05: the
  // working days 03-03, 03-04 and 03-05 are not counted, so the reply is due three later.
  v1::Case c = ReceivedOn("2026-02-26");
  ASSERT_EQ(c.deadline().due_date(), "2026-03-25");
  c.mutable_fee()->set_issued_on("2026-03-02");
  const DeadlineInput unpaid = DeadlineInputOf(c);
  EXPECT_TRUE(unpaid.pauses.empty());  // still waiting: the clock stands, nothing to count yet

  c.mutable_fee()->set_paid_on("2026-03-05");
  const DeadlineInput paid = DeadlineInputOf(c);
  ASSERT_EQ(paid.pauses.size(), 1u);
  EXPECT_EQ(paid.pauses[0].from, absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(paid.pauses[0].to, absl::CivilDay(2026, 3, 5));
  auto deadline = ComputeDeadline(ShippedCalendar(), paid);
  ASSERT_TRUE(deadline.ok());
  EXPECT_EQ(deadline->due_date(), "2026-03-30");
  EXPECT_EQ(deadline->paused(0), "2026-03-02:2026-03-05");

  c.mutable_fee()->clear_paid_on();
  c.mutable_fee()->set_waived_on("2026-03-04");
  EXPECT_EQ(DeadlineInputOf(c).pauses[0].to, absl::CivilDay(2026, 3, 4));
}

TEST(DeadlineInputOf, AConsultationPausesAtMostToItsAnswerDueDay) {
  v1::Case c = ReceivedOn("2026-03-02");
  v1::Consultation& consultation = *c.add_consultations();
  consultation.set_sent_on("2026-03-10");
  consultation.set_answer_due("2026-04-02");
  consultation.set_ended_on("2026-04-20");  // a lapse noticed, or an answer come, late
  consultation.set_result("answered");
  c.add_consultations()->set_sent_on("2026-04-21");  // still open: not counted yet
  const DeadlineInput input = DeadlineInputOf(c);
  ASSERT_EQ(input.pauses.size(), 1u);
  EXPECT_EQ(input.pauses[0].from, absl::CivilDay(2026, 3, 10));
  EXPECT_EQ(input.pauses[0].to, absl::CivilDay(2026, 4, 2));
}

TEST(Extension, OnceByTheHeadBeforeTheDueDate) {
  const WorkingCalendar calendar = ShippedCalendar();
  const v1::Case received = ReceivedOn("2026-09-30");
  const absl::Status by_officer = GrantExtension(received, calendar, 20, "需调取历史档案",
                                                 Officer(), TenInTheMorning("2026-10-20"))
                                      .status();
  EXPECT_EQ(by_officer.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(by_officer.message(),
            "延长答复期限须经政府信息公开工作机构负责人同意，只有主任可以批准延期");
  EXPECT_EQ(GrantExtension(received, calendar, 21, "需调取历史档案", Head(),
                           TenInTheMorning("2026-10-20"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  const absl::Status too_late = GrantExtension(received, calendar, 20, "需调取历史档案", Head(),
                                               TenInTheMorning("2026-11-04"))
                                    .status();
  EXPECT_EQ(too_late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(too_late.message(), "答复期限 2026-11-03 已过，不能再延期；延期须在答复期限届满前批准");
  auto extended = GrantExtension(received, calendar, 20, "需调取历史档案", Head(),
                                 TenInTheMorning("2026-11-03"));
  ASSERT_TRUE(extended.ok()) << extended.status();
  EXPECT_EQ(extended->after.deadline().due_date(), "2026-12-01");
  EXPECT_EQ(extended->after.extension().approver(), "zhuren");
  EXPECT_EQ(extended->after.extension().reason(), "需调取历史档案");
  auto twice =
      GrantExtension(extended->after, calendar, 5, "再延", Head(), TenInTheMorning("2026-11-10"));
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(twice.status().message(),
            "案件 2026-000042 已于 2026-11-03 延期答复，答复期限只能延长一次");
}

TEST(Extension, NotAfterAnArt35LaterReplyDate) {
  v1::Case c = ReceivedOn("2026-09-30");
  c.mutable_excessive()->set_later_reply_date("2026-12-30");
  auto refused = GrantExtension(c, ShippedCalendar(), 20, "需调取历史档案", Head(),
                                TenInTheMorning("2026-10-20"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "案件 2026-000042 已依第三十五条确定延后答复日期 2026-12-30，该日期取代法定答复期限，"
            "不得再延期");
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
