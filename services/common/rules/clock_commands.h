// The commands on a case's statutory clock (Art. 30-34): supplement, consultation, extension,
// and re-computation when the calendar changes. Like the workflow commands, pure functions that
// return the change for the store to commit atomically.
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
inline constexpr size_t kMaxPartyChars = 100;

// What the case's history gives the deadline computation: the receipt, a received supplement,
// the ended consultations and the extension.
DeadlineInput DeadlineInputOf(const v1::Case& current);

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

absl::StatusOr<CaseChange> StartConsultation(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             v1::ConsultedParty party_type, absl::string_view party,
                                             absl::string_view sent_on, const v1::Actor& actor,
                                             absl::Time now);

// `result`: answered, objected, or lapsed (only after the 15 working days).
absl::StatusOr<CaseChange> EndConsultation(const v1::Case& current, const WorkingCalendar& calendar,
                                           absl::string_view ended_on, absl::string_view result,
                                           const v1::Actor& actor, absl::Time now);

// Once, at most 20 working days, asked on or before the due date, by the head of the office
// (PERMISSION_DENIED for anyone else).
absl::StatusOr<CaseChange> GrantExtension(const v1::Case& current, const WorkingCalendar& calendar,
                                          int days, absl::string_view reason,
                                          const v1::Actor& actor, absl::Time now);

// The deadline counted again with `calendar`. FAILED_PRECONDITION when the clock is not running;
// the caller skips a change whose deadline did not move.
absl::StatusOr<CaseChange> RecomputeDeadline(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             const v1::Actor& actor, absl::Time now);

}  // namespace gongkai
