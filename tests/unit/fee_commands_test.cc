#include "rules/fee_commands.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "calendar/deadline.h"
#include "office_days.h"
#include "staff.h"

namespace gongkai {
namespace {

v1::Actor Officer() { return StaffActor("czj-li", "officer", "czj"); }

v1::Actor Clerk() { return StaffActor("wang-clerk", "clerk"); }

v1::Actor Head() { return StaffActor("zhuren", "head"); }

v1::Case ReceivedOn(const char* received) { return CaseInDepartmentReceivedOn(received); }

std::vector<std::string> Breakdown(const v1::Fee& fee) {
  return {fee.breakdown().begin(), fee.breakdown().end()};
}

// Received 2026-09-30 (due 2026-11-03); a notice for the applicant's 35th request of the month
// sent on Friday 2026-10-09.
v1::Case AwaitingFee() {
  const v1::Case received = ReceivedOn("2026-09-30");
  EXPECT_EQ(received.deadline().due_date(), "2026-11-03");
  auto issued = IssueFeeNotice(received, v1::FEE_BASIS_PER_REQUEST, 0, 35, Officer(),
                               TenInTheMorning("2026-10-09"));
  EXPECT_TRUE(issued.ok()) << issued.status();
  return issued->after;
}

// ... and received by the applicant the same day: the last day to pay is 2026-11-05.
v1::Case NoticeReceived() {
  auto received = RecordFeeNoticeReceipt(AwaitingFee(), ShippedCalendar(), "2026-10-09", Clerk(),
                                         TenInTheMorning("2026-10-12"));
  EXPECT_TRUE(received.ok()) << received.status();
  return received->after;
}

TEST(IssueFeeNotice, PerRequestChargesTheRateOfThePlaceInTheMonth) {
  auto issued = IssueFeeNotice(ReceivedOn("2026-09-30"), v1::FEE_BASIS_PER_REQUEST, 0, 35,
                               Officer(), TenInTheMorning("2026-10-09"));
  ASSERT_TRUE(issued.ok()) << issued.status();
  const v1::Fee& fee = issued->after.fee();
  EXPECT_EQ(fee.basis(), v1::FEE_BASIS_PER_REQUEST);
  EXPECT_EQ(fee.requests_in_month(), 35);
  EXPECT_EQ(fee.pages(), 0);
  EXPECT_EQ(fee.amount_yuan(), 200);
  EXPECT_EQ(Breakdown(fee),
            (std::vector<std::string>{"第31—40件：200元/件，本件为当月第35件，200元"}));
  EXPECT_EQ(fee.issued_on(), "2026-10-09");
  EXPECT_EQ(fee.issued_by(), "czj-li");
  EXPECT_EQ(issued->after.clock(), v1::CLOCK_STATE_AWAITING_FEE);
  EXPECT_EQ(issued->after.state(), v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(issued->after.version(), 4);
  // The due date moves only once the fee is settled and the pause is known.
  EXPECT_EQ(issued->after.deadline().due_date(), "2026-11-03");
  EXPECT_EQ(issued->event.command(), "IssueFeeNotice");
  EXPECT_EQ(issued->event.details().at("basis"), "FEE_BASIS_PER_REQUEST");
  EXPECT_EQ(issued->event.details().at("amount_yuan"), "200");
  EXPECT_EQ(issued->event.details().at("requests_in_month"), "35");
}

TEST(IssueFeeNotice, PerVolumeChargesEachBandOfPages) {
  auto issued = IssueFeeNotice(ReceivedOn("2026-09-30"), v1::FEE_BASIS_PER_VOLUME, 250, 3,
                               Officer(), TenInTheMorning("2026-10-09"));
  ASSERT_TRUE(issued.ok()) << issued.status();
  const v1::Fee& fee = issued->after.fee();
  EXPECT_EQ(fee.basis(), v1::FEE_BASIS_PER_VOLUME);
  EXPECT_EQ(fee.pages(), 250);
  EXPECT_EQ(fee.requests_in_month(), 0);  // one basis: the month's place plays no part
  EXPECT_EQ(fee.amount_yuan(), 4700);
  EXPECT_EQ(Breakdown(fee),
            (std::vector<std::string>{
                "第1—30页：不收费（30页）", "第31—100页：10元/页 × 70页 = 700元",
                "第101—200页：20元/页 × 100页 = 2000元", "第201页起：40元/页 × 50页 = 2000元"}));
  EXPECT_EQ(issued->event.details().at("basis"), "FEE_BASIS_PER_VOLUME");
  EXPECT_EQ(issued->event.details().at("amount_yuan"), "4700");
  EXPECT_EQ(issued->event.details().at("pages"), "250");
}

TEST(IssueFeeNotice, RejectsBadInput) {
  const v1::Case received = ReceivedOn("2026-09-30");
  const absl::Time now = TenInTheMorning("2026-10-09");
  EXPECT_EQ(
      IssueFeeNotice(received, v1::FEE_BASIS_UNSPECIFIED, 0, 35, Officer(), now).status().code(),
      absl::StatusCode::kInvalidArgument);
  auto both = IssueFeeNotice(received, v1::FEE_BASIS_PER_REQUEST, 40, 35, Officer(), now);
  EXPECT_EQ(both.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(both.status().message(), "`pages` 按件计收时须为 0：每件申请只按一种标准计收");
  auto no_place = IssueFeeNotice(received, v1::FEE_BASIS_PER_REQUEST, 0, 0, Officer(), now);
  EXPECT_EQ(no_place.status().message(), "`requests_in_month` 须在 1 至 10000 之间");
  auto no_pages = IssueFeeNotice(received, v1::FEE_BASIS_PER_VOLUME, 0, 35, Officer(), now);
  EXPECT_EQ(no_pages.status().message(), "`pages` 须在 1 至 100000 之间");
}

TEST(IssueFeeNotice, NothingToChargeIsNoNotice) {
  const v1::Case received = ReceivedOn("2026-09-30");
  const absl::Time now = TenInTheMorning("2026-10-09");
  auto tenth = IssueFeeNotice(received, v1::FEE_BASIS_PER_REQUEST, 0, 10, Officer(), now);
  EXPECT_EQ(tenth.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tenth.status().message(), "按此标准本件申请不收费（0元），无需发出收费通知");
  auto thirty_pages = IssueFeeNotice(received, v1::FEE_BASIS_PER_VOLUME, 30, 40, Officer(), now);
  EXPECT_EQ(thirty_pages.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(IssueFeeNotice(received, v1::FEE_BASIS_PER_VOLUME, 31, 40, Officer(), now).ok());
}

TEST(IssueFeeNotice, OnceWithinTheReplyPeriodWhileTheClockRuns) {
  const v1::Case received = ReceivedOn("2026-09-30");
  auto twice = IssueFeeNotice(AwaitingFee(), v1::FEE_BASIS_PER_VOLUME, 100, 35, Officer(),
                              TenInTheMorning("2026-10-12"));
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(twice.status().message(),
            "案件 2026-000042 已于 2026-10-09 发出收费通知，每件申请只收费一次");

  v1::Case consulting = received;
  consulting.set_clock(v1::CLOCK_STATE_CONSULTING);
  auto paused = IssueFeeNotice(consulting, v1::FEE_BASIS_PER_REQUEST, 0, 35, Officer(),
                               TenInTheMorning("2026-10-09"));
  EXPECT_EQ(paused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      paused.status().message(),
      "案件 2026-000042 的答复期限现为“征求意见中（暂停计时）”，不能发出收费通知；收费通知只能"
      "在答复期限正常计时时发出");

  EXPECT_TRUE(IssueFeeNotice(received, v1::FEE_BASIS_PER_REQUEST, 0, 35, Officer(),
                             TenInTheMorning("2026-11-03"))
                  .ok());  // the due date itself
  auto late = IssueFeeNotice(received, v1::FEE_BASIS_PER_REQUEST, 0, 35, Officer(),
                             TenInTheMorning("2026-11-04"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.status().message(), "收费通知须在答复期限内发出，答复期限已于 2026-11-03 届满");
}

TEST(FeeNoticeReceipt, TwentyWorkingDaysFromTheDayAfter) {
  // Received on Friday 2026-10-09: the make-up Saturday 2026-10-10 is the first working day.
  auto received = RecordFeeNoticeReceipt(AwaitingFee(), ShippedCalendar(), "2026-10-09", Clerk(),
                                         TenInTheMorning("2026-10-12"));
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_EQ(received->after.fee().received_on(), "2026-10-09");
  EXPECT_EQ(received->after.fee().pay_by(), "2026-11-05");
  EXPECT_EQ(received->after.clock(), v1::CLOCK_STATE_AWAITING_FEE);
  EXPECT_EQ(received->event.details().at("pay_by"), "2026-11-05");

  auto twice = RecordFeeNoticeReceipt(received->after, ShippedCalendar(), "2026-10-12", Clerk(),
                                      TenInTheMorning("2026-10-12"));
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(twice.status().message(), "已记录申请人于 2026-10-09 收到收费通知");
}

TEST(FeeNoticeReceipt, AcrossTheSpringFestival) {
  // Received on Friday 2026-01-30: the 20 working days pass the make-up days 02-14 and 02-28
  // and the holiday 02-15..02-23.
  const v1::Case received = ReceivedOn("2026-01-26");
  auto issued = IssueFeeNotice(received, v1::FEE_BASIS_PER_VOLUME, 120, 1, Officer(),
                               TenInTheMorning("2026-01-29"));
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(issued->after.fee().amount_yuan(), 1100);  // 700 + 20 × 20
  auto receipt = RecordFeeNoticeReceipt(issued->after, ShippedCalendar(), "2026-01-30", Clerk(),
                                        TenInTheMorning("2026-02-02"));
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  EXPECT_EQ(receipt->after.fee().pay_by(), "2026-03-05");
}

TEST(FeeNoticeReceipt, RejectsImpossibleDates) {
  const v1::Case awaiting = AwaitingFee();
  const absl::Time now = TenInTheMorning("2026-10-12");
  auto before = RecordFeeNoticeReceipt(awaiting, ShippedCalendar(), "2026-10-08", Clerk(), now);
  EXPECT_EQ(before.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(before.status().message(), "`received_on` 不能早于收费通知发出之日 2026-10-09");
  auto future = RecordFeeNoticeReceipt(awaiting, ShippedCalendar(), "2026-10-13", Clerk(), now);
  EXPECT_EQ(future.status().message(), "`received_on` 不能晚于今天");
  auto garbled = RecordFeeNoticeReceipt(awaiting, ShippedCalendar(), "2026-10-1", Clerk(), now);
  EXPECT_EQ(garbled.status().message(), "`received_on` 须为 YYYY-MM-DD 格式的日期");
  auto no_fee = RecordFeeNoticeReceipt(ReceivedOn("2026-09-30"), ShippedCalendar(), "2026-10-09",
                                       Clerk(), now);
  EXPECT_EQ(no_fee.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(no_fee.status().message(), "案件 2026-000042 没有待缴的信息处理费");
}

TEST(FeePayment, TheDaysWaitedAreNotCounted) {
  // Sent 2026-10-09, paid 2026-10-16: the working days in (10-09, 10-16] are 10-10 (make-up
  // Saturday), 10-12, 10-13, 10-14, 10-15 and 10-16, so the due date 2026-11-03 moves 6
  // working days, to 2026-11-11.
  auto paid = RecordFeePayment(NoticeReceived(), ShippedCalendar(), "2026-10-16", "川财缴2026-0815",
                               Clerk(), TenInTheMorning("2026-10-16"));
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->after.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(paid->after.fee().paid_on(), "2026-10-16");
  EXPECT_EQ(paid->after.fee().payment_reference(), "川财缴2026-0815");
  EXPECT_EQ(paid->after.fee().settled_by(), "wang-clerk");
  EXPECT_EQ(paid->event.details().at("paused"), "2026-10-09:2026-10-16");
  EXPECT_EQ(paid->after.deadline().due_date(), "2026-11-11");
  EXPECT_EQ(paid->event.details().at("due_date"), "2026-11-11");
}

TEST(FeePayment, MayComeBeforeTheReceiptIsRecorded) {
  auto paid = RecordFeePayment(AwaitingFee(), ShippedCalendar(), "2026-10-09", "0001", Clerk(),
                               TenInTheMorning("2026-10-09"));
  ASSERT_TRUE(paid.ok()) << paid.status();
  EXPECT_EQ(paid->after.deadline().due_date(), "2026-11-03");  // (10-09, 10-09] is empty
}

TEST(FeePayment, NeedsAReferenceAndTheOpenPeriod) {
  const v1::Case received = NoticeReceived();
  auto no_reference = RecordFeePayment(received, ShippedCalendar(), "2026-10-16", "", Clerk(),
                                       TenInTheMorning("2026-10-16"));
  EXPECT_EQ(no_reference.status().code(), absl::StatusCode::kInvalidArgument);
  auto too_long = RecordFeePayment(received, ShippedCalendar(), "2026-10-16", std::string(101, '7'),
                                   Clerk(), TenInTheMorning("2026-10-16"));
  EXPECT_EQ(too_long.status().code(), absl::StatusCode::kInvalidArgument);

  EXPECT_TRUE(RecordFeePayment(received, ShippedCalendar(), "2026-11-05", "0815", Clerk(),
                               TenInTheMorning("2026-11-06"))
                  .ok());  // the last day to pay
  auto late = RecordFeePayment(received, ShippedCalendar(), "2026-11-06", "0815", Clerk(),
                               TenInTheMorning("2026-11-06"));
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(late.status().message(),
            "缴费期限已于 2026-11-05 届满，申请视为放弃，应按“逾期未缴费结案”办理");

  auto before = RecordFeePayment(received, ShippedCalendar(), "2026-10-08", "0815", Clerk(),
                                 TenInTheMorning("2026-10-16"));
  EXPECT_EQ(before.status().message(), "`paid_on` 不能早于收费通知发出之日 2026-10-09");
}

TEST(WaiveFee, ByTheHeadTheClockRunsAgain) {
  const v1::Case received = NoticeReceived();
  auto officer = WaiveFee(received, ShippedCalendar(), "申请人生活困难", Officer(),
                          TenInTheMorning("2026-10-14"));
  EXPECT_EQ(officer.status().code(), absl::StatusCode::kPermissionDenied);
  auto no_reason = WaiveFee(received, ShippedCalendar(), "", Head(), TenInTheMorning("2026-10-14"));
  EXPECT_EQ(no_reason.status().code(), absl::StatusCode::kInvalidArgument);

  // (10-09, 10-14] holds 4 working days: 2026-11-03 becomes 2026-11-09.
  auto waived = WaiveFee(received, ShippedCalendar(), "申请人生活困难", Head(),
                         TenInTheMorning("2026-10-14"));
  ASSERT_TRUE(waived.ok()) << waived.status();
  EXPECT_EQ(waived->after.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(waived->after.fee().waived_on(), "2026-10-14");
  EXPECT_EQ(waived->after.fee().waive_reason(), "申请人生活困难");
  EXPECT_EQ(waived->after.fee().settled_by(), "zhuren");
  EXPECT_EQ(waived->event.details().at("paused"), "2026-10-09:2026-10-14");
  EXPECT_EQ(waived->after.deadline().due_date(), "2026-11-09");

  auto settled =
      WaiveFee(waived->after, ShippedCalendar(), "再次减免", Head(), TenInTheMorning("2026-10-15"));
  EXPECT_EQ(settled.status().code(), absl::StatusCode::kFailedPrecondition);

  auto lapsed = WaiveFee(received, ShippedCalendar(), "申请人生活困难", Head(),
                         TenInTheMorning("2026-11-06"));
  EXPECT_EQ(lapsed.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CloseFeeUnpaid, OnlyAfterTheLastDayToPay) {
  auto unknown = CloseFeeUnpaid(AwaitingFee(), Officer(), TenInTheMorning("2026-12-01"));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(unknown.status().message(),
            "尚未登记申请人收到收费通知的日期，缴费期限尚未确定；请先登记“申请人收到收费通知”");

  const v1::Case received = NoticeReceived();
  auto early = CloseFeeUnpaid(received, Officer(), TenInTheMorning("2026-11-05"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(early.status().message(), "申请人可缴费至 2026-11-05，缴费期限尚未届满");

  auto closed = CloseFeeUnpaid(received, Officer(), TenInTheMorning("2026-11-06"));
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->after.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(closed->after.clock(), v1::CLOCK_STATE_STOPPED);
  EXPECT_EQ(closed->after.draft().outcome(), v1::OUTCOME_OTHER_FEE_UNPAID);
  EXPECT_EQ(closed->after.draft().grounds(),
            "申请人未在2026-11-05前缴纳信息处理费，视为放弃申请（《政府信息公开信息处理费管理办法》"
            "，国办函〔2020〕109号）");
  EXPECT_EQ(closed->after.fee().lapsed_on(), "2026-11-06");
  EXPECT_EQ(closed->after.closed_on(), "2026-11-06");
  EXPECT_EQ(closed->after.reply_date(), "2026-11-06");
  EXPECT_EQ(closed->event.details().at("outcome"), "OUTCOME_OTHER_FEE_UNPAID");

  auto paid = RecordFeePayment(received, ShippedCalendar(), "2026-10-20", "0815", Clerk(),
                               TenInTheMorning("2026-10-20"));
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(CloseFeeUnpaid(paid->after, Officer(), TenInTheMorning("2026-11-20")).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace gongkai
