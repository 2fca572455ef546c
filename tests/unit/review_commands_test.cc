#include "rules/review_commands.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "rules/report_counts.h"
#include "screening/draft_screening.h"
#include "staff.h"

namespace gongkai {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2026, 11, 28, 10, 0, 0), absl::FixedTimeZone(8 * 3600));

v1::Case InDepartment() {
  v1::Case c;
  c.set_case_number("2026-000042");
  c.set_state(v1::CASE_STATE_IN_DEPARTMENT);
  c.set_version(4);
  c.set_department("gaj");
  c.mutable_applicant()->set_type(v1::APPLICANT_TYPE_NATURAL_PERSON);
  c.mutable_request()->set_received_date("2026-11-02");
  return c;
}

// A resident ID number with a valid check digit, inside an ordinary sentence.
constexpr char kTextWithId[] = "经查，当事人身份证号341523198001010022，处罚决定书见附件。";

v1::Case Submitted(v1::Outcome outcome, const std::string& text, const std::string& grounds = "") {
  v1::Draft draft;
  draft.set_outcome(outcome);
  draft.set_disclosed_text(text);
  draft.set_grounds(grounds);
  auto change = SubmitDraft(InDepartment(), draft, {}, StaffActor("o1", "officer"), kNow);
  EXPECT_TRUE(change.ok()) << change.status();
  return change->after;
}

TEST(ReviewCommands, SubmittingScreensTheDraftInCharacters) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  EXPECT_EQ(in_review.state(), v1::CASE_STATE_IN_REVIEW);
  ASSERT_EQ(in_review.draft().findings_size(), 1);
  const v1::ScreeningFinding& finding = in_review.draft().findings(0);
  EXPECT_EQ(finding.kind(), v1::FINDING_KIND_RESIDENT_ID);
  EXPECT_EQ(finding.field(), "disclosed_text");
  EXPECT_EQ(finding.begin(), 10);  // "经查，当事人身份证号" is ten characters
  EXPECT_EQ(finding.end(), 28);
  EXPECT_EQ(finding.masked(), "3415**********0022");
  EXPECT_EQ(finding.resolution(), v1::FINDING_RESOLUTION_UNRESOLVED);
}

TEST(ReviewCommands, AnUnresolvedFindingBlocksClearing) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  auto refused = ClearDraft(in_review, "", StaffActor("r1", "reviewer"), kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "案件 2026-000042 的拟稿还有 1 处筛查发现未处理：请逐一遮盖，或说明可以公开的理由后"
            "放行，再审查通过");

  auto released = ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_RELEASED,
                                 "处罚决定书依法公示，当事人身份证号已在公示中",
                                 v1::OUTCOME_UNSPECIFIED, StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(released->after.state(), v1::CASE_STATE_IN_REVIEW);
  EXPECT_EQ(released->after.version(), in_review.version() + 1);
  EXPECT_EQ(released->after.draft().findings(0).resolved_by(), "r1");
  EXPECT_EQ(released->after.draft().outcome(), v1::OUTCOME_DISCLOSED);

  auto cleared = ClearDraft(released->after, "", StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->after.state(), v1::CASE_STATE_CLEARED);
  EXPECT_EQ(cleared->event.command(), "Clear");
}

