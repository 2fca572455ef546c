// Art. 35 (大量、频繁申请): where the number or frequency of an applicant's requests clearly
// exceeds what is reasonable, the office may ask the applicant for reasons; if the reasons hold
// but the office cannot answer in the ordinary period, it sets a reasonable later reply date and
// tells the applicant. The law does not stop the clock while reasons are asked for. (Unreasonable
// reasons end in the reply 不予处理, 三(五)4, which the department drafts as any other outcome.)
// The service renders the letters.
//
// Example:
//   GK_ASSIGN_OR_RETURN(CaseChange change,
//                       SetLaterReplyDate(current, calendar, "2026-05-29", "需逐件调阅档案",
//                                         head, clock.Now()));
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "calendar/working_calendar.h"
#include "rules/case_commands.h"

namespace gongkai {

inline constexpr size_t kMaxQuestionsChars = 1000;
inline constexpr size_t kMaxAnswerChars = 2000;
// How far after the clock's start a later reply date may lie. Art. 35 says only "reasonable"; the
// bound is the system's: five times the ordinary 20 working days, far beyond the ordinary period
// with its extension (40), so a real decision fits, while a mistyped year does not silently put a
// case out of every reminder for years.
inline constexpr int kMaxLaterReplyWorkingDays = 100;

// Asks the applicant, once, to explain the number or frequency of the requests (`questions`), by
// `reply_by` (after today). The clock keeps running.
absl::StatusOr<CaseChange> AskForReasons(const v1::Case& current, absl::string_view questions,
                                         absl::string_view reply_by, const v1::Actor& actor,
                                         absl::Time now);

// The applicant's reasons (`answer`, summarised) arrived on `answered_on`: on or after the day
// they were asked for, not in the future. Once.
absl::StatusOr<CaseChange> RecordReasons(const v1::Case& current, absl::string_view answered_on,
                                         absl::string_view answer, const v1::Actor& actor,
                                         absl::Time now);

// The head of the office (PERMISSION_DENIED for anyone else) sets, once, a reasonable later
// reply date after the reasons were asked for and answered, while the clock runs and on or before
// the current due date: a date after that due date and within kMaxLaterReplyWorkingDays of the
// clock's start. The date becomes
// the due date (Deadline.later_reply_date) and no extension is granted after it.
absl::StatusOr<CaseChange> SetLaterReplyDate(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             absl::string_view later_reply_date,
                                             absl::string_view reasons, const v1::Actor& actor,
                                             absl::Time now);

}  // namespace gongkai
