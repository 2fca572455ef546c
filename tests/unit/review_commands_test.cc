#include "rules/review_commands.h"

#include <gtest/gtest.h>

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
  EXPECT_NE(refused.status().message().find("1 unresolved screening finding"),
            absl::string_view::npos);

  auto redacted = ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_REDACTED, "",
                                 StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(redacted.ok());
  EXPECT_EQ(redacted->after.state(), v1::CASE_STATE_IN_REVIEW);
  EXPECT_EQ(redacted->after.version(), in_review.version() + 1);
  EXPECT_EQ(redacted->after.draft().findings(0).resolved_by(), "r1");
  EXPECT_EQ(ReleasedText(redacted->after.draft()),
            "经查，当事人身份证号［已隐去］，处罚决定书见附件。");

  auto cleared = ClearDraft(redacted->after, "", StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->after.state(), v1::CASE_STATE_CLEARED);
  EXPECT_EQ(cleared->event.command(), "Clear");
}

TEST(ReviewCommands, ReleasingAFindingNeedsAReasonAndAValidIndex) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  const v1::Actor reviewer = StaffActor("r1", "reviewer");
  EXPECT_EQ(ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_RELEASED, "", reviewer, kNow)
                .status()
                .message(),
            "`reason` is required");
  EXPECT_EQ(ResolveFinding(in_review, 1, v1::FINDING_RESOLUTION_REDACTED, "", reviewer, kNow)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_UNRESOLVED, "", reviewer, kNow)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  auto released = ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_RELEASED,
                                 "申请人本人的身份证号，向本人公开", reviewer, kNow);
  ASSERT_TRUE(released.ok());
  EXPECT_EQ(ReleasedText(released->after.draft()), kTextWithId);
  EXPECT_EQ(released->event.details().at("resolution"), "FINDING_RESOLUTION_RELEASED");
}

TEST(ReviewCommands, TheDrafterCannotReviewResolveOrSignOff) {
  const v1::Case in_review = Submitted(v1::OUTCOME_DISCLOSED, kTextWithId);
  const v1::Actor drafter = StaffActor("o1", "reviewer");
  EXPECT_EQ(ResolveFinding(in_review, 0, v1::FINDING_RESOLUTION_REDACTED, "", drafter, kNow)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ClearDraft(in_review, "", drafter, kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReturnDraft(in_review, "改", drafter, kNow).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(ReviewCommands, WithholdingNeedsTheOfficeHeadsSecondSignOff) {
  const v1::Case in_review =
      Submitted(v1::OUTCOME_WITHHELD_ENFORCEMENT_FILE, "", "属于行政执法案卷");
  auto cleared = ClearDraft(in_review, "同意", StaffActor("r1", "reviewer"), kNow);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->after.state(), v1::CASE_STATE_SIGN_OFF);
  EXPECT_EQ(cleared->event.command(), "ClearForSignOff");
  const v1::Case awaiting = cleared->after;

  EXPECT_EQ(SignOff(awaiting, "", StaffActor("r1", "head"), kNow).status().code(),
            absl::StatusCode::kPermissionDenied);  // the reviewer once more
  EXPECT_EQ(SignOff(awaiting, "", StaffActor("o1", "head"), kNow).status().code(),
            absl::StatusCode::kPermissionDenied);  // the drafter
  auto signed_off = SignOff(awaiting, "", StaffActor("h1", "head"), kNow);
  ASSERT_TRUE(signed_off.ok());
  EXPECT_EQ(signed_off->after.state(), v1::CASE_STATE_CLEARED);
  EXPECT_EQ(signed_off->after.draft().signed_off_by(), "h1");
  EXPECT_EQ(RuleOf(signed_off->command).hands_to, Stage::kReply);

  EXPECT_EQ(RefuseSignOff(awaiting, "", StaffActor("h1", "head"), kNow).status().message(),
            "`comments` is required");
  auto refused = RefuseSignOff(awaiting, "理由不充分", StaffActor("h1", "head"), kNow);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->after.state(), v1::CASE_STATE_IN_DEPARTMENT);
  EXPECT_EQ(refused->after.review_comments(), "理由不充分");
}

TEST(ReviewCommands, OnlyWithholdingOutcomesWaitForSignOff) {
  for (v1::Outcome outcome :
       {v1::OUTCOME_UNAVAILABLE_NOT_HELD, v1::OUTCOME_NOT_PROCESSED_REPEAT, v1::OUTCOME_OTHER}) {
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
  EXPECT_NE(SubmitDraft(InDepartment(), draft, {}, officer, kNow)
                .status()
                .message()
                .find("`withheld` must mark at least one"),
            absl::string_view::npos);
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
  EXPECT_NE(
      SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message().find(".ground`"),
      absl::string_view::npos);
  span.set_ground(v1::OUTCOME_WITHHELD_THIRD_PARTY);
  *draft.add_withheld() = span;
  EXPECT_NE(
      SubmitDraft(InDepartment(), draft, {}, officer, kNow).status().message().find("overlap"),
      absl::string_view::npos);
  draft.mutable_withheld()->RemoveLast();

  auto submitted = SubmitDraft(InDepartment(), draft, {}, officer, kNow);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  // The ID number lies inside the withheld span: it does not go out, so it is no finding.
  EXPECT_EQ(submitted->after.draft().findings_size(), 0);
  EXPECT_EQ(ReleasedText(submitted->after.draft()),
            "经查，当事人身份证号［此处不予公开：保护第三方合法权益］，处罚决定书见附件。");

  v1::Draft full = draft;
  full.set_outcome(v1::OUTCOME_DISCLOSED);
  EXPECT_NE(SubmitDraft(InDepartment(), full, {}, officer, kNow)
                .status()
                .message()
                .find("`withheld` is only for OUTCOME_PARTIALLY_DISCLOSED"),
            absl::string_view::npos);
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

}  // namespace
}  // namespace gongkai