// Issue 13 item 5: a redaction withholds part of a full disclosure, which makes it 部分公开 on
// the reviewer's ground: signed off as one, counted in 三(二).
TEST(ReviewCommands, ARedactionMakesAFullDisclosurePartial) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  EXPECT_EQ(in_review.draft().proposed_outcome(), v1::OUTCOME_DISCLOSED);
  const v1::Actor reviewer = StaffActor("r1", "reviewer");
  auto redacted = ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_REDACTED, "",
                                 v1::OUTCOME_WITHHELD_THIRD_PARTY, reviewer, kNow);
  ASSERT_TRUE(redacted.ok()) << redacted.status();
  const v1::Draft& draft = redacted->after.draft();
  EXPECT_EQ(draft.outcome(), v1::OUTCOME_PARTIALLY_DISCLOSED);
  EXPECT_EQ(draft.proposed_outcome(), v1::OUTCOME_DISCLOSED);
  EXPECT_EQ(draft.findings(0).ground(), v1::OUTCOME_WITHHELD_THIRD_PARTY);
  EXPECT_EQ(redacted->event.details().at("ground"), "OUTCOME_WITHHELD_THIRD_PARTY");
  EXPECT_EQ(redacted->event.details().at("outcome"), "OUTCOME_PARTIALLY_DISCLOSED");
  EXPECT_EQ(ReleasedText(draft),
            "经查，当事人身份证号［此处不予公开：保护第三方合法权益］，处罚决定书见附件。");

  auto cleared = ClearDraft(redacted->after, "", reviewer, kNow);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->after.state(), v1::CASE_STATE_SIGN_OFF);
  EXPECT_EQ(cleared->event.command(), "ClearForSignOff");
  EXPECT_EQ(cleared->event.details().at("outcome"), "OUTCOME_PARTIALLY_DISCLOSED");

  // Signed off and closed, it counts as 部分公开 (三(二)), not 予以公开.
  auto signed_off = SignOff(cleared->after, "", StaffActor("h1", "head"), kNow);
  ASSERT_TRUE(signed_off.ok());
  v1::Case closed = signed_off->after;
  closed.set_state(v1::CASE_STATE_CLOSED);
  closed.set_closed_on("2026-11-30");
  closed.mutable_deadline()->set_receipt_date("2026-11-02");
  const std::vector<std::string> counters = ReportCounters(closed);
  EXPECT_NE(std::find(counters.begin(), counters.end(), "done:2026:3.2:1"), counters.end());

  // Released after all: the department's 予以公开 stands again.
  auto undone = ResolveFinding(redacted->after, 0, v1::FINDING_RESOLUTION_RELEASED, "经核实可公开",
                               v1::OUTCOME_UNSPECIFIED, reviewer, kNow);
  ASSERT_TRUE(undone.ok());
  EXPECT_EQ(undone->after.draft().outcome(), v1::OUTCOME_DISCLOSED);
  EXPECT_EQ(undone->after.draft().findings(0).ground(), v1::OUTCOME_UNSPECIFIED);

  // A withholding decision stays what it is: the redaction is one more part withheld.
  const v1::Case refused =
      Submitted(v1::OUTCOME_WITHHELD_ENFORCEMENT_FILE, "", "案卷含当事人电话13912345678");
  auto in_grounds = ResolveFinding(refused, 0, v1::FINDING_RESOLUTION_REDACTED, "",
                                   v1::OUTCOME_WITHHELD_THIRD_PARTY, reviewer, kNow);
  ASSERT_TRUE(in_grounds.ok());
  EXPECT_EQ(in_grounds->after.draft().outcome(), v1::OUTCOME_WITHHELD_ENFORCEMENT_FILE);
  EXPECT_EQ(in_grounds->event.details().count("outcome"), 0u);
}

TEST(ReviewCommands, ARedactionNeedsAWithholdingGroundAndAReleaseNone) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  const v1::Actor reviewer = StaffActor("r1", "reviewer");
  for (v1::Outcome ground : {v1::OUTCOME_UNSPECIFIED, v1::OUTCOME_DISCLOSED,
                             v1::OUTCOME_PARTIALLY_DISCLOSED, v1::OUTCOME_UNAVAILABLE_NOT_HELD}) {
    auto refused =
        ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_REDACTED, "", ground, reviewer, kNow);
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument)
        << v1::Outcome_Name(ground);
    EXPECT_EQ(refused.status().message(),
              "`ground` 须为隐去该内容所依据的不予公开理由之一（OUTCOME_WITHHELD_...）");
  }
  EXPECT_EQ(ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_RELEASED, "向本人公开",
                           v1::OUTCOME_WITHHELD_THIRD_PARTY, reviewer, kNow)
                .status()
                .message(),
            "`ground` 仅用于隐去（REDACTED）的内容，放行时不填");
}

TEST(ReviewCommands, ReleasingAFindingNeedsAReasonAndAValidIndex) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  const v1::Actor reviewer = StaffActor("r1", "reviewer");
  constexpr v1::Outcome kNone = v1::OUTCOME_UNSPECIFIED;
  EXPECT_EQ(ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_RELEASED, "", kNone, reviewer, kNow)
                .status()
                .message(),
            "`reason` 必须填写");
  EXPECT_EQ(ResolveFinding(in_review, 1, v1::FINDING_RESOLUTION_REDACTED, "",
                           v1::OUTCOME_WITHHELD_THIRD_PARTY, reviewer, kNow)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_UNRESOLVED, "", kNone, reviewer, kNow)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
  auto released = ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_RELEASED,
                                 "申请人本人的身份证号，向本人公开", kNone, reviewer, kNow);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(ReleasedText(released->after.draft()), kTextWithId);
  EXPECT_EQ(released->event.details().at("resolution"), "FINDING_RESOLUTION_RELEASED");
}

