#include "rules/consultation_commands.h"

#include <gtest/gtest.h>

#include "base/clock.h"
#include "calendar/deadline.h"
#include "office_days.h"
#include "rules/consultation_checks.h"
#include "staff.h"

namespace gongkai {
namespace {

v1::Actor Officer() { return StaffActor("czj-li", "officer", "czj"); }

v1::Actor Clerk() { return StaffActor("chuangkou-wang", "clerk"); }

v1::Case ReceivedOn(const char* received) { return CaseInDepartmentReceivedOn(received); }

// `c` with a consultation of `party` sent on `day` (that day at ten).
v1::Case Consulting(const v1::Case& c, const char* day, const char* party = "某建材公司",
                    v1::ConsultedParty type = v1::CONSULTED_PARTY_THIRD_PARTY) {
  auto started =
      StartConsultation(c, ShippedCalendar(), type, party, day, Officer(), TenInTheMorning(day));
  EXPECT_TRUE(started.ok()) << started.status();
  return started.ok() ? started->after : c;
}

v1::Case Ended(const v1::Case& c, std::optional<int> index, const char* day, const char* result) {
  auto ended =
      EndConsultation(c, ShippedCalendar(), index, day, result, Officer(), TenInTheMorning(day));
  EXPECT_TRUE(ended.ok()) << ended.status();
  return ended.ok() ? ended->after : c;
}

TEST(Consultation, SentAndAnsweredTheSameDayRemovesNoWorkingDay) {
  // Issue 13: received 2026-02-26 in person, consulted and answered 2026-03-02 → due 2026-03-25.
  const v1::Case received = ReceivedOn("2026-02-26");
  ASSERT_EQ(received.deadline().due_date(), "2026-03-25");
  const v1::Case consulting = Consulting(received, "2026-03-02");
  EXPECT_EQ(consulting.clock(), v1::CLOCK_STATE_CONSULTING);
  auto answered = EndConsultation(consulting, ShippedCalendar(), std::nullopt, "2026-03-02",
                                  "answered", Officer(), TenInTheMorning("2026-03-02"));
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(answered->after.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(answered->after.deadline().due_date(), "2026-03-25");
  EXPECT_EQ(answered->after.deadline().paused(0), "2026-03-02:2026-03-02");
  EXPECT_EQ(answered->event.details().at("paused"), "2026-03-02:2026-03-02");
  EXPECT_EQ(answered->event.details().at("due_date"), "2026-03-25");
}

TEST(Consultation, TheAnswerIsDueFifteenWorkingDaysAfterTheReceipt) {
  const v1::Case consulting = Consulting(ReceivedOn("2026-03-02"), "2026-03-10");
  const v1::Consultation& sent = consulting.consultations(0);
  EXPECT_EQ(sent.answer_due(), "2026-03-31");  // from the day sent, until the receipt is known
  EXPECT_TRUE(sent.answer_due_provisional());

  auto received = RecordConsultationReceipt(consulting, ShippedCalendar(), std::nullopt,
                                            "2026-03-12", Clerk(), TenInTheMorning("2026-03-13"));
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_EQ(received->after.consultations(0).received_on(), "2026-03-12");
  EXPECT_EQ(received->after.consultations(0).answer_due(), "2026-04-02");  // Art. 32
  EXPECT_FALSE(received->after.consultations(0).answer_due_provisional());
  EXPECT_EQ(received->after.clock(), v1::CLOCK_STATE_CONSULTING);
  EXPECT_EQ(received->event.details().at("answer_due"), "2026-04-02");

  // Once; not before the letter was sent; not in the future.
  EXPECT_EQ(RecordConsultationReceipt(received->after, ShippedCalendar(), 0, "2026-03-13", Clerk(),
                                      TenInTheMorning("2026-03-13"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto early = RecordConsultationReceipt(consulting, ShippedCalendar(), 0, "2026-03-09", Clerk(),
                                         TenInTheMorning("2026-03-13"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(early.status().message(), "`received_on` 早于征求意见书发出之日");
  EXPECT_EQ(RecordConsultationReceipt(consulting, ShippedCalendar(), 0, "2026-03-14", Clerk(),
                                      TenInTheMorning("2026-03-13"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  auto no_such = RecordConsultationReceipt(consulting, ShippedCalendar(), 1, "2026-03-12", Clerk(),
                                           TenInTheMorning("2026-03-13"));
  EXPECT_EQ(no_such.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(no_such.status().message(), "`consultation` 须为本案征求意见的序号（0 至 0），收到 1");
}

TEST(Consultation, LapsesOnlyFifteenWorkingDaysAfterAReceiptOnRecord) {
  const v1::Case consulting = Consulting(ReceivedOn("2026-03-02"), "2026-03-10");
  // Without the receipt there is no day to lapse on, however long ago the letter went out.
  auto unknown = EndConsultation(consulting, ShippedCalendar(), std::nullopt, "2026-04-20",
                                 "lapsed", Officer(), TenInTheMorning("2026-04-20"));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(unknown.status().message(),
            "第 0 项征求意见尚未登记对方收到征求意见书的日期：答复期限自收到之日起算"
            "（条例第三十二条），登记后方可认定逾期未答复");

  auto received = RecordConsultationReceipt(consulting, ShippedCalendar(), 0, "2026-03-12", Clerk(),
                                            TenInTheMorning("2026-03-12"));
  ASSERT_TRUE(received.ok());
  auto early = EndConsultation(received->after, ShippedCalendar(), 0, "2026-04-02", "lapsed",
                               Officer(), TenInTheMorning("2026-04-02"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(early.status().message(),
            "被征求意见方可在 2026-04-02 前答复，期限尚未届满，不能按逾期未答复结束征求意见");

  // The lapse is recorded on 04-08, but the clock stood only through the answer-due day 04-02:
  // 03-11 .. 04-02 are left out, and the reply is due 2026-04-23 (not 2026-04-28).
  auto lapsed = EndConsultation(received->after, ShippedCalendar(), 0, "2026-04-08", "lapsed",
                                Officer(), TenInTheMorning("2026-04-08"));
  ASSERT_TRUE(lapsed.ok()) << lapsed.status();
  EXPECT_EQ(lapsed->after.consultations(0).ended_on(), "2026-04-08");
  EXPECT_EQ(lapsed->after.deadline().paused(0), "2026-03-10:2026-04-02");
  EXPECT_EQ(lapsed->event.details().at("paused"), "2026-03-10:2026-04-02");
  EXPECT_EQ(lapsed->after.deadline().due_date(), "2026-04-23");

  // Not before the party received the letter.
  auto before_receipt = EndConsultation(received->after, ShippedCalendar(), 0, "2026-03-11",
                                        "answered", Officer(), TenInTheMorning("2026-03-12"));
  EXPECT_EQ(before_receipt.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(before_receipt.status().message(), "`ended_on` 早于对方收到征求意见书之日");
}

TEST(Consultation, ALateAnswerAlsoPausesOnlyToTheAnswerDueDay) {
  // No receipt recorded: due provisionally 2026-03-31; an answer on 04-08 pauses (03-10, 03-31].
  const v1::Case consulting = Consulting(ReceivedOn("2026-03-02"), "2026-03-10");
  const v1::Case answered = Ended(consulting, std::nullopt, "2026-04-08", "answered");
  EXPECT_EQ(answered.deadline().paused(0), "2026-03-10:2026-03-31");
  // 03-03 .. 03-10 are six working days; then 04-01 .. 04-21 the other fourteen.
  EXPECT_EQ(answered.deadline().due_date(), "2026-04-21");
}

TEST(Consultation, SeveralPartiesAtOnceStopTheClockUntilTheLastAnswers) {
  const v1::Case first = Consulting(ReceivedOn("2026-03-02"), "2026-03-10");
  const v1::Case both =
      Consulting(first, "2026-03-16", "某区住房和城乡建设局", v1::CONSULTED_PARTY_OTHER_AGENCY);
  ASSERT_EQ(both.consultations_size(), 2);
  EXPECT_EQ(both.consultations(1).answer_due(), "2026-04-07");
  EXPECT_EQ(OpenConsultations(both), 2);

  // With two open, the command must say which.
  auto which = EndConsultation(both, ShippedCalendar(), std::nullopt, "2026-03-20", "answered",
                               Officer(), TenInTheMorning("2026-03-20"));
  EXPECT_EQ(which.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(which.status().message(),
            "`consultation` 须指明是哪一项：本案有 2 项征求意见可办理此事");

  auto one = EndConsultation(both, ShippedCalendar(), 0, "2026-03-20", "answered", Officer(),
                             TenInTheMorning("2026-03-20"));
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->after.clock(), v1::CLOCK_STATE_CONSULTING);
  EXPECT_EQ(one->after.deadline().due_date(), "2026-03-30");  // not recounted while one is open
  EXPECT_EQ(one->event.details().at("still_open"), "1");
  EXPECT_EQ(EndConsultation(one->after, ShippedCalendar(), 0, "2026-03-21", "answered", Officer(),
                            TenInTheMorning("2026-03-21"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);  // already ended

  // The last answer: the union (03-10, 03-25] is left out once, eleven working days.
  const v1::Case done = Ended(one->after, std::nullopt, "2026-03-25", "answered");
  EXPECT_EQ(done.clock(), v1::CLOCK_STATE_RUNNING);
  EXPECT_EQ(done.deadline().paused(0), "2026-03-10:2026-03-20");
  EXPECT_EQ(done.deadline().paused(1), "2026-03-16:2026-03-25");
  EXPECT_EQ(done.deadline().due_date(), "2026-04-15");
}

TEST(Consultation, IsNotDatedBeforeTheLastRecordedStepNorInTheFuture) {
  v1::Case c = ReceivedOn("2026-03-02");
  c.mutable_extension()->set_days(10);
  c.mutable_extension()->set_granted_on("2026-03-12");
  auto early =
      StartConsultation(c, ShippedCalendar(), v1::CONSULTED_PARTY_THIRD_PARTY, "某建材公司",
                        "2026-03-11", Officer(), TenInTheMorning("2026-03-13"));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(early.status().message(), "`sent_on` 不得早于本案最近一次登记的办理步骤（2026-03-12）");
  auto future =
      StartConsultation(c, ShippedCalendar(), v1::CONSULTED_PARTY_THIRD_PARTY, "某建材公司",
                        "2026-03-14", Officer(), TenInTheMorning("2026-03-13"));
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(future.status().message(), "`sent_on` 不能晚于今天");

  // A second consultation cannot go out before the first did.
  const v1::Case consulting = Consulting(ReceivedOn("2026-03-02"), "2026-03-10");
  EXPECT_EQ(StartConsultation(consulting, ShippedCalendar(), v1::CONSULTED_PARTY_OTHER_AGENCY,
                              "某局", "2026-03-09", Officer(), TenInTheMorning("2026-03-10"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Consultation, LastRecordedDayIsTheLatestDateOnTheCase) {
  v1::Case c = ReceivedOn("2026-03-02");
  EXPECT_EQ(LastRecordedDay(c), absl::CivilDay(2026, 3, 2));
  c.mutable_supplement()->set_requested_on("2026-03-04");
  c.mutable_supplement()->set_received_on("2026-03-09");
  EXPECT_EQ(LastRecordedDay(c), absl::CivilDay(2026, 3, 9));
  c.mutable_fee()->set_issued_on("2026-03-10");
  c.mutable_fee()->set_paid_on("2026-03-16");
  EXPECT_EQ(LastRecordedDay(c), absl::CivilDay(2026, 3, 16));
  v1::Consultation& consultation = *c.add_consultations();
  consultation.set_sent_on("2026-03-17");
  consultation.set_received_on("2026-03-18");
  consultation.set_ended_on("2026-03-20");
  EXPECT_EQ(LastRecordedDay(c), absl::CivilDay(2026, 3, 20));
  c.mutable_excessive()->set_asked_on("2026-03-23");
  c.mutable_excessive()->set_answered_on("2026-03-25");
  EXPECT_EQ(LastRecordedDay(c), absl::CivilDay(2026, 3, 25));
  consultation.mutable_disclosure_notice()->set_delivered_on("2026-03-26");
  EXPECT_EQ(LastRecordedDay(c), absl::CivilDay(2026, 3, 26));
  EXPECT_EQ(LastRecordedDay(v1::Case()), absl::CivilDay(1970, 1, 1));
}

TEST(Consultation, AtMostTenPerCaseAndOnlyWhileTheClockRunsOrStandsForOne) {
  v1::Case c = ReceivedOn("2026-03-02");
  for (int i = 0; i < kMaxConsultations; ++i) c = Consulting(c, "2026-03-10");
  ASSERT_EQ(c.consultations_size(), 10);
  auto eleventh = StartConsultation(c, ShippedCalendar(), v1::CONSULTED_PARTY_THIRD_PARTY, "某人",
                                    "2026-03-10", Officer(), TenInTheMorning("2026-03-10"));
  EXPECT_EQ(eleventh.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(eleventh.status().message(), "案件 2026-000042 已征求意见 10 次，最多 10 次");

  v1::Case awaiting = ReceivedOn("2026-03-02");
  awaiting.set_clock(v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
  EXPECT_EQ(StartConsultation(awaiting, ShippedCalendar(), v1::CONSULTED_PARTY_THIRD_PARTY, "某人",
                              "2026-03-10", Officer(), TenInTheMorning("2026-03-10"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  awaiting.set_clock(v1::CLOCK_STATE_AWAITING_FEE);
  EXPECT_EQ(StartConsultation(awaiting, ShippedCalendar(), v1::CONSULTED_PARTY_THIRD_PARTY, "某人",
                              "2026-03-10", Officer(), TenInTheMorning("2026-03-10"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Consultation, EndingNeedsAnOpenOneAndAKnownResult) {
  const v1::Case received = ReceivedOn("2026-03-02");
  auto none = EndConsultation(received, ShippedCalendar(), std::nullopt, "2026-03-10", "answered",
                              Officer(), TenInTheMorning("2026-03-10"));
  EXPECT_EQ(none.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(none.status().message(), "案件 2026-000042 没有正在进行的征求意见，无需结束");
  const v1::Case consulting = Consulting(received, "2026-03-10");
  EXPECT_EQ(EndConsultation(consulting, ShippedCalendar(), std::nullopt, "2026-03-10", "agreed",
                            Officer(), TenInTheMorning("2026-03-10"))
                .status(),
            absl::InvalidArgumentError("`result` 须为已答复（answered）、不同意公开（objected）或"
                                       "逾期未答复（lapsed）"));
  EXPECT_EQ(EndConsultation(consulting, ShippedCalendar(), std::nullopt, "2026-03-09", "answered",
                            Officer(), TenInTheMorning("2026-03-10"))
                .status()
                .message(),
            "`ended_on` 早于征求意见书发出之日");
}

// A case whose third party objected and whose draft discloses all the same.
v1::Case OverruledObjection() {
  v1::Case c = Ended(Consulting(ReceivedOn("2026-03-02"), "2026-03-10"), std::nullopt, "2026-03-20",
                     "objected");
  c.set_state(v1::CASE_STATE_IN_REVIEW);
  c.mutable_draft()->set_outcome(v1::OUTCOME_DISCLOSED);
  return c;
}

TEST(DisclosureNotice, IsIssuedToAnOverruledThirdPartyAndItsDeliveryRecordedOnce) {
  const v1::Case c = OverruledObjection();
  ASSERT_EQ(DisclosureNoticesDelivered(c).code(), absl::StatusCode::kFailedPrecondition);

  auto issued = IssueDisclosureNotice(c, std::nullopt, "涉及公共安全，不公开将严重损害公共利益",
                                      Officer(), TenInTheMorning("2026-03-23"));
  ASSERT_TRUE(issued.ok()) << issued.status();
  const v1::DisclosureNotice& notice = issued->after.consultations(0).disclosure_notice();
  EXPECT_EQ(notice.reasons(), "涉及公共安全，不公开将严重损害公共利益");
  EXPECT_EQ(notice.issued_on(), "2026-03-23");
  EXPECT_EQ(notice.issued_by(), "czj-li");
  EXPECT_EQ(issued->after.state(), v1::CASE_STATE_IN_REVIEW);

  // Issued again before delivery: the new notice replaces the old one.
  v1::Case rendered = issued->after;
  rendered.mutable_consultations(0)->mutable_disclosure_notice()->set_text("告知书……");
  auto reissued = IssueDisclosureNotice(rendered, 0, "公共利益：饮用水安全", Officer(),
                                        TenInTheMorning("2026-03-24"));
  ASSERT_TRUE(reissued.ok()) << reissued.status();
  EXPECT_EQ(reissued->after.consultations(0).disclosure_notice().issued_on(), "2026-03-24");
  EXPECT_EQ(reissued->after.consultations(0).disclosure_notice().reasons(), "公共利益：饮用水安全");
  EXPECT_TRUE(reissued->after.consultations(0).disclosure_notice().text().empty());
  EXPECT_EQ(reissued->event.details().at("replaces_notice_of"), "2026-03-23");

  auto before_issue = RecordDisclosureNoticeDelivery(reissued->after, std::nullopt, "2026-03-23",
                                                     Clerk(), TenInTheMorning("2026-03-25"));
  EXPECT_EQ(before_issue.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(before_issue.status().message(), "`delivered_on` 早于告知书发出之日");
  auto delivered = RecordDisclosureNoticeDelivery(reissued->after, std::nullopt, "2026-03-25",
                                                  Clerk(), TenInTheMorning("2026-03-25"));
  ASSERT_TRUE(delivered.ok()) << delivered.status();
  EXPECT_EQ(delivered->after.consultations(0).disclosure_notice().delivered_on(), "2026-03-25");
  EXPECT_TRUE(DisclosureNoticesDelivered(delivered->after).ok());

  // Once delivered: neither delivered again nor replaced.
  EXPECT_EQ(RecordDisclosureNoticeDelivery(delivered->after, 0, "2026-03-26", Clerk(),
                                           TenInTheMorning("2026-03-26"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(IssueDisclosureNotice(delivered->after, 0, "再次告知", Officer(),
                                  TenInTheMorning("2026-03-26"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(DisclosureNotice, OnlyWhereTheDecisionOverridesAThirdPartysObjection) {
  const v1::Case c = OverruledObjection();
  EXPECT_EQ(
      IssueDisclosureNotice(c, 0, "", Officer(), TenInTheMorning("2026-03-23")).status().code(),
      absl::StatusCode::kInvalidArgument);  // reasons are required

  v1::Case withheld = c;
  withheld.mutable_draft()->set_outcome(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  auto respected =
      IssueDisclosureNotice(withheld, 0, "理由", Officer(), TenInTheMorning("2026-03-23"));
  EXPECT_EQ(respected.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(respected.status().message(),
            "拟办结果未公开第三方（某建材公司）不同意公开的信息，无需发出告知书");
  EXPECT_EQ(IssueDisclosureNotice(withheld, std::nullopt, "理由", Officer(),
                                  TenInTheMorning("2026-03-23"))
                .status()
                .message(),
            "本案没有第三方不同意公开而本机关决定公开的征求意见，无需发出告知书");

  v1::Case agreed = c;
  agreed.mutable_consultations(0)->set_result("answered");
  EXPECT_EQ(IssueDisclosureNotice(agreed, 0, "理由", Officer(), TenInTheMorning("2026-03-23"))
                .status()
                .message(),
            "第 0 项征求意见的第三方未表示不同意公开，无需发出告知书");

  v1::Case agency = c;
  agency.mutable_consultations(0)->set_party_type(v1::CONSULTED_PARTY_OTHER_AGENCY);
  EXPECT_EQ(IssueDisclosureNotice(agency, 0, "理由", Officer(), TenInTheMorning("2026-03-23"))
                .status()
                .message(),
            "第 0 项征求意见征求的是其他机关的意见，告知书只发给不同意公开的第三方");

  EXPECT_EQ(
      RecordDisclosureNoticeDelivery(c, 0, "2026-03-23", Clerk(), TenInTheMorning("2026-03-23"))
          .status()
          .message(),
      "第 0 项征求意见尚未发出告知书");
}

}  // namespace
}  // namespace gongkai
