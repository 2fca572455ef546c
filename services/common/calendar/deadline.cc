#include "calendar/deadline.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/clock.h"
#include "base/status_macros.h"

namespace gongkai {
namespace {

// Counting never needs more than 40 working days plus pauses; a year is a generous bound.
constexpr int kMaxDaysWalked = 366 * 2;

// The pause leaves out the days after its first day, through its last (ClockPause).
bool InPause(const ClockPause& pause, absl::CivilDay day) {
  return day > pause.from && day <= pause.to;
}

}  // namespace

absl::StatusOr<LegalReceipt> LegalReceiptDate(const ArrivalFacts& facts) {
  const auto not_before_arrival = [&](absl::CivilDay day, absl::string_view field) {
    return day < facts.arrived
               ? absl::InvalidArgumentError(absl::StrCat("`", field, "` is before the arrival"))
               : absl::OkStatus();
  };
  switch (facts.channel) {
    case v1::CHANNEL_IN_PERSON:
      return LegalReceipt{facts.arrived, "in person: the day it was handed in",
                          v1::RECEIPT_RULE_HANDED_IN};
    case v1::CHANNEL_REGISTERED_POST: {
      const absl::CivilDay day = facts.signed_for.value_or(facts.arrived);
      GK_RETURN_IF_ERROR(not_before_arrival(day, "signed_for"));
      return LegalReceipt{day, "registered post: the day the office signed for it",
                          v1::RECEIPT_RULE_SIGNED_FOR};
    }
    case v1::CHANNEL_ORDINARY_LETTER: {
      if (!facts.confirmed) {
        return absl::InvalidArgumentError(
            "`confirmed` is required for an ordinary letter: the day the office confirmed it "
            "with the applicant");
      }
      GK_RETURN_IF_ERROR(not_before_arrival(*facts.confirmed, "confirmed"));
      return LegalReceipt{*facts.confirmed,
                          "ordinary letter: the day the office confirmed it with the applicant",
                          v1::RECEIPT_RULE_CONFIRMED_LETTER};
    }
    case v1::CHANNEL_ONLINE:
    case v1::CHANNEL_FAX: {
      const absl::CivilDay day = facts.confirmed.value_or(facts.arrived);
      GK_RETURN_IF_ERROR(not_before_arrival(day, "confirmed"));
      return LegalReceipt{day, "online or fax: the day both sides confirmed it",
                          v1::RECEIPT_RULE_CONFIRMED_BOTH_SIDES};
    }
    case v1::CHANNEL_OTHER:
      return LegalReceipt{facts.arrived, "other channel: the day it reached the office",
                          v1::RECEIPT_RULE_ARRIVED};
    default:
      return absl::InvalidArgumentError("`channel` is required");
  }
}

absl::StatusOr<v1::Deadline> ComputeDeadline(const WorkingCalendar& calendar,
                                             const DeadlineInput& input) {
  if (input.extension_days < 0 || input.extension_days > kMaxExtensionDays) {
    return absl::InvalidArgumentError(
        absl::StrCat("`extension` must be between 0 and ", kMaxExtensionDays, " working days"));
  }
  if (input.supplement_received && *input.supplement_received < input.receipt) {
    return absl::InvalidArgumentError("`supplement_received` is before the receipt date");
  }
  if (input.pauses.size() > kMaxPauses) {
    return absl::InvalidArgumentError(absl::StrCat("at most ", kMaxPauses, " `pause` ranges"));
  }
  for (const ClockPause& pause : input.pauses) {
    if (pause.to < pause.from) return absl::InvalidArgumentError("a `pause` ends before it starts");
  }
  const absl::CivilDay start = input.supplement_received.value_or(input.receipt);
  if (input.later_due && *input.later_due <= start) {
    return absl::InvalidArgumentError("`later_due` must be after the day the clock starts from");
  }

  v1::Deadline deadline;
  deadline.set_receipt_date(FormatDay(input.receipt));
  deadline.set_receipt_rule(input.receipt_rule);
  deadline.set_receipt_rule_kind(input.receipt_rule_kind);
  deadline.set_clock_start(FormatDay(start));
  const int needed = kReplyWorkingDays + input.extension_days;
  deadline.set_working_days(needed);
  deadline.set_extension_days(input.extension_days);
  for (const ClockPause& pause : input.pauses) {
    deadline.add_paused(absl::StrCat(FormatDay(pause.from), ":", FormatDay(pause.to)));
  }

  auto& explanation = *deadline.mutable_explanation();
  explanation.Add(
      absl::StrCat("received ", FormatDay(input.receipt), " (",
                   input.receipt_rule.empty() ? "receipt date as given" : input.receipt_rule, ")"));
  if (input.supplement_received) {
    explanation.Add(absl::StrCat("supplement received ", FormatDay(start),
                                 ": the 20 working days run afresh from it (Art. 30)"));
  }
  explanation.Add(absl::StrCat("count ", kReplyWorkingDays, " working days after ",
                               FormatDay(start), ", that day not counted (Art. 33)"));
  if (input.extension_days > 0) {
    explanation.Add(absl::StrCat("extended by ", input.extension_days, " working days"));
  }

  int counted = 0;
  int paused_working_days = 0;                         // the union: each day once
  std::vector<int> paused_by(input.pauses.size(), 0);  // each pause's own share
  absl::CivilDay day = start;
  for (int walked = 0; counted < needed; ++walked) {
    if (walked >= kMaxDaysWalked) return absl::InternalError("deadline count did not end");
    ++day;
    GK_ASSIGN_OR_RETURN(DayInfo info, calendar.Classify(day));
    if (info.provisional) deadline.set_provisional(true);
    bool paused = false;
    for (size_t i = 0; i < input.pauses.size(); ++i) {
      if (!InPause(input.pauses[i], day)) continue;
      paused = true;
      if (info.working) ++paused_by[i];
    }
    if (paused) {
      if (info.working) ++paused_working_days;
      continue;
    }
    if (info.kind == DayKind::kHoliday && absl::GetWeekday(day) != absl::Weekday::saturday &&
        absl::GetWeekday(day) != absl::Weekday::sunday) {
      deadline.add_holidays_met(FormatDay(day));
    }
    if (info.kind == DayKind::kMakeUpWorkday) deadline.add_make_up_days_met(FormatDay(day));
    if (info.working) ++counted;
  }
  const absl::CivilDay ordinary_due = day;

  if (deadline.holidays_met_size() > 0) {
    explanation.Add(absl::StrCat(deadline.holidays_met_size(), " weekday(s) off not counted: ",
                                 absl::StrJoin(deadline.holidays_met(), ", ")));
  }
  for (const std::string& make_up : deadline.make_up_days_met()) {
    absl::CivilDay parsed;
    ParseDay(make_up, &parsed);
    explanation.Add(
        absl::StrCat(make_up, " (", WeekdayName(parsed), ") is a make-up working day and counted"));
  }
  for (size_t i = 0; i < input.pauses.size(); ++i) {
    deadline.add_paused_for(input.pauses[i].for_staff);
    deadline.add_paused_working_days(paused_by[i]);
  }
  deadline.set_paused_working_days_total(paused_working_days);
  for (size_t i = 0; i < input.pauses.size(); ++i) {
    const ClockPause& pause = input.pauses[i];
    explanation.Add(absl::StrCat(pause.why.empty() ? "paused" : pause.why, ": ", paused_by[i],
                                 " working day(s) not counted, those after ", FormatDay(pause.from),
                                 " up to and including ", FormatDay(pause.to)));
  }
  if (input.pauses.size() > 1) {
    explanation.Add(absl::StrCat(paused_working_days,
                                 " working day(s) not counted in all; a day in several pauses is "
                                 "left out once"));
  }
  if (deadline.provisional()) {
    explanation.Add(
        "PROVISIONAL: the count passes a year whose holiday notice is not loaded; weekends and "
        "the fixed-date holidays were assumed");
  }

  const bool later_date_rules = input.later_due && *input.later_due >= ordinary_due;
  if (input.later_due) {
    deadline.set_later_reply_date(FormatDay(*input.later_due));
    deadline.set_ordinary_due_date(FormatDay(ordinary_due));
    if (later_date_rules) {
      day = *input.later_due;
      explanation.Add(
          absl::StrCat("Art. 35: the office set a later reply date ", deadline.later_reply_date(),
                       "; it replaces the ordinary due date ", FormatDay(ordinary_due)));
    } else {
      explanation.Add(absl::StrCat(
          "Art. 35: the office set a later reply date ", deadline.later_reply_date(),
          ", but the ordinary count ends later, on ", FormatDay(ordinary_due), ", and stands"));
    }
  }
  deadline.set_due_date(FormatDay(day));
  explanation.Add(later_date_rules
                      ? absl::StrCat("due ", deadline.due_date(), " (", WeekdayName(day),
                                     "), the later reply date (Art. 35)")
                      : absl::StrCat("due ", deadline.due_date(), " (", WeekdayName(day), "), the ",
                                     needed, "th working day"));
  return deadline;
}

absl::StatusOr<v1::Deadline> InitialDeadline(const WorkingCalendar& calendar,
                                             const v1::InformationRequest& request) {
  ArrivalFacts facts;
  facts.channel = request.channel();
  if (!ParseDay(request.received_date(), &facts.arrived)) {
    return absl::InvalidArgumentError("`request.received_date` must be a date written YYYY-MM-DD");
  }
  absl::CivilDay day;
  if (ParseDay(request.signed_for_date(), &day)) facts.signed_for = day;
  if (ParseDay(request.confirmed_date(), &day)) facts.confirmed = day;
  GK_ASSIGN_OR_RETURN(LegalReceipt receipt, LegalReceiptDate(facts));
  return ComputeDeadline(
      calendar,
      {.receipt = receipt.date, .receipt_rule = receipt.rule, .receipt_rule_kind = receipt.kind});
}

absl::StatusOr<absl::CivilDay> AddWorkingDays(const WorkingCalendar& calendar, absl::CivilDay from,
                                              int days) {
  absl::CivilDay day = from;
  for (int counted = 0, walked = 0; counted < days; ++walked) {
    if (walked >= kMaxDaysWalked) return absl::InternalError("working-day count did not end");
    ++day;
    GK_ASSIGN_OR_RETURN(DayInfo info, calendar.Classify(day));
    if (info.working) ++counted;
  }
  return day;
}

absl::StatusOr<int> CountWorkingDays(const WorkingCalendar& calendar, absl::CivilDay from,
                                     absl::CivilDay to, const std::vector<ClockPause>& pauses) {
  if (to - from > kMaxDaysWalked * 4) return absl::InvalidArgumentError("range too long to count");
  int counted = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    bool paused = false;
    for (const ClockPause& pause : pauses) paused |= InPause(pause, day);
    if (paused) continue;
    GK_ASSIGN_OR_RETURN(DayInfo info, calendar.Classify(day));
    if (info.working) ++counted;
  }
  return counted;
}

absl::Time DueMoment(const v1::Deadline& deadline) {
  absl::CivilDay due;
  if (!ParseDay(deadline.due_date(), &due)) return absl::InfiniteFuture();
  return absl::FromCivil(due + 1, ChinaTimeZone());
}

}  // namespace gongkai
