#include "rules/review_commands.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "rules/case_change_builder.h"
#include "rules/consultation_checks.h"
#include "rules/outcomes.h"
#include "rules/registration_validation.h"
#include "screening/draft_screening.h"

namespace gongkai {
namespace {

// `who` names the role for the log, `act` the step for staff: 审查 (the reviewer), 签发 (the head).
absl::Status NotTheDrafter(const v1::Case& current, const v1::Actor& actor, absl::string_view who,
                           absl::string_view act) {
  if (actor.user_id() == current.draft().drafter()) {
    return StaffError(absl::StatusCode::kPermissionDenied,
                      absl::StrCat("拟稿人不能", act, "本人的拟稿：案件 ", current.case_number(),
                                   " 的答复由您拟稿，请由其他同事", act),
                      absl::StrCat("the ", who, " may not be the drafter: ", actor.user_id(),
                                   " drafted case ", current.case_number()));
  }
  return absl::OkStatus();
}

// Art. 36(5): the responsible agency and its contact, optional, and only for that outcome.
absl::Status ValidateResponsibleAgency(const v1::Draft& draft) {
  if (draft.outcome() != v1::OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY) {
    for (const auto& [field, value] : {std::pair<absl::string_view, absl::string_view>{
                                           "responsible_agency", draft.responsible_agency()},
                                       {"responsible_contact", draft.responsible_contact()}}) {
      if (!value.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "`", field, "` 仅用于 OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY（不属于本机关负责公开）"));
      }
    }
    return absl::OkStatus();
  }
  GK_RETURN_IF_ERROR(ValidateText("responsible_agency", draft.responsible_agency(),
                                  kMaxResponsibleAgencyChars, false));
  GK_RETURN_IF_ERROR(ValidateText("responsible_contact", draft.responsible_contact(),
                                  kMaxResponsibleContactChars, false));
  if (draft.responsible_agency().empty() && !draft.responsible_contact().empty()) {
    return absl::InvalidArgumentError("`responsible_contact` 须与 `responsible_agency` 一并填写");
  }
  return absl::OkStatus();
}

// Outcomes that only a command of their own reaches: the case closes there, with the history
// that justifies it (the supplement or fee notice lapsed), not on a department's draft.
absl::Status NotClosedByItsOwnCommand(v1::Outcome outcome) {
  if (outcome == v1::OUTCOME_OTHER_NO_SUPPLEMENT) {
    return absl::FailedPreconditionError(
        "`outcome` OUTCOME_OTHER_NO_SUPPLEMENT（逾期不补正）不能作为拟办意见提交：补正期限届满后"
        "按“逾期不补正结案”办理");
  }
  if (outcome == v1::OUTCOME_OTHER_FEE_UNPAID) {
    return absl::FailedPreconditionError(
        "`outcome` OUTCOME_OTHER_FEE_UNPAID（逾期未缴费）不能作为拟办意见提交：缴费期限届满后"
        "按“逾期未缴费结案”办理");
  }
  return absl::OkStatus();
}

