#include "rules/case_commands.h"

#include <gtest/gtest.h>

#include "rules/consultation_checks.h"
#include "rules/review_commands.h"
#include "staff.h"

namespace gongkai {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 28, 10, 0, 0), absl::FixedTimeZone(8 * 3600));

v1::RegisterRequest Request() {
  v1::RegisterRequest request;
  request.set_request_id("window-0001");
  request.mutable_applicant()->set_name("张三");
  request.mutable_request()->set_description("2025年县级财政预算");
  request.mutable_request()->set_channel(v1::CHANNEL_REGISTERED_POST);
  request.mutable_request()->set_received_date("2026-11-20");
  return request;
}

v1::Deadline Deadline() {
  v1::Deadline deadline;
  deadline.set_receipt_date("2026-11-20");
  deadline.set_due_date("2026-12-18");
  return deadline;
}

const WorkingCalendar& Calendar() {
  static const WorkingCalendar* calendar = new WorkingCalendar(
      *WorkingCalendar::LoadDirectory(GONGKAI_CALENDAR_DIR, UnknownYears::kProvisional));
  return *calendar;
}

DepartmentCatalogue Catalogue() {
  return *DepartmentCatalogue::Parse("czj | 县财政局 | 预算\nrsj | 县人社局 | 社保\n");
}

// Applies a change as the store would: the case afterwards, with its history appended.
v1::Case Apply(const v1::Case& before, const CaseChange& change) {
  v1::Case after = change.after;
  *after.mutable_events() = before.events();
  *after.add_events() = change.event;
  return after;
}

v1::Case Registered() {
  return Apply(v1::Case(), *RegisterCase("2026-000001", Request(), Deadline(),
                                         StaffActor("w1", "clerk"), kNow));
}

v1::Case InDepartment() {
  RoutingDecision decision;
  decision.department = "czj";
  decision.explanation = "matched 预算";
  v1::Case routed = Apply(
      Registered(), *RouteCase(Registered(), decision, StaffActor("svc:routing", "service"), kNow));
  return Apply(routed, *AcceptCase(routed, StaffActor("o1", "officer", "czj"), kNow));
}

v1::Case InReview() {
  v1::Draft draft;
  draft.set_outcome(v1::OUTCOME_DISCLOSED);
  draft.set_disclosed_text("预算表见附件");
  v1::Case current = InDepartment();
  return Apply(current, *SubmitDraft(current, draft, {}, StaffActor("o1", "officer", "czj"), kNow));
}

TEST(CaseCommands, RegisterCreatesVersionOneWithItsEvent) {
  auto change = RegisterCase("2026-000001", Request(), Deadline(), StaffActor("w1", "clerk"), kNow);
  ASSERT_TRUE(change.ok());
  EXPECT_EQ(change->from_version, 0);
  EXPECT_EQ(change->from_state, v1::CASE_STATE_UNSPECIFIED);
  EXPECT_EQ(change->after.state(), v1::CASE_STATE_REGISTERED);
  EXPECT_EQ(change->after.version(), 1);
  EXPECT_EQ(change->after.case_number(), "2026-000001");
  EXPECT_EQ(change->after.registered_at(), "2026-11-28T02:00:00.000Z");
  EXPECT_EQ(change->event.command(), "Register");
  EXPECT_EQ(change->event.actor().user_id(), "w1");
  EXPECT_EQ(change->event.version(), 1);
  EXPECT_EQ(change->event.details().at("channel"), "CHANNEL_REGISTERED_POST");
  EXPECT_EQ(change->event.details().at("received_date"), "2026-11-20");
  EXPECT_EQ(change->event.details().at("due_date"), "2026-12-18");
  EXPECT_EQ(change->after.deadline().due_date(), "2026-12-18");
}

TEST(CaseCommands, RouteAssignsOrSendsToDispatch) {
  RoutingDecision to_czj;
  to_czj.department = "czj";
  auto routed = RouteCase(Registered(), to_czj, StaffActor("svc:routing", "service"), kNow);
  ASSERT_TRUE(routed.ok());
  EXPECT_EQ(routed->after.state(), v1::CASE_STATE_ASSIGNED);
  EXPECT_EQ(routed->after.department(), "czj");
  EXPECT_EQ(routed->event.command(), "Route");
  EXPECT_EQ(routed->after.version(), 2);

  auto unmatched = RouteCase(Registered(), RoutingDecision{}, StaffActor("svc", "service"), kNow);
  ASSERT_TRUE(unmatched.ok());
  EXPECT_EQ(unmatched->after.state(), v1::CASE_STATE_DISPATCH);
  EXPECT_EQ(unmatched->event.command(), "RouteToDispatch");
  EXPECT_TRUE(unmatched->after.department().empty());
}

