#include "rules/clock_commands.h"

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "rules/case_change_builder.h"
#include "rules/registration_validation.h"

namespace gongkai {
namespace {

bool Running(const v1::Case& c) {
  return c.clock() == v1::CLOCK_STATE_RUNNING || c.clock() == v1::CLOCK_STATE_UNSPECIFIED;
}

absl::Status NeedsRunningClock(const v1::Case& c, absl::string_view command) {
  if (Running(c)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat(command, " needs a running clock; case ", c.case_number(), "'s clock is ",
                   v1::ClockState_Name(c.clock()).substr(std::string("CLOCK_STATE_").size())));
}

// A date field: YYYY-MM-DD, not after today.
absl::StatusOr<absl::CivilDay> PastDate(absl::string_view field, absl::string_view text,
                                        absl::CivilDay today) {
  absl::CivilDay day;
  if (!ParseDay(text, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("`", field, "` must be a date written YYYY-MM-DD"));
  }
  if (day > today)
    return absl::InvalidArgumentError(absl::StrCat("`", field, "` is in the future"));
  return day;
}

absl::CivilDay DayOrEpoch(absl::string_view text) {
  absl::CivilDay day;
  ParseDay(text, &day);
  return day;
}

// Recomputes the deadline of `change.after` from its clock history.
absl::Status Recount(CaseChange& change, const WorkingCalendar& calendar) {
  GK_ASSIGN_OR_RETURN(v1::Deadline deadline,
                      ComputeDeadline(calendar, DeadlineInputOf(change.after)));
  *change.after.mutable_deadline() = deadline;
  Detail(change, "due_date",
         deadline.provisional() ? absl::StrCat(deadline.due_date(), " (provisional)")
                                : deadline.due_date());
  return absl::OkStatus();
}

}  // namespace

DeadlineInput DeadlineInputOf(const v1::Case& current) {
  const v1::Deadline& deadline = current.deadline();
  DeadlineInput input{.receipt = DayOrEpoch(deadline.receipt_date()),
                      .receipt_rule = deadline.receipt_rule()};
  if (!current.supplement().received_on().empty()) {
    input.supplement_received = DayOrEpoch(current.supplement().received_on());
  }
  for (const v1::Consultation& consultation : current.consultations()) {
    if (consultation.ended_on().empty()) continue;
    input.pauses.emplace_back(DayOrEpoch(consultation.sent_on()),
                              DayOrEpoch(consultation.ended_on()));
  }
  input.extension_days = current.extension().days();
  return input;
}

absl::StatusOr<CaseChange> RequestSupplement(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             absl::string_view items, absl::string_view reply_by,
                                             const v1::Actor& actor, absl::Time now) {
  GK_RETURN_IF_ERROR(ValidateText("items", items, kMaxItemsChars, true));
  const absl::CivilDay today = ChinaDay(now);
  absl::CivilDay reply_day;
  if (!ParseDay(reply_by, &reply_day)) {
    return absl::InvalidArgumentError("`reply_by` must be a date written YYYY-MM-DD");
  }
  if (reply_day <= today) return absl::InvalidArgumentError("`reply_by` must be after today");
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRequestSupplement, current, actor, now));
  if (!current.supplement().requested_on().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("a supplement was already requested on ", current.supplement().requested_on(),
                     "; the applicant is told once, all at once (Art. 30)"));
  }
  GK_RETURN_IF_ERROR(NeedsRunningClock(current, "RequestSupplement"));
  GK_ASSIGN_OR_RETURN(absl::CivilDay last_day,
                      AddWorkingDays(calendar, DayOrEpoch(current.deadline().receipt_date()),
                                     kSupplementNoticeWorkingDays));
  if (today > last_day) {
    return absl::FailedPreconditionError(
        absl::StrCat("a supplement must be requested within 7 working days of receipt, by ",
                     FormatDay(last_day), " (Art. 30)"));
  }
  v1::Supplement& supplement = *change.after.mutable_supplement();
  supplement.set_requested_on(FormatDay(today));
  supplement.set_items(std::string(items));
  supplement.set_reply_by(std::string(reply_by));
  change.after.set_clock(v1::CLOCK_STATE_AWAITING_SUPPLEMENT);
  Detail(change, "items", items);
  Detail(change, "reply_by", reply_by);
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> ReceiveSupplement(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             absl::string_view received_on, const v1::Actor& actor,
                                             absl::Time now) {
  GK_ASSIGN_OR_RETURN(absl::CivilDay received, PastDate("received_on", received_on, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kReceiveSupplement, current, actor, now));
  if (current.clock() != v1::CLOCK_STATE_AWAITING_SUPPLEMENT) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", current.case_number(), " is not awaiting a supplement"));
  }
  if (received < DayOrEpoch(current.supplement().requested_on())) {
    return absl::InvalidArgumentError("`received_on` is before the supplement was requested");
  }
  change.after.mutable_supplement()->set_received_on(std::string(received_on));
  change.after.set_clock(v1::CLOCK_STATE_RUNNING);
  Detail(change, "received_on", received_on);
  if (received > DayOrEpoch(current.supplement().reply_by())) Detail(change, "late", "true");
  GK_RETURN_IF_ERROR(Recount(change, calendar));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> CloseUnsupplemented(const v1::Case& current, const v1::Actor& actor,
                                               absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kCloseUnsupplemented, current, actor, now));
  if (current.clock() != v1::CLOCK_STATE_AWAITING_SUPPLEMENT) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", current.case_number(), " is not awaiting a supplement"));
  }
  if (ChinaDay(now) <= DayOrEpoch(current.supplement().reply_by())) {
    return absl::FailedPreconditionError(
        absl::StrCat("the applicant may supplement until ", current.supplement().reply_by()));
  }
  v1::Draft& outcome = *change.after.mutable_draft();
  outcome.set_outcome(v1::OUTCOME_OTHER_NO_SUPPLEMENT);
  outcome.set_grounds(absl::StrCat("申请人未在", current.supplement().reply_by(),
                                   "前补正，视为放弃申请（第三十条）"));
  change.after.set_clock(v1::CLOCK_STATE_STOPPED);
  change.after.set_closed_on(FormatDay(ChinaDay(now)));
  // The office tells the applicant it stops processing: a reply letter of this outcome, dated
  // today (rendered by the service, which knows the agency).
  change.after.set_reply_date(change.after.closed_on());
  Detail(change, "outcome", v1::Outcome_Name(v1::OUTCOME_OTHER_NO_SUPPLEMENT));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> StartConsultation(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             v1::ConsultedParty party_type, absl::string_view party,
                                             absl::string_view sent_on, const v1::Actor& actor,
                                             absl::Time now) {
  if (party_type == v1::CONSULTED_PARTY_UNSPECIFIED || !v1::ConsultedParty_IsValid(party_type)) {
    return absl::InvalidArgumentError("`party_type` must be third_party or other_agency");
  }
  GK_RETURN_IF_ERROR(ValidateText("party", party, kMaxPartyChars, true));
  GK_ASSIGN_OR_RETURN(absl::CivilDay sent, PastDate("sent_on", sent_on, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kStartConsultation, current, actor, now));
  GK_RETURN_IF_ERROR(NeedsRunningClock(current, "StartConsultation"));
  if (sent < DayOrEpoch(current.deadline().clock_start())) {
    return absl::InvalidArgumentError("`sent_on` is before the clock started");
  }
  GK_ASSIGN_OR_RETURN(absl::CivilDay answer_due,
                      AddWorkingDays(calendar, sent, kConsultationWorkingDays));
  v1::Consultation& consultation = *change.after.add_consultations();
  consultation.set_party_type(party_type);
  consultation.set_party(std::string(party));
  consultation.set_sent_on(std::string(sent_on));
  consultation.set_answer_due(FormatDay(answer_due));
  change.after.set_clock(v1::CLOCK_STATE_CONSULTING);
  Detail(change, "party", party);
  Detail(change, "answer_due", consultation.answer_due());
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> EndConsultation(const v1::Case& current, const WorkingCalendar& calendar,
                                           absl::string_view ended_on, absl::string_view result,
                                           const v1::Actor& actor, absl::Time now) {
  const absl::CivilDay today = ChinaDay(now);
  GK_ASSIGN_OR_RETURN(absl::CivilDay ended, PastDate("ended_on", ended_on, today));
  if (result != "answered" && result != "objected" && result != "lapsed") {
    return absl::InvalidArgumentError("`result` must be answered, objected or lapsed");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kEndConsultation, current, actor, now));
  if (current.clock() != v1::CLOCK_STATE_CONSULTING || current.consultations().empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", current.case_number(), " has no open consultation"));
  }
  v1::Consultation& open = *change.after.mutable_consultations()->rbegin();
  if (ended < DayOrEpoch(open.sent_on())) {
    return absl::InvalidArgumentError("`ended_on` is before the consultation was sent");
  }
  if (result == "lapsed" && ended <= DayOrEpoch(open.answer_due())) {
    return absl::FailedPreconditionError(absl::StrCat("the consulted party may answer until ",
                                                      open.answer_due(), "; it has not lapsed"));
  }
  open.set_ended_on(std::string(ended_on));
  open.set_result(std::string(result));
  change.after.set_clock(v1::CLOCK_STATE_RUNNING);
  Detail(change, "result", result);
  Detail(change, "paused", absl::StrCat(open.sent_on(), ":", open.ended_on()));
  GK_RETURN_IF_ERROR(Recount(change, calendar));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> GrantExtension(const v1::Case& current, const WorkingCalendar& calendar,
                                          int days, absl::string_view reason,
                                          const v1::Actor& actor, absl::Time now) {
  if (days < 1 || days > kMaxExtensionDays) {
    return absl::InvalidArgumentError("`days` must be between 1 and 20 working days");
  }
  GK_RETURN_IF_ERROR(ValidateText("reason", reason, kMaxReasonChars, true));
  if (actor.role() != "head") {
    return absl::PermissionDeniedError(
        "an extension needs the approval of the head of the disclosure office (role head)");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kGrantExtension, current, actor, now));
  if (current.extension().days() > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("case ", current.case_number(), " was already extended on ",
                     current.extension().granted_on(), "; the deadline may be extended once"));
  }
  GK_RETURN_IF_ERROR(NeedsRunningClock(current, "GrantExtension"));
  const absl::CivilDay today = ChinaDay(now);
  if (today > DayOrEpoch(current.deadline().due_date())) {
    return absl::FailedPreconditionError(
        absl::StrCat("the due date ", current.deadline().due_date(),
                     " has passed; an extension must be granted before it"));
  }
  v1::Extension& extension = *change.after.mutable_extension();
  extension.set_days(days);
  extension.set_approver(actor.user_id());
  extension.set_reason(std::string(reason));
  extension.set_granted_on(FormatDay(today));
  Detail(change, "days", std::to_string(days));
  Detail(change, "reason", reason);
  GK_RETURN_IF_ERROR(Recount(change, calendar));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RecomputeDeadline(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             const v1::Actor& actor, absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRecomputeDeadline, current, actor, now));
  GK_RETURN_IF_ERROR(NeedsRunningClock(current, "RecomputeDeadline"));
  Detail(change, "previous_due_date", current.deadline().due_date());
  GK_RETURN_IF_ERROR(Recount(change, calendar));
  return Finish(std::move(change));
}

}  // namespace gongkai
