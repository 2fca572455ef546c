// Recording a reconsideration (行政复议) or lawsuit (行政诉讼), for the annual report's table 四:
// against a closed case's reply, or against inaction (不作为: no reply came) whether the case is
// still open or was answered since.
//
// Example:
//   v1::Redress filed;  // kind, filed_on, result PENDING
//   GK_ASSIGN_OR_RETURN(CaseChange change, RecordRedress(closed, -1, filed, manager, now));
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rules/case_commands.h"

namespace gongkai {

inline constexpr int kMaxRedressPerCase = 10;

// `index` -1 (or the number recorded so far) records a new one; otherwise updates that record,
// e.g. with its decision (its kind and against_inaction stay as recorded). On an open case only
// redress against inaction may be recorded (FAILED_PRECONDITION otherwise: there is no reply to
// contest). Dates are checked: filed not in the future, and not before the case closed (against
// a reply) or before the legal receipt date (against inaction); decided on or after filing; a
// decided result needs its date and a pending one none.
absl::StatusOr<CaseChange> RecordRedress(const v1::Case& current, int index,
                                         const v1::Redress& redress, const v1::Actor& actor,
                                         absl::Time now);

}  // namespace gongkai