// Outcomes that rest on an earlier step of the case (Art. 30, 35).
absl::Status StepTaken(const v1::Case& current, v1::Outcome outcome, absl::CivilDay today) {
  if (outcome == v1::OUTCOME_UNAVAILABLE_STILL_UNCLEAR &&
      current.supplement().received_on().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "`outcome` OUTCOME_UNAVAILABLE_STILL_UNCLEAR（补正后申请内容仍不明确）须在申请人补正之后："
        "案件 ",
        current.case_number(),
        current.supplement().requested_on().empty() ? " 尚未要求申请人补正" : " 尚未登记收到补正"));
  }
  if (outcome == v1::OUTCOME_NOT_PROCESSED_EXCESSIVE && current.excessive().asked_on().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "`outcome` OUTCOME_NOT_PROCESSED_EXCESSIVE（无正当理由大量反复申请）须先依条例第三十五条"
        "要求申请人说明理由：案件 ",
        current.case_number(), " 尚未要求申请人说明理由"));
  }
  if (outcome == v1::OUTCOME_NOT_PROCESSED_EXCESSIVE) {
    const v1::ExcessiveRequests& excessive = current.excessive();
    // The office judges the applicant's reasons: once they came, or the time to give them
    // passed. Reasons it accepted (a later reply date set) rule 不予处理 out.
    absl::CivilDay reply_by;
    if (excessive.answered_on().empty() &&
        (!ParseDay(excessive.reply_by(), &reply_by) || today <= reply_by)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "`outcome` OUTCOME_NOT_PROCESSED_EXCESSIVE：申请人可在 ", excessive.reply_by(),
          " 前说明理由，收到理由或期限届满后方可决定不予处理（条例第三十五条）"));
    }
    if (!excessive.later_reply_date().empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "`outcome` OUTCOME_NOT_PROCESSED_EXCESSIVE：本机关已认可申请人的理由并确定于 ",
          excessive.later_reply_date(), " 前答复（条例第三十五条），不能再不予处理"));
    }
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
            ? "`outcome` 必须填写"
            : absl::StrCat("`outcome` 的取值 ", draft.outcome(), " 无效"));
  }
  GK_RETURN_IF_ERROR(NotClosedByItsOwnCommand(draft.outcome()));
  GK_RETURN_IF_ERROR(
      ValidateText("grounds", draft.grounds(), kMaxGroundsChars, outcome->withholds));
  GK_RETURN_IF_ERROR(ValidateText("disclosed_text", draft.disclosed_text(), kMaxDisclosedTextChars,
                                  outcome->discloses));
  if (!outcome->discloses && !draft.disclosed_text().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("`disclosed_text` 须为空：",
                                                   v1::Outcome_Name(draft.outcome()), "（",
                                                   outcome->label, "）不公开任何信息"));
  }
  GK_RETURN_IF_ERROR(ValidateWithheld(draft));
  GK_RETURN_IF_ERROR(ValidateResponsibleAgency(draft));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kSubmitDraft, current, actor, now));
  GK_RETURN_IF_ERROR(StepTaken(current, draft.outcome(), ChinaDay(now)));
  v1::Draft& stored = *change.after.mutable_draft();
  stored.Clear();
  stored.set_outcome(draft.outcome());
  stored.set_proposed_outcome(draft.outcome());
  stored.set_grounds(draft.grounds());
  stored.set_disclosed_text(draft.disclosed_text());
  *stored.mutable_withheld() = draft.withheld();
  stored.set_responsible_agency(draft.responsible_agency());
  stored.set_responsible_contact(draft.responsible_contact());
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
  if (!stored.responsible_agency().empty()) {
    Detail(change, "responsible_agency", stored.responsible_agency());
  }
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> ResolveFinding(const v1::Case& current, int index,
                                          v1::FindingResolution resolution,
                                          absl::string_view reason, v1::Outcome ground,
                                          const v1::Actor& actor, absl::Time now) {
  if (resolution != v1::FINDING_RESOLUTION_REDACTED &&
      resolution != v1::FINDING_RESOLUTION_RELEASED) {
    return absl::InvalidArgumentError("`resolution` 须为隐去（REDACTED）或放行（RELEASED）");
  }
  const bool redacted = resolution == v1::FINDING_RESOLUTION_REDACTED;
  GK_RETURN_IF_ERROR(ValidateText("reason", reason, kMaxReasonChars, !redacted));
  if (redacted) {
    const OutcomeInfo* withholding = FindOutcome(ground);
    if (withholding == nullptr || !withholding->is_withholding_ground) {
      return absl::InvalidArgumentError(
          "`ground` 须为隐去该内容所依据的不予公开理由之一（OUTCOME_WITHHELD_...）");
    }
  } else if (ground != v1::OUTCOME_UNSPECIFIED) {
    return absl::InvalidArgumentError("`ground` 仅用于隐去（REDACTED）的内容，放行时不填");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kResolveFinding, current, actor, now));
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "reviewer", "审查"));
  if (index < 0 || index >= current.draft().findings_size()) {
    return absl::InvalidArgumentError(absl::StrCat("`finding` 须为拟办意见筛查结果的序号（0 至 ",
                                                   current.draft().findings_size() - 1, "）"));
  }
  v1::Draft& draft = *change.after.mutable_draft();
  v1::ScreeningFinding& finding = *draft.mutable_findings(index);
  finding.set_resolution(resolution);
  finding.set_reason(std::string(reason));
  finding.set_ground(ground);
  finding.set_resolved_by(actor.user_id());
  Detail(change, "finding", std::to_string(index));
  Detail(change, "kind", v1::FindingKind_Name(finding.kind()));
  Detail(change, "resolution", v1::FindingResolution_Name(resolution));
  if (redacted) Detail(change, "ground", v1::Outcome_Name(ground));
  if (!reason.empty()) Detail(change, "reason", reason);
  // A redaction withholds part of a full disclosure: the reply becomes 部分公开 (Art. 37),
  // with the ground stated and counted in 三(二); releasing every redaction undoes that.
  if (draft.proposed_outcome() == v1::OUTCOME_UNSPECIFIED) {
    draft.set_proposed_outcome(draft.outcome());  // submitted before outcomes were tracked
  }
  const v1::Outcome decided = OutcomeAfterReview(draft);
  if (decided != draft.outcome()) {
    draft.set_outcome(decided);
    Detail(change, "outcome", v1::Outcome_Name(decided));
  }
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> ClearDraft(const v1::Case& current, absl::string_view comments,
                                      const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("comments", comments, kMaxCommentsChars, false));
  const OutcomeInfo* outcome = FindOutcome(current.draft().outcome());
  // Disclosing over a third party's objection weighs the public interest against its rights
  // (Art. 32): the head signs that off like a withholding.
  const bool sign_off =
      (outcome != nullptr && outcome->needs_sign_off) || DisclosesOverAnyObjection(current);
  GK_ASSIGN_OR_RETURN(
      CaseChange change,
      Begin(sign_off ? Command::kClearForSignOff : Command::kClear, current, actor, now));
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "reviewer", "审查"));
  GK_RETURN_IF_ERROR(NoOpenConsultation(current, RuleOf(change.command).name));
  GK_RETURN_IF_ERROR(NotWaitingOnTheApplicant(current, RuleOf(change.command).name));
  if (const int open = UnresolvedFindings(current.draft()); open > 0) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("案件 ", current.case_number(), " 的拟稿还有 ", open,
                     " 处筛查发现未处理：请逐一遮盖，或说明可以公开的理由后放行，再审查通过"),
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
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "reviewer", "审查"));
  change.after.set_review_comments(std::string(comments));
  Detail(change, "comments", comments);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> SignOff(const v1::Case& current, absl::string_view comments,
                                   const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("comments", comments, kMaxCommentsChars, false));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kSignOff, current, actor, now));
  GK_RETURN_IF_ERROR(NotTheDrafter(current, actor, "office head signing off", "签发"));
  GK_RETURN_IF_ERROR(NoOpenConsultation(current, "SignOff"));
  GK_RETURN_IF_ERROR(NotWaitingOnTheApplicant(current, "SignOff"));
  if (actor.user_id() == current.reviewer()) {
    return StaffError(absl::StatusCode::kPermissionDenied,
                      absl::StrCat("签发须由保密审查人以外的人进行：案件 ", current.case_number(),
                                   " 由您审查，请由其他负责人签发"),
                      absl::StrCat("the second sign-off needs another person than the reviewer ",
                                   actor.user_id(), " of case ", current.case_number()));
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
