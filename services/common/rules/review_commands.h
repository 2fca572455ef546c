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

// `draft` carries outcome, grounds, disclosed_text and the withheld spans; drafter, time and
// the screener's findings are filled in here.
absl::StatusOr<CaseChange> SubmitDraft(const v1::Case& current, const v1::Draft& draft,
                                       const ScreeningOptions& screening, const v1::Actor& actor,
                                       absl::Time now);

// REDACTED or RELEASED (with a reason) for the finding at `index`.
absl::StatusOr<CaseChange> ResolveFinding(const v1::Case& current, int index,
                                          v1::FindingResolution resolution,
                                          absl::string_view reason, const v1::Actor& actor,
                                          absl::Time now);

// FAILED_PRECONDITION while a finding is unresolved; PERMISSION_DENIED when the reviewer drafted
// the answer. Leads to SIGN_OFF when the outcome needs the office head's sign-off, else CLEARED.
absl::StatusOr<CaseChange> ClearDraft(const v1::Case& current, absl::string_view comments,
                                      const v1::Actor& actor, absl::Time now);

absl::StatusOr<CaseChange> ReturnDraft(const v1::Case& current, absl::string_view comments,
                                       const v1::Actor& actor, absl::Time now);

// The second sign-off: PERMISSION_DENIED for the drafter and for the reviewer who cleared it.
absl::StatusOr<CaseChange> SignOff(const v1::Case& current, absl::string_view comments,
                                   const v1::Actor& actor, absl::Time now);

// The head refuses: the draft returns to the department with the comments (required).
absl::StatusOr<CaseChange> RefuseSignOff(const v1::Case& current, absl::string_view comments,
                                         const v1::Actor& actor, absl::Time now);

}  // namespace gongkai
