// Recording a reconsideration (行政复议) or lawsuit (行政诉讼) against a closed case's reply, for
// the annual report's table 四.
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
// e.g. with its decision. Dates are checked: filed after the case closed and not in the future,
// decided on or after filing; a decided result needs its date and a pending one none.
absl::StatusOr<CaseChange> RecordRedress(const v1::Case& current, int index,
                                         const v1::Redress& redress, const v1::Actor& actor,
                                         absl::Time now);

}  // namespace gongkai
