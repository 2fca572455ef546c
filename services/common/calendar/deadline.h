// The statutory clock of a request (Art. 30-35): the legal receipt date by channel, and the due
// date 20 working days after it (the receipt day itself not counted), restarted by a supplement,
// paused by consultations and an unpaid fee, lengthened by an extension, replaced by an Art. 35
// later reply date.
//
// Example:
//   DeadlineInput input{.receipt = absl::CivilDay(2026, 9, 30)};
//   GK_ASSIGN_OR_RETURN(v1::Deadline deadline, ComputeDeadline(calendar, input));
//   // deadline.due_date() == "2026-11-03"
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "calendar/working_calendar.h"
#include "gongkai/v1/case.pb.h"

namespace gongkai {

inline constexpr int kReplyWorkingDays = 20;  // Art. 33
inline constexpr int kMaxExtensionDays = 20;  // Art. 33: at most 20 further working days
// At most 10 consultations (consultation_commands.h) and one fee notice.
inline constexpr int kMaxPauses = 11;

// What is known of how a request arrived, for the receipt rule of Art. 31.
struct ArrivalFacts {
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  absl::CivilDay arrived{};                    // the day it reached the office
  std::optional<absl::CivilDay> signed_for{};  // registered post: the day the office signed
  std::optional<absl::CivilDay> confirmed{};   // letter, online, fax: the day of confirmation
};

struct LegalReceipt {
  absl::CivilDay date;
  std::string rule;  // e.g. "registered post: the day the office signed for it"
  v1::ReceiptRule kind = v1::RECEIPT_RULE_UNSPECIFIED;
};

// The day the clock starts from. INVALID_ARGUMENT when a needed date is missing or a date comes
// before the arrival.
absl::StatusOr<LegalReceipt> LegalReceiptDate(const ArrivalFacts& facts);

// A stretch the clock stood still: the working days AFTER `from` up to and including `to` are
// not counted (Art. 33, as issue 13 reads it): the day a consultation was sent still counts, the
// day its answer came does not. A consultation sent and answered on the same day removes nothing.
struct ClockPause {
  absl::CivilDay from{};
  absl::CivilDay to{};
  std::string why{};        // for the explanation, e.g. "consultation: 某建材公司 (Art. 33)"
  std::string for_staff{};  // the same in Chinese, e.g. "征求某建材公司意见"
};

struct DeadlineInput {
  absl::CivilDay receipt{};
  std::string receipt_rule{};
  v1::ReceiptRule receipt_rule_kind = v1::RECEIPT_RULE_UNSPECIFIED;
  std::optional<absl::CivilDay> supplement_received{};  // 补正: the 20 days run afresh from it
  std::vector<ClockPause> pauses{};  // a union: a day in several pauses is left out once
  int extension_days = 0;
  // Art. 35: the reasonable later reply date the office set. It is the due date, unless the
  // ordinary count ends later still (the office may give the applicant's request more time
  // than the law's period, never less).
  std::optional<absl::CivilDay> later_due{};
};

// FAILED_PRECONDITION when the count reaches a year the calendar refuses to guess.
absl::StatusOr<v1::Deadline> ComputeDeadline(const WorkingCalendar& calendar,
                                             const DeadlineInput& input);

// The `days`-th working day after `from` (`from` itself not counted).
absl::StatusOr<absl::CivilDay> AddWorkingDays(const WorkingCalendar& calendar, absl::CivilDay from,
                                              int days);

// Working days in (from, to], leaving out the days of `pauses` (as ComputeDeadline does): how
// long a reply took.
absl::StatusOr<int> CountWorkingDays(const WorkingCalendar& calendar, absl::CivilDay from,
                                     absl::CivilDay to, const std::vector<ClockPause>& pauses);

// The deadline of a newly registered request, from its channel and dates.
absl::StatusOr<v1::Deadline> InitialDeadline(const WorkingCalendar& calendar,
                                             const v1::InformationRequest& request);

// The moment a due date passes: the end of that day in China time.
absl::Time DueMoment(const v1::Deadline& deadline);

}  // namespace gongkai
