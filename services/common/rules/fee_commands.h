// The commands of an information-processing fee (信息处理费, Art. 42; 国办函〔2020〕109号): the
// fee notice (收费通知), its receipt, the payment or waiver, and the lapse of an unpaid fee. Like
// the clock commands, pure functions that return the change for the store to commit atomically.
//
// While a fee is awaited the clock is AWAITING_FEE: the working days after the notice was sent,
// up to and including the day it was paid or waived, are not counted (DeadlineInputOf).
//
// Example:
//   GK_ASSIGN_OR_RETURN(CaseChange change,
//                       IssueFeeNotice(current, v1::FEE_BASIS_PER_VOLUME, 250, 3, officer,
//                                      clock.Now()));
//   // change.after.fee().amount_yuan() == 4700
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "calendar/working_calendar.h"
#include "rules/case_commands.h"

namespace gongkai {

// The applicant pays within 20 working days from the day after receiving the notice.
inline constexpr int kFeePaymentWorkingDays = 20;

// Sends the one fee notice of a case, within the reply period, while the clock runs. Per request
// (`requests_in_month`: this request's place in the applicant's calendar month, counted by the
// caller from the cases; `pages` must be 0) or per volume (`pages`, 1 or more). A fee of 0 yuan
// is FAILED_PRECONDITION: there is nothing to charge. The clock then awaits the fee. The notice
// text (Fee.notice) is rendered by the service.
absl::StatusOr<CaseChange> IssueFeeNotice(const v1::Case& current, v1::FeeBasis basis, int pages,
                                          int requests_in_month, const v1::Actor& actor,
                                          absl::Time now);

// The applicant received the notice on `received_on` (YYYY-MM-DD, not before it was sent, not in
// the future), once: the last day to pay is the 20th working day after it.
absl::StatusOr<CaseChange> RecordFeeNoticeReceipt(const v1::Case& current,
                                                  const WorkingCalendar& calendar,
                                                  absl::string_view received_on,
                                                  const v1::Actor& actor, absl::Time now);

// The fee was paid on `paid_on` (not before the notice, not in the future, not after the last day
// to pay); `reference` is the payment's receipt number. The clock runs again, the due date moved
// by the working days it waited.
absl::StatusOr<CaseChange> RecordFeePayment(const v1::Case& current,
                                            const WorkingCalendar& calendar,
                                            absl::string_view paid_on, absl::string_view reference,
                                            const v1::Actor& actor, absl::Time now);

// The head of the office (PERMISSION_DENIED for anyone else) waives the fee today, for `reason`,
// before the last day to pay has passed. The clock runs again, as after a payment.
absl::StatusOr<CaseChange> WaiveFee(const v1::Case& current, const WorkingCalendar& calendar,
                                    absl::string_view reason, const v1::Actor& actor,
                                    absl::Time now);

// After the last day to pay: the application counts as abandoned and closes with the outcome
// 其他处理（逾期未缴纳费用）, report row 三(六)2.
absl::StatusOr<CaseChange> CloseFeeUnpaid(const v1::Case& current, const v1::Actor& actor,
                                          absl::Time now);

}  // namespace gongkai
