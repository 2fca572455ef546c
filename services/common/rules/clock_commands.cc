#include "rules/clock_commands.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "base/clock.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "rules/case_change_builder.h"
#include "rules/registration_validation.h"
#include "rules/staff_labels.h"

namespace gongkai {
namespace {

bool Running(const v1::Case& c) {
  return c.clock() == v1::CLOCK_STATE_RUNNING || c.clock() == v1::CLOCK_STATE_UNSPECIFIED;
}

// A stored date, if there is one.
std::optional<absl::CivilDay> StoredDayIfAny(absl::string_view text) {
  absl::CivilDay day;
  if (!ParseDay(text, &day)) return std::nullopt;
  return day;
}

// Art. 33 leaves out the time a consulted party takes, and the law gives it 15 working days:
// however late the end of a consultation is recorded (answered late, or its lapse noticed
// later), the clock stands at most until the day the answer was due. Applies to every result.
std::optional<ClockPause> ConsultationPause(const v1::Consultation& consultation) {
  const std::optional<absl::CivilDay> sent = StoredDayIfAny(consultation.sent_on());
  std::optional<absl::CivilDay> end = StoredDayIfAny(consultation.ended_on());
  if (!sent || !end) return std::nullopt;  // still open: the clock stands, nothing to count
  if (const auto due = StoredDayIfAny(consultation.answer_due()); due && *due < *end) end = due;
  return ClockPause{*sent, *end, absl::StrCat("consultation: ", consultation.party(), " (Art. 33)"),
                    absl::StrCat("征求", consultation.party(), "意见")};
}

// 国办函〔2020〕109号 and the provincial notices: the reply period stands from the fee notice until
// the fee is paid (or the head waives it). While unpaid the clock waits (AWAITING_FEE) and is not
// counted; a lapsed fee closes the case, so only a settled fee pauses a count.
std::optional<ClockPause> FeePause(const v1::Fee& fee) {
  const std::optional<absl::CivilDay> issued = StoredDayIfAny(fee.issued_on());
  std::optional<absl::CivilDay> settled = StoredDayIfAny(fee.paid_on());
  const std::optional<absl::CivilDay> waived = StoredDayIfAny(fee.waived_on());
  if (!settled || (waived && *waived < *settled)) settled = waived;
  if (!issued || !settled || *settled < *issued) return std::nullopt;
  return ClockPause{*issued, *settled, "fee notice until paid or waived (国办函〔2020〕109号)",
                    "等待申请人缴纳信息处理费"};
}

}  // namespace

absl::Status RequireRunningClock(const v1::Case& c, absl::string_view command) {
  if (Running(c)) return absl::OkStatus();
  return StaffError(
      absl::StatusCode::kFailedPrecondition,
      absl::StrCat("案件 ", c.case_number(), " 的答复期限现为", Quoted(ClockLabel(c.clock())),
                   "，不能进行", Quoted(CallLabel(command)),
                   "；此操作只能在答复期限正常计时时进行"),
      absl::StrCat(command, " needs a running clock; case ", c.case_number(), "'s clock is ",
                   v1::ClockState_Name(c.clock()).substr(std::string("CLOCK_STATE_").size())));
}

absl::StatusOr<absl::CivilDay> ParsePastDay(absl::string_view field, absl::string_view text,
                                            absl::CivilDay today) {
  absl::CivilDay day;
  if (!ParseDay(text, &day)) {
    return absl::InvalidArgumentError(absl::StrCat("`", field, "` 须为 YYYY-MM-DD 格式的日期"));
  }
  if (day > today) return absl::InvalidArgumentError(absl::StrCat("`", field, "` 不能晚于今天"));
  return day;
}

absl::CivilDay StoredDay(absl::string_view text) {
  absl::CivilDay day;
  ParseDay(text, &day);
  return day;
}

absl::Status RecountDeadline(CaseChange& change, const WorkingCalendar& calendar) {
  GK_ASSIGN_OR_RETURN(v1::Deadline deadline,
                      ComputeDeadline(calendar, DeadlineInputOf(change.after)));
  *change.after.mutable_deadline() = deadline;
  Detail(change, "due_date",
         deadline.provisional() ? absl::StrCat(deadline.due_date(), " (provisional)")
                                : deadline.due_date());
  return absl::OkStatus();
}

DeadlineInput DeadlineInputOf(const v1::Case& current) {
  const v1::Deadline& deadline = current.deadline();
  DeadlineInput input{.receipt = StoredDay(deadline.receipt_date()),
                      .receipt_rule = deadline.receipt_rule(),
                      .receipt_rule_kind = deadline.receipt_rule_kind()};
  input.supplement_received = StoredDayIfAny(current.supplement().received_on());
  for (const v1::Consultation& consultation : current.consultations()) {
    if (auto pause = ConsultationPause(consultation)) input.pauses.push_back(*std::move(pause));
  }
  if (auto pause = FeePause(current.fee())) input.pauses.push_back(*std::move(pause));
  input.extension_days = current.extension().days();
  input.later_due = StoredDayIfAny(current.excessive().later_reply_date());
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
    return absl::InvalidArgumentError("`reply_by` 须为 YYYY-MM-DD 格式的日期");
  }
  if (reply_day <= today) return absl::InvalidArgumentError("`reply_by` 须晚于今天");
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRequestSupplement, current, actor, now));
  if (!current.supplement().requested_on().empty()) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("案件 ", current.case_number(), " 已于 ", current.supplement().requested_on(),
                     " 要求申请人补正；补正应当一次性告知（条例第三十条），不能再次要求补正"),
        absl::StrCat("a supplement was already requested on ", current.supplement().requested_on(),
                     "; the applicant is told once, all at once (Art. 30)"));
  }
  GK_RETURN_IF_ERROR(RequireRunningClock(current, "RequestSupplement"));
  GK_ASSIGN_OR_RETURN(absl::CivilDay last_day,
                      AddWorkingDays(calendar, StoredDay(current.deadline().receipt_date()),
                                     kSupplementNoticeWorkingDays));
  if (today > last_day) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("要求补正须在收到申请之日起 7 个工作日内提出（条例第三十条），本案已于 ",
                     FormatDay(last_day), " 届满，不能再要求补正"),
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
  GK_ASSIGN_OR_RETURN(absl::CivilDay received,
                      ParsePastDay("received_on", received_on, ChinaDay(now)));
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kReceiveSupplement, current, actor, now));
  if (current.clock() != v1::CLOCK_STATE_AWAITING_SUPPLEMENT) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("案件 ", current.case_number(), " 没有在等待申请人补正，无需登记收到补正"),
        absl::StrCat("case ", current.case_number(), " is not awaiting a supplement"));
  }
  if (received < StoredDay(current.supplement().requested_on())) {
    return absl::InvalidArgumentError("`received_on` 早于要求补正之日");
  }
  change.after.mutable_supplement()->set_received_on(std::string(received_on));
  change.after.set_clock(v1::CLOCK_STATE_RUNNING);
  Detail(change, "received_on", received_on);
  if (received > StoredDay(current.supplement().reply_by())) Detail(change, "late", "true");
  GK_RETURN_IF_ERROR(RecountDeadline(change, calendar));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> CloseUnsupplemented(const v1::Case& current, const v1::Actor& actor,
                                               absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kCloseUnsupplemented, current, actor, now));
  if (current.clock() != v1::CLOCK_STATE_AWAITING_SUPPLEMENT) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("案件 ", current.case_number(), " 没有在等待申请人补正，不能按逾期不补正结案"),
        absl::StrCat("case ", current.case_number(), " is not awaiting a supplement"));
  }
  if (ChinaDay(now) <= StoredDay(current.supplement().reply_by())) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("申请人可补正至 ", current.supplement().reply_by(),
                     "，补正期限尚未届满，不能按逾期不补正结案"),
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