TEST(ReviewCommands, TheDrafterCannotReviewResolveOrSignOff) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  const v1::Actor drafter = StaffActor("o1", "reviewer");
  EXPECT_EQ(ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_REDACTED, "",
                           v1::OUTCOME_WITHHELD_THIRD_PARTY, drafter, kNow)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ClearDraft(in_review, "", drafter, kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReturnDraft(in_review, "改", drafter, kNow).status().message(),
            "拟稿人不能审查本人的拟稿：案件 2026-000042 的答复由您拟稿，请由其他同事审查");
}

TEST(ReviewCommands, WithholdingNeedsTheOfficeHeadsSecondSignOff) {
  const v1::Case in_review =
      Submitted(v1::OUTCOME_WITHHELD_ENFORCEMENT_FILE, "", "属于行政执法案卷");
  auto cleared = ClearDraft(in_review, "同意", StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->after.state(), v1::CASE_STATE_SIGN_OFF);
  EXPECT_EQ(cleared->event.command(), "ClearForSignOff");
  const v1::Case awaiting = cleared->after;

  const absl::Status by_reviewer =
      SignOff(awaiting, "", StaffActor("r1", "head"), kNow).status();  // the reviewer once more
  EXPECT_EQ(by_reviewer.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(by_reviewer.message(),
            "签发须由保密审查人以外的人进行：案件 2026-000042 由您审查，请由其他负责人签发");
  const absl::Status by_drafter = SignOff(awaiting, "", StaffActor("o1", "head"), kNow).status();
  EXPECT_EQ(by_drafter.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(by_drafter.message(),
            "拟稿人不能签发本人的拟稿：案件 2026-000042 的答复由您拟稿，请由其他同事签发");
  auto signed_off = SignOff(awaiting, "", StaffActor("h1", "head"), kNow);
  ASSERT_TRUE(signed_off.ok());
  EXPECT_EQ(signed_off->after.state(), v1::CASE_STATE_CLEARED);
  EXPECT_EQ(signed_off->after.draft().signed_off_by(), "h1");
  EXPECT_EQ(RuleOf(signed_off->command).hands_to, Stage::kReply);

  EXPECT_EQ(RefuseSignOff(awaiting, "", StaffActor("h1", "head"), kNow).status().message(),
            "`comments` 必须填写");
  auto refused = RefuseSignOff(awaiting, "理由不充分", StaffActor("h1", "head"), kNow);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->after.state(), v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(refused->after.review_comments(), "理由不充分");
}

TEST(ReviewCommands, OnlyWithholdingOutcomesWaitForSignOff) {
  for (v1::Outcome outcome :
       {v1::OUTCOME_UNAVAILABLE_NOT_HELD, v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY,
        v1::OUTCOME_NOT_PROCESSED_REPEAT, v1::OUTCOME_OTHER}) {
    auto cleared =
        ClearDraft(Submitted(outcome, "", "理由"), "", StaffActor("r1", "reviewer"), kNow);
    ASSERT_TRUE(cleared.ok());
    EXPECT_EQ(cleared->after.state(), v1::CASE_STATE_CLEARED) << v1::Outcome_Name(outcome);
  }
}

TEST(ReviewCommands, PartialDisclosureMarksItsWithheldSpansWithGrounds) {
  v1::Draft draft;
  draft.set_outcome(v1::OUTCOME_PARTIALLY_DISCLOSED);
  draft.set_grounds("涉及个人隐私");
  draft.set_disclosed_text(kTextWithId);
  const v1::Actor officer = StaffActor("o1", "officer");
  EXPECT_EQ(SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message(),
            "`withheld` 部分公开须至少标出一处不予公开的内容及其理由");
  v1::WithheldSpan& span = *draft.add_withheld();
  span.set_begin(10);
  span.set_end(40);
  span.set_ground(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  EXPECT_NE(SubmitDraft(InDepartment(), draft, {}, officer, kNow)
                .status()
                .message()
                .find("`withheld[0].begin/end`"),
            absl::string_view::npos);
  span.set_end(28);
  span.set_ground(v1::OUTCOME_DISCLOSED);
  EXPECT_EQ(SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message(),
            "`withheld[0].ground` 须为不予公开的理由之一（OUTCOME_WITHHELD_...）");
  span.set_ground(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  *draft.add_withheld() = span;
  EXPECT_EQ(SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message(),
            "`withheld` 标出的各段在第 10 个字符处重叠");
  draft.mutable_withheld()->RemoveLast();

  auto submitted = SubmitDraft(InDepartment(), draft, {}, officer, kNow);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  // The ID number lies inside the withheld span: it does not go out, so it is no finding.
  EXPECT_EQ(submitted->after.draft().findings_size(), 0);
  EXPECT_EQ(ReleasedText(submitted->after.draft()),
            "经查，当事人身份证号［此处不予公开：保护第三方合法权益］，处罚决定书见附件。");

  v1::Draft full = draft;
  full.set_outcome(v1::OUTCOME_DISCLOSED);
  EXPECT_EQ(SubmitDraft(InDepartment(), full, {}, officer, kNow).status().message(),
            "`withheld` 仅用于部分公开（OUTCOME_PARTIALLY_DISCLOSED，区分处理）");
}

TEST(ReviewCommands, GroundsAreScreenedToo) {
  const v1::Case in_review =
      Submitted(v1::OUTCOME_WITHHELD_STATE_SECRET, "", "该文件标注“机密★10年”，联系人13912345678");
  ASSERT_EQ(in_review.draft().findings_size(), 2);
  EXPECT_EQ(in_review.draft().findings(0).kind(), v1::FINDING_KIND_CLASSIFICATION_MARKING);
  EXPECT_EQ(in_review.draft().findings(0).field(), "grounds");
  EXPECT_EQ(in_review.draft().findings(0).masked(), "机密★10年");
  EXPECT_EQ(in_review.draft().findings(1).kind(), v1::FINDING_KIND_MOBILE_PHONE);
  EXPECT_EQ(in_review.draft().findings(1).masked(), "139****5678");
}

TEST(ReviewCommands, ConfiguredTermsAreFound) {
  v1::Draft draft;
  draft.set_outcome(v1::OUTCOME_DISCLOSED);
  draft.set_disclosed_text("会议纪要：关于城东片区征收补偿方案的讨论");
  ScreeningOptions options;
  options.sensitive_terms = {"征收补偿方案"};
  auto submitted = SubmitDraft(InDepartment(), draft, options, StaffActor("o1", "officer"), kNow);
  ASSERT_TRUE(submitted.ok());
  ASSERT_EQ(submitted->after.draft().findings_size(), 1);
  EXPECT_EQ(submitted->after.draft().findings(0).kind(), v1::FINDING_KIND_SENSITIVE_TERM);
  EXPECT_EQ(submitted->after.draft().findings(0).begin(), 11);
  EXPECT_EQ(submitted->after.draft().findings(0).end(), 17);
}

// Issue 13 item 8: an outcome needs the step it rests on.
TEST(ReviewCommands, OutcomesNeedTheirPreconditions) {
  const v1::Actor officer = StaffActor("o1", "officer");
  v1::Draft draft;
  draft.set_grounds("理由");

  draft.set_outcome(v1::OUTCOME_UNAVAILABLE_STILL_UNCLEAR);
  v1::Case current = InDepartment();
  auto refused = SubmitDraft(current, draft, {}, officer, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      refused.status().message(),
      "`outcome` OUTCOME_UNAVAILABLE_STILL_UNCLEAR（补正后申请内容仍不明确）须在申请人补正之后"
      "：案件 2026-000042 尚未要求申请人补正");
  current.mutable_supplement()->set_requested_on("2026-11-05");
  EXPECT_EQ(
      SubmitDraft(current, draft, {}, officer, kNow).status().message(),
      "`outcome` OUTCOME_UNAVAILABLE_STILL_UNCLEAR（补正后申请内容仍不明确）须在申请人补正之后"
      "：案件 2026-000042 尚未登记收到补正");
  current.mutable_supplement()->set_received_on("2026-11-10");
  EXPECT_TRUE(SubmitDraft(current, draft, {}, officer, kNow).ok());

  draft.set_outcome(v1::OUTCOME_NOT_PROCESSED_EXCESSIVE);
  EXPECT_EQ(
      SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message(),
      "`outcome` OUTCOME_NOT_PROCESSED_EXCESSIVE（无正当理由大量反复申请）须先依条例第三十五条"
      "要求申请人说明理由：案件 2026-000042 尚未要求申请人说明理由");
  current = InDepartment();
  current.mutable_excessive()->set_asked_on("2026-11-06");
  current.mutable_excessive()->set_reply_by("2026-12-20");
  // The applicant may still give reasons: the office cannot judge them yet.
  EXPECT_NE(SubmitDraft(current, draft, {}, officer, kNow)
                .status()
                .message()
                .find("收到理由或期限届满后"),
            absl::string_view::npos);
  current.mutable_excessive()->set_answered_on("2026-11-10");
  EXPECT_TRUE(SubmitDraft(current, draft, {}, officer, kNow).ok());
  // Reasons the office accepted (a later reply date) rule 不予处理 out.
  current.mutable_excessive()->set_later_reply_date("2027-01-29");
  EXPECT_NE(
      SubmitDraft(current, draft, {}, officer, kNow).status().message().find("不能再不予处理"),
      absl::string_view::npos);
  current.mutable_excessive()->clear_later_reply_date();

  draft.set_outcome(v1::OUTCOME_OTHER_NO_SUPPLEMENT);
  refused = SubmitDraft(current, draft, {}, officer, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      refused.status().message(),
      "`outcome` OUTCOME_OTHER_NO_SUPPLEMENT（逾期不补正）不能作为拟办意见提交：补正期限届满后"
      "按“逾期不补正结案”办理");
  draft.set_outcome(v1::OUTCOME_OTHER_FEE_UNPAID);
  refused = SubmitDraft(current, draft, {}, officer, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "`outcome` OUTCOME_OTHER_FEE_UNPAID（逾期未缴费）不能作为拟办意见提交：缴费期限届满后"
            "按“逾期未缴费结案”办理");
}

// Art. 36(5): the responsible agency and its contact, only for that outcome, bounded.
TEST(ReviewCommands, OnlyNotThisAgencyNamesTheResponsibleAgency) {
  const v1::Actor officer = StaffActor("o1", "officer");
  v1::Draft draft;
  draft.set_outcome(v1::OUTCOME_UNAVAILABLE_NOT_HELD);
  draft.set_grounds("经检索未找到");
  draft.set_responsible_agency("舒城县自然资源和规划局");
  EXPECT_EQ(
      SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message(),
      "`responsible_agency` 仅用于 OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY（不属于本机关负责公开）");

  draft.set_outcome(v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY);
  draft.set_responsible_contact(std::string(201, '1'));
  EXPECT_EQ(SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
  draft.set_responsible_contact("0564-8621234");
  auto submitted = SubmitDraft(InDepartment(), draft, {}, officer, kNow);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->after.draft().responsible_agency(), "舒城县自然资源和规划局");
  EXPECT_EQ(submitted->after.draft().responsible_contact(), "0564-8621234");
  EXPECT_EQ(submitted->event.details().at("responsible_agency"), "舒城县自然资源和规划局");

  draft.clear_responsible_agency();
  EXPECT_EQ(SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message(),
            "`responsible_contact` 须与 `responsible_agency` 一并填写");
  draft.clear_responsible_contact();
  EXPECT_TRUE(SubmitDraft(InDepartment(), draft, {}, officer, kNow).ok());  // where unknown
}

// Issue 13 item 4: nothing is cleared or signed off while a consulted party may still answer.
TEST(ReviewCommands, NoClearingOrSignOffWhileAConsultationIsOpen) {
  v1::Case in_review = Submitted(v1::OUTCOME_WITHHELD_THIRD_PARTY, "", "涉及第三方商业秘密");
  v1::Consultation& open = *in_review.add_consultations();
  open.set_party_type(v1::CONSULTED_PARTY_THIRD_PARTY);
  open.set_party("安徽某建设工程有限公司");
  open.set_sent_on("2026-11-20");
  open.set_answer_due("2026-12-11");
  auto refused = ClearDraft(in_review, "", StaffActor("r1", "reviewer"), kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "暂不能进行“保密审查通过，报主任签发”：案件 2026-000042 "
            "仍在征求安徽某建设工程有限公司的意见（第 0 项，答复"
            "期限 2026-12-11），征求意见结束前不得审核通过或发出答复");

  in_review.mutable_consultations(0)->set_ended_on("2026-11-27");
  auto cleared = ClearDraft(in_review, "", StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(cleared.ok());
  v1::Case awaiting = cleared->after;
  awaiting.mutable_consultations(0)->clear_ended_on();  // e.g. a second round was opened
  EXPECT_EQ(SignOff(awaiting, "", StaffActor("h1", "head"), kNow).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace gongkai