TEST(CaseCommands, HandBackNeedsAReasonAndClearsTheDepartment) {
  EXPECT_EQ(HandBackCase(InDepartment(), "", StaffActor("o1", "officer"), kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto handed = HandBackCase(InDepartment(), "不属本单位职责", StaffActor("o1", "officer"), kNow);
  ASSERT_TRUE(handed.ok());
  EXPECT_EQ(handed->after.state(), v1::CASE_STATE_DISPATCH);
  EXPECT_TRUE(handed->after.department().empty());
  EXPECT_EQ(handed->from_department, "czj");
  EXPECT_EQ(handed->event.details().at("reason"), "不属本单位职责");
  EXPECT_EQ(handed->event.details().at("previous_department"), "czj");
}

TEST(CaseCommands, AssignChecksTheCatalogueAndRefusesANoOp) {
  const DepartmentCatalogue catalogue = Catalogue();
  auto handed = HandBackCase(InDepartment(), "不是我们的", StaffActor("o1", "officer"), kNow);
  const v1::Case in_dispatch = Apply(InDepartment(), *handed);
  auto unknown =
      AssignCase(in_dispatch, catalogue, "nope", "", StaffActor("d", "dispatcher"), kNow);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("`department`"), absl::string_view::npos);
  auto assigned =
      AssignCase(in_dispatch, catalogue, "rsj", "请办理", StaffActor("d", "dispatcher"), kNow);
  ASSERT_TRUE(assigned.ok());
  EXPECT_EQ(assigned->after.department(), "rsj");
  EXPECT_EQ(assigned->after.state(), v1::CASE_STATE_ASSIGNED);
  const v1::Case at_rsj = Apply(in_dispatch, *assigned);
  const absl::Status again =
      AssignCase(at_rsj, catalogue, "rsj", "", StaffActor("d", "dispatcher"), kNow).status();
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.message(), "案件 2026-000001 已分派给县人社局，正等待其接收，无需重复分派");
  EXPECT_TRUE(AssignCase(at_rsj, catalogue, "czj", "", StaffActor("d", "dispatcher"), kNow).ok());
}

