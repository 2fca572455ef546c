// The commands on a case's statutory clock (Art. 30-33): supplement, extension, and
// re-computation when the calendar changes; and what every command that moves the clock shares
// (consultations: consultation_commands.h; fees: fee_commands.h; Art. 35: excessive_requests.h).
// Like the workflow commands, pure functions that return the change for the store to commit
// atomically.
//
// Example:
//   GK_ASSIGN_OR_RETURN(CaseChange change,
//                       GrantExtension(current, calendar, 20, "需调取档案", head, clock.Now()));
#pragma once

#include "absl/status/statusor.h"
#include "calendar/deadline.h"
#include "calendar/working_calendar.h"
#include "rules/case_commands.h"

namespace gongkai {

inline constexpr int kSupplementNoticeWorkingDays = 7;  // Art. 30
inline constexpr int kConsultationWorkingDays = 15;     // Art. 32, 34
inline constexpr size_t kMaxItemsChars = 1000;

// Counts the deadline of `change.after` again from its clock history (DeadlineInputOf) and
// records the new due date in the change's event. Every command that moves the clock ends so.
absl::Status RecountDeadline(CaseChange& change, const WorkingCalendar& calendar);

// What the case's history gives the deadline computation: the receipt, a received supplement,
// the ended consultations (each pausing (sent_on, min(ended_on, answer_due)]), a paid or waived
// fee (pausing (issued_on, paid_on or waived_on]), the extension and an Art. 35 later date.
DeadlineInput DeadlineInputOf(const v1::Case& current);

// OK while the clock runs; FAILED_PRECONDITION naming `command` while it is stopped or paused
// (a supplement, a consultation, a fee notice unpaid: AWAITING_FEE is not running).
absl::Status RequireRunningClock(const v1::Case& c, absl::string_view command);

// A date field: YYYY-MM-DD, not after today; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> ParsePastDay(absl::string_view field, absl::string_view text,
                                            absl::CivilDay today);

// A date the commands stored themselves; 1970-01-01 when empty.
absl::CivilDay StoredDay(absl::string_view text);

// Within 7 working days of receipt, once: the clock stops until the supplement arrives.
absl::StatusOr<CaseChange> RequestSupplement(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             absl::string_view items, absl::string_view reply_by,
                                             const v1::Actor& actor, absl::Time now);

// The 20 working days run afresh from `received_on`.
absl::StatusOr<CaseChange> ReceiveSupplement(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             absl::string_view received_on, const v1::Actor& actor,
                                             absl::Time now);

// After the period given for the supplement: the application counts as abandoned and closes
// with the outcome 其他处理（逾期不补正）.
absl::StatusOr<CaseChange> CloseUnsupplemented(const v1::Case& current, const v1::Actor& actor,
                                               absl::Time now);

// Once, at most 20 working days, asked on or before the due date, by the head of the office
// (PERMISSION_DENIED for anyone else). Not after an Art. 35 later reply date was set: that date
// replaces the ordinary period (FAILED_PRECONDITION).
absl::StatusOr<CaseChange> GrantExtension(const v1::Case& current, const WorkingCalendar& calendar,
                                          int days, absl::string_view reason,
                                          const v1::Actor& actor, absl::Time now);

// The deadline counted again with `calendar`. FAILED_PRECONDITION when the clock is not running;
// the caller skips a change whose deadline did not move.
absl::StatusOr<CaseChange> RecomputeDeadline(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             const v1::Actor& actor, absl::Time now);

}  // namespace gongkai
