// The statutory clock of a request (Art. 30-33): the legal receipt date by channel, and the due
// date 20 working days after it (the receipt day itself not counted), restarted by a supplement,
// paused by consultations, lengthened by an extension.
//
// Example:
//   DeadlineInput input{.receipt = absl::CivilDay(2026, 9, 30)};
//   GK_ASSIGN_OR_RETURN(v1::Deadline deadline, ComputeDeadline(calendar, input));
//   // deadline.due_date() == "2026-11-03"
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

inline constexpr int kReplyWorkingDays = 20;  // Art. 33
inline constexpr int kMaxExtensionDays = 20;  // Art. 33: at most 20 further working days
inline constexpr int kMaxPauses = 10;

// What is known of how a request arrived, for the receipt rule of Art. 31.
struct ArrivalFacts {
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  absl::CivilDay arrived;                    // the day it reached the office
  std::optional<absl::CivilDay> signed_for;  // registered post: the day the office signed
  std::optional<absl::CivilDay> confirmed;   // letter, online, fax: the day of confirmation
};

struct LegalReceipt {
  absl::CivilDay date;
  std::string rule;  // e.g. "registered post: the day the office signed for it"
};

// The day the clock starts from. INVALID_ARGUMENT when a needed date is missing or a date comes
// before the arrival.
absl::StatusOr<LegalReceipt> LegalReceiptDate(const ArrivalFacts& facts);

struct DeadlineInput {
  absl::CivilDay receipt;
  std::string receipt_rule;
  std::optional<absl::CivilDay> supplement_received;  // 补正: the 20 days run afresh from it
  std::vector<std::pair<absl::CivilDay, absl::CivilDay>> pauses;  // inclusive, not counted
  int extension_days = 0;
};

// FAILED_PRECONDITION when the count reaches a year the calendar refuses to guess.
absl::StatusOr<v1::Deadline> ComputeDeadline(const WorkingCalendar& calendar,
                                             const DeadlineInput& input);

// The `days`-th working day after `from` (`from` itself not counted).
absl::StatusOr<absl::CivilDay> AddWorkingDays(const WorkingCalendar& calendar, absl::CivilDay from,
                                              int days);

// Working days in (from, to], leaving out the days of `pauses`: how long a reply took.
absl::StatusOr<int> CountWorkingDays(
    const WorkingCalendar& calendar, absl::CivilDay from, absl::CivilDay to,
    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& pauses);

// The deadline of a newly registered request, from its channel and dates.
absl::StatusOr<v1::Deadline> InitialDeadline(const WorkingCalendar& calendar,
                                             const v1::InformationRequest& request);

// The moment a due date passes: the end of that day in China time.
absl::Time DueMoment(const v1::Deadline& deadline);

}  // namespace gongkai