TEST(CaseCommands, DraftMustFitItsOutcome) {
  const v1::Case current = InDepartment();
  const v1::Actor officer = StaffActor("o1", "officer", "czj");
  v1::Draft draft;
  EXPECT_EQ(SubmitDraft(current, draft, {}, officer, kNow).status().message(),
            "`outcome` 必须填写");
  draft.set_outcome(v1::OUTCOME_DISCLOSED);
  EXPECT_EQ(SubmitDraft(current, draft, {}, officer, kNow).status().message(),
            "`disclosed_text` 必须填写");
  draft.set_outcome(v1::OUTCOME_WITHHELD_STATE_SECRET);
  EXPECT_NE(SubmitDraft(current, draft, {}, officer, kNow).status().message().find("`grounds`"),
            absl::string_view::npos);
  draft.set_grounds("属于国家秘密");
  draft.set_disclosed_text("不应出现");
  EXPECT_EQ(SubmitDraft(current, draft, {}, officer, kNow).status().message(),
            "`disclosed_text` 须为空：OUTCOME_WITHHELD_STATE_SECRET（不予公开（属于国家秘密））"
            "不公开任何信息");
  draft.clear_disclosed_text();
  auto submitted = SubmitDraft(current, draft, {}, officer, kNow);
  ASSERT_TRUE(submitted.ok());
  EXPECT_EQ(submitted->after.draft().drafter(), "o1");
  EXPECT_EQ(submitted->after.state(), v1::CASE_STATE_IN_REVIEW);
  draft.set_outcome(static_cast<v1::Outcome>(99));
  EXPECT_EQ(SubmitDraft(current, draft, {}, officer, kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CaseCommands, TheDrafterCannotReview) {
  const v1::Case in_review = InReview();
  auto own = ClearDraft(in_review, "", StaffActor("o1", "reviewer"), kNow);
  EXPECT_EQ(own.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReturnDraft(in_review, "改", StaffActor("o1", "reviewer"), kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto cleared = ClearDraft(in_review, "可以发出", StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->after.reviewer(), "r1");
  EXPECT_EQ(cleared->after.state(), v1::CASE_STATE_CLEARED);
}

TEST(CaseCommands, ReturnNeedsCommentsAndGoesBackToTheDepartment) {
  EXPECT_EQ(ReturnDraft(InReview(), "", StaffActor("r1", "reviewer"), kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto returned = ReturnDraft(InReview(), "删去手机号", StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->after.state(), v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(returned->after.review_comments(), "删去手机号");
  EXPECT_EQ(returned->after.department(), "czj");
}

TEST(CaseCommands, ReplyingBeforeReviewIsRefused) {
  v1::DeliveryRecord delivery;
  delivery.set_method(v1::DELIVERY_METHOD_PICKUP);
  delivery.set_delivered_on("2026-11-28");
  EXPECT_EQ(
      IssueReply(InReview(), Calendar(), delivery, StaffActor("w1", "clerk"), kNow).status().code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(CaseCommands, DeliveryDateIsCheckedAgainstReceiptAndToday) {
  v1::Case cleared =
      Apply(InReview(), *ClearDraft(InReview(), "", StaffActor("r1", "reviewer"), kNow));
  v1::Case ready =
      Apply(cleared, *PrepareReply(cleared, "答复书", StaffActor("svc", "service"), kNow));
  EXPECT_EQ(ready.reply_letter(), "答复书");
  v1::DeliveryRecord delivery;
  EXPECT_EQ(
      IssueReply(ready, Calendar(), delivery, StaffActor("w1", "clerk"), kNow).status().message(),
      "`delivery.method` 必须填写");
  delivery.set_method(v1::DELIVERY_METHOD_POST);
  delivery.set_delivered_on("2026-11-29");
  EXPECT_EQ(
      IssueReply(ready, Calendar(), delivery, StaffActor("w1", "clerk"), kNow).status().message(),
      "`delivery.delivered_on` 不能晚于今天");
  delivery.set_delivered_on("2026-11-19");
  EXPECT_EQ(
      IssueReply(ready, Calendar(), delivery, StaffActor("w1", "clerk"), kNow).status().message(),
      "`delivery.delivered_on` 早于收到申请之日");
  delivery.set_delivered_on("2026-11-28");
  auto closed = IssueReply(ready, Calendar(), delivery, StaffActor("w1", "clerk"), kNow);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->after.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(closed->after.version(), 7);
  EXPECT_EQ(closed->after.delivery().method(), v1::DELIVERY_METHOD_POST);
  // Received 2026-11-20, clock from then; delivered 2026-11-28 (a Saturday): 5 working days.
  EXPECT_EQ(closed->after.working_days_to_reply(), 5);
  EXPECT_TRUE(closed->after.replied_on_time());
  EXPECT_EQ(closed->event.details().at("on_time"), "true");
}

v1::Case Cleared() {
  return Apply(InReview(), *ClearDraft(InReview(), "", StaffActor("r1", "reviewer"), kNow));
}

v1::Case ReadyToIssue() {
  const v1::Case cleared = Cleared();
  return Apply(cleared, *PrepareReply(cleared, "答复书", StaffActor("svc", "service"), kNow));
}

v1::DeliveryRecord DeliveredToday() {
  v1::DeliveryRecord delivery;
  delivery.set_method(v1::DELIVERY_METHOD_PICKUP);
  delivery.set_delivered_on("2026-11-28");
  return delivery;
}

v1::Consultation& ConsultThirdParty(v1::Case& c) {
  v1::Consultation& consultation = *c.add_consultations();
  consultation.set_party_type(v1::CONSULTED_PARTY_THIRD_PARTY);
  consultation.set_party("安徽某建设工程有限公司");
  consultation.set_sent_on("2026-11-23");
  consultation.set_answer_due("2026-12-14");
  return consultation;
}

// Issue 13 item 4: no reply is written or sent while a consulted party may still answer.
TEST(CaseCommands, NoReplyWhileAConsultationIsOpen) {
  v1::Case cleared = Cleared();
  ConsultThirdParty(cleared);
  auto refused = PrepareReply(cleared, "答复书", StaffActor("svc", "service"), kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "暂不能进行“制作答复书”：案件 2026-000001 仍在征求安徽某建设工程有限公司的意见（第 0 "
            "项，答复期限 "
            "2026-12-14），征求意见结束前不得审核通过或发出答复");

  v1::Case ready = ReadyToIssue();
  ConsultThirdParty(ready);
  EXPECT_EQ(IssueReply(ready, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ready.mutable_consultations(0)->set_ended_on("2026-11-26");
  ready.mutable_consultations(0)->set_result("answered");
  EXPECT_TRUE(
      IssueReply(ready, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow).ok());
}

TEST(CaseCommands, NoReplyWhileTheClockWaitsOnTheApplicant) {
  v1::Case cleared = Cleared();
  v1::Case ready = ReadyToIssue();
  cleared.set_clock(v1::CLOCK_STATE_AWAITING_FEE);
  ready.set_clock(v1::CLOCK_STATE_AWAITING_FEE);
  EXPECT_EQ(PrepareReply(cleared, "答复书", StaffActor("svc", "service"), kNow).status().message(),
            "暂不能进行“制作答复书”：案件 2026-000001 "
            "正在等待申请人缴纳信息处理费，缴费或免除前不得答复");
  EXPECT_EQ(IssueReply(ready, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow)
                .status()
                .message(),
            "暂不能进行“答复书送达”：案件 2026-000001 "
            "正在等待申请人缴纳信息处理费，缴费或免除前不得答复");
  cleared.set_clock(v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
  ready.set_clock(v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
  EXPECT_EQ(PrepareReply(cleared, "答复书", StaffActor("svc", "service"), kNow).status().message(),
            "暂不能进行“制作答复书”：案件 2026-000001 正在等待申请人补正，补正前不得答复");
  EXPECT_EQ(IssueReply(ready, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

// Art. 32: a third party that objected is told in writing before the information goes out.
TEST(CaseCommands, ADisclosureOverAnObjectionWaitsForTheNoticeToBeDelivered) {
  v1::Case ready = ReadyToIssue();
  v1::Consultation& objected = ConsultThirdParty(ready);
  objected.set_ended_on("2026-11-25");
  objected.set_result("objected");
  auto refused = IssueReply(ready, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.status().message().find("尚未发出"), absl::string_view::npos);
  objected.mutable_disclosure_notice()->set_issued_on("2026-11-26");
  EXPECT_NE(IssueReply(ready, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow)
                .status()
                .message()
                .find("尚未登记送达"),
            absl::string_view::npos);
  objected.mutable_disclosure_notice()->set_delivered_on("2026-11-27");
  objected.mutable_disclosure_notice()->set_released_digest(ReleasedDigest(ready));
  EXPECT_TRUE(
      IssueReply(ready, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow).ok());

  // The notice told of another text than the one now to be released: told again first.
  v1::Case changed = ready;
  changed.mutable_draft()->set_disclosed_text(ready.draft().disclosed_text() + "另附合同附件。");
  auto stale = IssueReply(changed, Calendar(), DeliveredToday(), StaffActor("w1", "clerk"), kNow);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find("已经改变"), absl::string_view::npos);

  // The applicant may not have it before the third party was told.
  v1::DeliveryRecord early = DeliveredToday();
  early.set_delivered_on("2026-11-26");
  auto before_notice = IssueReply(ready, Calendar(), early, StaffActor("w1", "clerk"), kNow);
  EXPECT_EQ(before_notice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(before_notice.status().message().find("应当先告知第三方"), absl::string_view::npos);
}

TEST(CaseCommands, OnTheSpotAnswersReleaseNothingNew) {
  v1::RegisterRequest request = Request();
  request.mutable_on_the_spot()->set_outcome(v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY);
  request.mutable_on_the_spot()->set_text("县级财政预算由县财政局负责公开");
  auto answered = RegisterAnsweredOnTheSpot("2026-000002", request, Deadline(),
                                            StaffActor("w1", "clerk"), kNow);
  ASSERT_TRUE(answered.ok()) << answered.status();
  EXPECT_EQ(answered->after.state(), v1::CASE_STATE_CLOSED);
  EXPECT_EQ(answered->after.draft().outcome(), v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY);
  EXPECT_EQ(answered->after.draft().proposed_outcome(), v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY);
  EXPECT_EQ(answered->after.draft().grounds(), "县级财政预算由县财政局负责公开");

  request.mutable_on_the_spot()->set_outcome(v1::OUTCOME_DISCLOSED);
  EXPECT_EQ(
      RegisterAnsweredOnTheSpot("2026-000002", request, Deadline(), StaffActor("w1", "clerk"), kNow)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gongkai
