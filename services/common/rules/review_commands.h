// The confidentiality review (保密审查) as commands on a case: the department's draft is
// screened on submission; the reviewer (never the drafter) resolves every finding, then clears
// or returns it; a decision that withholds information needs the office head's sign-off.
//
// Example:
//   GK_ASSIGN_OR_RETURN(CaseChange change, ClearDraft(current, "", reviewer, now));
//   // change.after.state() == CASE_STATE_SIGN_OFF for 不予公开 and 部分公开, else CLEARED
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "gongkai/v1/case.pb.h"
#include "rules/case_commands.h"
#include "screening/screening.h"

namespace gongkai {

// `draft` carries outcome, grounds, disclosed_text, the withheld spans and, for 不属于本机关负责
// 公开 only, the responsible agency and its contact; drafter, time, proposed_outcome and the
// screener's findings are filled in here. FAILED_PRECONDITION for an outcome whose step has not
// happened: 补正后仍不明确 before a supplement was received, 大量反复申请 before the applicant
// was asked for reasons (Art. 35); 逾期不补正 and 逾期未缴费 never (CloseUnsupplemented,
// CloseFeeUnpaid close with them).
absl::StatusOr<CaseChange> SubmitDraft(const v1::Case& current, const v1::Draft& draft,
                                       const ScreeningOptions& screening, const v1::Actor& actor,
                                       absl::Time now);

// REDACTED on a withholding `ground` (one of the 不予公开 outcomes), or RELEASED with a reason
// and no ground, for the finding at `index`. Afterwards the draft's outcome is
// OutcomeAfterReview: a redaction in a full disclosure makes it 部分公开.
absl::StatusOr<CaseChange> ResolveFinding(const v1::Case& current, int index,
                                          v1::FindingResolution resolution,
                                          absl::string_view reason, v1::Outcome ground,
                                          const v1::Actor& actor, absl::Time now);

// FAILED_PRECONDITION while a finding is unresolved or a consultation is open; PERMISSION_DENIED
// when the reviewer drafted the answer. Leads to SIGN_OFF when the outcome needs the office head's
// sign-off, else CLEARED.
absl::StatusOr<CaseChange> ClearDraft(const v1::Case& current, absl::string_view comments,
                                      const v1::Actor& actor, absl::Time now);

absl::StatusOr<CaseChange> ReturnDraft(const v1::Case& current, absl::string_view comments,
                                       const v1::Actor& actor, absl::Time now);

// The second sign-off: PERMISSION_DENIED for the drafter and for the reviewer who cleared it;
// FAILED_PRECONDITION while a consultation is open.
absl::StatusOr<CaseChange> SignOff(const v1::Case& current, absl::string_view comments,
                                   const v1::Actor& actor, absl::Time now);

// The head refuses: the draft returns to the department with the comments (required).
absl::StatusOr<CaseChange> RefuseSignOff(const v1::Case& current, absl::string_view comments,
                                         const v1::Actor& actor, absl::Time now);

}  // namespace gongkai
