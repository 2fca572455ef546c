// The commands on a case's consultations (征求意见, Art. 32-34): a third party or another agency
// is asked in writing; several may be asked at once. The clock stands while any is open (the
// time is not counted, Art. 33); each consulted party has 15 working days from the day it
// received the letter; a third party that objected and is overruled in the public interest is
// told in writing before the reply goes out (Art. 32).
//
// Example:
//   GK_ASSIGN_OR_RETURN(CaseChange change,
//                       StartConsultation(current, calendar, v1::CONSULTED_PARTY_THIRD_PARTY,
//                                         "某建材公司", "2026-03-10", officer, clock.Now()));
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "calendar/working_calendar.h"
#include "rules/case_commands.h"

namespace gongkai {

inline constexpr size_t kMaxPartyChars = 100;
// A bound on what one request may need, and on the pauses a deadline counts (kMaxPauses).
inline constexpr int kMaxConsultations = 10;

// The latest day of any step recorded on the case: the receipt and the clock's start, the
// supplement asked and received, every consultation's sent, received and ended days and its
// disclosure notice's, the extension, the fee's notice, receipt, payment and waiver, and the
// Art. 35 request, answer and decision. The commands load a case without its events, so these
// dates stand for its history. 1970-01-01 when none is recorded.
absl::CivilDay LastRecordedDay(const v1::Case& c);

// Sends a consultation letter on `sent_on` (not in the future, not before LastRecordedDay).
// Allowed while the clock runs or already stands for another consultation; the clock then stands
// (CONSULTING). The answer is due 15 working days after `sent_on`, provisionally, until the
// receipt is recorded. At most kMaxConsultations per case (FAILED_PRECONDITION).
absl::StatusOr<CaseChange> StartConsultation(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             v1::ConsultedParty party_type, absl::string_view party,
                                             absl::string_view sent_on, const v1::Actor& actor,
                                             absl::Time now);

// The consulted party received the letter on `received_on`: its 15 working days run from that
// day (Art. 32, 34) and the answer-due day is no longer provisional. `index` into the case's
// consultations may be left out while exactly one is open (INVALID_ARGUMENT `consultation`
// otherwise). Once per consultation, while it is open.
absl::StatusOr<CaseChange> RecordConsultationReceipt(const v1::Case& current,
                                                     const WorkingCalendar& calendar,
                                                     std::optional<int> index,
                                                     absl::string_view received_on,
                                                     const v1::Actor& actor, absl::Time now);

// `result`: answered, objected, or lapsed — lapsed only once the receipt is recorded and
// `ended_on` is after the answer-due day. With no consultation left open the clock runs again
// and the deadline is counted anew. `index` as for RecordConsultationReceipt.
absl::StatusOr<CaseChange> EndConsultation(const v1::Case& current, const WorkingCalendar& calendar,
                                           std::optional<int> index, absl::string_view ended_on,
                                           absl::string_view result, const v1::Actor& actor,
                                           absl::Time now);

// Art. 32: a third party objected and the decision discloses all the same
// (DisclosesOverObjection): the written notice to it, with `reasons`, issued today. May be issued
// again, replacing the earlier one, until its delivery is recorded. The service renders the
// text. `index` may be left out when exactly one consultation needs such a notice.
absl::StatusOr<CaseChange> IssueDisclosureNotice(const v1::Case& current, std::optional<int> index,
                                                 absl::string_view reasons, const v1::Actor& actor,
                                                 absl::Time now);

// The third party received the notice on `delivered_on` (on or after the day it was issued, not
// in the future). Once. `index` may be left out when exactly one notice awaits delivery.
absl::StatusOr<CaseChange> RecordDisclosureNoticeDelivery(const v1::Case& current,
                                                          std::optional<int> index,
                                                          absl::string_view delivered_on,
                                                          const v1::Actor& actor, absl::Time now);

}  // namespace gongkai