absl::StatusOr<CaseChange> GrantExtension(const v1::Case& current, const WorkingCalendar& calendar,
                                          int days, absl::string_view reason,
                                          const v1::Actor& actor, absl::Time now) {
  if (days < 1 || days > kMaxExtensionDays) {
    return absl::InvalidArgumentError("`days` 须为 1 至 20 个工作日");
  }
  GK_RETURN_IF_ERROR(ValidateText("reason", reason, kMaxReasonChars, true));
  if (actor.role() != "head") {
    return StaffError(
        absl::StatusCode::kPermissionDenied,
        "延长答复期限须经政府信息公开工作机构负责人同意，只有主任可以批准延期",
        "an extension needs the approval of the head of the disclosure office (role head)");
  }
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kGrantExtension, current, actor, now));
  if (current.extension().days() > 0) {
    return StaffError(
        absl::StatusCode::kFailedPrecondition,
        absl::StrCat("案件 ", current.case_number(), " 已于 ", current.extension().granted_on(),
                     " 延期答复，答复期限只能延长一次"),
        absl::StrCat("case ", current.case_number(), " was already extended on ",
                     current.extension().granted_on(), "; the deadline may be extended once"));
  }
  if (!current.excessive().later_reply_date().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "案件 ", current.case_number(), " 已依第三十五条确定延后答复日期 ",
        current.excessive().later_reply_date(), "，该日期取代法定答复期限，不得再延期"));
  }
  GK_RETURN_IF_ERROR(RequireRunningClock(current, "GrantExtension"));
  const absl::CivilDay today = ChinaDay(now);
  if (today > StoredDay(current.deadline().due_date())) {
    return StaffError(absl::StatusCode::kFailedPrecondition,
                      absl::StrCat("答复期限 ", current.deadline().due_date(),
                                   " 已过，不能再延期；延期须在答复期限届满前批准"),
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
  GK_RETURN_IF_ERROR(RecountDeadline(change, calendar));
  return Finish(std::move(change));
}

absl::StatusOr<CaseChange> RecomputeDeadline(const v1::Case& current,
                                             const WorkingCalendar& calendar,
                                             const v1::Actor& actor, absl::Time now) {
  GK_ASSIGN_OR_RETURN(CaseChange change, Begin(Command::kRecomputeDeadline, current, actor, now));
  GK_RETURN_IF_ERROR(RequireRunningClock(current, "RecomputeDeadline"));
  Detail(change, "previous_due_date", current.deadline().due_date());
  GK_RETURN_IF_ERROR(RecountDeadline(change, calendar));
  return Finish(std::move(change));
}

}  // namespace gongkai
