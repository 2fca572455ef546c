#include "rules/review_commands.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/case_change_builder.h"
#include "rules/outcomes.h"
#include "rules/registration_validation.h"
#include "screening/draft_screening.h"

namespace gongkai {
namespace {

absl::Status NotTheDrafter(const v1::Case& current, const v1::Actor& actor, absl::string_view who) {
  if (actor.user_id() == current.draft().drafter()) {
    return absl::PermissionDeniedError(absl::StrCat("the ", who,
                                                    " may not be the drafter: ", actor.user_id(),
                                                    " drafted case ", current.case_number()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CaseChange> SubmitDraft(const v1::Case& current, const v1::Draft& draft,
                                       const ScreeningOptions& screening, const v1::Actor& actor,
                                       absl::Time now) {
  const OutcomeInfo* outcome = FindOutcome(draft.outcome());
  if (outcome == nullptr) {
    return absl::InvalidArgumentError(
        draft.outcome() == v1::OUTCOME_UNSPECIFIED
            ? "`outcome` is required"
            : absl::StrCat("`outcome` has unknown value ", draft.outcome()));
  }
  GK_RETURN_IF_ERROR(
      ValidateText("grounds", draft.grounds(), kMaxGroundsChars, outcome->withholds));
  GK_RETURN_IF_ERROR(ValidateText("disclosed_text", draft.disclosed_text(), kMaxDisclosedTextChars,
                                  outcome->discloses));
  if (!outcome->discloses && !draft.disclosed_text().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("`disclosed_text` must be empty for ",
                                                   v1::Outcome_Name(draft.outcome()),
                                                   ", which releases nothing"));
  }
  GK_RETURN_IF_ERROR(ValidateWithheld(draft));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kSubmitDraft, current, actor, now));
  v1::Draft& stored = *change.after.mutable_draft();
  stored.Clear();
  stored.set_outcome(draft.outcome());
  stored.set_grounds(draft.grounds());
  stored.set_disclosed_text(draft.disclosed_text());
  *stored.mutable_withheld() = draft.withheld();
  stored.set_drafter(actor.user_id());
  stored.set_submitted_at(FormatTimestamp(now));
  *stored.mutable_findings() = ScreenDraft(stored, screening);
  change.after.clear_reviewer();
  change.after.clear_review_comments();
  Detail(change, "outcome", v1::Outcome_Name(draft.outcome()));
  Detail(change, "findings", std::to_string(stored.findings_size()));
  if (stored.withheld_size() > 0) {
    Detail(change, "withheld_spans", std::to_string(stored.withheld_size()));
  }
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> ResolveFinding(const v1::Case& current, int index,
                                          v1::FindingResolution resolution,
                                          absl::string_view reason, const v1::Actor& actor,
                                          absl::Time now) {
  if (resolution != v1::FINDING_RESOLUTION_REDACTED &&
      resolution != v1::FINDING_RESOLUTION_RELEASED) {
    return absl::InvalidArgumentError("`resolution` must be REDACTED or RELEASED");
  }
  GK_RETURN_IF_ERROR(ValidateText("reason", reason, kMaxReasonChars,
                                  resolution == v1::FINDING_RESOLUTION_RELEASED));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kResolveFinding, current, actor, now));
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "reviewer"));
  if (index < 0 || index >= current.draft().findings_size()) {
    return absl::InvalidArgumentError(absl::StrCat("`finding` must be an index from 0 to ",
                                                   current.draft().findings_size() - 1,
                                                   " of the draft's findings"));
  }
  v1::ScreeningFinding& finding = *change.after.mutable_draft()->mutable_findings(index);
  finding.set_resolution(resolution);
  finding.set_reason(std::string(reason));
  finding.set_resolved_by(actor.user_id());
  Detail(change, "finding", std::to_string(index));
  Detail(change, "kind", v1::FindingKind_Name(finding.kind()));
  Detail(change, "resolution", v1::FindingResolution_Name(resolution));
  if (!reason.empty()) Detail(change, "reason", reason);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> ClearDraft(const v1::Case& current, absl::string_view comments,
                                      const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("comments", comments, kMaxCommentsChars, false));
  const OutcomeInfo* outcome = FindOutcome(current.draft().outcome());
  const bool sign_off = outcome != nullptr && outcome->needs_sign_off;
  GK_ASSIGN_OR_RETURN(
      CaseChange change,
      Begin(sign_off ? Command::kClearForSignOff : Command::kClear, current, actor, now));
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "reviewer"));
  if (const int open = UnresolvedFindings(current.draft()); open > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the draft of case ", current.case_number(), " has ", open,
                     " unresolved screening finding(s): redact each or record why it may go out"));
  }
  change.after.set_reviewer(actor.user_id());
  change.after.set_review_comments(std::string(comments));
  Detail(change, "outcome", v1::Outcome_Name(current.draft().outcome()));
  if (!comments.empty()) Detail(change, "comments", comments);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> ReturnDraft(const v1::Case& current, absl::string_view comments,
                                       const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("comments", comments, kMaxCommentsChars, true));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kReturn, current, actor, now));
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "reviewer"));
  change.after.set_review_comments(std::string(comments));
  Detail(change, "comments", comments);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> SignOff(const v1::Case& current, absl::string_view comments,
                                   const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("comments", comments, kMaxCommentsChars, false));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kSignOff, current, actor, now));
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "office head signing off"));
  if (actor.user_id() == current.reviewer()) {
    return absl::PermissionDeniedError(
        absl::StrCat("the second sign-off needs another person than the reviewer ", actor.user_id(),
                     " of case ", current.case_number()));
  }
  change.after.mutable_draft()->set_signed_off_by(actor.user_id());
  Detail(change, "outcome", v1::Outcome_Name(current.draft().outcome()));
  if (!comments.empty()) Detail(change, "comments", comments);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RefuseSignOff(const v1::Case& current, absl::string_view comments,
                                         const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("comments", comments, kMaxCommentsChars, true));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRefuseSignOff, current, actor, now));
  change.after.set_review_comments(std::string(comments));
  change.after.clear_reviewer();
  Detail(change, "comments", comments);
  return Finish(std::move(change));
}

}  // namespace gongkai
